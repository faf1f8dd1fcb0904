import Foundation
import KubeCore
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    @Test("integers and doubles keep their kind through a parse/write round trip", arguments: [
        ("1", JSONValue.integer(1)),
        ("-42", .integer(-42)),
        ("1.0", .double(1.0)),
        ("1.5e3", .double(1500)),
        ("9223372036854775807", .integer(Int64.max)),
        ("9223372036854775808", .double(9_223_372_036_854_775_808)),
    ])
    func numbers(text: String, expected: JSONValue) throws {
        let parsed = try JSONValue(parsing: text)
        #expect(parsed == expected)
        #expect(try JSONValue(parsing: parsed.jsonString()) == expected)
    }

    @Test func parsesAndWritesEveryKind() throws {
        let text = #"{"a":[true,false,null,"x\"y\n\u00e9\ud83d\ude00"],"b":{},"c":[],"d":-0.25}"#
        let value = try JSONValue(parsing: text)
        #expect(value["a"]?[3] == .string("x\"y\né😀"))
        #expect(value["b"] == .object([:]))
        #expect(value["d"] == .double(-0.25))
        #expect(try JSONValue(parsing: value.jsonString()) == value)
        #expect(try JSONValue(parsing: value.jsonString(pretty: true)) == value)
    }

    @Test func writesSortedKeysDeterministically() {
        let value: JSONValue = ["zeta": 1, "alpha": ["b": true, "a": nil], "mid": "m"]
        #expect(value.jsonString() == #"{"alpha":{"a":null,"b":true},"mid":"m","zeta":1}"#)
    }

    @Test("malformed JSON is rejected with an offset", arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "tru", "\"\\x\"", "\"\u{01}\"", "[1] 2", "\"\\ud800\"",
    ])
    func malformed(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    @Test func refusesHostileNesting() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: deep) }
    }

    @Test func subscriptsReadAndWrite() {
        var value: JSONValue = ["spec": ["source": ["kafka": ["topic": "StockBajo"]]]]
        #expect(value[path: "spec", "source", "kafka", "topic"]?.stringValue == "StockBajo")
        #expect(value["missing"] == nil)
        #expect(value["spec"]?[0] == nil)
        value["status"] = ["ready": true]
        value["spec"] = nil
        #expect(value == ["status": ["ready": true]])
        var null = JSONValue.null
        null["a"] = 1
        #expect(null == ["a": 1])
    }

    @Test func accessors() {
        #expect(JSONValue.double(3.0).int64Value == 3)
        #expect(JSONValue.double(3.5).int64Value == nil)
        #expect(JSONValue.integer(2).doubleValue == 2)
        #expect(JSONValue.bool(true).boolValue == true)
        #expect(JSONValue.null.isNull)
        #expect(JSONValue.array([]).typeName == "array")
        #expect(JSONValue.double(1).typeName == "number")
    }

    struct Sample: Codable, Equatable {
        var name: String
        var count: Int32
        var nested: [String: [Int]]?
    }

    @Test func bridgesCodableTypes() throws {
        let sample = Sample(name: "a", count: 3, nested: ["x": [1, 2]])
        let value = try JSONValue(encoding: sample)
        #expect(value == ["name": "a", "count": 3, "nested": ["x": [1, 2]]])
        #expect(try value.decode(as: Sample.self) == sample)
        // JSONValue itself is Codable, so it can sit inside typed objects.
        let roundTripped = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
        #expect(roundTripped == value)
    }

    @Test func decodingErrorsNameTheField() {
        let value: JSONValue = ["name": "a", "count": "three"]
        #expect(throws: ObjectDecodingError(field: "count", reason: "expected an integer")) {
            try value.decode(as: Sample.self)
        }
        let missing: JSONValue = ["count": 1]
        #expect(throws: ObjectDecodingError(field: "name", reason: "required value")) {
            try missing.decode(as: Sample.self)
        }
        let nested: JSONValue = ["name": "a", "count": 1, "nested": ["x": [1, "two"]]]
        #expect(throws: ObjectDecodingError(field: "nested.x[1]", reason: "expected an integer")) {
            try nested.decode(as: Sample.self)
        }
    }
}
