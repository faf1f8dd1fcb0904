/// k8s.io/api core/v1: namespaces, configuration, identities and services (pods: CoreV1Pod.swift).
enum Core {
    // MARK: Namespace

    static let namespaceSpec = Message("NamespaceSpec", [1: .strings("finalizers")])

    static let namespaceCondition = Message("NamespaceCondition", [
        1: .string("type", .always), 2: .string("status", .always), 4: .time("lastTransitionTime"),
        5: .string("reason"), 6: .string("message"),
    ])

    static let namespaceStatus = Message("NamespaceStatus", [
        1: .string("phase"), 2: .messages("conditions", namespaceCondition),
    ])

    static let namespace = Message("Namespace", [
        1: .message("metadata", Meta.objectMeta, .always), 2: .message("spec", namespaceSpec, .always),
        3: .message("status", namespaceStatus, .always),
    ])

    // MARK: Configuration and identity

    static let configMap = Message("ConfigMap", [
        1: .message("metadata", Meta.objectMeta, .always), 4: .bool("immutable", .optional),
        2: .stringMap("data"), 3: .bytesMap("binaryData"),
    ])

    static let secret = Message("Secret", [
        1: .message("metadata", Meta.objectMeta, .always), 5: .bool("immutable", .optional),
        2: .bytesMap("data"), 4: .stringMap("stringData"), 3: .string("type"),
    ])

    static let serviceAccount = Message("ServiceAccount", [
        1: .message("metadata", Meta.objectMeta, .always), 2: .messages("secrets", objectReference),
        3: .messages("imagePullSecrets", localObjectReference), 4: .bool("automountServiceAccountToken", .optional),
    ])

    // MARK: Service

    static let servicePort = Message("ServicePort", [
        1: .string("name"), 2: .string("protocol"), 6: .string("appProtocol", .optional),
        3: .int32("port", .always), 4: .intOrString("targetPort"), 5: .int32("nodePort"),
    ])

    static let clientIPConfig = Message("ClientIPConfig", [1: .int32("timeoutSeconds", .optional)])

    static let sessionAffinityConfig = Message("SessionAffinityConfig", [1: .message("clientIP", clientIPConfig)])

    static let serviceSpec = Message("ServiceSpec", [
        1: .messages("ports", servicePort), 2: .stringMap("selector"), 3: .string("clusterIP"),
        18: .strings("clusterIPs"), 4: .string("type"), 5: .strings("externalIPs"), 7: .string("sessionAffinity"),
        8: .string("loadBalancerIP"), 9: .strings("loadBalancerSourceRanges"), 10: .string("externalName"),
        11: .string("externalTrafficPolicy"), 12: .int32("healthCheckNodePort"),
        13: .bool("publishNotReadyAddresses"), 14: .message("sessionAffinityConfig", sessionAffinityConfig),
        19: .strings("ipFamilies"), 17: .string("ipFamilyPolicy", .optional),
        20: .bool("allocateLoadBalancerNodePorts", .optional), 21: .string("loadBalancerClass", .optional),
        22: .string("internalTrafficPolicy", .optional), 23: .string("trafficDistribution", .optional),
    ])

    static let portStatus = Message("PortStatus", [
        1: .int32("port", .always), 2: .string("protocol", .always), 3: .string("error", .optional),
    ])

    static let loadBalancerIngress = Message("LoadBalancerIngress", [
        1: .string("ip"), 2: .string("hostname"), 3: .string("ipMode", .optional), 4: .messages("ports", portStatus),
    ])

    static let loadBalancerStatus = Message("LoadBalancerStatus", [1: .messages("ingress", loadBalancerIngress)])

    static let serviceStatus = Message("ServiceStatus", [
        1: .message("loadBalancer", loadBalancerStatus, .always), 2: .messages("conditions", Meta.condition),
    ])

    static let service = Message("Service", [
        1: .message("metadata", Meta.objectMeta, .always), 2: .message("spec", serviceSpec, .always),
        3: .message("status", serviceStatus, .always),
    ])
}
