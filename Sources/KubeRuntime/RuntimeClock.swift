/// The time source of the runtime's timers (work-queue delays, backoff, token buckets). Injected
/// so tests drive time with a `ManualClock` instead of sleeping.
///
/// Instants are `ContinuousClock.Instant`s: a manual clock starts at a real instant and moves
/// only when told, so code can mix its instants with deadlines taken from either clock.
public protocol RuntimeClock: Sendable {
    /// The current instant.
    var now: ContinuousClock.Instant { get }

    /// Suspends until `deadline`; returns at once when it has passed. Throws `CancellationError`
    /// when the calling task is cancelled first.
    func sleep(until deadline: ContinuousClock.Instant) async throws
}

extension RuntimeClock {
    /// Suspends for `duration` from now.
    public func sleep(for duration: Duration) async throws {
        try await sleep(until: now + duration)
    }
}

/// Real time: `ContinuousClock`, which keeps counting while the machine sleeps.
public struct SystemClock: RuntimeClock {
    public init() {}

    public var now: ContinuousClock.Instant { ContinuousClock.now }

    public func sleep(until deadline: ContinuousClock.Instant) async throws {
        try await Task.sleep(until: deadline, clock: .continuous)
    }
}
