import KubeRuntime
import Synchronization
import Testing

@Suite("Work queue")
struct WorkQueueTests {
    /// A queue on a manual clock whose rate limiter backs off 1 s, 2 s, 4 s (no jitter).
    static func makeQueue(clock: ManualClock = ManualClock(), maximumPendingKeys: Int = 1000,
                          metrics: (any WorkQueueMetrics)? = nil) -> WorkQueue<String> {
        WorkQueue(name: "test", clock: clock,
                  rateLimiter: ExponentialBackoffRateLimiter(baseDelay: .seconds(1), maximumDelay: .seconds(4), jitter: 0),
                  maximumPendingKeys: maximumPendingKeys, metrics: metrics)
    }

    @Test func aKeyAddedWhilePendingIsQueuedOnce() async {
        let queue = Self.makeQueue()
        #expect(queue.add("a") == .added)
        #expect(queue.add("a") == .coalesced)
        #expect(queue.add("b") == .added)
        #expect(queue.add("a") == .coalesced)
        #expect(queue.statistics().depth == 2)
        #expect(await queue.next() == "a")
        #expect(await queue.next() == "b")
        let statistics = queue.statistics()
        #expect(statistics.depth == 0)
        #expect(statistics.processing == 2)
    }

    @Test func aKeyAddedWhileHeldWaitsForDone() async {
        let queue = Self.makeQueue()
        queue.add("a")
        #expect(await queue.next() == "a")
        #expect(queue.add("a") == .added)
        #expect(queue.add("a") == .coalesced)
        var statistics = queue.statistics()
        #expect(statistics.depth == 1)
        #expect(statistics.ready == 0)

        // A second worker must not get "a" while the first holds it.
        let second = Task { await queue.next() }
        #expect(await eventually { queue.statistics().idleWorkers == 1 })
        queue.add("b")
        #expect(await second.value == "b")

        queue.done("a")
        statistics = queue.statistics()
        #expect(statistics.ready == 1)
        #expect(await queue.next() == "a")
        queue.done("a")
        queue.done("b")
        statistics = queue.statistics()
        #expect(statistics.depth == 0)
        #expect(statistics.processing == 0)
    }

    @Test func doneForAKeyNotHeldIsHarmless() async {
        let queue = Self.makeQueue()
        queue.done("never-added")
        queue.add("a")
        queue.done("a")
        #expect(queue.statistics().ready == 1)
        #expect(await queue.next() == "a")
    }

