/// k8s.io/api rbac/v1.
enum RBAC {
    static let policyRule = Message("PolicyRule", [
        1: .strings("verbs"), 2: .strings("apiGroups"), 3: .strings("resources"), 4: .strings("resourceNames"),
        5: .strings("nonResourceURLs"),
    ])

    static let aggregationRule = Message("AggregationRule", [
        1: .messages("clusterRoleSelectors", Meta.labelSelector),
    ])

    static let role = Message("Role", [
        1: .message("metadata", Meta.objectMeta, .always), 2: .messages("rules", policyRule),
    ])

    static let clusterRole = Message("ClusterRole", [
        1: .message("metadata", Meta.objectMeta, .always), 2: .messages("rules", policyRule),
        3: .message("aggregationRule", aggregationRule),
    ])

    static let subject = Message("Subject", [
        1: .string("kind", .always), 2: .string("apiGroup"), 3: .string("name", .always), 4: .string("namespace"),
    ])

    static let roleRef = Message("RoleRef", [
        1: .string("apiGroup", .always), 2: .string("kind", .always), 3: .string("name", .always),
    ])

    static let roleBinding = Message("RoleBinding", [
        1: .message("metadata", Meta.objectMeta, .always), 2: .messages("subjects", subject),
        3: .message("roleRef", roleRef, .always),
    ])

    static let clusterRoleBinding = Message("ClusterRoleBinding", [
        1: .message("metadata", Meta.objectMeta, .always), 2: .messages("subjects", subject),
        3: .message("roleRef", roleRef, .always),
    ])
}

/// k8s.io/api coordination/v1.
enum Coordination {
    static let leaseSpec = Message("LeaseSpec", [
        1: .string("holderIdentity", .optional), 2: .int32("leaseDurationSeconds", .optional),
        3: .microTime("acquireTime"), 4: .microTime("renewTime"), 5: .int32("leaseTransitions", .optional),
        6: .string("strategy", .optional), 7: .string("preferredHolder", .optional),
    ])

    static let lease = Message("Lease", [
        1: .message("metadata", Meta.objectMeta, .always), 2: .message("spec", leaseSpec, .always),
    ])
}

/// k8s.io/api authentication/v1: TokenRequest, the body of `kubectl create token`.
enum Authentication {
    static let boundObjectReference = Message("BoundObjectReference", [
        1: .string("kind"), 2: .string("apiVersion"), 3: .string("name"), 4: .string("uid"),
    ])

    static let tokenRequestSpec = Message("TokenRequestSpec", [
        1: .strings("audiences"), 4: .int64("expirationSeconds", .optional),
        3: .message("boundObjectRef", boundObjectReference),
    ])

    static let tokenRequestStatus = Message("TokenRequestStatus", [
        1: .string("token", .always), 2: .time("expirationTimestamp", .always),
    ])

    static let tokenRequest = Message("TokenRequest", [
        1: .message("metadata", Meta.objectMeta, .always), 2: .message("spec", tokenRequestSpec, .always),
        3: .message("status", tokenRequestStatus, .always),
    ])
}
