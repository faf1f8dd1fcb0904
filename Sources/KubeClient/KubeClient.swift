/// The project's Kubernetes client over the libcurl transport: configuration (kubeconfig,
/// in-cluster), typed and dynamic access to every verb, watches as async sequences.
public enum KubeClientModule {}
