/// k8s.io/api core/v1: pods, their containers and volumes.
extension Core {
    static let localObjectReference = Message("LocalObjectReference", [1: .string("name")])

    static let objectReference = Message("ObjectReference", [
        1: .string("kind"), 2: .string("namespace"), 3: .string("name"), 4: .string("uid"),
        5: .string("apiVersion"), 6: .string("resourceVersion"), 7: .string("fieldPath"),
    ])

    static let keyToPath = Message("KeyToPath", [
        1: .string("key", .always), 2: .string("path", .always), 3: .int32("mode", .optional),
    ])

    // MARK: Environment

    static let objectFieldSelector = Message("ObjectFieldSelector", [
        1: .string("apiVersion"), 2: .string("fieldPath", .always),
    ])

    static let resourceFieldSelector = Message("ResourceFieldSelector", [
        1: .string("containerName"), 2: .string("resource", .always), 3: .quantity("divisor", .always),
    ])

    static let configMapKeySelector = Message("ConfigMapKeySelector", [
        1: .inline(localObjectReference), 2: .string("key", .always), 3: .bool("optional", .optional),
    ])

    static let secretKeySelector = Message("SecretKeySelector", [
        1: .inline(localObjectReference), 2: .string("key", .always), 3: .bool("optional", .optional),
    ])

    static let fileKeySelector = Message("FileKeySelector", [
        1: .string("volumeName", .always), 2: .string("path", .always), 3: .string("key", .always),
        4: .bool("optional", .optional),
    ])

    static let envVarSource = Message("EnvVarSource", [
        1: .message("fieldRef", objectFieldSelector), 2: .message("resourceFieldRef", resourceFieldSelector),
        3: .message("configMapKeyRef", configMapKeySelector), 4: .message("secretKeyRef", secretKeySelector),
        5: .message("fileKeyRef", fileKeySelector),
    ])

    static let envVar = Message("EnvVar", [
        1: .string("name", .always), 2: .string("value"), 3: .message("valueFrom", envVarSource),
    ])

    static let configMapEnvSource = Message("ConfigMapEnvSource", [
        1: .inline(localObjectReference), 2: .bool("optional", .optional),
    ])

    static let secretEnvSource = Message("SecretEnvSource", [
        1: .inline(localObjectReference), 2: .bool("optional", .optional),
    ])

    static let envFromSource = Message("EnvFromSource", [
        1: .string("prefix"), 2: .message("configMapRef", configMapEnvSource), 3: .message("secretRef", secretEnvSource),
    ])

    // MARK: Containers

    static let containerPort = Message("ContainerPort", [
        1: .string("name"), 2: .int32("hostPort"), 3: .int32("containerPort", .always),
        4: .string("protocol"), 5: .string("hostIP"),
    ])

    static let resourceClaim = Message("ResourceClaim", [1: .string("name", .always), 2: .string("request")])

    static let resourceRequirements = Message("ResourceRequirements", [
        1: .quantityMap("limits"), 2: .quantityMap("requests"), 3: .messages("claims", resourceClaim),
    ])

    static let containerResizePolicy = Message("ContainerResizePolicy", [
        1: .string("resourceName", .always), 2: .string("restartPolicy", .always),
    ])

    static let containerRestartRuleOnExitCodes = Message("ContainerRestartRuleOnExitCodes", [
        1: .string("operator", .always), 2: .int32s("values"),
    ])

    static let containerRestartRule = Message("ContainerRestartRule", [
        1: .string("action", .always), 2: .message("exitCodes", containerRestartRuleOnExitCodes),
    ])

    static let execAction = Message("ExecAction", [1: .strings("command")])

    static let httpHeader = Message("HTTPHeader", [1: .string("name", .always), 2: .string("value", .always)])

    static let httpGetAction = Message("HTTPGetAction", [
        1: .string("path"), 2: .intOrString("port"), 3: .string("host"), 4: .string("scheme"),
        5: .messages("httpHeaders", httpHeader),
    ])

    static let tcpSocketAction = Message("TCPSocketAction", [1: .intOrString("port"), 2: .string("host")])

    static let grpcAction = Message("GRPCAction", [1: .int32("port", .always), 2: .string("service", .optional)])

    static let sleepAction = Message("SleepAction", [1: .int64("seconds", .always)])

    static let probeHandler = Message("ProbeHandler", [
        1: .message("exec", execAction), 2: .message("httpGet", httpGetAction),
        3: .message("tcpSocket", tcpSocketAction), 4: .message("grpc", grpcAction),
    ])

