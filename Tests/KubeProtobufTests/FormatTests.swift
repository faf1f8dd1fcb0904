@testable import KubeProtobuf
import Testing

@Suite("Timestamps, durations and base64 as Go writes them")
struct FormatTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00Z"),
        (1_795_461_663, "2026-11-23T19:21:03Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (-14_182_940, "1969-07-20T20:17:40Z"),
        (-62_135_596_800, "0001-01-01T00:00:00Z"),
        (-62_167_219_200, "0000-01-01T00:00:00Z"),
        (253_402_300_799, "9999-12-31T23:59:59Z"),
    ])
    func rfc3339(seconds: Int64, expected: String) {
        #expect(Format.rfc3339(seconds: seconds, nanos: 999_999_999, fractionDigits: 0) == expected)
    }

    @Test func microTimeHasSixDigits() {
        #expect(Format.rfc3339(seconds: 1_767_323_045, nanos: 123_456_789, fractionDigits: 6) == "2026-01-02T03:04:05.123456Z")
        #expect(Format.rfc3339(seconds: 1_767_323_045, nanos: 0, fractionDigits: 6) == "2026-01-02T03:04:05.000000Z")
    }

    @Test func outOfRangeTimesHaveNoRendering() {
        #expect(Format.rfc3339(seconds: 253_402_300_800, nanos: 0, fractionDigits: 0) == nil)
        #expect(Format.rfc3339(seconds: -62_167_219_201, nanos: 0, fractionDigits: 0) == nil)
        #expect(Format.rfc3339(seconds: .max, nanos: 0, fractionDigits: 0) == nil)
        #expect(Format.rfc3339(seconds: .min, nanos: 0, fractionDigits: 0) == nil)
        #expect(Format.rfc3339(seconds: 0, nanos: 1_000_000_000, fractionDigits: 0) == nil)
        #expect(Format.rfc3339(seconds: 0, nanos: -1, fractionDigits: 0) == nil)
    }

    @Test(arguments: [
        (Int64(0), "0s"), (1, "1ns"), (999, "999ns"), (1_500, "1.5µs"), (1_500_000, "1.5ms"),
        (1_500_000_000, "1.5s"), (90_000_000_000, "1m30s"), (3_600_000_000_000, "1h0m0s"),
        (3_661_001_000_000, "1h1m1.001s"), (-123_000_000_000, "-2m3s"),
        (Int64.min, "-2562047h47m16.854775808s"),
    ])
    func goDuration(nanoseconds: Int64, expected: String) {
        #expect(Format.goDuration(nanoseconds) == expected)
    }

    @Test func base64() {
        #expect(Format.base64([UInt8]()) == "")
        #expect(Format.base64(Array("f".utf8)) == "Zg==")
        #expect(Format.base64(Array("fo".utf8)) == "Zm8=")
        #expect(Format.base64(Array("foo".utf8)) == "Zm9v")
        #expect(Format.base64([0x00, 0xFF, 0x10, 0x80, 0xC3]) == "AP8QgMM=")
    }
}
