import Synchronization

/// A clock that moves only when a test calls `advance`. Sleepers whose deadline the clock reaches
/// are resumed by `advance` itself, in deadline order, so no test waits in real time.
public final class ManualClock: RuntimeClock {
    private struct Sleeper {
        var deadline: ContinuousClock.Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: ContinuousClock.Instant
        var sleepers: [UInt64: Sleeper] = [:]
        var nextSleeperID: UInt64 = 0
    }

    /// The instant the clock started at.
    public let start: ContinuousClock.Instant
    private let state: Mutex<State>

    /// A clock standing at `start` (by default the real current instant).
    public init(start: ContinuousClock.Instant = ContinuousClock.now) {
        self.start = start
        state = Mutex(State(now: start))
    }

    public var now: ContinuousClock.Instant { state.withLock { $0.now } }

    /// How far the clock has been advanced since it started.
    public var elapsed: Duration { now - start }

    /// How many tasks are suspended in `sleep(until:)`: lets a test wait until a timer is armed.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// The earliest deadline anyone sleeps until, if anyone sleeps.
    public var nextDeadline: ContinuousClock.Instant? {
        state.withLock { $0.sleepers.values.map(\.deadline).min() }
    }

    /// Moves the clock forward by `duration` (negative durations are ignored) and resumes every
    /// sleeper whose deadline is reached.
    public func advance(by duration: Duration) {
        guard duration > .zero else { return }
        advance(to: now + duration)
    }

    /// Moves the clock to `instant` (never backwards) and resumes every sleeper it reaches.
    public func advance(to instant: ContinuousClock.Instant) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = max(state.now, instant)
            let reached = state.sleepers.filter { $0.value.deadline <= state.now }
            for id in reached.keys { state.sleepers[id] = nil }
            return reached.sorted { ($0.value.deadline, $0.key) < ($1.value.deadline, $1.key) }.map(\.value)
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    public func sleep(until deadline: ContinuousClock.Instant) async throws {
        try Task.checkCancellation()
        let id = state.withLock { state -> UInt64 in
            state.nextSleeperID += 1
            return state.nextSleeperID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // The cancellation handler may already have run and found nothing to cancel:
                // checking under the lock closes that window.
                let immediate = state.withLock { state -> Result<Void, any Error>? in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if deadline <= state.now { return .success(()) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            let sleeper = state.withLock { $0.sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }
}