    static let probe = Message("Probe", [
        1: .inline(probeHandler), 2: .int32("initialDelaySeconds"), 3: .int32("timeoutSeconds"),
        4: .int32("periodSeconds"), 5: .int32("successThreshold"), 6: .int32("failureThreshold"),
        7: .int64("terminationGracePeriodSeconds", .optional),
    ])

    static let lifecycleHandler = Message("LifecycleHandler", [
        1: .message("exec", execAction), 2: .message("httpGet", httpGetAction),
        3: .message("tcpSocket", tcpSocketAction), 4: .message("sleep", sleepAction),
    ])

    static let lifecycle = Message("Lifecycle", [
        1: .message("postStart", lifecycleHandler), 2: .message("preStop", lifecycleHandler),
        3: .string("stopSignal", .optional),
    ])

    static let volumeMount = Message("VolumeMount", [
        1: .string("name", .always), 2: .bool("readOnly"), 7: .string("recursiveReadOnly", .optional),
        3: .string("mountPath", .always), 4: .string("subPath"), 5: .string("mountPropagation", .optional),
        6: .string("subPathExpr"),
    ])

    static let volumeDevice = Message("VolumeDevice", [
        1: .string("name", .always), 2: .string("devicePath", .always),
    ])

    static let capabilities = Message("Capabilities", [1: .strings("add"), 2: .strings("drop")])

    static let seLinuxOptions = Message("SELinuxOptions", [
        1: .string("user"), 2: .string("role"), 3: .string("type"), 4: .string("level"),
    ])

    static let windowsSecurityContextOptions = Message("WindowsSecurityContextOptions", [
        1: .string("gmsaCredentialSpecName", .optional), 2: .string("gmsaCredentialSpec", .optional),
        3: .string("runAsUserName", .optional), 4: .bool("hostProcess", .optional),
    ])

    static let seccompProfile = Message("SeccompProfile", [
        1: .string("type", .always), 2: .string("localhostProfile", .optional),
    ])

    static let appArmorProfile = Message("AppArmorProfile", [
        1: .string("type", .always), 2: .string("localhostProfile", .optional),
    ])

    static let securityContext = Message("SecurityContext", [
        1: .message("capabilities", capabilities), 2: .bool("privileged", .optional),
        3: .message("seLinuxOptions", seLinuxOptions), 10: .message("windowsOptions", windowsSecurityContextOptions),
        4: .int64("runAsUser", .optional), 8: .int64("runAsGroup", .optional), 5: .bool("runAsNonRoot", .optional),
        6: .bool("readOnlyRootFilesystem", .optional), 7: .bool("allowPrivilegeEscalation", .optional),
        9: .string("procMount", .optional), 11: .message("seccompProfile", seccompProfile),
        12: .message("appArmorProfile", appArmorProfile),
    ])

    static let container = Message("Container", [
        1: .string("name", .always), 2: .string("image"), 3: .strings("command"), 4: .strings("args"),
        5: .string("workingDir"), 6: .messages("ports", containerPort), 19: .messages("envFrom", envFromSource),
        7: .messages("env", envVar), 8: .message("resources", resourceRequirements, .always),
        23: .messages("resizePolicy", containerResizePolicy), 24: .string("restartPolicy", .optional),
        25: .messages("restartPolicyRules", containerRestartRule), 9: .messages("volumeMounts", volumeMount),
        21: .messages("volumeDevices", volumeDevice), 10: .message("livenessProbe", probe),
        11: .message("readinessProbe", probe), 22: .message("startupProbe", probe),
        12: .message("lifecycle", lifecycle), 13: .string("terminationMessagePath"),
        20: .string("terminationMessagePolicy"), 14: .string("imagePullPolicy"),
        15: .message("securityContext", securityContext), 16: .bool("stdin"), 17: .bool("stdinOnce"), 18: .bool("tty"),
    ])

    /// EphemeralContainer inlines EphemeralContainerCommon, whose fields are numbered as Container's.
    static let ephemeralContainer = Message("EphemeralContainer", [
        1: .inline(container), 2: .string("targetContainerName"),
    ])

    // MARK: Volumes

    static let hostPathVolumeSource = Message("HostPathVolumeSource", [
        1: .string("path", .always), 2: .string("type", .optional),
    ])

    static let emptyDirVolumeSource = Message("EmptyDirVolumeSource", [
        1: .string("medium"), 2: .quantity("sizeLimit"),
    ])

