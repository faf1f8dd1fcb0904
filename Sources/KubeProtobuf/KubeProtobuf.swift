/// Kubernetes' protobuf wire format (`application/vnd.kubernetes.protobuf`): the `k8s\0` envelope
/// around a `runtime.Unknown`, and the built-in kinds kubectl sends that way, decoded to JSON.
public enum KubeProtobuf {}
