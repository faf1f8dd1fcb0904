import StrictJSON
import Testing

/// Random mutations of valid documents from a fixed seed: every input must either parse or throw
/// an error that points inside it, and whatever parses must write and read back equal.
@Suite("JSON parser fuzzing")
struct JSONFuzzTests {
    /// xorshift64: tiny, and the same sequence on every platform and toolchain.
    struct Xorshift: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
    }

    static let seeds: [[UInt8]] = [
        #"{"specversion":"1.0","id":"7f3c2a91","source":"/coldchain/sensors/wh-mad-01","data":{"temperatureC":11.4,"#
            + #""thresholdC":8,"lots":[{"quantity":600,"unit":"EA","expiresOn":"2025-10-31"}]}}"#,
        #"{"apiVersion":"eventmesh.coldchain.io/v1alpha1","kind":"EventRoute","metadata":{"name":"r","labels":{}},"#
            + #""spec":{"replicas":-1,"ratio":1.5e-3,"on":true,"off":false,"none":null}}"#,
        #"["a\"b\\c\/d\n\u00e9\ud83d\ude00\u0001", "é€😀", -0, 0.0, 1E+2, 9223372036854775807, [], [[[]]], {}]"#,
        String(repeating: "[", count: JSONValue.maximumNestingDepth - 1) + String(repeating: "]", count: JSONValue.maximumNestingDepth - 1),
    ].map { Array($0.utf8) }

    /// Bytes that matter to the grammar or to UTF-8, so mutations often make near misses.
    static let interesting: [UInt8] = Array(#"{}[]":,\/-+.eE0123456789tfnu "#.utf8)
        + [0x00, 0x09, 0x0A, 0x7F, 0x80, 0xBF, 0xC3, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xFF]

    static func mutate(_ original: [UInt8], using random: inout Xorshift) -> [UInt8] {
        var bytes = original
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let position = Int.random(in: 0...bytes.count, using: &random)
            let byte = Bool.random(using: &random)
                ? interesting[Int.random(in: interesting.indices, using: &random)]
                : UInt8.random(in: 0...255, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0 where position < bytes.count: bytes[position] = byte
            case 1: bytes.insert(byte, at: position)
            case 2 where position < bytes.count: bytes.remove(at: position)
            case 3:
                let end = min(bytes.count, position + Int.random(in: 1...16, using: &random))
                let slice = bytes[position..<end]
                bytes.insert(contentsOf: slice, at: Int.random(in: 0...bytes.count, using: &random))
            case 4: bytes.removeSubrange(position...)
            default:
                guard !bytes.isEmpty else { continue }
                bytes.swapAt(min(position, bytes.count - 1), Int.random(in: bytes.indices, using: &random))
            }
        }
        return bytes
    }

    @Test("random mutations either parse or throw, and what parses reads back equal")
    func mutations() throws {
        for seed in Self.seeds {
            #expect(throws: Never.self) { try JSONValue(parsing: seed) }
        }
        var random = Xorshift(state: 0x5EED_C01D_C4A1_2025)
        var parsed = 0
        var refused = 0
        for iteration in 0..<5_000 {
            let input = Self.mutate(Self.seeds[iteration % Self.seeds.count], using: &random)
            do {
                let value = try JSONValue(parsing: input)
                parsed += 1
                #expect(try JSONValue(parsing: value.jsonBytes()) == value, "iteration \(iteration): \(input)")
            } catch {
                refused += 1
                #expect((0...input.count).contains(error.offset), "iteration \(iteration): \(error)")
            }
        }
        // Both outcomes must be common, or the mutations are not exercising the parser.
        #expect(parsed > 250 && refused > 2_500, "\(parsed) parsed, \(refused) refused")
    }
}
