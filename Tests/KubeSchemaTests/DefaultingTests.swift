import KubeCore
import KubeSchema
import StrictJSON
import Testing

@Suite("Defaulting")
struct DefaultingTests {
    private let schema: StructuralSchema

    init() throws {
        schema = try TestSupport.specSchema("""
            type: object
            properties:
              bridge:
                type: object
                default: {}
                properties:
                  image: {type: string, default: worker}
                  replicas: {type: integer, default: 1}
                  labels: {type: object, nullable: true, default: {team: mesh}, additionalProperties: {type: string}}
              routes:
                type: array
                items:
                  type: object
                  default: {name: unnamed}
                  properties:
                    name: {type: string}
                    retries: {type: integer, default: 3}
              brokers:
                type: object
                additionalProperties:
                  type: object
                  default: {port: 9092}
                  properties:
                    port: {type: integer, default: 9092}
                    tls: {type: boolean, default: false}
              note: {type: string, default: none}
              comment: {type: string, nullable: true, default: none}
            """)
    }

    @Test("an absent property gets its default, and defaults apply inside defaults")
    func nested() {
        let defaulted = schema.applyDefaults(to: ["spec": [:]])
        #expect(defaulted["spec"] == [
            "bridge": ["image": "worker", "replicas": 1, "labels": ["team": "mesh"]],
            "note": "none", "comment": "none",
        ])
    }

    @Test("values that are present stay, nulls are replaced unless nullable")
    func presentAndNull() {
        let defaulted = schema.applyDefaults(to: ["spec": [
            "bridge": ["image": "custom", "replicas": nil, "labels": nil],
            "note": nil, "comment": nil,
        ]])
        #expect(defaulted["spec"] == [
            "bridge": ["image": "custom", "replicas": 1, "labels": nil],
            "note": "none", "comment": nil,
        ])
    }

    @Test("array elements get their properties' defaults; a null element gets the items' default")
    func arrays() {
        let defaulted = schema.applyDefaults(to: ["spec": ["routes": [["name": "a"], nil, ["name": "b", "retries": 0]]]])
        #expect(defaulted[path: "spec", "routes"] == [
            ["name": "a", "retries": 3], ["name": "unnamed", "retries": 3], ["name": "b", "retries": 0],
        ])
    }

    @Test("map values get their properties' defaults; a null value gets the values' default")
    func maps() {
        let defaulted = schema.applyDefaults(to: ["spec": ["brokers": ["a": [:], "b": nil, "c": ["port": 1]]]])
        #expect(defaulted[path: "spec", "brokers"] == [
            "a": ["port": 9092, "tls": false], "b": ["port": 9092, "tls": false], "c": ["port": 1, "tls": false],
        ])
    }

    @Test("defaults are pruned when the schema is read, and the server would refuse them")
    func defaultsArePruned() throws {
        let schema = try TestSupport.specSchema("""
            type: object
            properties:
              bridge:
                type: object
                default: {image: worker, stray: 1}
                properties: {image: {type: string}}
            """)
        #expect(schema.properties["spec"]?.properties["bridge"]?.defaultValue == ["image": "worker"])
        #expect(schema.applyDefaults(to: ["spec": [:]])["spec"] == ["bridge": ["image": "worker"]])
        #expect(TestSupport.lines(schema.structuralViolations()) == [
            #"FieldValueInvalid spec.validation.openAPIV3Schema.properties[spec].properties[bridge].default: Invalid value: {"image":"worker","stray":1}: must not have unknown fields"#,
        ])
    }

    @Test("a default that breaks its own schema is reported as the server reports it")
    func invalidDefault() throws {
        let schema = try TestSupport.specSchema("""
            type: object
            properties:
              replicas: {type: integer, minimum: 1, default: 0}
              bridge: {type: object, default: {size: x}, properties: {size: {type: integer}}}
            """)
        #expect(TestSupport.lines(schema.structuralViolations(at: StructuralSchema.schemaPath(version: 0))) == [
            #"FieldValueInvalid spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[replicas].default: Invalid value: 0:  in body should be greater than or equal to 1"#,
            #"FieldValueTypeInvalid spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[bridge].default.size: Invalid value: "string": size in body must be of type integer: "string""#,
        ].sorted { $0.split(separator: " ", maxSplits: 1)[1] < $1.split(separator: " ", maxSplits: 1)[1] })
    }
}
