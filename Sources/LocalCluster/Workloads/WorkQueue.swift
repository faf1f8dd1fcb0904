import Logging

/// Keys waiting to be reconciled, each at most once in the queue (level-based: a key says
/// "look at this object again", never what changed). One consumer takes them in order.
actor WorkQueue<Key: Hashable & Sendable> {
    private var queued: [Key] = []
    private var members: Set<Key> = []
    private var waiter: CheckedContinuation<Key?, Never>?
    private var finished = false

    func add(_ key: Key) {
        guard !finished else { return }
        if let waiter {
            self.waiter = nil
            waiter.resume(returning: key)
        } else if members.insert(key).inserted {
            queued.append(key)
        }
    }

    /// Adds `key` once `delay` has passed (for time-based changes: probe deadlines, backoffs).
    nonisolated func add(_ key: Key, after delay: Duration) {
        Task {
            try? await Task.sleep(for: delay)
            await add(key)
        }
    }

    /// The next key; nil once the queue is finished or the calling task is cancelled.
    func next() async -> Key? {
        if !queued.isEmpty {
            let key = queued.removeFirst()
            members.remove(key)
            return key
        }
        if finished || Task.isCancelled { return nil }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if finished { continuation.resume(returning: nil) } else { waiter = continuation }
            }
        } onCancel: {
            Task { await self.finish() }
        }
    }

    func finish() {
        finished = true
        waiter?.resume(returning: nil)
        waiter = nil
    }
}

/// The loop every workload controller runs: watch some resources, turn their changes into
/// keys, reconcile each key. A watch that ends (the watcher fell behind) is started again from
/// a fresh list, so no change is missed; a failed reconcile is retried after a capped backoff.
struct ControllerLoop<Key: Hashable & Sendable>: Sendable {
    let store: ObjectStore
    let queue = WorkQueue<Key>()
    var logger: Logger

    /// Feeds `queue` from a watch on `resource` until cancelled.
    func feed(_ resource: GroupResource, keys: @escaping @Sendable (StoreEvent) async -> [Key]) async {
        while !Task.isCancelled {
            do {
                let watch = try await store.watch(resource, namespace: nil, after: nil)
                for await event in watch.events {
                    for key in await keys(event) { await queue.add(key) }
                }
            } catch {
                logger.error("cannot watch \(resource): \(error)")
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Reconciles keys until cancelled. `reconcile` returns when to look again regardless of
    /// changes (nil: only on the next change).
    func process(_ reconcile: @Sendable (Key) async throws -> Duration?) async {
        var failures: [Key: Int] = [:]
        while let key = await queue.next() {
            do {
                if let delay = try await reconcile(key) { queue.add(key, after: delay) }
                failures[key] = nil
            } catch {
                let attempt = failures[key, default: 0] + 1
                failures[key] = attempt
                let delay = Duration.milliseconds(min(5_000, 50 << min(attempt, 10)))
                logger.warning("reconcile of \(key) failed (attempt \(attempt)), retrying in \(delay): \(error)")
                queue.add(key, after: delay)
            }
        }
    }
}
