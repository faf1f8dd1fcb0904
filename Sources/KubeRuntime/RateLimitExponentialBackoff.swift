/// Per-key exponential backoff: the n-th consecutive failure of a key waits
/// `baseDelay · 2ⁿ⁻¹`, capped at `maximumDelay` (client-go's `ItemExponentialFailureRateLimiter`),
/// then shortened by a random fraction of up to `jitter`.
///
/// Jitter only ever shortens the delay, so the cap holds exactly, and keys that failed together
/// (a broker outage fails every route at once) spread out instead of retrying in lock-step, which
/// matters most once they all sit at the cap.
public struct ExponentialBackoffRateLimiter<Key: Hashable & Sendable>: RateLimiter {
    /// The jitter used unless told otherwise: delays fall in (90 %, 100 %] of the nominal delay.
    public static var defaultJitter: Double { 0.1 }

    public let baseDelay: Duration
    public let maximumDelay: Duration
    /// The largest fraction (0...1) of the nominal delay removed at random.
    public let jitter: Double
    private var failureCounts: [Key: Int] = [:]
    private var random: JitterSource

    public init(baseDelay: Duration = .milliseconds(5), maximumDelay: Duration = .seconds(1000),
                jitter: Double = defaultJitter, random: JitterSource = .system) {
        self.baseDelay = max(baseDelay, .zero)
        self.maximumDelay = max(maximumDelay, self.baseDelay)
        self.jitter = jitter.isNaN ? 0 : min(max(jitter, 0), 1)
        self.random = random
    }

    /// The delay before jitter once a key has failed `priorFailures` times before this failure:
    /// `baseDelay · 2^priorFailures`, capped. Integer arithmetic, so it never overflows.
    public func nominalDelay(priorFailures: Int) -> Duration {
        var delay = baseDelay
        var doublings = priorFailures
        while doublings > 0 && delay > .zero && delay < maximumDelay {
            delay = delay * 2
            doublings -= 1
        }
        return min(delay, maximumDelay)
    }

    public mutating func delay(for key: Key, now _: ContinuousClock.Instant) -> Duration {
        let prior = failureCounts[key, default: 0]
        failureCounts[key] = prior == Int.max ? prior : prior + 1
        let nominal = nominalDelay(priorFailures: prior)
        guard jitter > 0 else { return nominal }
        return nominal - nominal * (jitter * random.nextUnit())
    }

    public mutating func forget(_ key: Key) {
        failureCounts[key] = nil
    }

    public func failures(of key: Key) -> Int {
        failureCounts[key, default: 0]
    }
}

/// Where backoff jitter comes from: the system's random numbers, or a seeded sequence so tests
/// and benchmarks can repeat a run exactly.
public struct JitterSource: Sendable {
    private var seededState: UInt64?

    /// The system random number generator.
    public static var system: JitterSource { JitterSource(seededState: nil) }

    /// A reproducible sequence (SplitMix64) from `seed`.
    public static func seeded(_ seed: UInt64) -> JitterSource { JitterSource(seededState: seed) }

    /// A number in `0..<1`.
    public mutating func nextUnit() -> Double {
        guard var state = seededState else { return Double.random(in: 0..<1) }
        state &+= 0x9E37_79B9_7F4A_7C15
        seededState = state
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        mixed ^= mixed >> 31
        // The top 53 bits make every double in 0..<1 on the 2⁻⁵³ grid equally likely.
        return Double(mixed >> 11) * 0x1.0p-53
    }
}
