import Foundation
import Logging

/// The workload side of eventmesh-local: the deployment and replica set controllers and the
/// local kubelet, all driven by the store's watches and writing through `store.mutate`.
struct WorkloadRunner: Sendable {
    let store: ObjectStore
    let registry: ResourceRegistry
    let settings: WorkloadSettings
    let podsDirectory: URL

    /// The runner for a control plane: its workload settings, pods under its state directory,
    /// and its kubeconfig (as an absolute path: processes run in their pod's directory).
    init(store: ObjectStore, registry: ResourceRegistry, configuration: LocalControlPlane.Configuration) {
        self.store = store
        self.registry = registry
        var settings = configuration.workloads
        if settings.kubeconfigPath == nil, let path = configuration.kubeconfigPath {
            settings.kubeconfigPath = URL(fileURLWithPath: path).standardizedFileURL.path
        }
        self.settings = settings
        podsDirectory = Self.podsDirectory(in: configuration.stateDirectory)
    }

    /// Where pods keep their logs: `<state>/pods/<namespace>_<name>/` (absolute).
    static func podsDirectory(in stateDirectory: String) -> URL {
        URL(fileURLWithPath: stateDirectory, isDirectory: true).standardizedFileURL.appendingPathComponent("pods", isDirectory: true)
    }

    /// Runs until cancelled; on cancellation the kubelet stops every process it started.
    func run() async {
        let kubelet = Kubelet(store: store, settings: settings, podsDirectory: podsDirectory)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await DeploymentController(store: store, registry: registry).run() }
            group.addTask { await ReplicaSetController(store: store, registry: registry).run() }
            group.addTask { await kubelet.run() }
            await group.waitForAll()
        }
    }
}
