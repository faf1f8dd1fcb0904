import Foundation
import KubeCore
import StrictJSON
import Testing

@Suite("Timestamp")
struct TimestampTests {
    @Test("RFC 3339 texts parse to the right instant and print back in UTC", arguments: [
        ("2026-11-23T17:03:40Z", Int64(1_795_453_420), Int32(0), "2026-11-23T17:03:40Z"),
        ("1970-01-01T00:00:00Z", 0, 0, "1970-01-01T00:00:00Z"),
        ("2026-11-23T18:03:40+01:00", 1_795_453_420, 0, "2026-11-23T17:03:40Z"),
        ("2026-11-23T17:03:40.123456Z", 1_795_453_420, 123_456_000, "2026-11-23T17:03:40.123456Z"),
        ("2026-11-23t17:03:40.5z", 1_795_453_420, 500_000_000, "2026-11-23T17:03:40.500000Z"),
        ("1969-12-31T23:59:59Z", -1, 0, "1969-12-31T23:59:59Z"),
        ("2024-02-29T12:00:00-05:30", 1_709_227_800, 0, "2024-02-29T17:30:00Z"),
    ])
    func parsesAndFormats(text: String, seconds: Int64, nanos: Int32, printed: String) throws {
        let timestamp = try #require(Timestamp(rfc3339: text))
        #expect(timestamp.secondsSinceEpoch == seconds)
        #expect(timestamp.nanoseconds == nanos)
        #expect(timestamp.description == printed)
    }

    @Test("malformed or impossible times are rejected", arguments: [
        "", "2026-11-23", "2026-11-23T17:03:40", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
        "2025-02-29T00:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T17:60:00Z", "2026-11-23T17:03:40.Z",
        "2026-11-23T17:03:40+0100", "2026-11-23T17:03:40Zjunk", "26-11-23T17:03:40Z",
    ])
    func rejects(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test func codableRoundTripAndDateBridge() throws {
        let value: JSONValue = ["t": "2026-11-23T17:03:40Z"]
        struct Holder: Codable { var t: Timestamp }
        let holder = try value.decode(as: Holder.self)
        #expect(try JSONValue(encoding: holder) == value)
        #expect(Timestamp(holder.t.date) == holder.t)
        #expect(holder.t.formatted(fractionalDigits: 3) == "2026-11-23T17:03:40.000Z")
        #expect(throws: ObjectDecodingError.self) { try (["t": "yesterday"] as JSONValue).decode(as: Holder.self) }
    }

    @Test func ordersByInstant() throws {
        let early = try #require(Timestamp(rfc3339: "2026-11-23T17:03:40Z"))
        let late = try #require(Timestamp(rfc3339: "2026-11-23T17:03:40.1Z"))
        #expect(early < late)
        #expect(late.truncatedToSeconds == early)
    }
}
