/// A duration that could not be parsed.
public struct DurationParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var input: String
    public var reason: String

    public var description: String { "invalid duration \"\(input)\": \(reason)" }
}

extension Duration {
    /// Parses a Go duration (`time.ParseDuration`): a signed sequence of decimal numbers with
    /// units `ns`, `us` (or `µs`), `ms`, `s`, `m`, `h`, such as `200ms`, `1m30s`, `1.5h`, `0`.
    /// The range is Go's: about ±292 years.
    public init(goDuration text: String) throws(DurationParseError) {
        func failure(_ reason: String) -> DurationParseError { DurationParseError(input: text, reason: reason) }
        var rest = Substring(text).unicodeScalars[...]
        var negative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        if String(String.UnicodeScalarView(rest)) == "0" {
            self = .zero
            return
        }
        guard !rest.isEmpty else { throw failure("empty") }
        let limit = UInt64(Int64.max) + (negative ? 1 : 0)
        var total: UInt64 = 0
        while !rest.isEmpty {
            guard let next = rest.first, next == "." || ("0"..."9").contains(next) else {
                throw failure("expected a number")
            }
            var whole: UInt64 = 0
            var sawWhole = false
            while let digit = rest.first, ("0"..."9").contains(digit) {
                let (times10, overflow1) = whole.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit.value - 48))
                guard !overflow1, !overflow2 else { throw failure("out of range") }
                whole = sum
                sawWhole = true
                rest = rest.dropFirst()
            }
            var fraction: UInt64 = 0
            var scale: UInt64 = 1
            var sawFraction = false
            if rest.first == "." {
                rest = rest.dropFirst()
                while let digit = rest.first, ("0"..."9").contains(digit) {
                    // Digits past what 64 bits hold cannot change the nanoseconds; skip them.
                    if scale <= UInt64(1e17) {
                        fraction = fraction * 10 + UInt64(digit.value - 48)
                        scale *= 10
                    }
                    sawFraction = true
                    rest = rest.dropFirst()
                }
            }
            guard sawWhole || sawFraction else { throw failure("expected digits") }
            var unitText = ""
            while let scalar = rest.first, scalar != ".", !("0"..."9").contains(scalar) {
                unitText.unicodeScalars.append(scalar)
                rest = rest.dropFirst()
            }
            guard !unitText.isEmpty else { throw failure("missing unit") }
            guard let unit = Self.goUnits[unitText] else { throw failure("unknown unit \"\(unitText)\"") }
            let (scaled, overflow) = whole.multipliedReportingOverflow(by: unit)
            guard !overflow, scaled <= limit else { throw failure("out of range") }
            var component = scaled
            if fraction > 0 {
                // fraction/scale < 1, so fraction*unit/scale < unit: exact integer arithmetic, truncated.
                let product = fraction.multipliedFullWidth(by: unit)
                component += scale.dividingFullWidth(product).quotient
            }
            let (sum, sumOverflow) = total.addingReportingOverflow(component)
            guard !sumOverflow, sum <= limit else { throw failure("out of range") }
            total = sum
        }
        if negative {
            self = total == UInt64(Int64.max) + 1 ? .nanoseconds(Int64.min) : .nanoseconds(-Int64(total))
        } else {
            self = .nanoseconds(Int64(total))
        }
    }

    private static let goUnits: [String: UInt64] = [
        "ns": 1, "us": 1_000, "\u{00B5}s": 1_000, "\u{03BC}s": 1_000, "ms": 1_000_000,
        "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]

    /// This duration in whole nanoseconds, saturating at the bounds of `Int64`.
    public var totalNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflow || overflow2 { return seconds < 0 ? Int64.min : Int64.max }
        return sum
    }

    /// This duration as Go prints it (`time.Duration.String`): `1h2m3.5s`, `200ms`, `1.5µs`, `0s`.
    public var goDurationString: String {
        let nanoseconds = totalNanoseconds
        let negative = nanoseconds < 0
        let magnitude = nanoseconds.magnitude
        var text: String
        if magnitude == 0 {
            return "0s"
        } else if magnitude < 1_000 {
            text = "\(magnitude)ns"
        } else if magnitude < 1_000_000 {
            text = Self.decimal(magnitude, fractionDigits: 3) + "\u{00B5}s"
        } else if magnitude < 1_000_000_000 {
            text = Self.decimal(magnitude, fractionDigits: 6) + "ms"
        } else {
            let totalSeconds = magnitude / 1_000_000_000
            text = Self.decimal(magnitude % 60_000_000_000, fractionDigits: 9) + "s"
            let minutes = totalSeconds / 60
            if minutes > 0 {
                text = "\(minutes % 60)m" + text
                let hours = minutes / 60
                if hours > 0 { text = "\(hours)h" + text }
            }
        }
        return negative ? "-" + text : text
    }

    /// `value / 10^fractionDigits` in decimal, without trailing zeros or a bare point.
    private static func decimal(_ value: UInt64, fractionDigits: Int) -> String {
        var divisor: UInt64 = 1
        for _ in 0..<fractionDigits { divisor *= 10 }
        let whole = value / divisor
        let fraction = value % divisor
        guard fraction > 0 else { return String(whole) }
        var digits = String(fraction)
        digits = String(repeating: "0", count: fractionDigits - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }
}

/// A duration as Kubernetes carries it in JSON (`metav1.Duration`): a Go duration string.
/// Any string decodes, so a malformed value can be reported as a field error instead of failing
/// the whole object; `duration` is nil for such a value.
public struct DurationString: RawRepresentable, Codable, Sendable, Hashable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    public init(_ duration: Duration) {
        self.rawValue = duration.goDurationString
    }

    /// The parsed duration, or nil when the text is not a Go duration.
    public var duration: Duration? { try? Duration(goDuration: rawValue) }

    public var description: String { rawValue }
}