    static let secretVolumeSource = Message("SecretVolumeSource", [
        1: .string("secretName"), 2: .messages("items", keyToPath), 3: .int32("defaultMode", .optional),
        4: .bool("optional", .optional),
    ])

    static let nfsVolumeSource = Message("NFSVolumeSource", [
        1: .string("server", .always), 2: .string("path", .always), 3: .bool("readOnly"),
    ])

    static let persistentVolumeClaimVolumeSource = Message("PersistentVolumeClaimVolumeSource", [
        1: .string("claimName", .always), 2: .bool("readOnly"),
    ])

    static let downwardAPIVolumeFile = Message("DownwardAPIVolumeFile", [
        1: .string("path", .always), 2: .message("fieldRef", objectFieldSelector),
        3: .message("resourceFieldRef", resourceFieldSelector), 4: .int32("mode", .optional),
    ])

    static let downwardAPIVolumeSource = Message("DownwardAPIVolumeSource", [
        1: .messages("items", downwardAPIVolumeFile), 2: .int32("defaultMode", .optional),
    ])

    static let configMapVolumeSource = Message("ConfigMapVolumeSource", [
        1: .inline(localObjectReference), 2: .messages("items", keyToPath), 3: .int32("defaultMode", .optional),
        4: .bool("optional", .optional),
    ])

    static let secretProjection = Message("SecretProjection", [
        1: .inline(localObjectReference), 2: .messages("items", keyToPath), 4: .bool("optional", .optional),
    ])

    static let configMapProjection = Message("ConfigMapProjection", [
        1: .inline(localObjectReference), 2: .messages("items", keyToPath), 4: .bool("optional", .optional),
    ])

    static let downwardAPIProjection = Message("DownwardAPIProjection", [
        1: .messages("items", downwardAPIVolumeFile),
    ])

    static let serviceAccountTokenProjection = Message("ServiceAccountTokenProjection", [
        1: .string("audience"), 2: .int64("expirationSeconds", .optional), 3: .string("path", .always),
    ])

    static let clusterTrustBundleProjection = Message("ClusterTrustBundleProjection", [
        1: .string("name", .optional), 2: .string("signerName", .optional),
        3: .message("labelSelector", Meta.labelSelector), 5: .bool("optional", .optional), 4: .string("path", .always),
    ])

    static let volumeProjection = Message("VolumeProjection", [
        1: .message("secret", secretProjection), 2: .message("downwardAPI", downwardAPIProjection),
        3: .message("configMap", configMapProjection), 4: .message("serviceAccountToken", serviceAccountTokenProjection),
        5: .message("clusterTrustBundle", clusterTrustBundleProjection),
    ])

    static let projectedVolumeSource = Message("ProjectedVolumeSource", [
        1: .messages("sources", volumeProjection), 2: .int32("defaultMode", .optional),
    ])

    static let csiVolumeSource = Message("CSIVolumeSource", [
        1: .string("driver", .always), 2: .bool("readOnly", .optional), 3: .string("fsType", .optional),
        4: .stringMap("volumeAttributes"), 5: .message("nodePublishSecretRef", localObjectReference),
    ])

    static let imageVolumeSource = Message("ImageVolumeSource", [
        1: .string("reference"), 2: .string("pullPolicy"),
    ])

    /// The volume sources a workload in this project uses; the cloud and legacy in-tree ones
    /// (gcePersistentDisk, rbd, ...) are skipped like unknown fields.
    static let volumeSource = Message("VolumeSource", [
        1: .message("hostPath", hostPathVolumeSource), 2: .message("emptyDir", emptyDirVolumeSource),
        6: .message("secret", secretVolumeSource), 7: .message("nfs", nfsVolumeSource),
        10: .message("persistentVolumeClaim", persistentVolumeClaimVolumeSource),
        16: .message("downwardAPI", downwardAPIVolumeSource), 19: .message("configMap", configMapVolumeSource),
        26: .message("projected", projectedVolumeSource), 28: .message("csi", csiVolumeSource),
        30: .message("image", imageVolumeSource),
    ])

    static let volume = Message("Volume", [1: .string("name", .always), 2: .inline(volumeSource)])

    // MARK: Scheduling

    static let nodeSelectorRequirement = Message("NodeSelectorRequirement", [
        1: .string("key", .always), 2: .string("operator", .always), 3: .strings("values"),
    ])

    static let nodeSelectorTerm = Message("NodeSelectorTerm", [
        1: .messages("matchExpressions", nodeSelectorRequirement), 2: .messages("matchFields", nodeSelectorRequirement),
    ])

