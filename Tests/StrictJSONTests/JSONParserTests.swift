import Foundation
import StrictJSON
import Testing

@Suite("JSON parser")
struct JSONParserTests {
    @Test("integers and doubles keep their kind through a parse/write round trip", arguments: [
        ("1", JSONValue.integer(1)),
        ("-42", .integer(-42)),
        ("-0", .integer(0)),
        ("1.0", .double(1.0)),
        ("1.5e3", .double(1500)),
        ("-0.5e+10", .double(-5e9)),
        ("1E-2", .double(0.01)),
        ("1e-400", .double(0)),
        ("9223372036854775807", .integer(Int64.max)),
        ("-9223372036854775808", .integer(Int64.min)),
        ("9223372036854775808", .double(9_223_372_036_854_775_808)),
        ("12345678901234567890", .double(12_345_678_901_234_567_168)),  // the nearest double
    ])
    func numbers(text: String, expected: JSONValue) throws {
        let parsed = try JSONValue(parsing: text)
        #expect(parsed == expected)
        #expect(try JSONValue(parsing: parsed.jsonString()) == expected)
    }

    @Test("every kind of value, escapes and surrogate pairs are read")
    func everyKind() throws {
        let text = #" {"s":"a\"b\\c\/d\n\u00e9\ud83d\ude00\u0001\u0000","a":[true,false,null],"e":{},"z":[], "n":-0.25} "#
        let value = try JSONValue(parsing: text)
        #expect(value["s"] == .string("a\"b\\c/d\né😀\u{1}\u{0}"))
        #expect(value["a"] == [true, false, nil])
        #expect(value["e"] == .object([:]) && value["z"] == .array([]))
        #expect(value["n"] == .double(-0.25))
        #expect(try JSONValue(parsing: Data(text.utf8)) == value)
        #expect(try JSONValue(parsing: value.jsonString()) == value)
        #expect(try JSONValue(parsing: value.jsonString(pretty: true)) == value)
    }

    @Test("raw UTF-8 of every length is accepted", arguments: ["é", "€", "😀", "\u{10FFFF}", "\u{7F}"])
    func rawUTF8(text: String) throws {
        #expect(try JSONValue(parsing: "\"\(text)\"") == .string(text))
    }

