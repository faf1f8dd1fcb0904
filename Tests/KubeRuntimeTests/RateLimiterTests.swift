import KubeRuntime
import Testing

@Suite("Rate limiters")
struct RateLimiterTests {
    let start = ContinuousClock.now

    @Test func exponentialBackoffDoublesPerFailure() {
        var limiter = ExponentialBackoffRateLimiter<String>(jitter: 0)
        let delays = (0..<5).map { _ in limiter.delay(for: "k", now: start) }
        #expect(delays == [5, 10, 20, 40, 80].map { Duration.milliseconds($0) })
        #expect(limiter.failures(of: "k") == 5)
        #expect(limiter.failures(of: "other") == 0)
        // Keys back off independently.
        #expect(limiter.delay(for: "other", now: start) == .milliseconds(5))
    }

    @Test func exponentialBackoffStopsAtItsCapWithoutOverflowing() {
        var limiter = ExponentialBackoffRateLimiter<String>(jitter: 0)
        var last = Duration.zero
        for _ in 0..<200 {
            let delay = limiter.delay(for: "k", now: start)
            #expect(delay >= last)
            #expect(delay <= .seconds(1000))
            last = delay
        }
        #expect(last == .seconds(1000))
        #expect(limiter.nominalDelay(priorFailures: 17) == .milliseconds(5) * 131_072)
        #expect(limiter.nominalDelay(priorFailures: 18) == .seconds(1000))
        #expect(limiter.nominalDelay(priorFailures: .max) == .seconds(1000))
    }

    @Test func forgetStartsTheBackoffAgain() {
        var limiter = ExponentialBackoffRateLimiter<String>(baseDelay: .seconds(1), jitter: 0)
        for _ in 0..<3 { _ = limiter.delay(for: "k", now: start) }
        #expect(limiter.failures(of: "k") == 3)
        limiter.forget("k")
        #expect(limiter.failures(of: "k") == 0)
        #expect(limiter.delay(for: "k", now: start) == .seconds(1))
    }

    @Test func jitterOnlyShortensAndStaysWithinItsFraction() {
        var limiter = ExponentialBackoffRateLimiter<Int>(maximumDelay: .seconds(10), jitter: 0.5, random: .seeded(7))
        var firstDelays: Set<Duration> = []
        for key in 0..<200 {
            for failure in 0..<15 {
                let nominal = limiter.nominalDelay(priorFailures: failure)
                let delay = limiter.delay(for: key, now: start)
                #expect(delay <= nominal)
                #expect(delay > nominal / 2)
                if failure == 0 { firstDelays.insert(delay) }
            }
        }
        // Keys that fail together do not retry together.
        #expect(firstDelays.count > 100)
    }

    @Test func seededJitterRepeatsExactly() {
        var first = ExponentialBackoffRateLimiter<Int>(random: .seeded(42))
        var second = ExponentialBackoffRateLimiter<Int>(random: .seeded(42))
        let a = (0..<20).map { first.delay(for: $0 % 3, now: start) }
        let b = (0..<20).map { second.delay(for: $0 % 3, now: start) }
        #expect(a == b)
        var source = JitterSource.seeded(1)
        for _ in 0..<1000 {
            let unit = source.nextUnit()
            #expect(unit >= 0 && unit < 1)
        }
    }

    @Test func outOfRangeSettingsAreClamped() {
        let limiter = ExponentialBackoffRateLimiter<Int>(baseDelay: .seconds(-1), maximumDelay: .seconds(-5), jitter: 3)
        #expect(limiter.baseDelay == .zero)
        #expect(limiter.maximumDelay == .zero)
        #expect(limiter.jitter == 1)
        #expect(limiter.nominalDelay(priorFailures: 10) == .zero)
        let bucket = TokenBucketRateLimiter<Int>(ratePerSecond: 0, burst: 0)
        #expect(bucket.ratePerSecond == 1)
        #expect(bucket.burst == 1)
    }

    @Test func tokenBucketAllowsABurstThenTheRate() {
        var bucket = TokenBucketRateLimiter<Int>()
        for key in 0..<100 { #expect(bucket.delay(for: key, now: start) == .zero) }
        expectClose(bucket.delay(for: 100, now: start), .milliseconds(100))
        expectClose(bucket.delay(for: 101, now: start), .milliseconds(200))
        // One second refills 10 tokens, two of which were already reserved.
        let later = start + .seconds(1)
        for key in 0..<8 { #expect(bucket.delay(for: key, now: later) == .zero) }
        expectClose(bucket.delay(for: 8, now: later), .milliseconds(100))
        #expect(bucket.failures(of: 8) == 0)
    }

    @Test func tokenBucketNeverHoldsMoreThanItsBurst() {
        var bucket = TokenBucketRateLimiter<Int>(ratePerSecond: 10, burst: 3)
        let later = start + .seconds(3600)
        _ = bucket.delay(for: 0, now: start)
        for key in 0..<3 { #expect(bucket.delay(for: key, now: later) == .zero) }
        #expect(bucket.delay(for: 3, now: later) > .zero)
        // A time before the last one (callers racing on the clock) takes nothing back.
        #expect(bucket.delay(for: 4, now: start) > .zero)
    }

    @Test func maxOfTakesTheLongestDelayAndForgetsEverywhere() {
        var limiter = MaxOfRateLimiter<Int>([
            ExponentialBackoffRateLimiter<Int>(jitter: 0),
            TokenBucketRateLimiter<Int>(ratePerSecond: 10, burst: 2),
        ])
        #expect(limiter.delay(for: 1, now: start) == .milliseconds(5))
        #expect(limiter.delay(for: 1, now: start) == .milliseconds(10))
        // The bucket is empty now: the next key waits for a token, not for its own backoff.
        expectClose(limiter.delay(for: 2, now: start), .milliseconds(100))
        #expect(limiter.failures(of: 1) == 2)
        limiter.forget(1)
        #expect(limiter.failures(of: 1) == 0)
    }

    @Test func controllerDefaultIsFiveMillisecondsToThousandSecondsWithABucket() {
        var limiter = MaxOfRateLimiter<Int>.controllerDefault(random: .seeded(3))
        let first = limiter.delay(for: 0, now: start)
        #expect(first <= .milliseconds(5))
        #expect(first > .milliseconds(4))
        for key in 1..<100 { _ = limiter.delay(for: key, now: start) }
        expectClose(limiter.delay(for: 100, now: start), .milliseconds(100))
        for _ in 0..<40 { _ = limiter.delay(for: 0, now: start + .seconds(3600)) }
        let capped = limiter.delay(for: 0, now: start + .seconds(7200))
        #expect(capped <= .seconds(1000))
        #expect(capped > .seconds(900))
    }
}

/// Durations made from floating-point seconds are exact only to an attosecond or so.
func expectClose(_ actual: Duration, _ expected: Duration, sourceLocation: SourceLocation = #_sourceLocation) {
    let difference = actual > expected ? actual - expected : expected - actual
    #expect(difference < .nanoseconds(1), "\(actual) is not \(expected)", sourceLocation: sourceLocation)
}