    @Test func severalWorkersNeverHoldOneKeyAtOnceAndMissNoAdd() async {
        let queue = WorkQueue<Int>(clock: ManualClock())
        let tracker = ProcessingTracker()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    while let key = await queue.next() {
                        tracker.begin(key)
                        await Task.yield()
                        tracker.end(key)
                        queue.done(key)
                    }
                }
            }
            for round in 0..<300 {
                for key in 0..<5 {
                    tracker.bump(key)
                    #expect(queue.add(key).isAccepted)
                }
                if round % 7 == 0 { await Task.yield() }
            }
            await queue.shutDownWithDrain()
        }
        let result = tracker.result
        #expect(result.overlaps == 0)
        #expect(result.processings > 0)
        // Every key was processed after its last add: the queue lost no update.
        #expect(result.lastSeen == result.versions)
    }

    @Test func delayedKeysBecomeReadyInDeadlineOrder() async {
        let clock = ManualClock()
        let queue = Self.makeQueue(clock: clock)
        #expect(queue.add("late", after: .seconds(3)) == .added)
        #expect(queue.add("early", after: .seconds(1)) == .added)
        #expect(queue.add("middle", after: .seconds(2)) == .added)
        #expect(queue.statistics().delayed == 3)
        #expect(queue.statistics().depth == 0)

        clock.advance(by: .seconds(1))
        #expect(queue.statistics().depth == 1)
        #expect(queue.statistics().delayed == 2)
        clock.advance(by: .seconds(2))
        #expect(await queue.next() == "early")
        #expect(await queue.next() == "middle")
        #expect(await queue.next() == "late")
    }

    @Test func aDelayedKeyWakesAnIdleWorkerWhenDue() async {
        let clock = ManualClock()
        let queue = Self.makeQueue(clock: clock)
        let worker = Task { await queue.next() }
        #expect(await eventually { queue.statistics().idleWorkers == 1 })
        queue.add("k", after: .seconds(5))
        #expect(await eventually { clock.sleeperCount == 1 })
        clock.advance(by: .seconds(4))
        #expect(queue.statistics().delayed == 1)
        clock.advance(by: .seconds(1))
        #expect(await worker.value == "k")
    }

    @Test func anEarlierDeadlineReplacesALaterOne() async {
        let clock = ManualClock()
        let queue = Self.makeQueue(clock: clock)
        #expect(queue.add("k", after: .seconds(10)) == .added)
        #expect(queue.add("k", after: .seconds(2)) == .coalesced)
        #expect(queue.add("k", after: .seconds(30)) == .coalesced)
        clock.advance(by: .seconds(2))
        #expect(await queue.next() == "k")
        queue.done("k")
        clock.advance(by: .seconds(30))
        // The superseded deadlines do not bring the key back.
        #expect(queue.statistics().depth == 0)
        #expect(queue.statistics().delayed == 0)
    }

    @Test func aPlainAddMakesADelayedKeyReadyOnce() async {
        let clock = ManualClock()
        let queue = Self.makeQueue(clock: clock)
        queue.add("k", after: .seconds(5))
        #expect(queue.add("k") == .coalesced)
        #expect(queue.statistics().delayed == 0)
        #expect(await queue.next() == "k")
        queue.done("k")
        clock.advance(by: .seconds(5))
        #expect(queue.statistics().depth == 0)

        // A ready key asked for later stays ready; a non-positive delay is an immediate add.
        queue.add("r")
        #expect(queue.add("r", after: .seconds(1)) == .coalesced)
        #expect(queue.statistics().delayed == 0)
        #expect(queue.add("z", after: .zero) == .added)
        #expect(queue.statistics().ready == 2)
    }

    @Test func rateLimitedReAddsBackOffUntilForgotten() async {
        let clock = ManualClock()
        let queue = Self.makeQueue(clock: clock)
        queue.add("k")
        for expected in [1, 2, 4, 4] as [Int64] {
            #expect(await queue.next() == "k")
            #expect(queue.addRateLimited("k") == .added)
            queue.done("k")
            clock.advance(by: .seconds(expected) - .milliseconds(1))
            #expect(queue.statistics().ready == 0)
            clock.advance(by: .milliseconds(1))
            #expect(queue.statistics().ready == 1)
        }
        #expect(queue.numRequeues("k") == 4)
        queue.forget("k")
        #expect(queue.numRequeues("k") == 0)
        #expect(await queue.next() == "k")
        queue.addRateLimited("k")
        queue.done("k")
        clock.advance(by: .seconds(1))
        #expect(queue.statistics().ready == 1)
    }

    @Test func theOverallTokenBucketSpacesRetriesOfDifferentKeys() async {
        let clock = ManualClock()
        let queue = WorkQueue<String>(clock: clock, rateLimiter: TokenBucketRateLimiter(ratePerSecond: 1, burst: 2))
        queue.addRateLimited("a")
        queue.addRateLimited("b")
        queue.addRateLimited("c")
        #expect(queue.statistics().ready == 2)
        #expect(queue.statistics().delayed == 1)
        clock.advance(by: .seconds(1))
        #expect(queue.statistics().ready == 3)
    }

    @Test func shutDownReleasesIdleWorkersAndDropsPendingKeys() async {
        let queue = Self.makeQueue()
        queue.add("held")
        #expect(await queue.next() == "held")
        let workers = (0..<3).map { _ in Task { await queue.next() } }
        #expect(await eventually { queue.statistics().idleWorkers == 3 })
        queue.add("delayed", after: .seconds(1))

        queue.shutDown()
        for worker in workers { #expect(await worker.value == nil) }
        #expect(queue.isShuttingDown)
        #expect(queue.add("late") == .shuttingDown)
        #expect(queue.add("late", after: .seconds(1)) == .shuttingDown)
        #expect(queue.addRateLimited("late") == .shuttingDown)
        #expect(await queue.next() == nil)
        let statistics = queue.statistics()
        #expect(statistics.delayed == 0)
        #expect(statistics.depth == 0)
        #expect(statistics.processing == 1)

        // The held key stays its worker's; a drain now only waits for it.
        queue.done("held")
        await queue.shutDownWithDrain()
        #expect(queue.statistics().processing == 0)
    }

    @Test func shutDownDropsReadyKeys() async {
        let queue = Self.makeQueue()
        queue.add("a")
        queue.add("b")
        queue.shutDown()
        #expect(await queue.next() == nil)
        await queue.shutDownWithDrain()
    }

    @Test func drainFinishesReadyAndHeldKeysThenStops() async {
        let clock = ManualClock()
        let queue = Self.makeQueue(clock: clock)
        queue.add("a")
        queue.add("b")
        queue.add("later", after: .seconds(1))
        #expect(await queue.next() == "a")
        queue.add("a")  // re-added while held: part of the work to drain

        let drained = Flag()
        let drainer = Task {
            await queue.shutDownWithDrain()
            drained.set()
        }
        #expect(await eventually { queue.isShuttingDown })
        #expect(queue.add("new") == .shuttingDown)
        #expect(queue.statistics().delayed == 0)

        #expect(await queue.next() == "b")
        queue.done("b")
        #expect(!drained.isSet)
        queue.done("a")
        #expect(await queue.next() == "a")
        let idle = Task { await queue.next() }
        #expect(await eventually { queue.statistics().idleWorkers == 1 })
        #expect(!drained.isSet)
        queue.done("a")

        await drainer.value
        #expect(drained.isSet)
        #expect(await idle.value == nil)
        #expect(await queue.next() == nil)
        clock.advance(by: .seconds(1))
        #expect(queue.statistics().depth == 0)
    }

    @Test func drainOfAnIdleQueueReturnsAtOnce() async {
        let queue = Self.makeQueue()
        await queue.shutDownWithDrain()
        #expect(queue.isShuttingDown)
        #expect(await queue.next() == nil)
    }

    @Test func theBoundRefusesNewKeysButNeverAHeldOne() async {
        let queue = Self.makeQueue(maximumPendingKeys: 2)
        #expect(queue.add("a") == .added)
        #expect(queue.add("b") == .added)
        #expect(queue.add("c") == .full)
        #expect(queue.add("c", after: .seconds(1)) == .full)
        #expect(queue.add("a") == .coalesced)

        #expect(await queue.next() == "a")
        #expect(queue.add("c") == .added)
        #expect(queue.add("d") == .full)
        // "a" is held: its re-add (or its failed reconcile's retry) is never refused.
        #expect(queue.add("a") == .added)
        #expect(queue.addRateLimited("a") == .coalesced)
        #expect(queue.statistics().pendingKeys == 3)
        #expect(!queue.add("e").isAccepted)
    }

    @Test func metricsCountWhatHappens() async {
        let clock = ManualClock()
        let metrics = RecordingMetrics()
        let queue = Self.makeQueue(clock: clock, metrics: metrics)
        queue.add("a")
        queue.add("a")
        queue.add("b")
        #expect(metrics.snapshot.adds == 2)
        #expect(metrics.snapshot.depth == 2)

        clock.advance(by: .seconds(2))
        #expect(await queue.next() == "a")
        clock.advance(by: .seconds(3))
        #expect(await queue.next() == "b")
        #expect(metrics.snapshot.waits == [.seconds(2), .seconds(5)])
        #expect(metrics.snapshot.depth == 0)

        clock.advance(by: .seconds(1))
        var statistics = queue.statistics()
        #expect(statistics.unfinishedWork == .seconds(5))
        #expect(statistics.longestRunningProcessor == .seconds(4))

        queue.done("a")
        #expect(metrics.snapshot.works == [.seconds(4)])
        statistics = queue.statistics()
        #expect(statistics.unfinishedWork == .seconds(1))
        #expect(statistics.longestRunningProcessor == .seconds(1))

        queue.add("c", after: .seconds(1))
        queue.addRateLimited("b")
        #expect(metrics.snapshot.retries == 2)
        #expect(metrics.snapshot.adds == 2)
        clock.advance(by: .seconds(1))
        // A delayed key counts as added when it becomes ready, and waited from its deadline.
        #expect(await queue.next() == "c")
        #expect(metrics.snapshot.adds == 4)
        #expect(metrics.snapshot.waits.last == .zero)
        #expect(WorkQueueMetricName.depth == "workqueue_depth")
        #expect(WorkQueueMetricName.longestRunningProcessor == "workqueue_longest_running_processor_seconds")
    }

    @Test func aCancelledWorkerGivesUpWithoutLosingAKey() async {
        let queue = Self.makeQueue()
        let worker = Task { await queue.next() }
        #expect(await eventually { queue.statistics().idleWorkers == 1 })
        worker.cancel()
        #expect(await worker.value == nil)
        #expect(queue.statistics().idleWorkers == 0)
        queue.add("k")
        #expect(await queue.next() == "k")
    }

    @Test func idleWorkersAreServedInArrivalOrder() async {
        let queue = Self.makeQueue()
        let first = Task { await queue.next() }
        #expect(await eventually { queue.statistics().idleWorkers == 1 })
        let second = Task { await queue.next() }
        #expect(await eventually { queue.statistics().idleWorkers == 2 })
        queue.add("one")
        queue.add("two")
        #expect(await first.value == "one")
        #expect(await second.value == "two")
    }
}

