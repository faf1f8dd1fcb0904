import Synchronization

/// What became of a key handed to `WorkQueue.add`.
public enum WorkQueueAddResult: Sendable, Equatable {
    /// The key is now pending: ready, delayed, or waiting for the worker that holds it.
    case added
    /// The key was pending already; it stays pending once (moved earlier if asked for sooner).
    case coalesced
    /// Back-pressure: `maximumPendingKeys` distinct keys are pending, so this one was refused.
    case full
    /// The queue is shutting down and accepts no keys.
    case shuttingDown

    /// Whether the key will be processed.
    public var isAccepted: Bool { self == .added || self == .coalesced }
}

/// A work queue of object keys with the guarantees of client-go's rate-limiting work queue:
///
/// - **De-duplication.** A key added while pending is pending once. Keys are level-based
///   triggers ("look at this object again"), so one processing covers any number of adds.
/// - **One worker per key.** A key added while a worker holds it is handed out again only after
///   that worker calls `done`, so no key is ever processed by two workers at once, and no add is
///   lost.
/// - **Delays.** `add(_:after:)` makes a key ready later; asking again for a sooner time moves it
///   earlier, a later time is ignored, and a plain `add` makes a delayed key ready at once.
/// - **Rate limiting.** `addRateLimited` delays a key by its rate limiter (per-key exponential
///   backoff with jitter and a cap, plus an overall token bucket, by default); `forget` resets it.
/// - **Bounded.** At most `maximumPendingKeys` distinct keys are pending (ready or delayed);
///   beyond that `add` returns `.full` instead of growing, and the caller decides (log, count,
///   retry later; a periodic resync re-adds every key anyway). A key a worker holds is always
///   accepted, so a failed reconcile's retry is never refused; the total is thus bounded by the
///   maximum plus the number of workers.
/// - **Shutdown.** `shutDown()` drops pending keys and releases idle workers at once;
///   `shutDownWithDrain()` lets workers finish the keys already ready and held, then returns.
///
/// Time comes from the injected `RuntimeClock`, so tests drive delays with a `ManualClock`.
public final class WorkQueue<Key: Hashable & Sendable>: Sendable {
    /// The queue's name: the `name` label of its metrics.
    public let name: String
    /// The most distinct keys that may be pending at once.
    public let maximumPendingKeys: Int
    private let clock: any RuntimeClock
    private let state: Mutex<WorkQueueState<Key>>

    /// The default bound: far above the objects one operator manages, far below what would
    /// exhaust its memory.
    public static var defaultMaximumPendingKeys: Int { 100_000 }

    public init(name: String = "", clock: any RuntimeClock = SystemClock(),
                rateLimiter: any RateLimiter<Key> = MaxOfRateLimiter<Key>.controllerDefault(),
                maximumPendingKeys: Int = defaultMaximumPendingKeys, metrics: (any WorkQueueMetrics)? = nil) {
        self.name = name
        self.clock = clock
        self.maximumPendingKeys = max(maximumPendingKeys, 1)
        state = Mutex(WorkQueueState(maximumPendingKeys: maximumPendingKeys, rateLimiter: rateLimiter,
                                     metrics: metrics))
    }

    deinit {
        state.withLock { $0.timer?.task.cancel() }
    }

    // MARK: Adding

    /// Makes `key` ready now (de-duplicated).
    @discardableResult
    public func add(_ key: Key) -> WorkQueueAddResult {
        update { state, now in state.add(key, now: now) }
    }

    /// Makes `key` ready once `delay` has passed (at once when it is not positive).
    @discardableResult
    public func add(_ key: Key, after delay: Duration) -> WorkQueueAddResult {
        update { state, now in state.add(key, after: delay, now: now) }
    }

    /// Makes `key` ready after the delay its rate limiter decides, counting one more failure.
    @discardableResult
    public func addRateLimited(_ key: Key) -> WorkQueueAddResult {
        update { state, now in state.addRateLimited(key, now: now) }
    }

