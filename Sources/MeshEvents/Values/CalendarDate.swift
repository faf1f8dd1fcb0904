/// An RFC 3339 `full-date` (`2025-02-28`): a day without a time or time zone, used for delivery
/// dates and expiry dates.
public struct CalendarDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Nil unless the day exists (years 0000–9999, leap years respected).
    public init?(year: Int, month: Int, day: Int) {
        guard CivilCalendar.isValid(year: year, month: month, day: day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(rfc3339 text: String) {
        let reader = DigitReader(bytes: Array(text.utf8))
        guard reader.bytes.count == 10,
              let year = reader.number(at: 0, digits: 4), reader.byte(at: 4, is: "-"),
              let month = reader.number(at: 5, digits: 2), reader.byte(at: 7, is: "-"),
              let day = reader.number(at: 8, digits: 2) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    init(clampingYear year: Int, month: Int, day: Int) {
        if year < 0 {
            (self.year, self.month, self.day) = (0, 1, 1)
        } else if year > 9999 {
            (self.year, self.month, self.day) = (9999, 12, 31)
        } else {
            (self.year, self.month, self.day) = (year, month, day)
        }
    }

    public var description: String {
        zeroPadded(year, width: 4) + "-" + zeroPadded(month, width: 2) + "-" + zeroPadded(day, width: 2)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = CalendarDate(rfc3339: text) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath,
                debugDescription: "\"\(text)\" is not a date in the form YYYY-MM-DD"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
