import KubeClient
import KubeCore
import Logging
import ServiceLifecycle
import Synchronization

/// Runs an operator's parts together, as controller-runtime's manager does: the informers
/// (shared by path), the controllers (only while this replica leads, when leader election is
/// configured), and the probe server with `/healthz`, `/readyz` (ready once every informer
/// has synced) and `/metrics`. It is a swift-service-lifecycle `Service`: in a `ServiceGroup`
/// with SIGTERM as the graceful-shutdown signal, a SIGTERM stops the controllers (in-flight
/// reconciles finish), releases the lease and returns. It also returns when leadership is lost.
public final class Manager: Service, Sendable {
    public struct Options: Sendable {
        public var probeHost: String
        /// 0 picks a free port; nil serves no probes.
        public var probePort: Int?
        public var leaderElection: LeaderElection.Configuration?

        public init(probeHost: String = "127.0.0.1", probePort: Int? = 8081, leaderElection: LeaderElection.Configuration? = nil) {
            self.probeHost = probeHost
            self.probePort = probePort
            self.leaderElection = leaderElection
        }
    }

    public let client: KubeClient
    public let metrics: RuntimeMetrics
    let options: Options
    let logger: Logger
    private let informers = Mutex<[ResourcePath: Informer]>([:])
    private let controllers = Mutex<[Controller]>([])
    private let probePortBox = Mutex<Int?>(nil)
    private let leading = Mutex(false)

    public init(client: KubeClient, options: Options = Options(), metrics: RuntimeMetrics = RuntimeMetrics(),
                logger: Logger = Logger(label: "eventmesh.manager")) {
        self.client = client
        self.options = options
        self.metrics = metrics
        self.logger = logger
    }

    /// The informer of `path`, shared by every controller that asks for the same path.
    public func informer(for path: ResourcePath, options: Informer.Options = .init(),
                         indexers: [String: ObjectCache.Indexer] = [:]) -> Informer {
        informers.withLock { table in
            if let existing = table[path] { return existing }
            let informer = Informer(client: client, path: path, options: options, indexers: indexers)
            table[path] = informer
            return informer
        }
    }

    public func add(_ controller: Controller) { controllers.withLock { $0.append(controller) } }

    /// The bound probe port once serving (useful with port 0).
    public var probePort: Int? { probePortBox.withLock { $0 } }

    /// Whether this replica runs the controllers now.
    public var isLeading: Bool { leading.withLock { $0 } }

    /// Ready: every informer has its first list.
    public var isReady: Bool { informers.withLock { Array($0.values) }.allSatisfy(\.hasSynced) }

    public func run() async throws {
        await cancelWhenGracefulShutdown { [self] in
            await withTaskGroup(of: Void.self) { group in
                if let port = options.probePort {
                    let server = ProbeServer(host: options.probeHost, port: port, readiness: { [self] in isReady },
                                             metrics: { [self] in
                                                 for controller in controllers.withLock({ $0 }) {
                                                     metrics.sample(controller.queue, name: controller.name)
                                                 }
                                                 return metrics.exposition()
                                             })
                    group.addTask { [self] in
                        do {
                            try await server.run(onBound: { [self] bound in probePortBox.withLock { $0 = bound } })
                        } catch {
                            logger.error("the probe server stopped: \(error)")
                        }
                    }
                }
                for informer in informers.withLock({ Array($0.values) }) {
                    group.addTask { await informer.run() }
                }
                group.addTask { [self] in
                    if let election = options.leaderElection {
                        // As controller-runtime does, a replica that loses the lease stops (and
                        // its process exits) rather than run on with stale state.
                        await LeaderElection(client: client, configuration: election)
                            .run(untilLost: true) { [self] in await runControllers() }
                    } else {
                        await runControllers()
                    }
                }
                await group.next()
                group.cancelAll()
            }
        }
    }

    private func runControllers() async {
        leading.withLock { $0 = true }
        defer { leading.withLock { $0 = false } }
        await withTaskGroup(of: Void.self) { group in
            for controller in controllers.withLock({ $0 }) { group.addTask { await controller.run() } }
        }
    }
}
