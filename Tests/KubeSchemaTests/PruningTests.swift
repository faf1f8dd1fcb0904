import KubeCore
import KubeSchema
import StrictJSON
import Testing

@Suite("Pruning and unknown fields")
struct PruningTests {
    private let schema: StructuralSchema

    init() throws {
        schema = try TestSupport.schema("""
            type: object
            properties:
              spec:
                type: object
                properties:
                  topic: {type: string}
                  routes:
                    type: array
                    items: {type: object, properties: {name: {type: string}}}
                  labels: {type: object, additionalProperties: {type: string}}
                  settings: {type: object, x-kubernetes-preserve-unknown-fields: true, properties: {mode: {type: object, properties: {fast: {type: boolean}}}}}
                  template:
                    type: object
                    x-kubernetes-embedded-resource: true
                    properties: {spec: {type: object, properties: {replicas: {type: integer}}}}
                  retries: {type: integer}
            """)
    }

    @Test("unknown fields are dropped and reported in the server's notation, sorted")
    func nested() {
        let object: JSONValue = [
            "apiVersion": "x/v1", "kind": "X", "metadata": ["name": "a"],
            "spec": ["topic": "t", "foo": 1, "routes": [["name": "r", "bar": true], ["baz": nil]], "labels": ["a": "b"]],
            "extra": "x",
        ]
        let (pruned, unknown) = schema.prune(object)
        #expect(unknown == ["extra", "spec.foo", "spec.routes[0].bar", "spec.routes[1].baz"])
        #expect(pruned == [
            "apiVersion": "x/v1", "kind": "X", "metadata": ["name": "a"],
            "spec": ["topic": "t", "routes": [["name": "r"], [:]], "labels": ["a": "b"]],
        ])
    }

    @Test("x-kubernetes-preserve-unknown-fields keeps unknown fields, but prunes the declared ones")
    func preserveUnknownFields() {
        let object: JSONValue = ["spec": ["settings": ["anything": ["goes": 1], "mode": ["fast": true, "slow": true]]]]
        let (pruned, unknown) = schema.prune(object)
        #expect(unknown == ["spec.settings.mode.slow"])
        #expect(pruned[path: "spec", "settings"] == ["anything": ["goes": 1], "mode": ["fast": true]])
    }

    @Test("an embedded resource keeps apiVersion, kind and metadata, and loses unknown metadata fields")
    func embeddedResource() {
        let object: JSONValue = ["spec": ["template": [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": "w", "labels": ["a": "b"], "colour": "red"],
            "spec": ["replicas": 2, "paused": true], "status": [:],
        ]]]
        let (pruned, unknown) = schema.prune(object)
        #expect(unknown == ["spec.template.spec.paused", "spec.template.status", "spec.template.metadata.colour"])
        #expect(pruned[path: "spec", "template"] == [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "w", "labels": ["a": "b"]],
            "spec": ["replicas": 2],
        ])
    }

    @Test("unknown ObjectMeta fields at the root come first")
    func rootMetadata() {
        let object: JSONValue = [
            "metadata": ["name": "a", "clusterName": "x", "ownerReferences": [["name": "o", "kind": "K", "colour": 1]]],
            "spec": ["zzz": 1],
        ]
        let (pruned, unknown) = schema.prune(object)
        #expect(unknown == ["metadata.clusterName", "metadata.ownerReferences[0].colour", "spec.zzz"])
        #expect(pruned["metadata"] == ["name": "a", "ownerReferences": [["name": "o", "kind": "K"]]])
    }

    @Test("nulls the schema does not allow are dropped without being reported")
    func nulls() {
        let (pruned, unknown) = schema.prune(["spec": ["topic": nil, "retries": nil, "labels": ["a": nil]]])
        #expect(unknown.isEmpty)
        #expect(pruned["spec"] == ["labels": [:]])
    }

    @Test("an additionalProperties without a schema keeps scalars and empties objects, as the server does")
    func additionalPropertiesWithoutSchema() throws {
        let schema = try TestSupport.specSchema("{type: object, additionalProperties: true}")
        let (pruned, unknown) = schema.prune(["spec": ["a": 1, "b": ["c": 2]]])
        #expect(pruned["spec"] == ["a": 1, "b": [:]])
        #expect(unknown == ["spec.b.c"])
    }

    @Test("the answers for fieldValidation=Strict and Warn")
    func messages() {
        let unknown = ["spec.foo", "spec.bar"]
        #expect(SchemaMessages.strictBadRequest(kind: "EventRoute", version: "v1alpha1", targetKind: "EventRoute", unknownFields: unknown)
            == #"EventRoute in version "v1alpha1" cannot be handled as a EventRoute: strict decoding error: unknown field "spec.foo", unknown field "spec.bar""#)
        #expect(SchemaMessages.unknownFieldWarnings(unknown) == [#"unknown field "spec.foo""#, #"unknown field "spec.bar""#])
        #expect(SchemaMessages.warningHeader(#"unknown field "spec.foo""#) == #"299 - "unknown field \"spec.foo\"""#)
        let patch = SchemaMessages.strictPatchError(patchedObject: ["spec": ["foo": 1]], unknownFields: ["spec.foo"])
        #expect(patch.description == #"patch: Invalid value: "{\"spec\":{\"foo\":1}}": strict decoding error: unknown field "spec.foo""#)
        #expect(SchemaMessages.invalid(qualifiedKind: "", name: "", errors: [patch])
            == #" "" is invalid: patch: Invalid value: "{\"spec\":{\"foo\":1}}": strict decoding error: unknown field "spec.foo""#)
    }
}
