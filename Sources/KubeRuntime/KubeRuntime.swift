/// The controller runtime: informers and their cache, the work queue, controllers, finalizer and
/// condition helpers, events, leader election, and the manager with health and metrics.
public enum KubeRuntimeModule {}
