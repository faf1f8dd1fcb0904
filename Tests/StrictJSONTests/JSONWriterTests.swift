import StrictJSON
import Testing

@Suite("JSON writer")
struct JSONWriterTests {
    @Test("keys are sorted at every level, so equal values give equal bytes")
    func sortedKeys() {
        let value: JSONValue = ["zeta": 1, "alpha": ["b": true, "a": nil], "mid": "m", "list": [["y": 1, "x": 2]]]
        #expect(value.jsonString() == #"{"alpha":{"a":null,"b":true},"list":[{"x":2,"y":1}],"mid":"m","zeta":1}"#)
    }

    @Test("numbers are written in their kind; a non-finite double becomes null", arguments: [
        (JSONValue.integer(3), "3"), (.double(3), "3.0"), (.integer(Int64.min), "-9223372036854775808"),
        (.double(0.1), "0.1"), (.double(-2.5e-8), "-2.5e-08"), (.double(1e300), "1e+300"),
        (.double(.nan), "null"), (.double(.infinity), "null"),
    ])
    func numbers(value: JSONValue, text: String) {
        #expect(value.jsonString() == text)
    }

    @Test("strings escape what JSON, YAML and JavaScript need escaped, and nothing else")
    func escapes() throws {
        let text = "q\"b\\s/n\nr\rt\tb\u{8}f\u{C}\u{1}\u{1F}\u{7F}\u{85}\u{2028}\u{2029}\u{FEFF}é😀"
        let written = JSONValue.string(text).jsonString()
        #expect(written == #""q\"b\\s/n\nr\rt\tb\bf\f\u0001\u001f\u007f\u0085\u2028\u2029\ufeffé😀""#)
        #expect(try JSONValue(parsing: written) == .string(text))
    }

    @Test("pretty output indents by two spaces and reads back equal")
    func pretty() throws {
        let value: JSONValue = ["b": [1, ["c": []]], "a": [:]]
        #expect(value.jsonString(pretty: true) == """
            {
              "a": {},
              "b": [
                1,
                {
                  "c": []
                }
              ]
            }
            """)
        #expect(try JSONValue(parsing: value.jsonString(pretty: true)) == value)
    }

    @Test("ordered members keep the caller's order at the top level only")
    func orderedMembers() throws {
        let members: [(key: String, value: JSONValue)] = [
            ("specversion", "1.0"), ("id", "e"), ("data", ["z": 1, "a": 2]), ("id", "ignored"),
        ]
        let bytes = JSONValue.jsonBytes(orderedMembers: members)
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"specversion":"1.0","id":"e","data":{"a":2,"z":1}}"#)
        #expect(try JSONValue(parsing: bytes) == ["specversion": "1.0", "id": "e", "data": ["a": 2, "z": 1]])
        #expect(JSONValue.jsonBytes(orderedMembers: []) == Array("{}".utf8))
        #expect(String(decoding: JSONValue.jsonBytes(orderedMembers: [("b", 1), ("a", [2])], pretty: true), as: UTF8.self)
            == "{\n  \"b\": 1,\n  \"a\": [\n    2\n  ]\n}")
    }
}