    static let nodeSelector = Message("NodeSelector", [1: .messages("nodeSelectorTerms", nodeSelectorTerm)])

    static let preferredSchedulingTerm = Message("PreferredSchedulingTerm", [
        1: .int32("weight", .always), 2: .message("preference", nodeSelectorTerm, .always),
    ])

    static let nodeAffinity = Message("NodeAffinity", [
        1: .message("requiredDuringSchedulingIgnoredDuringExecution", nodeSelector),
        2: .messages("preferredDuringSchedulingIgnoredDuringExecution", preferredSchedulingTerm),
    ])

    static let podAffinityTerm = Message("PodAffinityTerm", [
        1: .message("labelSelector", Meta.labelSelector), 2: .strings("namespaces"),
        3: .string("topologyKey", .always), 4: .message("namespaceSelector", Meta.labelSelector),
        5: .strings("matchLabelKeys"), 6: .strings("mismatchLabelKeys"),
    ])

    static let weightedPodAffinityTerm = Message("WeightedPodAffinityTerm", [
        1: .int32("weight", .always), 2: .message("podAffinityTerm", podAffinityTerm, .always),
    ])

    static let podAffinity = Message("PodAffinity", [
        1: .messages("requiredDuringSchedulingIgnoredDuringExecution", podAffinityTerm),
        2: .messages("preferredDuringSchedulingIgnoredDuringExecution", weightedPodAffinityTerm),
    ])

    static let podAntiAffinity = Message("PodAntiAffinity", [
        1: .messages("requiredDuringSchedulingIgnoredDuringExecution", podAffinityTerm),
        2: .messages("preferredDuringSchedulingIgnoredDuringExecution", weightedPodAffinityTerm),
    ])

    static let affinity = Message("Affinity", [
        1: .message("nodeAffinity", nodeAffinity), 2: .message("podAffinity", podAffinity),
        3: .message("podAntiAffinity", podAntiAffinity),
    ])

    static let toleration = Message("Toleration", [
        1: .string("key"), 2: .string("operator"), 3: .string("value"), 4: .string("effect"),
        5: .int64("tolerationSeconds", .optional),
    ])

    static let topologySpreadConstraint = Message("TopologySpreadConstraint", [
        1: .int32("maxSkew", .always), 2: .string("topologyKey", .always), 3: .string("whenUnsatisfiable", .always),
        4: .message("labelSelector", Meta.labelSelector), 5: .int32("minDomains", .optional),
        6: .string("nodeAffinityPolicy", .optional), 7: .string("nodeTaintsPolicy", .optional),
        8: .strings("matchLabelKeys"),
    ])

    // MARK: Pod spec

    static let hostAlias = Message("HostAlias", [1: .string("ip", .always), 2: .strings("hostnames")])

    static let podDNSConfigOption = Message("PodDNSConfigOption", [
        1: .string("name"), 2: .string("value", .optional),
    ])

    static let podDNSConfig = Message("PodDNSConfig", [
        1: .strings("nameservers"), 2: .strings("searches"), 3: .messages("options", podDNSConfigOption),
    ])

    static let podReadinessGate = Message("PodReadinessGate", [1: .string("conditionType", .always)])

    static let sysctl = Message("Sysctl", [1: .string("name", .always), 2: .string("value", .always)])

    static let podSecurityContext = Message("PodSecurityContext", [
        1: .message("seLinuxOptions", seLinuxOptions), 8: .message("windowsOptions", windowsSecurityContextOptions),
        2: .int64("runAsUser", .optional), 6: .int64("runAsGroup", .optional), 3: .bool("runAsNonRoot", .optional),
        4: .int64s("supplementalGroups"), 12: .string("supplementalGroupsPolicy", .optional),
        5: .int64("fsGroup", .optional), 7: .messages("sysctls", sysctl),
        9: .string("fsGroupChangePolicy", .optional), 10: .message("seccompProfile", seccompProfile),
        11: .message("appArmorProfile", appArmorProfile), 13: .string("seLinuxChangePolicy", .optional),
    ])

    static let podOS = Message("PodOS", [1: .string("name", .always)])

    static let podSchedulingGate = Message("PodSchedulingGate", [1: .string("name", .always)])

    static let podResourceClaim = Message("PodResourceClaim", [
        1: .string("name", .always), 3: .string("resourceClaimName", .optional),
        4: .string("resourceClaimTemplateName", .optional),
    ])