    /// Every rejection, with the byte offset the error must point at and words its reason holds.
    @Test("what is not strict JSON is refused with the offset and the reason", arguments: [
        // structure
        ("", 0, "unexpected end of input"),
        ("   ", 3, "unexpected end of input"),
        ("{", 1, "unterminated object"),
        ("[", 1, "unexpected end of input"),
        ("[1", 2, "unterminated array"),
        (#"{"a":1"#, 6, "unterminated object"),
        (#"{"a" 1}"#, 5, "expected ':'"),
        (#"{1:2}"#, 1, "expected a member name"),
        ("[1 2]", 3, "expected ',' or ']'"),
        (#"{"a":1 "b":2}"#, 7, "expected ',' or '}'"),
        ("[1] 2", 4, "unexpected data after the JSON value"),
        ("{} {}", 3, "unexpected data after the JSON value"),
        ("]", 0, "unexpected character \"]\""),
        (#"{"id":'e'}"#, 6, "unexpected character \"'\""),
        ("tru", 0, "invalid literal"),
        ("nul", 0, "invalid literal"),
        ("True", 0, "unexpected character \"T\""),
        // trailing commas
        ("[1,]", 3, "trailing comma"),
        (#"{"a":1,}"#, 7, "trailing comma"),
        ("[1,\n ]", 5, "trailing comma"),
        ("[,1]", 1, "unexpected character \",\""),
        // comments
        ("// comment\n{}", 0, "comments are not allowed"),
        ("[1, /* two */ 2]", 4, "comments are not allowed"),
        ("{} // end", 3, "unexpected data after the JSON value"),
        // duplicate keys
        (#"{"id":"e","id":"f"}"#, 10, #"duplicate member "id""#),
        (#"{"a":{"b":1,"b":1}}"#, 12, #"duplicate member "b""#),
        (#"{"\u0061":1,"a":2}"#, 12, #"duplicate member "a""#),
        // numbers
        ("01", 1, "leading zeros are not allowed"),
        ("-01", 2, "leading zeros are not allowed"),
        ("00", 1, "leading zeros are not allowed"),
        ("[1.]", 3, "expected a digit after '.'"),
        (".5", 0, "unexpected character \".\""),
        ("1e", 2, "expected a digit in the exponent"),
        ("1e+", 3, "expected a digit in the exponent"),
        ("-", 1, "expected a digit"),
        ("+1", 0, "unexpected character \"+\""),
        ("0x1F", 1, "unexpected data after the JSON value"),
        ("NaN", 0, "unexpected character \"N\""),
        ("Infinity", 0, "unexpected character \"I\""),
        ("-Infinity", 1, "expected a digit"),
        ("[1e400]", 1, "number 1e400 is out of range"),
        ("-1e309", 0, "is out of range"),
        // strings
        ("\"abc", 4, "unterminated string"),
        ("\"tab\there\"", 4, "unescaped control character"),
        ("\"line\nbreak\"", 5, "unescaped control character"),
        (#""\x""#, 1, "invalid escape sequence"),
        (#""\u12""#, 5, "expected four hex digits"),
        (#""\u12G4""#, 5, "expected four hex digits"),
        (#""\"#, 2, "unterminated string"),
        // lone surrogates
        (#""\ud800""#, 1, "unpaired surrogate"),
        (#""\udc00""#, 1, "unpaired surrogate"),
        (#""\ud800\u0041""#, 1, "unpaired surrogate"),
        (#""\ud800x""#, 1, "unpaired surrogate"),
        (#""\ud83d\ud83d""#, 1, "unpaired surrogate"),
    ] as [(String, Int, String)])
    func rejected(text: String, offset: Int, reason: String) {
        expectRejection(Array(text.utf8), offset: offset, reason: reason)
    }

    @Test("bytes that are not UTF-8 are refused where they stand", arguments: [
        ([0x22, 0xC3, 0x28, 0x22], 2, "string is not valid UTF-8"),  // lead byte, then no continuation
        ([0x22, 0x80, 0x22], 1, "string is not valid UTF-8"),  // a lone continuation byte
        ([0x22, 0xC0, 0xAF, 0x22], 1, "string is not valid UTF-8"),  // overlong "/"
        ([0x22, 0xE0, 0x80, 0xAF, 0x22], 2, "string is not valid UTF-8"),  // overlong, three bytes
        ([0x22, 0xED, 0xA0, 0x80, 0x22], 2, "string is not valid UTF-8"),  // an encoded surrogate
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 2, "string is not valid UTF-8"),  // above U+10FFFF
        ([0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], 1, "string is not valid UTF-8"),
        ([0x22, 0xFF, 0x22], 1, "string is not valid UTF-8"),
        ([0x22, 0xE2, 0x82], 3, "string is not valid UTF-8"),  // cut short by the end of input
        ([0xC3, 0xA9], 0, "unexpected byte 0xC3"),  // outside a string
        ([0xEF, 0xBB, 0xBF, 0x7B, 0x7D], 0, "byte order mark"),
        ([0x7B, 0x7D, 0x00], 2, "unexpected data after the JSON value"),
    ] as [([UInt8], Int, String)])
    func invalidUTF8(bytes: [UInt8], offset: Int, reason: String) {
        expectRejection(bytes, offset: offset, reason: reason)
    }

    @Test("nesting is bounded, and hostile depth costs no stack")
    func depthLimit() throws {
        let limit = JSONValue.maximumNestingDepth
        let allowed = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(throws: Never.self) { try JSONValue(parsing: allowed) }
        let objects = String(repeating: #"{"a":"#, count: limit) + "1" + String(repeating: "}", count: limit)
        #expect(throws: Never.self) { try JSONValue(parsing: objects) }
        expectRejection(Array((String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)).utf8),
                        offset: limit, reason: "nesting deeper than \(limit) levels")
        expectRejection(Array(String(repeating: "[", count: 1_000_000).utf8), offset: limit, reason: "nesting deeper")
    }

    @Test("a quoted name in an error is escaped and cut short")
    func duplicateNameInMessage() throws {
        let name = String(repeating: "k", count: 100) + "\n"
        let error = try #require(throws: JSONParseError.self) {
            try JSONValue(parsing: #"{"\#(name)":1,"\#(name)":2}"#.replacingOccurrences(of: "\n", with: #"\n"#))
        }
        #expect(error.reason == #"duplicate member ""# + String(repeating: "k", count: 64) + #"…""#)
        #expect(error.description == "invalid JSON at byte \(error.offset): \(error.reason)")
    }

    private func expectRejection(_ bytes: [UInt8], offset: Int, reason: String,
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let value = try JSONValue(parsing: bytes)
            Issue.record("accepted as \(value)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.offset == offset, "\(error)", sourceLocation: sourceLocation)
            #expect(error.reason.contains(reason), "\(error)", sourceLocation: sourceLocation)
        }
    }
}
