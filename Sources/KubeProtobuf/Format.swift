import KubeCore

/// Renderings of Kubernetes' wire values the way Go's JSON encoding writes them.
enum Format {
    /// Seconds from the Unix epoch to 0000-01-01 and to 9999-12-31T23:59:59, the range Go's
    /// `Time.MarshalJSON` accepts.
    static let earliestSeconds: Int64 = -62_167_219_200
    static let latestSeconds: Int64 = 253_402_300_799

    /// RFC 3339 in UTC (`2026-11-23T19:21:03Z`), with `fractionDigits` digits of the second
    /// (0 for meta/v1 Time, 6 for MicroTime). Nil outside years 0000...9999.
    static func rfc3339(seconds: Int64, nanos: Int32, fractionDigits: Int) -> String? {
        guard (earliestSeconds...latestSeconds).contains(seconds), (0..<1_000_000_000).contains(nanos)
        else { return nil }
        return Timestamp(secondsSinceEpoch: seconds, nanoseconds: nanos).formatted(fractionalDigits: fractionDigits)
    }

    /// Go's `time.Duration.String()`: "0s", "1h0m0s", "1m30s", "1.5s", "500ms", "1.5µs", "-2m3s".
    static func goDuration(_ nanoseconds: Int64) -> String {
        if nanoseconds == 0 { return "0s" }
        let sign = nanoseconds < 0 ? "-" : ""
        var value = nanoseconds.magnitude
        if value < 1_000_000_000 {
            if value < 1_000 { return "\(sign)\(value)ns" }
            let (digits, unit): (Int, String) = value < 1_000_000 ? (3, "µs") : (6, "ms")
            return sign + fraction(value, digits: digits) + unit
        }
        var text = fraction(value % 60_000_000_000, digits: 9) + "s"
        value /= 60_000_000_000
        if value > 0 {
            text = "\(value % 60)m" + text
            value /= 60
            if value > 0 { text = "\(value)h" + text }
        }
        return sign + text
    }

    /// Standard base64 with padding, as Go's `encoding/json` writes `[]byte`.
    static func base64<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next(), third = iterator.next()
            let group = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
            output.append(alphabet[Int(group >> 18 & 63)])
            output.append(alphabet[Int(group >> 12 & 63)])
            output.append(second == nil ? UInt8(ascii: "=") : alphabet[Int(group >> 6 & 63)])
            output.append(third == nil ? UInt8(ascii: "=") : alphabet[Int(group & 63)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `value` scaled down by 10^digits, with the fraction's trailing zeros (and a bare point) dropped.
    private static func fraction(_ value: UInt64, digits: Int) -> String {
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        var fractional = String(value % scale)
        fractional = String(repeating: "0", count: digits - fractional.count) + fractional
        while fractional.last == "0" { fractional.removeLast() }
        return "\(value / scale)" + (fractional.isEmpty ? "" : "." + fractional)
    }
}
