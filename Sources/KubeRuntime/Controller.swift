import KubeClient
import KubeCore
import Logging
import StrictJSON
import Synchronization

/// What a reconcile is about: one object of the controller's primary kind.
public struct ReconcileRequest: Hashable, Sendable, CustomStringConvertible {
    /// Empty for cluster-scoped kinds.
    public var namespace: String
    public var name: String

    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    public init(object: JSONValue) {
        self.init(namespace: object["metadata"]?["namespace"]?.stringValue ?? "",
                  name: object["metadata"]?["name"]?.stringValue ?? "")
    }

    public var description: String { namespace.isEmpty ? name : "\(namespace)/\(name)" }
}

/// How a reconcile ended when it did not throw.
public enum ReconcileResult: Sendable, Equatable {
    case done
    /// Look again after this long (polling an external system), without counting as a failure.
    case requeue(after: Duration)
}

/// A reconcile error that retrying cannot fix (a spec the user must change): it is recorded and
/// the key is not retried until the object changes. Any other error is transient: retried with
/// per-key exponential backoff.
public struct TerminalError: Error, Sendable, CustomStringConvertible {
    public var underlying: any Error
    public init(_ underlying: any Error) { self.underlying = underlying }
    public var description: String { "\(underlying)" }
}

/// Makes the world match one object's spec; called with the key of each changed object.
public protocol Reconciler: Sendable {
    func reconcile(_ request: ReconcileRequest) async throws -> ReconcileResult
}

/// Which informer events reach the queue.
public struct EventFilter: Sendable {
    let accepts: @Sendable (InformerEvent) -> Bool

    public init(_ accepts: @escaping @Sendable (InformerEvent) -> Bool) { self.accepts = accepts }

    public static let all = EventFilter { _ in true }

    /// Spec changes only (generation bumped), plus creations, deletions and resyncs — the usual
    /// filter for a primary kind, so status writes by the controller itself do not loop.
    public static let generationChanged = EventFilter { event in
        guard case .updated(let old, let new) = event else { return true }
        return old == new || old["metadata"]?["generation"] != new["metadata"]?["generation"]
    }

    /// Annotation changes (e.g. a pause annotation), plus creations, deletions and resyncs.
    public static let annotationsChanged = EventFilter { event in
        guard case .updated(let old, let new) = event else { return true }
        return old == new || old["metadata"]?["annotations"] != new["metadata"]?["annotations"]
    }

    public func or(_ other: EventFilter) -> EventFilter { EventFilter { accepts($0) || other.accepts($0) } }
}

/// A controller as controller-runtime builds one: a primary kind, owned kinds mapped to their
/// controlling owner, custom mappings (a broker to the routes that use it), filters, and
/// `concurrency` workers that take keys from a rate-limited work queue — never two at once for
/// one key. Errors are retried with backoff; `TerminalError`s are not; `.requeue(after:)` looks
/// again later.
public final class Controller: Sendable {
    public let name: String
    public let queue: WorkQueue<ReconcileRequest>
    let primary: Informer
    let reconciler: any Reconciler
    let concurrency: Int
    let metrics: RuntimeMetrics?
    let logger: Logger
    private let sources = Mutex<[Informer]>([])
    private let lastErrors = Mutex<[ReconcileRequest: String]>([:])

    public init(name: String, primary: Informer, reconciler: any Reconciler, filter: EventFilter = .generationChanged,
                concurrency: Int = 1, clock: any RuntimeClock = SystemClock(), metrics: RuntimeMetrics? = nil,
                logger: Logger? = nil) {
        self.name = name
        self.primary = primary
        self.reconciler = reconciler
        self.concurrency = max(1, concurrency)
        self.metrics = metrics
        self.logger = logger ?? Logger(label: "eventmesh.controller.\(name)")
        queue = WorkQueue(name: name, clock: clock, metrics: metrics?.workQueue(name))
        sources.withLock { $0.append(primary) }
        let queue = queue
        primary.addHandler { event in
            if filter.accepts(event) { queue.add(ReconcileRequest(object: event.object)) }
        }
    }

    /// Changes to objects of `informer`'s kind that name an owner of `ownerKind` as their
    /// controller (`ownerReferences[].controller: true`) requeue that owner.
    public func owns(_ informer: Informer, ownerKind: String, filter: EventFilter = .all) {
        watches(informer, filter: filter) { object in
            let owners = object["metadata"]?["ownerReferences"]?.arrayValue ?? []
            return owners.filter { $0["controller"]?.boolValue == true && $0["kind"]?.stringValue == ownerKind }
                .compactMap { $0["name"]?.stringValue }
                .map { ReconcileRequest(namespace: object["metadata"]?["namespace"]?.stringValue ?? "", name: $0) }
        }
    }

    /// Changes to objects of `informer`'s kind requeue whatever `map` returns.
    public func watches(_ informer: Informer, filter: EventFilter = .all, map: @escaping @Sendable (JSONValue) -> [ReconcileRequest]) {
        sources.withLock { $0.append(informer) }
        let queue = queue
        informer.addHandler { event in
            guard filter.accepts(event) else { return }
            var requests = map(event.object)
            if case .updated(let old, _) = event { requests += map(old) }
            for request in Set(requests) { queue.add(request) }
        }
    }

    /// The informers this controller needs synced before it starts.
    public var informers: [Informer] { sources.withLock { $0 } }

    /// The last error recorded for `request` (nil after a success).
    public func lastError(for request: ReconcileRequest) -> String? { lastErrors.withLock { $0[request] } }

    /// Waits for the informers' caches, then runs the workers until cancelled; the queue is
    /// shut down on the way out, so in-flight reconciles finish and no new ones start.
    public func run() async {
        for informer in informers { await informer.waitUntilSynced() }
        logger.info("controller \(name) starting \(concurrency) worker(s)")
        metrics?.activeWorkers(name, 0)
        await withTaskCancellationHandler {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<concurrency { group.addTask { await self.work() } }
            }
        } onCancel: {
            queue.shutDown()
        }
    }

    private func work() async {
        while let request = await queue.next() {
            let started = ContinuousClock.now
            let result: String
            do {
                switch try await reconciler.reconcile(request) {
                case .done:
                    queue.forget(request)
                    result = "success"
                case .requeue(let delay):
                    queue.forget(request)
                    queue.add(request, after: delay)
                    result = "requeue_after"
                }
                lastErrors.withLock { $0[request] = nil }
            } catch let error as TerminalError {
                queue.forget(request)
                lastErrors.withLock { $0[request] = "\(error)" }
                logger.error("reconcile of \(request) failed and will not be retried: \(error)")
                result = "error"
            } catch {
                queue.addRateLimited(request)
                lastErrors.withLock { $0[request] = "\(error)" }
                logger.warning("reconcile of \(request) failed (retry \(queue.numRequeues(request))): \(error)")
                result = "error"
            }
            queue.done(request)
            metrics?.reconciled(name, result: result, duration: ContinuousClock.now - started)
        }
    }
}
