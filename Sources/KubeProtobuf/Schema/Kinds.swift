/// The kinds the decoder knows, by apiVersion and kind.
enum Kinds {
    struct Key: Hashable, Sendable {
        let apiVersion: String
        let kind: String
    }

    static let all: [Key: Message] = [
        Key(apiVersion: "v1", kind: "Namespace"): Core.namespace,
        Key(apiVersion: "v1", kind: "ConfigMap"): Core.configMap,
        Key(apiVersion: "v1", kind: "Secret"): Core.secret,
        Key(apiVersion: "v1", kind: "ServiceAccount"): Core.serviceAccount,
        Key(apiVersion: "v1", kind: "Service"): Core.service,
        Key(apiVersion: "v1", kind: "Pod"): Core.pod,
        Key(apiVersion: "apps/v1", kind: "Deployment"): Apps.deployment,
        Key(apiVersion: "apps/v1", kind: "ReplicaSet"): Apps.replicaSet,
        Key(apiVersion: "batch/v1", kind: "Job"): Batch.job,
        Key(apiVersion: "batch/v1", kind: "CronJob"): Batch.cronJob,
        Key(apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role"): RBAC.role,
        Key(apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole"): RBAC.clusterRole,
        Key(apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding"): RBAC.roleBinding,
        Key(apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding"): RBAC.clusterRoleBinding,
        Key(apiVersion: "coordination.k8s.io/v1", kind: "Lease"): Coordination.lease,
        Key(apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest"): Authentication.tokenRequest,
        Key(apiVersion: "meta.k8s.io/v1", kind: "DeleteOptions"): Meta.deleteOptions,
    ]

    /// The descriptor for a kind; DeleteOptions under any apiVersion.
    static func message(apiVersion: String, kind: String) -> Message? {
        kind == "DeleteOptions" ? Meta.deleteOptions : all[Key(apiVersion: apiVersion, kind: kind)]
    }
}