@Suite("Manual clock")
struct ManualClockTests {
    @Test func advanceWakesDueSleepersOnly() async throws {
        let clock = ManualClock()
        let early = Task { try await clock.sleep(for: .seconds(1)) }
        let late = Task { try await clock.sleep(for: .seconds(10)) }
        #expect(await eventually { clock.sleeperCount == 2 })
        clock.advance(by: .seconds(1))
        try await early.value
        #expect(clock.sleeperCount == 1)
        #expect(clock.elapsed == .seconds(1))
        late.cancel()
        await #expect(throws: CancellationError.self) { try await late.value }
        #expect(clock.sleeperCount == 0)
        // A deadline already passed returns at once.
        try await clock.sleep(until: clock.start)
    }
}

// MARK: - Test support

/// Waits, yielding, until `condition` holds; false after 10 s of real time (a failing test, not
/// a timing assumption).
func eventually(_ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(10)
    while !condition() {
        if ContinuousClock.now > deadline { return false }
        await Task.yield()
    }
    return true
}

final class Flag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}

/// Records which keys workers hold, to catch two workers holding one key, and which add
/// (version) each processing started after.
final class ProcessingTracker: Sendable {
    struct Result {
        var active: Set<Int> = []
        var overlaps = 0
        var processings = 0
        var versions: [Int: Int] = [:]
        var lastSeen: [Int: Int] = [:]
    }

    private let state = Mutex(Result())
    var result: Result { state.withLock { $0 } }

    func bump(_ key: Int) { state.withLock { $0.versions[key, default: 0] += 1 } }

    func begin(_ key: Int) {
        state.withLock { state in
            if !state.active.insert(key).inserted { state.overlaps += 1 }
            state.processings += 1
            state.lastSeen[key] = state.versions[key]
        }
    }

    func end(_ key: Int) { _ = state.withLock { $0.active.remove(key) } }
}

final class RecordingMetrics: WorkQueueMetrics {
    struct Snapshot {
        var depth = 0
        var adds = 0
        var retries = 0
        var waits: [Duration] = []
        var works: [Duration] = []
    }

    private let state = Mutex(Snapshot())
    var snapshot: Snapshot { state.withLock { $0 } }

    func depthChanged(to depth: Int) { state.withLock { $0.depth = depth } }
    func keyAdded() { state.withLock { $0.adds += 1 } }
    func keyWaited(_ duration: Duration) { state.withLock { $0.waits.append(duration) } }
    func keyProcessed(in duration: Duration) { state.withLock { $0.works.append(duration) } }
    func keyRetried() { state.withLock { $0.retries += 1 } }
}
