import KubeClient
import Prometheus

/// The Prometheus metrics of the runtime, named as controller-runtime and client-go name them,
/// so existing dashboards and alerts apply.
public final class RuntimeMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    static let durationBuckets: [Duration] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]
        .map { Duration.milliseconds(Int($0 * 1000)) }

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    /// The exposition text for `/metrics`.
    public func exposition() -> [UInt8] { registry.emitToBuffer() }

    /// Feed for `KubeClient.Options.observer`: `rest_client_requests_total{code,host,method}`
    /// and `rest_client_request_duration_seconds{host,verb}`.
    public var restClientObserver: @Sendable (KubeClient.RequestRecord) -> Void {
        { [registry] record in
            registry.makeCounter(descriptor: Self.descriptor("rest_client_requests_total", "Number of HTTP requests, partitioned by status code, method, and host."),
                                 labels: [("code", record.code), ("host", record.host), ("method", record.method)]).increment()
            registry.makeDurationHistogram(descriptor: Self.descriptor("rest_client_request_duration_seconds", "Request latency in seconds. Broken down by verb, and host."),
                                           labels: [("host", record.host), ("verb", record.method)],
                                           buckets: Self.durationBuckets).recordNanoseconds(Self.nanoseconds(record.duration))
        }
    }

    /// One reconcile of `controller` ended with `result` (success, error, requeue, requeue_after).
    func reconciled(_ controller: String, result: String, duration: Duration) {
        registry.makeCounter(descriptor: Self.descriptor("controller_runtime_reconcile_total", "Total number of reconciliations per controller"), labels: [("controller", controller), ("result", result)]).increment()
        if result == "error" {
            registry.makeCounter(descriptor: Self.descriptor("controller_runtime_reconcile_errors_total", "Total number of reconciliation errors per controller"), labels: [("controller", controller)]).increment()
        }
        registry.makeDurationHistogram(descriptor: Self.descriptor("controller_runtime_reconcile_time_seconds", "Length of time per reconciliation per controller"), labels: [("controller", controller)],
                                       buckets: Self.durationBuckets).recordNanoseconds(Self.nanoseconds(duration))
    }

    func activeWorkers(_ controller: String, _ count: Int) {
        registry.makeGauge(descriptor: Self.descriptor("controller_runtime_active_workers", "Number of currently used workers per controller"), labels: [("controller", controller)]).set(Double(count))
    }

    /// The gauges read from a queue when metrics are scraped: unfinished work and the longest
    /// running processor, in seconds.
    func sample<Key>(_ queue: WorkQueue<Key>, name: String) {
        let statistics = queue.statistics()
        registry.makeGauge(descriptor: Self.descriptor(WorkQueueMetricName.unfinishedWork, "How many seconds of work has been done that is in progress and hasn't been observed by work_duration."),
                           labels: [("name", name)]).set(Self.seconds(statistics.unfinishedWork))
        registry.makeGauge(descriptor: Self.descriptor(WorkQueueMetricName.longestRunningProcessor, "How many seconds has the longest running processor for workqueue been running."),
                           labels: [("name", name)]).set(Self.seconds(statistics.longestRunningProcessor))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The `workqueue_*` metrics of the queue called `name`.
    func workQueue(_ name: String) -> any WorkQueueMetrics { QueueMetrics(registry: registry, name: name) }

    static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }

    private struct QueueMetrics: WorkQueueMetrics {
        let registry: PrometheusCollectorRegistry
        let name: String
        var labels: [(String, String)] { [("name", name)] }

        func depthChanged(to depth: Int) {
            registry.makeGauge(descriptor: RuntimeMetrics.descriptor(WorkQueueMetricName.depth, "Current depth of workqueue"), labels: labels).set(Double(depth))
        }
        func keyAdded() { registry.makeCounter(descriptor: RuntimeMetrics.descriptor(WorkQueueMetricName.adds, "Total number of adds handled by workqueue"), labels: labels).increment() }
        func keyWaited(_ duration: Duration) {
            registry.makeDurationHistogram(descriptor: RuntimeMetrics.descriptor(WorkQueueMetricName.queueDuration, "How long in seconds an item stays in workqueue before being requested"), labels: labels, buckets: RuntimeMetrics.durationBuckets)
                .recordNanoseconds(RuntimeMetrics.nanoseconds(duration))
        }
        func keyProcessed(in duration: Duration) {
            registry.makeDurationHistogram(descriptor: RuntimeMetrics.descriptor(WorkQueueMetricName.workDuration, "How long in seconds processing an item from workqueue takes."), labels: labels, buckets: RuntimeMetrics.durationBuckets)
                .recordNanoseconds(RuntimeMetrics.nanoseconds(duration))
        }
        func keyRetried() { registry.makeCounter(descriptor: RuntimeMetrics.descriptor(WorkQueueMetricName.retries, "Total number of retries handled by workqueue"), labels: labels).increment() }
    }
}