    /// Resets the rate limiter's memory of `key` (call it when the key was processed successfully).
    public func forget(_ key: Key) {
        state.withLock { $0.rateLimiter.forget(key) }
    }

    /// How many rate-limited re-adds of `key` the rate limiter is counting.
    public func numRequeues(_ key: Key) -> Int {
        state.withLock { $0.rateLimiter.failures(of: key) }
    }

    // MARK: Processing

    /// The next ready key, which the caller now holds until it calls `done`. Suspends until a key
    /// is ready; returns nil once the queue has shut down (after a drain: once it is drained), or
    /// when the calling task is cancelled.
    public func next() async -> Key? {
        let (take, id) = update { state, now in (state.take(now: now), state.newID()) }
        switch take {
        case .key(let key): return key
        case .finished: return nil
        case .wait: break
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Key?, Never>) in
                update { state, now in state.park(id, continuation, cancelled: Task.isCancelled, now: now) }
            }
        } onCancel: {
            update { state, _ in state.unpark(id) }
        }
    }

    /// Marks `key` as processed: if it was added again meanwhile it becomes ready again now.
    public func done(_ key: Key) {
        update { state, now in state.done(key, now: now) }
    }

    // MARK: Shutting down

    /// Stops accepting keys, drops every pending key and makes `next()` return nil to every
    /// worker, idle or not. Keys workers hold stay theirs; `done` for them is harmless.
    public func shutDown() {
        update { state, _ in state.shutDown() }
    }

    /// Stops accepting keys and drops delayed ones; workers still get the keys already ready (and
    /// keys re-added while held). Returns once no key is ready or held; `next()` returns nil from
    /// then on. A `shutDown()` meanwhile drops the ready keys; this still waits for held ones.
    /// Cancelling the calling task stops the wait, not the shutdown.
    public func shutDownWithDrain() async {
        let id = state.withLock { $0.newID() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                update { state, _ in state.drain(id, continuation, cancelled: Task.isCancelled) }
            }
        } onCancel: {
            update { state, _ in state.cancelDrain(id) }
        }
    }

    /// Whether `shutDown` or `shutDownWithDrain` has been called.
    public var isShuttingDown: Bool {
        state.withLock { $0.lifecycle != .running }
    }

    /// A snapshot of the queue's counts and of how long workers have held their keys.
    public func statistics() -> WorkQueueStatistics {
        update { state, now in state.statistics(now: now) }
    }

    // MARK: Internals

    /// Runs `body` under the lock after promoting the delayed keys that are due, then hands ready
    /// keys to idle workers, settles shutdown, re-arms the timer, and resumes whoever was woken
    /// once the lock is released.
    @discardableResult
    private func update<Result: Sendable>(
        _ body: (inout WorkQueueState<Key>, ContinuousClock.Instant) -> Result
    ) -> Result {
        let (result, wakeups) = state.withLock { state in
            let now = clock.now
            state.promoteDue(now: now)
            let result = body(&state, now)
            state.dispatch(now: now)
            state.settle()
            armTimer(&state)
            return (result, state.takeWakeups())
        }
        for wakeup in wakeups { wakeup.resume() }
        return result
    }

    /// Keeps one timer task sleeping until the earliest delayed key is due, so that idle workers
    /// get it then. Promotion itself happens in `update`, whoever calls it first.
    private func armTimer(_ state: inout WorkQueueState<Key>) {
        guard state.lifecycle == .running, let deadline = state.earliestDeadline() else {
            state.timer?.task.cancel()
            state.timer = nil
            return
        }
        if let timer = state.timer, timer.deadline <= deadline { return }
        state.timer?.task.cancel()
        let id = state.newID()
        let clock = clock
        let task = Task { [weak self] in
            do { try await clock.sleep(until: deadline) } catch { return }
            self?.timerFired(id)
        }
        state.timer = .init(id: id, deadline: deadline, task: task)
    }

    private func timerFired(_ id: UInt64) {
        update { state, _ in
            if state.timer?.id == id { state.timer = nil }
        }
    }
}
