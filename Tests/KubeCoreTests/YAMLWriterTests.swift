import KubeCore
import StrictJSON
import Testing
import Yams

@Suite("YAMLWriter")
struct YAMLWriterTests {
    @Test func writesBlockStyleWithSortedKeys() {
        let value: JSONValue = [
            "spec": ["names": ["shortNames": ["er"], "kind": "EventRoute"], "empty": [:], "none": []],
            "apiVersion": "v1",
            "items": [["b": 1, "a": [1, 2]], [["nested"]]],
        ]
        let expected = """
            apiVersion: v1
            items:
            - a:
              - 1
              - 2
              b: 1
            - - - nested
            spec:
              empty: {}
              names:
                kind: EventRoute
                shortNames:
                - er
              none: []

            """
        #expect(YAMLWriter.write(value) == expected)
    }

    static let trickyStrings = [
        "true", "True", "FALSE", "yes", "No", "on", "OFF", "y", "n", "null", "Null", "~", "",
        "1", "-1", "+1", "1.5", "1e3", ".5", "0x1F", "0o17", "017", "1_000", "1:30", "2026-11-23",
        "2026-11-23T17:03:40Z", ".inf", "-.inf", ".nan", "=", "<<",
        "a: b", "a:b", "key:", ":", "# comment", "a #b", "*alias", "&anchor", "!tag", "|", ">", "%", "@", "`",
        "'quoted'", "\"dq\"", "[a]", "{a: 1}", "a, b", "- item", "-", "--", "---", "...", "?", "? x",
        " leading", "trailing ", "line\nbreak", "tab\there", "back\\slash", "\u{07}bell", "é ünïcödé",
        ".status.conditions[?(@.type==\"Ready\")].status", "^[a-z]+$", "self.size() <= 20", "100m", "64Mi",
        "http://127.0.0.1:15672", "eventmesh.coldchain.io/paused",
    ]

    @Test("strings a YAML reader could misread are quoted and read back as the same string",
          arguments: trickyStrings)
    func roundTripsTrickyStrings(text: String) throws {
        let document: JSONValue = ["value": .string(text), "list": [.string(text)], "map": .object([text: 1])]
        let yaml = YAMLWriter.write(document)
        #expect(try ManifestReader.documents(fromYAML: yaml) == [document])
        // Yams' own YAML 1.1 resolver reads the same strings.
        let loaded = try #require(try Yams.load(yaml: yaml) as? [String: Any])
        #expect(loaded["value"] as? String == text)
        #expect((loaded["map"] as? [String: Any])?.keys.first == text)
    }

    @Test("numbers and booleans keep their types", arguments: [
        JSONValue.integer(0), .integer(-5), .integer(Int64.max), .double(2.0), .double(0.1), .double(1e300),
        .double(-2.5e-8), .bool(true), .bool(false), .null,
    ])
    func roundTripsScalars(value: JSONValue) throws {
        let document: JSONValue = ["v": value]
        #expect(try ManifestReader.documents(fromYAML: YAMLWriter.write(document)) == [document])
    }

    @Test func roundTripsNestedStructuresAndStreams() throws {
        let first: JSONValue = [
            "a": [["x": [], "y": [:], "z": [["deep": ["er", "ccs"]]]], [1, [2, [3]]], "s"],
            "b": ["c": ["d": ["e": "f: g"]]],
            "": "empty key",
        ]
        let second: JSONValue = ["kind": "Second"]
        let stream = YAMLWriter.write(documents: [first, second])
        #expect(try ManifestReader.documents(fromYAML: stream) == [first, second])
        #expect(YAMLWriter.write(first) == YAMLWriter.write(first))
    }
}
