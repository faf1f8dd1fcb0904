/// What a work queue reports as it runs. The manager maps each call to the Prometheus metric
/// named in its comment (labelled with the queue's name); the gauges
/// `workqueue_unfinished_work_seconds` and `workqueue_longest_running_processor_seconds` are
/// read from `WorkQueue.statistics()` at scrape time instead.
///
/// The queue calls these while holding its lock, so that values arrive in the order the changes
/// happened: an implementation must be quick and must not call back into the queue.
public protocol WorkQueueMetrics: Sendable {
    /// `workqueue_depth`: keys waiting to be handed to a worker.
    func depthChanged(to depth: Int)
    /// `workqueue_adds_total`: a key became pending for processing (duplicates are not counted).
    func keyAdded()
    /// `workqueue_queue_duration_seconds`: how long a key waited between becoming ready and
    /// being handed to a worker.
    func keyWaited(_ duration: Duration)
    /// `workqueue_work_duration_seconds`: how long a worker held a key (from `next` to `done`).
    func keyProcessed(in duration: Duration)
    /// `workqueue_retries_total`: a delayed or rate-limited re-add was requested.
    func keyRetried()
}

/// The Prometheus names of the work-queue metrics, as client-go and controller-runtime use them.
public enum WorkQueueMetricName {
    public static let depth = "workqueue_depth"
    public static let adds = "workqueue_adds_total"
    public static let queueDuration = "workqueue_queue_duration_seconds"
    public static let workDuration = "workqueue_work_duration_seconds"
    public static let retries = "workqueue_retries_total"
    public static let unfinishedWork = "workqueue_unfinished_work_seconds"
    public static let longestRunningProcessor = "workqueue_longest_running_processor_seconds"
}

/// A snapshot of a work queue, for the gauges and for tests.
public struct WorkQueueStatistics: Sendable, Equatable {
    /// Keys waiting to be handed to a worker (ready, or re-added while a worker holds them):
    /// what `workqueue_depth` reports.
    public var depth: Int
    /// Keys of those that a worker could take right now.
    public var ready: Int
    /// Keys waiting for a delay or a backoff to pass.
    public var delayed: Int
    /// Keys held by workers.
    public var processing: Int
    /// Workers suspended in `next()` for want of a key.
    public var idleWorkers: Int
    /// Summed time the keys held by workers have been held (`workqueue_unfinished_work_seconds`).
    public var unfinishedWork: Duration
    /// Time the longest-held key has been held (`workqueue_longest_running_processor_seconds`).
    public var longestRunningProcessor: Duration
    /// Whether `shutDown` or `shutDownWithDrain` has been called.
    public var isShuttingDown: Bool

    /// Distinct keys counted against `maximumPendingKeys`: those waiting, ready or delayed.
    public var pendingKeys: Int { depth + delayed }
}
