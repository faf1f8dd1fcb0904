/// Decides how long a key waits before its next attempt (client-go's `workqueue.RateLimiter`).
///
/// Limiters are values: the work queue keeps one under its lock and passes it the current time,
/// so a limiter is pure and needs no clock or lock of its own.
public protocol RateLimiter<Key>: Sendable {
    associatedtype Key: Hashable & Sendable

    /// How long `key` must wait before it is retried; counts one more failure of `key`.
    mutating func delay(for key: Key, now: ContinuousClock.Instant) -> Duration

    /// Stops tracking `key` (it succeeded, or its retries are over): its backoff starts afresh.
    mutating func forget(_ key: Key)

    /// How many failures of `key` are being tracked (client-go's `NumRequeues`).
    func failures(of key: Key) -> Int
}

/// The longest delay of several limiters (client-go's `MaxOfRateLimiter`): typically a per-key
/// backoff together with an overall token bucket. Every limiter is consulted on every failure.
public struct MaxOfRateLimiter<Key: Hashable & Sendable>: RateLimiter {
    public private(set) var limiters: [any RateLimiter<Key>]

    public init(_ limiters: [any RateLimiter<Key>]) {
        self.limiters = limiters
    }

    public mutating func delay(for key: Key, now: ContinuousClock.Instant) -> Duration {
        var longest = Duration.zero
        for index in limiters.indices {
            longest = max(longest, limiters[index].delay(for: key, now: now))
        }
        return longest
    }

    public mutating func forget(_ key: Key) {
        for index in limiters.indices { limiters[index].forget(key) }
    }

    public func failures(of key: Key) -> Int {
        limiters.map { $0.failures(of: key) }.max() ?? 0
    }
}

extension MaxOfRateLimiter {
    /// controller-runtime's default: per-key exponential backoff from 5 ms to 1000 s (here with
    /// jitter), and overall at most 10 retries per second with bursts of 100.
    public static func controllerDefault(jitter: Double = ExponentialBackoffRateLimiter<Key>.defaultJitter,
                                         random: JitterSource = .system) -> MaxOfRateLimiter {
        MaxOfRateLimiter([
            ExponentialBackoffRateLimiter<Key>(jitter: jitter, random: random),
            TokenBucketRateLimiter<Key>(),
        ])
    }
}
