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
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Days to a civil date (Howard Hinnant's algorithm), in the proleptic Gregorian calendar.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        var text = "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))T"
            + "\(padded(secondOfDay / 3_600, 2)):\(padded(secondOfDay / 60 % 60, 2)):\(padded(secondOfDay % 60, 2))"
        if fractionDigits > 0 {
            var divisor: Int64 = 1
            for _ in fractionDigits..<9 { divisor *= 10 }
            text += "." + padded(Int64(nanos) / divisor, fractionDigits)
        }
        return text + "Z"
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

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
