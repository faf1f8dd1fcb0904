import KubeCore
import KubeSchema
import StrictJSON
import Testing

@Suite("Structural schema rules")
struct StructuralViolationTests {
    private func violations(_ yaml: String) throws -> [String] {
        TestSupport.lines(try TestSupport.schema(yaml).structuralViolations())
    }

    @Test("a type is needed everywhere but under int-or-string and preserve-unknown-fields")
    func typeRequired() throws {
        #expect(try violations("""
            type: object
            properties:
              spec:
                properties:
                  size: {x-kubernetes-int-or-string: true}
                  blob: {x-kubernetes-preserve-unknown-fields: true}
                  list: {type: array, items: {minimum: 1}}
                  bare: {type: array}
            """) == [
                "FieldValueRequired spec.validation.openAPIV3Schema.properties[spec].properties[bare].items: Required value: must be specified",
                "FieldValueRequired spec.validation.openAPIV3Schema.properties[spec].properties[list].items.type: Required value: must not be empty for specified array items",
                "FieldValueRequired spec.validation.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields",
            ])
        #expect(try violations("properties: {spec: {type: object}}") == [
            "FieldValueRequired spec.validation.openAPIV3Schema.type: Required value: must not be empty at the root",
        ])
    }

    @Test("additionalProperties: not beside properties, not at the root")
    func additionalProperties() throws {
        #expect(try violations("""
            type: object
            additionalProperties: {type: string}
            properties:
              spec: {type: object, properties: {a: {type: string}}, additionalProperties: {type: string}}
            """) == [
                "FieldValueForbidden spec.validation.openAPIV3Schema.additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive",
                "FieldValueForbidden spec.validation.openAPIV3Schema.properties[spec].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive",
                "FieldValueForbidden spec.validation.openAPIV3Schema.additionalProperties: Forbidden: must not be used at the root",
            ])
    }

    @Test("metadata may only restrict name and generateName")
    func metadata() throws {
        #expect(try violations("""
            type: object
            properties: {metadata: {type: object, properties: {name: {type: string, maxLength: 63}, generateName: {type: string}}}}
            """).isEmpty)
        #expect(try violations("""
            type: object
            properties: {metadata: {type: object, properties: {labels: {type: object}}}}
            """) == [
                "FieldValueForbidden spec.validation.openAPIV3Schema.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified",
            ])
    }

    @Test("allOf, anyOf, oneOf and not hold value validations only, about declared fields")
    func junctions() throws {
        #expect(try violations("""
            type: object
            properties:
              spec:
                type: object
                properties: {a: {type: string}}
                anyOf:
                - {type: object, properties: {a: {minLength: 1, description: x}}}
                - {properties: {b: {maxLength: 2}}}
            """) == [
                "FieldValueForbidden spec.validation.openAPIV3Schema.properties[spec].anyOf[0].properties[a].description: Forbidden: must be empty to be structural",
                "FieldValueForbidden spec.validation.openAPIV3Schema.properties[spec].anyOf[0].type: Forbidden: must be empty to be structural",
            ])
        // As in the server, only the root's junctions are checked for fields the schema lacks.
        #expect(try violations("""
            type: object
            properties: {spec: {type: object, properties: {a: {type: string}}}}
            oneOf:
            - {properties: {spec: {properties: {b: {maxLength: 2}}}}}
            - {properties: {status: {required: [a]}}}
            """) == [
                "FieldValueRequired spec.validation.openAPIV3Schema.properties[spec].properties[b]: Required value: because it is defined in spec.validation.openAPIV3Schema.oneOf[0].properties[spec].properties[b]",
                "FieldValueRequired spec.validation.openAPIV3Schema.properties[status]: Required value: because it is defined in spec.validation.openAPIV3Schema.oneOf[1].properties[status]",
            ])
        #expect(try violations("""
            type: object
            properties:
              spec: {type: object, properties: {cpu: {x-kubernetes-int-or-string: true, anyOf: [{type: integer}, {type: string}]}}}
            """).isEmpty)
    }

    @Test("embedded resources and list types")
    func extensions() throws {
        #expect(try violations("""
            type: object
            properties:
              spec:
                type: object
                properties:
                  template: {type: string, x-kubernetes-embedded-resource: true}
                  ports: {type: array, x-kubernetes-list-type: map, items: {type: object, properties: {port: {type: integer}}}}
                  tags: {type: array, uniqueItems: true, items: {type: string}, x-kubernetes-list-type: bag}
            """) == [
                "FieldValueRequired spec.validation.openAPIV3Schema.properties[spec].properties[ports].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map",
                #"FieldValueForbidden spec.validation.openAPIV3Schema.properties[spec].properties[tags].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic"#,
                #"FieldValueNotSupported spec.validation.openAPIV3Schema.properties[spec].properties[tags].x-kubernetes-list-type: Unsupported value: "bag": supported values: "atomic", "set", "map""#,
                "FieldValueRequired spec.validation.openAPIV3Schema.properties[spec].properties[template].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields",
                #"FieldValueInvalid spec.validation.openAPIV3Schema.properties[spec].properties[template].type: Invalid value: "string": must be object if x-kubernetes-embedded-resource is true"#,
            ])
    }

    @Test("what cannot be read at all throws, with where")
    func unreadable() throws {
        #expect(throws: SchemaError(FieldPath("properties").key("spec").child("type"), "must be a string")) {
            try TestSupport.schema("{type: object, properties: {spec: {type: [string, integer]}}}")
        }
        #expect(throws: SchemaError(FieldPath("items"), "must be a schema object and not an array")) {
            try TestSupport.schema("{type: array, items: [{type: string}]}")
        }
        #expect(throws: SchemaError(FieldPath("properties").key("a").child("pattern"), "must be a valid regular expression, but isn't: ([a-z")) {
            try TestSupport.schema("{type: object, properties: {a: {type: string, pattern: '([a-z'}}}")
        }
        #expect(throws: SchemaError(FieldPath("$ref"), "$ref is not supported")) {
            try TestSupport.schema("{type: object, $ref: '#/definitions/x'}")
        }
        let error = SchemaError(FieldPath("properties").key("spec").child("type"), "must be a string")
        #expect(error.description == "openAPIV3Schema.properties[spec].type: must be a string")
        #expect(error.fieldError(under: StructuralSchema.schemaPath(version: 1)).description
            == #"spec.versions[1].schema.openAPIV3Schema.properties[spec].type: Invalid value: "": must be a string"#)
    }
}
