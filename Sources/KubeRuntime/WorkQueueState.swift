/// The bookkeeping of a `WorkQueue`, kept under its lock: which keys are ready, delayed, held by a
/// worker or re-added while held, who waits for a key, and the queue's rate limiter. Every method
/// is synchronous and takes the current time as an argument; continuations to resume are
/// collected in `wakeups` and resumed by the caller once the lock is released.
///
/// Invariants: `ready` holds exactly the keys of `dirty` that are not in `processing`, each once;
/// `dirty` and `delayed` never share a key (a key is pending at most once); idle workers exist
/// only while `ready` is empty.
struct WorkQueueState<Key: Hashable & Sendable> {
    enum Lifecycle { case running, draining, shutDown }

    /// What a worker asking for a key gets at once.
    enum Take { case key(Key), finished, wait }

    enum Wakeup {
        case worker(CheckedContinuation<Key?, Never>, Key?)
        case drainer(CheckedContinuation<Void, Never>)

        func resume() {
            switch self {
            case .worker(let continuation, let key): continuation.resume(returning: key)
            case .drainer(let continuation): continuation.resume()
            }
        }
    }

    struct Delay {
        var deadline: ContinuousClock.Instant
        var sequence: UInt64
    }

    struct Timer {
        var id: UInt64
        var deadline: ContinuousClock.Instant
        var task: Task<Void, Never>
    }

    let maximumPendingKeys: Int
    let metrics: (any WorkQueueMetrics)?
    var rateLimiter: any RateLimiter<Key>
    private(set) var lifecycle = Lifecycle.running
    private var ready = FIFO<Key>()
    /// Keys to be processed, with the instant each became ready (for the queue-latency metric).
    private var dirty: [Key: ContinuousClock.Instant] = [:]
    /// Keys held by workers, with the instant each was handed out.
    private var processing: [Key: ContinuousClock.Instant] = [:]
    private var delayed: [Key: Delay] = [:]
    private var deadlines = DeadlineHeap<Key>()
    private var idleWorkers: [(id: UInt64, continuation: CheckedContinuation<Key?, Never>)] = []
    private var drainers: [UInt64: CheckedContinuation<Void, Never>] = [:]
    private var lastID: UInt64 = 0
    private var wakeups: [Wakeup] = []
    var timer: Timer?

    init(maximumPendingKeys: Int, rateLimiter: any RateLimiter<Key>, metrics: (any WorkQueueMetrics)?) {
        self.maximumPendingKeys = max(maximumPendingKeys, 1)
        self.rateLimiter = rateLimiter
        self.metrics = metrics
    }

    /// A fresh identifier for a parked worker, a drainer or a timer.
    mutating func newID() -> UInt64 {
        lastID += 1
        return lastID
    }

    mutating func takeWakeups() -> [Wakeup] {
        defer { wakeups.removeAll() }
        return wakeups
    }

    private var pendingKeys: Int { dirty.count + delayed.count }

    // MARK: Adding

    mutating func add(_ key: Key, now: ContinuousClock.Instant) -> WorkQueueAddResult {
        guard lifecycle == .running else { return .shuttingDown }
        if dirty[key] != nil { return .coalesced }
        if delayed.removeValue(forKey: key) != nil {
            // Pending already, only later: it becomes ready now, and only once.
            markDirty(key, readySince: now)
            return .coalesced
        }
        guard processing[key] != nil || pendingKeys < maximumPendingKeys else { return .full }
        markDirty(key, readySince: now)
        return .added
    }

    mutating func add(_ key: Key, after delay: Duration, now: ContinuousClock.Instant) -> WorkQueueAddResult {
        guard lifecycle == .running else { return .shuttingDown }
        metrics?.keyRetried()
        guard delay > .zero else { return add(key, now: now) }
        // Already ready (or re-added while held): it will be processed sooner than asked.
        if dirty[key] != nil { return .coalesced }
        let deadline = now + delay
        if let existing = delayed[key] {
            if deadline < existing.deadline { schedule(key, at: deadline) }
            return .coalesced
        }
        guard processing[key] != nil || pendingKeys < maximumPendingKeys else { return .full }
        schedule(key, at: deadline)
        return .added
    }

    mutating func addRateLimited(_ key: Key, now: ContinuousClock.Instant) -> WorkQueueAddResult {
        guard lifecycle == .running else { return .shuttingDown }
        return add(key, after: rateLimiter.delay(for: key, now: now), now: now)
    }

    private mutating func schedule(_ key: Key, at deadline: ContinuousClock.Instant) {
        let sequence = newID()
        delayed[key] = Delay(deadline: deadline, sequence: sequence)
        deadlines.insert(.init(deadline: deadline, sequence: sequence, key: key))
        // Entries superseded by an earlier deadline or an immediate add stay in the heap until
        // popped; rebuild it before they outnumber the live ones.
        if deadlines.count > 2 * delayed.count + 64 {
            deadlines.rebuild { delayed[$0.key]?.sequence == $0.sequence }
        }
    }

