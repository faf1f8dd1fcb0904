import Foundation
import StrictJSON
import Testing

@Suite("Decoding typed values from JSON")
struct JSONDecodingTests {
    struct Sample: Codable, Equatable {
        var name: String
        var count: Int32
        var ratio: Double?
        var nested: [String: [Int]]?
        var extra: JSONValue?
    }

    @Test func bridgesCodableTypes() throws {
        let sample = Sample(name: "a", count: 3, ratio: 0.5, nested: ["x": [1, 2]], extra: ["k": 3.0])
        let value = try JSONValue(encoding: sample)
        #expect(value == ["name": "a", "count": 3, "ratio": 0.5, "nested": ["x": [1, 2]], "extra": ["k": 3]])
        #expect(try value.decode(as: Sample.self) == Sample(name: "a", count: 3, ratio: 0.5, nested: ["x": [1, 2]], extra: ["k": 3]))
        // A JSONValue inside a typed value is taken as it is, a double included.
        let kept: JSONValue = ["name": "a", "count": 1, "extra": ["k": 3.0]]
        #expect(try kept.decode(as: Sample.self).extra == ["k": 3.0])
        // JSONValue is Codable, so other coders can carry it too.
        let roundTripped = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
        #expect(roundTripped == value)
    }

    static let failures: [(JSONValue, ObjectDecodingError)] = [
        (["name": "a", "count": "three"], ObjectDecodingError(field: "count", problem: .wrongType(expected: "an integer"))),
        (["count": 1], ObjectDecodingError(field: "name", problem: .missing)),
        (["name": nil, "count": 1], ObjectDecodingError(field: "name", problem: .missing)),
        (["name": "a", "count": 1, "nested": ["x": [1, "two"]]],
         ObjectDecodingError(field: "nested.x[1]", problem: .wrongType(expected: "an integer"))),
        (["name": "a", "count": 1, "nested": ["x": 1]], ObjectDecodingError(field: "nested.x", problem: .wrongType(expected: "an array"))),
        (["name": "a", "count": 1, "nested": []], ObjectDecodingError(field: "nested", problem: .wrongType(expected: "an object"))),
        (["name": 1, "count": 1], ObjectDecodingError(field: "name", problem: .wrongType(expected: "a string"))),
        (["name": "a", "count": 1, "ratio": "½"], ObjectDecodingError(field: "ratio", problem: .wrongType(expected: "a number"))),
        (["name": "a", "count": 3_000_000_000],
         ObjectDecodingError(field: "count", problem: .invalid("integer 3000000000 is outside -2147483648…2147483647"))),
        ("a", ObjectDecodingError(field: "", problem: .wrongType(expected: "an object"))),
    ]

    @Test("failures name the field and what was wrong", arguments: failures)
    func errors(value: JSONValue, expected: ObjectDecodingError) {
        #expect(throws: expected) { try value.decode(as: Sample.self) }
    }

    @Test func errorText() {
        #expect(ObjectDecodingError(field: "spec.port", problem: .missing).description == "spec.port: required value")
        #expect(ObjectDecodingError(field: "", problem: .wrongType(expected: "an object")).description == "expected an object")
        #expect(ObjectDecodingError(field: "a", problem: .invalid("too big")).reason == "too big")
    }

    @Test("integers: exact by default, whole numbers on request, out of range either way", arguments: [
        (.integer(600), .exact, 600),
        (.double(600), .exact, nil),
        (.double(600), .wholeNumbers, 600),
        (.double(600.5), .wholeNumbers, nil),
        (.integer(-1), .wholeNumbers, -1),
    ] as [(JSONValue, JSONValue.IntegerReading, Int32?)])
    func integerReading(value: JSONValue, reading: JSONValue.IntegerReading, expected: Int32?) {
        #expect((try? value.decode(as: Int32.self, integers: reading)) == expected)
    }

    @Test("a whole number too large for the type is out of range, not the wrong type")
    func hugeIntegers() throws {
        let huge = try JSONValue(parsing: "99999999999999999999")
        let error = try #require(throws: ObjectDecodingError.self) { try huge.decode(as: Int64.self) }
        guard case .invalid(let reason) = error.problem else {
            Issue.record("\(error)")
            return
        }
        #expect(reason.hasSuffix("is outside -9223372036854775808…9223372036854775807"))
        #expect(throws: ObjectDecodingError(field: "", problem: .wrongType(expected: "an integer"))) {
            try JSONValue.double(2.5e2).decode(as: UInt8.self)
        }
        #expect(try JSONValue.integer(255).decode(as: UInt8.self) == 255)
        #expect(try JSONValue.integer(2).decode(as: Float.self) == 2)
        #expect(throws: ObjectDecodingError.self) { try JSONValue.double(1e300).decode(as: Float.self) }
    }
}
