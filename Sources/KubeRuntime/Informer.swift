import KubeClient
import KubeCore
import Logging
import StrictJSON
import Synchronization

/// A change an informer saw, delivered in order.
public enum InformerEvent: Sendable {
    case added(JSONValue)
    /// `old` and `new` are the same object on a periodic resync.
    case updated(old: JSONValue, new: JSONValue)
    /// The last state the informer knew (after a relist, the state before the object vanished).
    case deleted(JSONValue)

    /// The object as it is now (for a deletion: as it was last seen).
    public var object: JSONValue {
        switch self {
        case .added(let object), .deleted(let object): object
        case .updated(_, let new): new
        }
    }
}

/// Lists, then watches one resource (optionally narrowed by selectors), keeping an
/// `ObjectCache` in step and telling its handlers about every change, as client-go's
/// reflector + shared informer do:
///
/// - the watch starts from the list's resourceVersion and asks for bookmarks, so a resumed watch
///   starts from the newest version seen;
/// - a watch that ends (server timeout, restart) is resumed from that version; a `410 Gone`
///   (history compacted, or a restarted server) leads to a fresh list, and objects missing from
///   it are delivered as deleted, so no deletion is lost;
/// - errors back off exponentially (capped), and every cached object is re-delivered each
///   `resyncPeriod` so level-based controllers re-check the world.
public final class Informer: Sendable {
    public struct Options: Sendable {
        public var labelSelector: String
        public var fieldSelector: String
        public var resyncPeriod: Duration?
        public var initialBackoff: Duration
        public var maxBackoff: Duration
        /// How long one watch request stays open before the client renews it.
        public var watchTimeoutSeconds: Int64

        public init(labelSelector: String = "", fieldSelector: String = "", resyncPeriod: Duration? = nil,
                    initialBackoff: Duration = .milliseconds(200), maxBackoff: Duration = .seconds(30),
                    watchTimeoutSeconds: Int64 = 300) {
            self.labelSelector = labelSelector
            self.fieldSelector = fieldSelector
            self.resyncPeriod = resyncPeriod
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
            self.watchTimeoutSeconds = watchTimeoutSeconds
        }
    }

    public let cache: ObjectCache
    public let path: ResourcePath
    let client: KubeClient
    let options: Options
    let logger: Logger
    private let handlers = Mutex<[@Sendable (InformerEvent) async -> Void]>([])
    private let syncState = Mutex<(synced: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))
    private let counters = Mutex<(lists: Int, watches: Int)>((0, 0))

    /// `path` is a collection: a namespace, or all namespaces / a cluster-scoped kind.
    public init(client: KubeClient, path: ResourcePath, options: Options = Options(), indexers: [String: ObjectCache.Indexer] = [:],
                logger: Logger = Logger(label: "eventmesh.informer")) {
        self.client = client
        self.path = path
        self.options = options
        self.cache = ObjectCache(indexers: indexers)
        self.logger = logger
    }

    /// Adds a handler; add them before `run`, or they miss what came before.
    public func addHandler(_ handler: @escaping @Sendable (InformerEvent) async -> Void) {
        handlers.withLock { $0.append(handler) }
    }

    /// True once the first list is in the cache.
    public var hasSynced: Bool { syncState.withLock { $0.synced } }

    /// How many lists and watches it has made (for tests and metrics).
    public var requestCounts: (lists: Int, watches: Int) { counters.withLock { $0 } }

    public func waitUntilSynced() async {
        await withCheckedContinuation { continuation in
            let ready = syncState.withLock { state -> Bool in
                if state.synced { return true }
                state.waiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Runs until the task is cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            if let period = options.resyncPeriod {
                group.addTask { [self] in
                    while !Task.isCancelled {
                        do { try await Task.sleep(for: period) } catch { return }
                        for object in cache.list() { await deliver(.updated(old: object, new: object)) }
                    }
                }
            }
            group.addTask { [self] in await listAndWatch() }
            await group.next()
            group.cancelAll()
        }
    }

    private func listAndWatch() async {
        var version: String?
        var failures = 0
        while !Task.isCancelled {
            do {
                if version == nil { version = try await relist() }
                var watchOptions = ListOptions(labelSelector: options.labelSelector, fieldSelector: options.fieldSelector,
                                               allowWatchBookmarks: true, resourceVersion: version ?? "",
                                               timeoutSeconds: options.watchTimeoutSeconds)
                watchOptions.watch = true
                counters.withLock { $0.watches += 1 }
                let stream = try await client.watch(path, options: watchOptions)
                failures = 0
                for try await event in stream {
                    if Task.isCancelled { stream.cancel(); return }
                    await apply(event)
                    if let seen = event.resourceVersion, !seen.isEmpty { version = seen }
                }
            } catch KubeError.gone {
                logger.info("watch of \(path) expired; listing again")
                version = nil
            } catch {
                if Task.isCancelled { return }
                failures += 1
                let delay = min(options.initialBackoff * (1 << min(failures - 1, 16)), options.maxBackoff)
                logger.warning("list/watch of \(path) failed (\(failures) in a row), retrying in \(delay): \(error)")
                do { try await Task.sleep(for: delay) } catch { return }
            }
        }
    }

    /// Lists everything and replaces the cache, delivering what changed since the cache was
    /// filled: new objects, changed ones, and those that are gone.
    private func relist() async throws -> String {
        counters.withLock { $0.lists += 1 }
        let list = try await client.listAll(path, options: ListOptions(labelSelector: options.labelSelector,
                                                                       fieldSelector: options.fieldSelector))
        var present: Set<String> = []
        for item in list.items {
            present.insert(ObjectCache.key(of: item))
            let old = cache.upsert(item)
            if let old {
                if old["metadata"]?["resourceVersion"] != item["metadata"]?["resourceVersion"] {
                    await deliver(.updated(old: old, new: item))
                }
            } else {
                await deliver(.added(item))
            }
        }
        for key in Set(cache.keys).subtracting(present) {
            if let gone = cache.remove(key) { await deliver(.deleted(gone)) }
        }
        let waiters = syncState.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.synced = true
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
        return list.metadata.resourceVersion ?? ""
    }

    private func apply(_ event: WatchEvent) async {
        switch event.type {
        case .added, .modified:
            if let old = cache.upsert(event.object) {
                await deliver(.updated(old: old, new: event.object))
            } else {
                await deliver(.added(event.object))
            }
        case .deleted:
            let last = cache.remove(ObjectCache.key(of: event.object)) ?? event.object
            await deliver(.deleted(event.object.isNull ? last : event.object))
        case .bookmark, .error:
            break
        }
    }

    private func deliver(_ event: InformerEvent) async {
        for handler in handlers.withLock({ $0 }) { await handler(event) }
    }
}
