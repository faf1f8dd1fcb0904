import KubeCore
import KubeSchema
import StrictJSON
import Testing

/// One version of one of the project's CRDs.
struct ProjectSchema: Sendable {
    let group: String
    let kind: String
    let version: String
    let versionIndex: Int
    let schema: StructuralSchema

    var apiVersion: String { "\(group)/\(version)" }

    /// Every version of every CRD in `crds/`.
    static func all() throws -> [ProjectSchema] {
        try TestSupport.documents(under: "crds").flatMap { crd -> [ProjectSchema] in
            let group = try #require(crd[path: "spec", "group"]?.stringValue)
            let kind = try #require(crd[path: "spec", "names", "kind"]?.stringValue)
            return try (crd[path: "spec", "versions"]?.arrayValue ?? []).enumerated().map { index, version in
                ProjectSchema(group: group, kind: kind, version: try #require(version["name"]?.stringValue), versionIndex: index,
                              schema: try StructuralSchema(try #require(version[path: "schema", "openAPIV3Schema"])))
            }
        }
    }
}

@Suite("The project's CRDs and samples")
struct ProjectCRDTests {
    @Test("every CRD schema reads and is structural")
    func schemasAreStructural() throws {
        let schemas = try ProjectSchema.all()
        #expect(Set(schemas.map(\.kind)) == ["ColdChainService", "DynamoBinding", "EventRoute", "MeshBroker"])
        for project in schemas {
            let violations = project.schema.structuralViolations(at: StructuralSchema.schemaPath(version: project.versionIndex))
            #expect(violations.isEmpty, "\(project.kind): \(violations.map(\.description))")
        }
    }

    @Test("every sample prunes to itself and validates without errors")
    func samplesAreValid() throws {
        let schemas = try ProjectSchema.all()
        var checked: [String: Int] = [:]
        for sample in try TestSupport.documents(under: "samples") {
            guard let project = schemas.first(where: {
                $0.apiVersion == sample["apiVersion"]?.stringValue && $0.kind == sample["kind"]?.stringValue
            }) else { continue }
            let name = "\(project.kind) \(sample[path: "metadata", "name"]?.stringValue ?? "?")"
            let (pruned, unknown) = project.schema.prune(sample)
            #expect(unknown.isEmpty, "\(name): \(unknown)")
            #expect(pruned == sample, "\(name) lost fields")
            let errors = project.schema.validate(project.schema.applyDefaults(to: pruned))
            #expect(errors.isEmpty, "\(name): \(errors.map(\.description))")
            checked[project.kind, default: 0] += 1
        }
        #expect(Set(checked.keys) == Set(schemas.map(\.kind)), "every kind has a sample: \(checked)")
    }

    @Test("defaulting a sample twice changes nothing more")
    func defaultingIsIdempotent() throws {
        let schemas = try ProjectSchema.all()
        for sample in try TestSupport.documents(under: "samples") {
            guard let project = schemas.first(where: { $0.kind == sample["kind"]?.stringValue }) else { continue }
            let once = project.schema.applyDefaults(to: sample)
            #expect(project.schema.applyDefaults(to: once) == once)
            #expect(project.schema.prune(once).unknownFields.isEmpty)
        }
    }

    @Test("a broken EventRoute is refused with the server's messages")
    func brokenRoute() throws {
        let route = try #require(try ProjectSchema.all().first { $0.kind == "EventRoute" }).schema
        let object: JSONValue = [
            "apiVersion": "eventmesh.coldchain.io/v1alpha1", "kind": "EventRoute", "metadata": ["name": "Bad_Name"],
            "spec": [
                "source": ["brokerRef": ["name": "kafka-local"], "kafka": ["topic": ".."]],
                "sink": ["brokerRef": ["name": "rabbit"], "rabbitmq": ["exchange": "x", "exchangeType": "fan-out"]],
                "bridge": ["replicas": 101, "resources": ["limits": ["cpu": true]]],
            ],
        ]
        let lines = TestSupport.lines(route.validate(route.applyDefaults(to: object)))
        #expect(lines.contains(#"FieldValueInvalid metadata.name: Invalid value: "Bad_Name": metadata.name in body should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'"#))
        #expect(lines.contains("FieldValueInvalid spec.bridge.replicas: Invalid value: 101: spec.bridge.replicas in body should be less than or equal to 100"))
        #expect(lines.contains(#"FieldValueTypeInvalid spec.bridge.resources.limits.cpu: Invalid value: "boolean": spec.bridge.resources.limits.cpu in body must be of type integer,string: "boolean""#))
        #expect(lines.contains(#"FieldValueInvalid <nil>: Invalid value: "": "spec.source.kafka.topic" must not validate the schema (not)"#))
        #expect(lines.contains(#"FieldValueNotSupported spec.sink.rabbitmq.exchangeType: Unsupported value: "fan-out": supported values: "direct", "fanout", "topic", "headers""#))
    }
}