    static let podSpec = Message("PodSpec", [
        1: .messages("volumes", volume), 20: .messages("initContainers", container),
        2: .messages("containers", container), 34: .messages("ephemeralContainers", ephemeralContainer),
        3: .string("restartPolicy"), 4: .int64("terminationGracePeriodSeconds", .optional),
        5: .int64("activeDeadlineSeconds", .optional), 6: .string("dnsPolicy"), 7: .stringMap("nodeSelector"),
        8: .string("serviceAccountName"), 9: .string("serviceAccount"),
        21: .bool("automountServiceAccountToken", .optional), 10: .string("nodeName"),
        11: .bool("hostNetwork"), 12: .bool("hostPID"), 13: .bool("hostIPC"),
        27: .bool("shareProcessNamespace", .optional), 14: .message("securityContext", podSecurityContext),
        15: .messages("imagePullSecrets", localObjectReference), 16: .string("hostname"), 17: .string("subdomain"),
        18: .message("affinity", affinity), 19: .string("schedulerName"), 22: .messages("tolerations", toleration),
        23: .messages("hostAliases", hostAlias), 24: .string("priorityClassName"), 25: .int32("priority", .optional),
        26: .message("dnsConfig", podDNSConfig), 28: .messages("readinessGates", podReadinessGate),
        29: .string("runtimeClassName", .optional), 30: .bool("enableServiceLinks", .optional),
        31: .string("preemptionPolicy", .optional), 32: .quantityMap("overhead"),
        33: .messages("topologySpreadConstraints", topologySpreadConstraint),
        35: .bool("setHostnameAsFQDN", .optional), 36: .message("os", podOS), 37: .bool("hostUsers", .optional),
        38: .messages("schedulingGates", podSchedulingGate), 39: .messages("resourceClaims", podResourceClaim),
        40: .message("resources", resourceRequirements), 41: .string("hostnameOverride", .optional),
    ])

    // MARK: Pod status

    static let containerStateWaiting = Message("ContainerStateWaiting", [1: .string("reason"), 2: .string("message")])

    static let containerStateRunning = Message("ContainerStateRunning", [1: .time("startedAt")])

    static let containerStateTerminated = Message("ContainerStateTerminated", [
        1: .int32("exitCode", .always), 2: .int32("signal"), 3: .string("reason"), 4: .string("message"),
        5: .time("startedAt"), 6: .time("finishedAt"), 7: .string("containerID"),
    ])

    static let containerState = Message("ContainerState", [
        1: .message("waiting", containerStateWaiting), 2: .message("running", containerStateRunning),
        3: .message("terminated", containerStateTerminated),
    ])

    static let containerStatus = Message("ContainerStatus", [
        1: .string("name", .always), 2: .message("state", containerState, .always),
        3: .message("lastState", containerState, .always), 4: .bool("ready", .always),
        5: .int32("restartCount", .always), 6: .string("image", .always), 7: .string("imageID", .always),
        8: .string("containerID"), 9: .bool("started", .optional), 10: .quantityMap("allocatedResources"),
        11: .message("resources", resourceRequirements), 15: .string("stopSignal", .optional),
    ])

    static let podCondition = Message("PodCondition", [
        1: .string("type", .always), 7: .int64("observedGeneration"), 2: .string("status", .always),
        3: .time("lastProbeTime"), 4: .time("lastTransitionTime"), 5: .string("reason"), 6: .string("message"),
    ])

    static let ipAddress = Message("PodIP", [1: .string("ip", .always)])

    static let podStatus = Message("PodStatus", [
        17: .int64("observedGeneration"), 1: .string("phase"), 2: .messages("conditions", podCondition),
        3: .string("message"), 4: .string("reason"), 11: .string("nominatedNodeName"), 5: .string("hostIP"),
        16: .messages("hostIPs", ipAddress), 6: .string("podIP"), 12: .messages("podIPs", ipAddress),
        7: .time("startTime", .optional), 10: .messages("initContainerStatuses", containerStatus),
        8: .messages("containerStatuses", containerStatus), 9: .string("qosClass"),
        13: .messages("ephemeralContainerStatuses", containerStatus), 14: .string("resize"),
    ])

    static let pod = Message("Pod", [
        1: .message("metadata", Meta.objectMeta, .always), 2: .message("spec", podSpec, .always),
        3: .message("status", podStatus, .always),
    ])

    static let podTemplateSpec = Message("PodTemplateSpec", [
        1: .message("metadata", Meta.objectMeta, .always), 2: .message("spec", podSpec, .always),
    ])
}
