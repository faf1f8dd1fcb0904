import Foundation

/// An RFC 3339 `date-time` (`2025-01-14T03:12:45.120Z`, `2025-01-14T04:12:45+01:00`).
///
/// The text is kept exactly as received so that forwarding an event never rewrites it; equality,
/// hashing and ordering use the instant, so two spellings of the same moment are equal.
public struct EventTimestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The RFC 3339 text, as parsed or as produced by `init(_:)`.
    public let rfc3339: String
    /// Whole seconds since 1970-01-01T00:00:00Z.
    public let secondsSinceEpoch: Int64
    /// Nanoseconds past `secondsSinceEpoch` (0...999_999_999); digits beyond the ninth are dropped.
    public let nanoseconds: Int32

    /// Parses an RFC 3339 `date-time`; returns nil for anything else (no space separator, no
    /// missing offset, no out-of-range fields). A leap second (`:60`) counts as the next second.
    public init?(rfc3339 text: String) {
        let reader = DigitReader(bytes: Array(text.utf8))
        guard let year = reader.number(at: 0, digits: 4), reader.byte(at: 4, is: "-"),
              let month = reader.number(at: 5, digits: 2), reader.byte(at: 7, is: "-"),
              let day = reader.number(at: 8, digits: 2), reader.byte(at: 10, is: "T", "t"),
              let hour = reader.number(at: 11, digits: 2), reader.byte(at: 13, is: ":"),
              let minute = reader.number(at: 14, digits: 2), reader.byte(at: 16, is: ":"),
              let second = reader.number(at: 17, digits: 2),
              CivilCalendar.isValid(year: year, month: month, day: day),
              hour <= 23, minute <= 59, second <= 60 else { return nil }

        var offset = 19
        var nanos = 0
        if reader.byte(at: offset, is: ".") {
            offset += 1
            var digitCount = 0
            while let digit = reader.number(at: offset, digits: 1) {
                if digitCount < 9 { nanos = nanos * 10 + digit }
                digitCount += 1
                offset += 1
            }
            guard digitCount > 0 else { return nil }
            for _ in digitCount..<max(digitCount, 9) { nanos *= 10 }
        }

        var offsetSeconds = 0
        if reader.byte(at: offset, is: "Z", "z") {
            offset += 1
        } else if reader.byte(at: offset, is: "+", "-") {
            let sign = reader.byte(at: offset, is: "-") ? -1 : 1
            guard let offsetHour = reader.number(at: offset + 1, digits: 2), reader.byte(at: offset + 3, is: ":"),
                  let offsetMinute = reader.number(at: offset + 4, digits: 2),
                  offsetHour <= 23, offsetMinute <= 59 else { return nil }
            offsetSeconds = sign * (offsetHour * 3600 + offsetMinute * 60)
            offset += 6
        } else {
            return nil
        }
        guard offset == reader.bytes.count else { return nil }

        let days = CivilCalendar.daysSinceEpoch(year: year, month: month, day: day)
        rfc3339 = text
        secondsSinceEpoch = days * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        nanoseconds = Int32(nanos)
    }

    /// The instant of `date` in UTC with millisecond precision (`2025-01-14T03:12:45.120Z`).
    /// Dates outside years 0000–9999 are clamped to that range, which RFC 3339 can express.
    public init(_ date: Date) {
        let lowest = Double(CivilCalendar.daysSinceEpoch(year: 0, month: 1, day: 1) * 86_400)
        let highest = Double(CivilCalendar.daysSinceEpoch(year: 10_000, month: 1, day: 1) * 86_400) - 0.001
        let interval = min(max(date.timeIntervalSince1970, lowest), highest)
        let milliseconds = Int64((interval * 1000).rounded(.down))
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let millisecond = Int(milliseconds - seconds * 1000)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let civil = CivilCalendar.date(daysSinceEpoch: days)
        rfc3339 = zeroPadded(civil.year, width: 4) + "-" + zeroPadded(civil.month, width: 2) + "-"
            + zeroPadded(civil.day, width: 2) + "T" + zeroPadded(secondOfDay / 3600, width: 2) + ":"
            + zeroPadded(secondOfDay / 60 % 60, width: 2) + ":" + zeroPadded(secondOfDay % 60, width: 2)
            + "." + zeroPadded(millisecond, width: 3) + "Z"
        secondsSinceEpoch = seconds
        nanoseconds = Int32(millisecond * 1_000_000)
    }

    /// The instant as a Foundation `Date` (sub-microsecond digits may round).
    public var date: Date {
        Date(timeIntervalSince1970: Double(secondsSinceEpoch) + Double(nanoseconds) / 1e9)
    }

    /// The calendar day in UTC on which this instant falls.
    public var utcDate: CalendarDate {
        let days = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400
        let civil = CivilCalendar.date(daysSinceEpoch: days)
        // In range by construction: parsing and `init(_:)` only admit years 0000–9999 (an offset
        // can move the UTC day one day past either end, which `CalendarDate` then clamps).
        return CalendarDate(clampingYear: civil.year, month: civil.month, day: civil.day)
    }

    public var description: String { rfc3339 }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.secondsSinceEpoch == rhs.secondsSinceEpoch && lhs.nanoseconds == rhs.nanoseconds
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(secondsSinceEpoch)
        hasher.combine(nanoseconds)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.secondsSinceEpoch, lhs.nanoseconds) < (rhs.secondsSinceEpoch, rhs.nanoseconds)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = EventTimestamp(rfc3339: text) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath,
                debugDescription: "\"\(text)\" is not an RFC 3339 date-time such as 2025-01-14T03:12:45Z"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rfc3339)
    }
}
