import KubeCore
import StrictJSON
import Testing

@Suite("ManifestReader")
struct ManifestReaderTests {
    @Test func readsMultiDocumentStreamsSkippingEmptyOnes() throws {
        let yaml = """
            ---
            # just a comment
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: a}
            stringData:
              password: guest
            ---
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: b
            ...
            """
        let documents = try ManifestReader.documents(fromYAML: yaml)
        #expect(documents.count == 2)
        #expect(documents[0]["kind"] == "Secret")
        #expect(documents[0][path: "stringData", "password"] == "guest")
        #expect(documents[1][path: "metadata", "name"] == "b")
    }

    @Test("plain scalars resolve as go-yaml v2 (and so kubectl) resolves them", arguments: [
        ("yes", JSONValue.bool(true)), ("On", .bool(true)), ("n", .bool(false)), ("FALSE", .bool(false)),
        ("~", .null), ("null", .null), ("", .null),
        ("42", .integer(42)), ("-7", .integer(-7)), ("+3", .integer(3)), ("1_000", .integer(1000)),
        ("0x1F", .integer(31)), ("0o17", .integer(15)), ("017", .integer(15)), ("0b101", .integer(5)),
        ("1.5", .double(1.5)), ("1e3", .double(1000)), (".5", .double(0.5)), ("3.", .double(3)),
        ("2026-11-23T17:03:40Z", .string("2026-11-23T17:03:40Z")), ("2026-11-23", .string("2026-11-23")),
        ("1:30", .string("1:30")), ("100m", .string("100m")), ("64Mi", .string("64Mi")),
        ("1.2.3", .string("1.2.3")), ("-x", .string("-x")), ("Kafka", .string("Kafka")),
    ])
    func plainScalars(text: String, expected: JSONValue) throws {
        let documents = try ManifestReader.documents(fromYAML: "value: \(text)\n")
        #expect(documents.first?["value"] == expected)
    }

    @Test func quotedAndBlockScalarsStayStrings() throws {
        let yaml = """
            a: "true"
            b: '1'
            c: !!str 12
            d: |
              line one
              line two
            e: >-
              folded
              text
            f: !!int "7"
            g: !!float 2
            """
        let value = try #require(try ManifestReader.documents(fromYAML: yaml).first)
        #expect(value["a"] == "true")
        #expect(value["b"] == "1")
        #expect(value["c"] == "12")
        #expect(value["d"] == "line one\nline two\n")
        #expect(value["e"] == "folded text")
        #expect(value["f"] == .integer(7))
        #expect(value["g"] == .double(2))
    }

    @Test func nonStringKeysBecomeTheirText() throws {
        let value = try #require(try ManifestReader.documents(fromYAML: "1: a\ntrue: b\n1.5: c\n").first)
        #expect(value == ["1": "a", "true": "b", "1.5": "c"])
    }

    @Test func anchorsAliasesAndMergeKeys() throws {
        let yaml = """
            base: &base {partitions: 3, replicationFactor: 1}
            topic:
              <<: *base
              partitions: 6
            copy: *base
            """
        let value = try #require(try ManifestReader.documents(fromYAML: yaml).first)
        #expect(value["topic"] == ["partitions": 6, "replicationFactor": 1])
        #expect(value["copy"] == ["partitions": 3, "replicationFactor": 1])
    }

    @Test func flattensLists() throws {
        let yaml = """
            apiVersion: v1
            kind: List
            items:
            - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}
            - {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: c}
            """
        let objects = try ManifestReader.objects(fromYAML: yaml)
        #expect(objects.map { $0[path: "metadata", "name"]?.stringValue } == ["a", "b", "c"])
        #expect(throws: ManifestError.self) { try ManifestReader.objects(fromYAML: "- 1\n- 2\n") }
    }

    @Test("malformed YAML is an error, never a crash", arguments: [
        "a: b: c", "a: [1, 2", "a: 1\na: 2", "? [1]\n: x", "a: .inf", "a: *missing", "\t- x",
    ])
    func malformed(yaml: String) {
        #expect(throws: ManifestError.self) { try ManifestReader.documents(fromYAML: yaml) }
    }

    struct Named: Decodable, Equatable {
        var name: String
        var replicas: Int
    }

    @Test func decodesTypedValues() throws {
        #expect(try ManifestReader.decode(Named.self, fromYAML: "name: x\nreplicas: 2\n") == Named(name: "x", replicas: 2))
        #expect(throws: (any Error).self) { try ManifestReader.decode(Named.self, fromYAML: "a: 1\n---\nb: 2\n") }
    }
}