    private mutating func markDirty(_ key: Key, readySince: ContinuousClock.Instant) {
        dirty[key] = readySince
        metrics?.keyAdded()
        metrics?.depthChanged(to: dirty.count)
        // A key a worker holds waits for `done`, so no two workers ever hold the same key.
        if processing[key] == nil { ready.push(key) }
    }

    /// Moves every delayed key whose deadline has come into the ready list, earliest first.
    mutating func promoteDue(now: ContinuousClock.Instant) {
        while let first = deadlines.first, first.deadline <= now {
            _ = deadlines.popFirst()
            guard delayed[first.key]?.sequence == first.sequence else { continue }
            delayed[first.key] = nil
            markDirty(first.key, readySince: first.deadline)
        }
    }

    /// The earliest deadline of a delayed key, dropping superseded heap entries on the way.
    mutating func earliestDeadline() -> ContinuousClock.Instant? {
        while let first = deadlines.first {
            if delayed[first.key]?.sequence == first.sequence { return first.deadline }
            _ = deadlines.popFirst()
        }
        return nil
    }

    // MARK: Handing out and finishing

    mutating func take(now: ContinuousClock.Instant) -> Take {
        if lifecycle == .shutDown { return .finished }
        if let key = ready.pop() {
            start(key, now: now)
            return .key(key)
        }
        return .wait
    }

    /// Parks a worker until a key is ready or the queue finishes; a cancelled one gets nil.
    mutating func park(_ id: UInt64, _ continuation: CheckedContinuation<Key?, Never>,
                       cancelled: Bool, now: ContinuousClock.Instant) {
        guard !cancelled else { return wakeups.append(.worker(continuation, nil)) }
        switch take(now: now) {
        case .key(let key): wakeups.append(.worker(continuation, key))
        case .finished: wakeups.append(.worker(continuation, nil))
        case .wait: idleWorkers.append((id, continuation))
        }
    }

    /// Releases a parked worker whose task was cancelled (nothing if it already got a key).
    mutating func unpark(_ id: UInt64) {
        guard let index = idleWorkers.firstIndex(where: { $0.id == id }) else { return }
        wakeups.append(.worker(idleWorkers.remove(at: index).continuation, nil))
    }

    private mutating func start(_ key: Key, now: ContinuousClock.Instant) {
        let readySince = dirty.removeValue(forKey: key) ?? now
        processing[key] = now
        metrics?.depthChanged(to: dirty.count)
        metrics?.keyWaited(max(now - readySince, .zero))
    }

    mutating func done(_ key: Key, now: ContinuousClock.Instant) {
        guard let started = processing.removeValue(forKey: key) else { return }
        metrics?.keyProcessed(in: max(now - started, .zero))
        if dirty[key] != nil { ready.push(key) }
    }

    /// Hands ready keys to parked workers, oldest worker first.
    mutating func dispatch(now: ContinuousClock.Instant) {
        while !idleWorkers.isEmpty, let key = ready.pop() {
            start(key, now: now)
            wakeups.append(.worker(idleWorkers.removeFirst().continuation, key))
        }
    }

    // MARK: Shutting down

    mutating func shutDown() {
        lifecycle = .shutDown
        ready.removeAll()
        dirty.removeAll()
        dropDelayed()
        metrics?.depthChanged(to: 0)
    }

    /// Stops accepting keys; keys already ready and keys re-added while held are still handed
    /// out. The drainer is resumed once nothing is ready or held.
    mutating func drain(_ id: UInt64, _ continuation: CheckedContinuation<Void, Never>, cancelled: Bool) {
        if lifecycle == .running {
            lifecycle = .draining
            dropDelayed()
        }
        drainers[id] = continuation
        if cancelled { cancelDrain(id) }
    }

    mutating func cancelDrain(_ id: UInt64) {
        if let continuation = drainers.removeValue(forKey: id) { wakeups.append(.drainer(continuation)) }
    }

    private mutating func dropDelayed() {
        delayed.removeAll()
        deadlines.removeAll()
        timer?.task.cancel()
        timer = nil
    }

    /// Ends a drain once no key is ready or held, releases parked workers once the queue is shut
    /// down, and resumes drainers once no worker holds a key.
    mutating func settle() {
        if lifecycle == .draining, ready.isEmpty, processing.isEmpty {
            lifecycle = .shutDown
        }
        guard lifecycle == .shutDown else { return }
        for worker in idleWorkers { wakeups.append(.worker(worker.continuation, nil)) }
        idleWorkers.removeAll()
        if processing.isEmpty {
            for continuation in drainers.values { wakeups.append(.drainer(continuation)) }
            drainers.removeAll()
        }
    }

    // MARK: Reading

    func statistics(now: ContinuousClock.Instant) -> WorkQueueStatistics {
        let held = processing.values.map { max(now - $0, .zero) }
        return WorkQueueStatistics(
            depth: dirty.count, ready: ready.count, delayed: delayed.count, processing: processing.count,
            idleWorkers: idleWorkers.count, unfinishedWork: held.reduce(.zero, +),
            longestRunningProcessor: held.max() ?? .zero, isShuttingDown: lifecycle != .running)
    }
}
