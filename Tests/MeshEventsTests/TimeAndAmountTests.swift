import Foundation
import Testing
@testable import MeshEvents

@Suite("RFC 3339 timestamps, dates and decimal amounts")
struct TimeAndAmountTests {
    @Test("RFC 3339 date-times parse to the right instant", arguments: [
        ("1970-01-01T00:00:00Z", Int64(0), Int32(0)),
        ("2025-01-14T03:12:45Z", 1_736_824_365, 0),
        ("2025-01-14T04:12:45+01:00", 1_736_824_365, 0),
        ("2025-01-13T22:42:45-04:30", 1_736_824_365, 0),
        ("2025-01-14t03:12:45.5z", 1_736_824_365, 500_000_000),
        ("2025-01-14T03:12:45.123456789123Z", 1_736_824_365, 123_456_789),
        ("2024-02-29T12:00:00Z", 1_709_208_000, 0),
        ("1969-12-31T23:59:59.250Z", -1, 250_000_000),
        ("2016-12-31T23:59:60Z", 1_483_228_800, 0),
    ])
    func parsesTimestamps(text: String, seconds: Int64, nanoseconds: Int32) throws {
        let parsed = try #require(EventTimestamp(rfc3339: text))
        #expect(parsed.secondsSinceEpoch == seconds)
        #expect(parsed.nanoseconds == nanoseconds)
        #expect(parsed.rfc3339 == text)
    }

    @Test("anything but an RFC 3339 date-time is rejected", arguments: [
        "", "2025-01-14", "2025-01-14T03:12:45", "2025-01-14 03:12:45Z", "2025-1-14T03:12:45Z",
        "2025-13-01T00:00:00Z", "2025-02-29T00:00:00Z", "2025-01-32T00:00:00Z", "2025-01-14T24:00:00Z",
        "2025-01-14T03:60:00Z", "2025-01-14T03:12:61Z", "2025-01-14T03:12:45.Z", "2025-01-14T03:12:45+0100",
        "2025-01-14T03:12:45+24:00", "2025-01-14T03:12:45Zjunk", "２０２５-01-14T03:12:45Z",
    ])
    func rejectsOtherText(text: String) {
        #expect(EventTimestamp(rfc3339: text) == nil)
    }

    @Test("the same instant written two ways is equal; order follows the instant")
    func comparesInstants() throws {
        #expect(try timestamp("2025-01-14T04:12:45+01:00") == timestamp("2025-01-14T03:12:45.000Z"))
        #expect(try timestamp("2025-01-14T03:12:45.001Z") > timestamp("2025-01-14T04:12:45+01:00"))
        #expect(try timestamp("2025-01-14T03:00:00-01:00").utcDate == calendarDate("2025-01-14"))
        #expect(try timestamp("2025-01-14T23:30:00-01:00").utcDate == calendarDate("2025-01-15"))
    }

    @Test("a Date formats in UTC with milliseconds, before and after 1970")
    func formatsDates() throws {
        let later = EventTimestamp(Date(timeIntervalSince1970: 1_736_824_365.1239))
        #expect(later.rfc3339 == "2025-01-14T03:12:45.123Z")
        #expect(later.nanoseconds == 123_000_000)
        let earlier = EventTimestamp(Date(timeIntervalSince1970: -0.5))
        #expect(earlier.rfc3339 == "1969-12-31T23:59:59.500Z")
        #expect(EventTimestamp(rfc3339: earlier.rfc3339) == earlier)
        #expect(EventTimestamp(Date(timeIntervalSince1970: 1e15)).rfc3339 == "9999-12-31T23:59:59.999Z")
    }

    @Test("timestamps convert back to the same Date")
    func convertsToDate() throws {
        let parsed = try timestamp("2025-01-14T03:12:45.25Z")
        #expect(parsed.date == Date(timeIntervalSince1970: 1_736_824_365.25))
    }

    @Test("full dates: valid days only, ordered, printed zero-padded")
    func calendarDates() throws {
        #expect(CalendarDate(rfc3339: "2024-02-29") != nil)
        #expect(CalendarDate(rfc3339: "2025-02-29") == nil)
        #expect(CalendarDate(rfc3339: "2000-02-29") != nil)
        #expect(CalendarDate(rfc3339: "1900-02-29") == nil)
        #expect(CalendarDate(rfc3339: "2025-04-31") == nil)
        #expect(CalendarDate(rfc3339: "2025-1-01") == nil)
        #expect(CalendarDate(rfc3339: "2025-01-01T00:00:00Z") == nil)
        #expect(CalendarDate(year: 25, month: 3, day: 7)?.description == "0025-03-07")
        #expect(try calendarDate("2025-01-31") < calendarDate("2025-02-01"))
    }

    @Test("the calendar arithmetic agrees with itself across four centuries")
    func calendarRoundTrips() {
        for days in stride(from: Int64(-719_528), through: 2_932_896, by: 997) {
            let civil = CivilCalendar.date(daysSinceEpoch: days)
            #expect(CivilCalendar.daysSinceEpoch(year: civil.year, month: civil.month, day: civil.day) == days)
        }
    }

    @Test("decimal amounts accept plain non-negative decimals only", arguments: [
        ("0", true), ("3.85", true), ("1200", true), ("0.000001", true), ("123456789012345678.5", true),
        ("", false), ("-1", false), ("+1", false), ("01.5", false), ("1.", false), (".5", false),
        ("1,5", false), ("1e3", false), ("1.0000001", false), ("1234567890123456789", false), (" 1", false),
    ])
    func decimalAmounts(text: String, valid: Bool) {
        #expect((DecimalAmount(text) != nil) == valid)
    }
}
