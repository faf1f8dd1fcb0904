import Foundation
import KubeCore
import KubeSchema
import StrictJSON
import Testing

/// The CRD of the recordings (`fixtures/kube-apiserver-v1.20/00-crd.yaml`), verbatim.
private let gadgetCRD = """
    apiVersion: apiextensions.k8s.io/v1
    kind: CustomResourceDefinition
    metadata: {name: gadgets.fixture.example.com}
    spec:
      group: fixture.example.com
      scope: Namespaced
      names: {plural: gadgets, singular: gadget, kind: Gadget, shortNames: [gd], categories: [fixture]}
      versions:
      - name: v1
        served: true
        storage: true
        subresources: {status: {}}
        additionalPrinterColumns:
        - {name: Topic, type: string, jsonPath: .spec.topic}
        - {name: Ready, type: string, jsonPath: '.status.conditions[?(@.type=="Ready")].status'}
        - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
        schema:
          openAPIV3Schema:
            type: object
            properties:
              spec:
                type: object
                required: [topic]
                properties:
                  topic: {type: string, minLength: 1, description: "Topic name."}
                  partitions: {type: integer, minimum: 1, maximum: 1000, default: 1, description: "Partitions."}
                  deletionPolicy: {type: string, enum: [Retain, Delete], default: Retain, description: "What deletion does."}
              status:
                type: object
                properties:
                  observedGeneration: {type: integer, format: int64}
                  conditions:
                    type: array
                    items:
                      type: object
                      required: [type, status]
                      properties:
                        type: {type: string}
                        status: {type: string}
                        reason: {type: string}
                        message: {type: string}
                        lastTransitionTime: {type: string, format: date-time}
    """

/// The body of `12-create-422-invalid.json`, verbatim.
private let recordedInvalid = #"""
    {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": "Gadget.fixture.example.com \"bad\" is invalid: [spec.partitions: Invalid value: 0: spec.partitions in body should be greater than or equal to 1, spec.deletionPolicy: Unsupported value: \"Sometimes\": supported values: \"Retain\", \"Delete\", spec.topic: Required value]",
        "reason": "Invalid",
        "details": {
            "name": "bad",
            "group": "fixture.example.com",
            "kind": "Gadget",
            "causes": [
                {
                    "reason": "FieldValueInvalid",
                    "message": "Invalid value: 0: spec.partitions in body should be greater than or equal to 1",
                    "field": "spec.partitions"
                },
                {
                    "reason": "FieldValueNotSupported",
                    "message": "Unsupported value: \"Sometimes\": supported values: \"Retain\", \"Delete\"",
                    "field": "spec.deletionPolicy"
                },
                {
                    "reason": "FieldValueRequired",
                    "message": "Required value",
                    "field": "spec.topic"
                }
            ]
        },
        "code": 422
    }
    """#

@Suite("The recorded 422 of a real kube-apiserver")
struct RecordedInvalidTests {
    private static func gadgetSchema() throws -> StructuralSchema {
        let crd = try TestSupport.yaml(gadgetCRD)
        return try StructuralSchema(try #require(crd[path: "spec", "versions"]?[0]?[path: "schema", "openAPIV3Schema"]))
    }

    /// The create of the recording: partitions 0, deletionPolicy Sometimes, no topic, through the
    /// server's pipeline (prune, default, validate).
    private static func errors() throws -> [FieldError] {
        let schema = try gadgetSchema()
        let object: JSONValue = [
            "apiVersion": "fixture.example.com/v1", "kind": "Gadget", "metadata": ["name": "bad", "namespace": "default"],
            "spec": ["partitions": 0, "deletionPolicy": "Sometimes"],
        ]
        let (pruned, unknown) = schema.prune(object)
        #expect(unknown.isEmpty)
        return schema.validate(schema.applyDefaults(to: pruned))
    }

    @Test("the same causes, each worded as the server words it")
    func sameCauses() throws {
        let recorded = try JSONValue(parsing: recordedInvalid)
        let recordedCauses = try #require(recorded[path: "details", "causes"]?.arrayValue)
        let causes = try Self.errors().map(\.statusCause)
        #expect(causes.count == recordedCauses.count)
        #expect(Set(causes) == Set(recordedCauses))
        // The server reports required fields after the properties' own errors.
        #expect(causes.last == recordedCauses.last)
    }

    @Test("the same aggregated message")
    func sameMessage() throws {
        let recorded = try JSONValue(parsing: recordedInvalid)
        let errors = try Self.errors()
        // The server walks sibling properties in Go map order, which changes from one request to
        // the next; this recording happened to put partitions before deletionPolicy, and the
        // validator puts them in name order. In the recording's order, the text is the same.
        #expect(errors.map(\.field.description) == ["spec.deletionPolicy", "spec.partitions", "spec.topic"])
        let recordedOrder = [errors[1], errors[0], errors[2]]
        let message = SchemaMessages.invalid(qualifiedKind: "Gadget.fixture.example.com", name: "bad", errors: recordedOrder)
        #expect(message == recorded["message"]?.stringValue)
        #expect(recordedOrder.map(\.statusCause) == recorded[path: "details", "causes"]?.arrayValue)
    }

    @Test("the shared recording is the one copied here", .enabled(if: FileManager.default.fileExists(atPath: sharedFolder)))
    func copyMatchesTheSharedFile() throws {
        let text = try String(contentsOfFile: sharedFolder + "/12-create-422-invalid.json", encoding: .utf8)
        let body = text.split(separator: "\n", maxSplits: 3, omittingEmptySubsequences: false).dropFirst(3).joined(separator: "\n")
        #expect(try JSONValue(parsing: body) == JSONValue(parsing: recordedInvalid))
        let crd = try String(contentsOfFile: sharedFolder + "/00-crd.yaml", encoding: .utf8)
        #expect(try TestSupport.yaml(crd) == TestSupport.yaml(gadgetCRD))
    }

    @Test("a valid gadget gets its defaults and no errors")
    func validGadget() throws {
        let schema = try Self.gadgetSchema()
        let object: JSONValue = ["apiVersion": "fixture.example.com/v1", "kind": "Gadget", "metadata": ["name": "ok"],
                                 "spec": ["topic": "t"]]
        let defaulted = schema.applyDefaults(to: object)
        #expect(defaulted["spec"] == ["topic": "t", "partitions": 1, "deletionPolicy": "Retain"])
        #expect(schema.validate(defaulted).isEmpty)
        #expect(schema.structuralViolations(at: StructuralSchema.schemaPath(version: 0)).isEmpty)
    }
}

private let sharedFolder = ProcessInfo.processInfo.environment["EVENTMESH_FIXTURES"] ?? "/work/shared/fixtures/kube-apiserver-v1.20"
