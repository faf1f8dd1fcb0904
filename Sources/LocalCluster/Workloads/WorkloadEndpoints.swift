import Foundation
import KubeCore

/// The parts of the API the workload runner answers itself: pod logs, graceful pod deletion,
/// and the `scale` subresource of Deployments and ReplicaSets.
struct WorkloadEndpoints: Sendable {
    let store: ObjectStore
    let logs: PodLogs
    var now: @Sendable () -> Timestamp = { .now() }

    init(store: ObjectStore, stateDirectory: String) {
        self.store = store
        logs = PodLogs(store: store, podsDirectory: WorkloadRunner.podsDirectory(in: stateDirectory))
    }

    /// The response for a request this handles; nil for everything else.
    func handle(_ request: APIRequest, _ info: RequestInfo) async -> APIResponse? {
        guard info.isResourceRequest, let namespace = info.namespace, let name = info.name else { return nil }
        switch (info.group, info.version, info.resource, info.verb, info.subresource) {
        case ("", "v1", "pods", .get, "log"):
            return await logs.handle(request, namespace: namespace, name: name)
        case ("", "v1", "pods", .delete, nil):
            return await PodDeletion.handle(request, info, store: store, now: now())
        case ("apps", "v1", "deployments", _, "scale"), ("apps", "v1", "replicasets", _, "scale"):
            return await ScaleSubresource.handle(request, info, resource: GroupResource(group: "apps", resource: info.resource), store: store)
        default:
            return nil
        }
    }
}
