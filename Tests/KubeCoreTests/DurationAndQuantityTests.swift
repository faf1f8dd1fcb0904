import KubeCore
import StrictJSON
import Testing

@Suite("Go durations and quantities")
struct DurationAndQuantityTests {
    @Test("Go duration strings parse like time.ParseDuration", arguments: [
        ("0", Int64(0)), ("0s", 0), ("200ms", 200_000_000), ("30s", 30_000_000_000), ("1m30s", 90_000_000_000),
        ("24h", 86_400_000_000_000), ("1.5h", 5_400_000_000_000), (".5s", 500_000_000), ("1.s", 1_000_000_000),
        ("1h2m3s4ms5us6ns", 3_723_004_005_006), ("3µs", 3_000), ("3μs", 3_000), ("-1.5s", -1_500_000_000),
        ("+10m", 600_000_000_000), ("0.000000001s", 1), ("0.0000000019s", 1), ("2562047h47m16.854775807s", Int64.max),
        ("-2562047h47m16.854775808s", Int64.min),
    ])
    func parses(text: String, nanoseconds: Int64) throws {
        #expect(try Duration(goDuration: text).totalNanoseconds == nanoseconds)
    }

    @Test("non-durations are rejected", arguments: [
        "", "5 minutes", "5", "1d", "s", ".s", "1.5", "-", "1h-5m", "1hh", "2562047h47m16.854775808s", "1e3s",
        "9999999999999999999h", " 1s", "1s ",
    ])
    func rejects(text: String) {
        #expect(throws: DurationParseError.self) { try Duration(goDuration: text) }
    }

    @Test("durations print like Go's Duration.String", arguments: [
        (Int64(0), "0s"), (1, "1ns"), (1_500, "1.5µs"), (200_000_000, "200ms"), (1_500_000_000, "1.5s"),
        (90_000_000_000, "1m30s"), (86_400_000_000_000, "24h0m0s"), (3_723_004_005_006, "1h2m3.004005006s"),
        (-1_500_000_000, "-1.5s"),
    ])
    func prints(nanoseconds: Int64, text: String) throws {
        let duration = Duration.nanoseconds(nanoseconds)
        #expect(duration.goDurationString == text)
        #expect(try Duration(goDuration: text) == duration)
    }

    @Test func durationStringWrapsTheWireForm() throws {
        let value: JSONValue = ["timeout": "1m30s", "bad": "5 minutes"]
        struct Holder: Codable { var timeout: DurationString; var bad: DurationString }
        let holder = try value.decode(as: Holder.self)
        #expect(holder.timeout.duration == .seconds(90))
        #expect(holder.bad.duration == nil)
        #expect(DurationString(.milliseconds(200)).rawValue == "200ms")
        #expect(try JSONValue(encoding: holder) == value)
    }

    @Test("quantities follow the Kubernetes grammar", arguments: [
        ("100m", 0.1), ("64Mi", 67_108_864.0), ("1", 1.0), ("1.5", 1.5), ("2e3", 2_000.0), ("1Gi", 1_073_741_824.0),
        ("500k", 500_000.0), (".5", 0.5), ("+1", 1.0), ("3.", 3.0), ("1E-3", 0.001),
    ])
    func quantities(text: String, value: Double) throws {
        let quantity = Quantity(rawValue: text)
        #expect(quantity.isValid)
        #expect(abs(try #require(quantity.value) - value) < 1e-9 * max(1, value))
    }

    @Test("non-quantities are rejected", arguments: ["", "m", "1.2.3", "64MB", "1 Gi", "abc", "1e", "1ee3", "--1", "1Ki2"])
    func notQuantities(text: String) {
        #expect(!Quantity(rawValue: text).isValid)
    }

    @Test func quantitiesDecodeFromNumbersAndEncodeAsStrings() throws {
        struct Holder: Codable { var cpu: Quantity; var memory: Quantity }
        let holder = try (["cpu": 1, "memory": "64Mi"] as JSONValue).decode(as: Holder.self)
        #expect(holder.cpu == "1")
        #expect(try JSONValue(encoding: holder) == ["cpu": "1", "memory": "64Mi"])
    }
}
