/// One token bucket for every key together (client-go's `BucketRateLimiter`): at most `burst`
/// retries at once, refilled at `ratePerSecond`. Each retry takes a token; when none is left it
/// reserves the next one and waits for it, so retries queue up at the fill rate rather than
/// being refused. Keys are not tracked: `forget` does nothing and `failures` is always 0.
public struct TokenBucketRateLimiter<Key: Hashable & Sendable>: RateLimiter {
    public let ratePerSecond: Double
    public let burst: Int
    /// Tokens available at `updated`; negative when retries have reserved future tokens.
    private var tokens: Double
    private var updated: ContinuousClock.Instant?

    /// controller-runtime's default is 10 per second with bursts of 100. A rate that is not
    /// positive is read as 1 per second and a burst below 1 as 1, so the bucket always refills.
    public init(ratePerSecond: Double = 10, burst: Int = 100) {
        self.ratePerSecond = ratePerSecond > 0 && ratePerSecond.isFinite ? ratePerSecond : 1
        self.burst = max(burst, 1)
        tokens = Double(self.burst)
    }

    public mutating func delay(for _: Key, now: ContinuousClock.Instant) -> Duration {
        if let updated, now > updated {
            let refill = (now - updated) / .seconds(1) * ratePerSecond
            tokens = min(Double(burst), tokens + refill)
        }
        updated = max(updated ?? now, now)
        tokens -= 1
        return tokens >= 0 ? .zero : .seconds(-tokens / ratePerSecond)
    }

    public mutating func forget(_: Key) {}

    public func failures(of _: Key) -> Int { 0 }
}
