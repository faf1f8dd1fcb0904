/// The built-in kinds the local control plane serves: what the operator, its workloads and
/// kubectl use (and RBAC kinds, stored so `make deploy-operator` applies the real manifests).
enum BuiltinResources {
    static let all: [ResourceType] = core + apps + coordination + events + apiextensions + rbac

    private static func type(_ group: String, _ version: String, _ resource: String, _ kind: String,
                             singular: String? = nil, namespaced: Bool = true, shortNames: [String] = [],
                             categories: [String] = [], subresources: Set<String> = [],
                             tracksGeneration: Bool = false) -> ResourceType {
        ResourceType(group: group, version: version, resource: resource, singular: singular ?? kind.lowercased(),
                     kind: kind, listKind: kind + "List", namespaced: namespaced, shortNames: shortNames,
                     categories: categories, subresources: subresources, tracksGeneration: tracksGeneration)
    }

    static let core: [ResourceType] = [
        type("", "v1", "namespaces", "Namespace", namespaced: false, shortNames: ["ns"], subresources: ["status", "finalize"]),
        type("", "v1", "configmaps", "ConfigMap", shortNames: ["cm"]),
        type("", "v1", "secrets", "Secret"),
        type("", "v1", "serviceaccounts", "ServiceAccount", shortNames: ["sa"], subresources: ["token"]),
        type("", "v1", "services", "Service", shortNames: ["svc"], categories: ["all"], subresources: ["status"]),
        type("", "v1", "events", "Event", shortNames: ["ev"]),
        type("", "v1", "pods", "Pod", shortNames: ["po"], categories: ["all"], subresources: ["status", "log"]),
    ]

    static let apps: [ResourceType] = [
        type("apps", "v1", "deployments", "Deployment", shortNames: ["deploy"], categories: ["all"],
             subresources: ["status", "scale"], tracksGeneration: true),
        type("apps", "v1", "replicasets", "ReplicaSet", shortNames: ["rs"], categories: ["all"],
             subresources: ["status", "scale"], tracksGeneration: true),
    ]

    static let coordination: [ResourceType] = [
        type("coordination.k8s.io", "v1", "leases", "Lease"),
    ]

    static let events: [ResourceType] = [
        type("events.k8s.io", "v1", "events", "Event", shortNames: ["ev"]),
    ]

    static let apiextensions: [ResourceType] = [
        type("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition",
             namespaced: false, shortNames: ["crd", "crds"], categories: ["api-extensions"], subresources: ["status"],
             tracksGeneration: true),
    ]

    static let rbac: [ResourceType] = [
        type("rbac.authorization.k8s.io", "v1", "roles", "Role"),
        type("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding"),
        type("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", namespaced: false),
        type("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", namespaced: false),
    ]
}
