import KubeCore
import KubeSchema
import StrictJSON
import Testing

/// One keyword check: a schema for `spec` (YAML), a value for `spec` (JSON), and the errors the
/// API server answers with (`reason field: message`), in its order.
struct KeywordCase: CustomTestStringConvertible, Sendable {
    let name: String
    let schema: String
    let value: String
    let expected: [String]

    init(_ name: String, _ schema: String, _ value: String, _ expected: [String] = []) {
        self.name = name
        self.schema = schema
        self.value = value
        self.expected = expected
    }

    var testDescription: String { name }
}

private let typeCases: [KeywordCase] = [
    .init("integer accepts an integer", "{type: integer}", "3"),
    .init("integer accepts an integral double", "{type: integer}", "3.0"),
    .init("integer refuses a string", "{type: integer}", #""3""#,
          [#"FieldValueTypeInvalid spec: Invalid value: "string": spec in body must be of type integer: "string""#]),
    .init("integer refuses a fraction", "{type: integer}", "3.5",
          [#"FieldValueTypeInvalid spec: Invalid value: "number": spec in body must be of type integer: "number""#]),
    .init("number accepts an integer", "{type: number}", "3"),
    .init("boolean refuses a string", "{type: boolean}", #""true""#,
          [#"FieldValueTypeInvalid spec: Invalid value: "string": spec in body must be of type boolean: "string""#]),
    .init("array refuses an object", "{type: array, items: {type: string}}", "{}",
          [#"FieldValueTypeInvalid spec: Invalid value: "object": spec in body must be of type array: "object""#]),
    .init("object refuses an array", "{type: object}", "[]",
          [#"FieldValueTypeInvalid spec: Invalid value: "array": spec in body must be of type object: "array""#]),
    .init("null is refused unless nullable", "{type: string}", "null",
          [#"FieldValueTypeInvalid spec: Invalid value: "null": spec in body must be of type string: "null""#]),
    .init("nullable accepts null", "{type: string, nullable: true}", "null"),
    .init("a wrong type and an enum both report", "{type: string, enum: [a]}", "5", [
        #"FieldValueTypeInvalid spec: Invalid value: "integer": spec in body must be of type string: "integer""#,
        #"FieldValueNotSupported spec: Unsupported value: 5: supported values: "a""#,
    ]),
    .init("int-or-string accepts both", "{x-kubernetes-int-or-string: true}", #""50%""#),
    .init("int-or-string refuses a boolean", "{x-kubernetes-int-or-string: true}", "true",
          [#"FieldValueTypeInvalid spec: Invalid value: "boolean": spec in body must be of type integer,string: "boolean""#]),
    .init("int-or-string with its anyOf reports the first branch too",
          "{x-kubernetes-int-or-string: true, anyOf: [{type: integer}, {type: string}]}", "true", [
              #"FieldValueTypeInvalid spec: Invalid value: "boolean": spec in body must be of type integer,string: "boolean""#,
              #"FieldValueInvalid <nil>: Invalid value: "": "spec" must validate at least one schema (anyOf)"#,
              #"FieldValueTypeInvalid spec: Invalid value: "boolean": spec in body must be of type integer: "boolean""#,
          ]),
    .init("a pattern does not apply to the integer of an int-or-string",
          "{x-kubernetes-int-or-string: true, pattern: '^[0-9]+m$'}", "5"),
]

private let numberCases: [KeywordCase] = [
    .init("minimum", "{type: integer, minimum: 1}", "0",
          ["FieldValueInvalid spec: Invalid value: 0: spec in body should be greater than or equal to 1"]),
    .init("minimum met", "{type: integer, minimum: 1}", "1"),
    .init("exclusiveMinimum", "{type: integer, minimum: 1, exclusiveMinimum: true}", "1",
          ["FieldValueInvalid spec: Invalid value: 1: spec in body should be greater than 1"]),
    .init("maximum", "{type: integer, maximum: 10}", "11",
          ["FieldValueInvalid spec: Invalid value: 11: spec in body should be less than or equal to 10"]),
    .init("exclusiveMaximum", "{type: integer, maximum: 10, exclusiveMaximum: true}", "10",
          ["FieldValueInvalid spec: Invalid value: 10: spec in body should be less than 10"]),
    .init("a fractional minimum for a number", "{type: number, minimum: 0.5}", "0.25",
          ["FieldValueInvalid spec: Invalid value: 0.25: spec in body should be greater than or equal to 0.5"]),
    .init("a fractional bound is truncated for an integer (as the server does)", "{type: integer, minimum: 1.5}", "1"),
    .init("a large bound prints as Go prints it", "{type: number, maximum: 1000000}", "2000000.5",
          ["FieldValueInvalid spec: Invalid value: 2000000.5: spec in body should be less than or equal to 1e+06"]),
    .init("multipleOf", "{type: integer, multipleOf: 5}", "12",
          ["FieldValueInvalid spec: Invalid value: 12: spec in body should be a multiple of 5"]),
    .init("multipleOf met", "{type: integer, multipleOf: 5}", "15"),
    .init("a fractional multipleOf tolerates rounding", "{type: number, multipleOf: 0.1}", "0.3"),
    .init("a fractional multipleOf", "{type: number, multipleOf: 0.1}", "0.35",
          ["FieldValueInvalid spec: Invalid value: 0.35: spec in body should be a multiple of 0.1"]),
    .init("multipleOf, minimum and maximum in that order",
          "{type: integer, multipleOf: 2, minimum: 10, maximum: 0}", "5", [
              "FieldValueInvalid spec: Invalid value: 5: spec in body should be a multiple of 2",
              "FieldValueInvalid spec: Invalid value: 5: spec in body should be greater than or equal to 10",
              "FieldValueInvalid spec: Invalid value: 5: spec in body should be less than or equal to 0",
          ]),
    .init("int32 and int64 formats are not checked", "{type: integer, format: int32}", "5000000000"),
]

private let stringCases: [KeywordCase] = [
    .init("minLength", "{type: string, minLength: 3}", #""ab""#,
          [#"FieldValueInvalid spec: Invalid value: "ab": spec in body should be at least 3 chars long"#]),
    .init("maxLength", "{type: string, maxLength: 3}", #""abcd""#,
          ["FieldValueTooLong spec: Too long: may not be more than 3 bytes"]),
    .init("maxLength of one", "{type: string, maxLength: 1}", #""ab""#,
          ["FieldValueTooLong spec: Too long: may not be more than 1 byte"]),
    .init("lengths count characters, not bytes", "{type: string, maxLength: 3}", #""héé""#),
    .init("maxLength stops the other string checks", "{type: string, maxLength: 1, pattern: '^[0-9]$'}", #""ab""#,
          ["FieldValueTooLong spec: Too long: may not be more than 1 byte"]),
    .init("pattern", "{type: string, pattern: '^[a-z]+$'}", #""Ab""#,
          [#"FieldValueInvalid spec: Invalid value: "Ab": spec in body should match '^[a-z]+$'"#]),
    .init("pattern searches, unanchored", "{type: string, pattern: '[0-9]'}", #""abc1""#),
    .init("$ matches only at the very end, as in Go", "{type: string, pattern: '^[a-z]+$'}", #""ab\n""#,
          [#"FieldValueInvalid spec: Invalid value: "ab\n": spec in body should match '^[a-z]+$'"#]),
    .init("enum", "{type: string, enum: [Retain, Delete]}", #""Sometimes""#,
          [#"FieldValueNotSupported spec: Unsupported value: "Sometimes": supported values: "Retain", "Delete""#]),
    .init("a numeric enum lists its values as JSON", "{type: integer, enum: [1, 2]}", "3",
          [#"FieldValueNotSupported spec: Unsupported value: 3: supported values: "1", "2""#]),
    .init("an enum never matches null", "{type: string, nullable: true, enum: [a]}", "null",
          [#"FieldValueNotSupported spec: Unsupported value: "null": supported values: "a""#]),
    .init("date-time", "{type: string, format: date-time}", #""2024-01-02T03:04:05.5+01:00""#),
    .init("date-time refused", "{type: string, format: date-time}", #""yesterday""#,
          [#"FieldValueTypeInvalid spec: Invalid value: "yesterday": spec in body must be of type date-time: "yesterday""#]),
    .init("date", "{type: string, format: date}", #""2024-02-29""#),
    .init("date refused", "{type: string, format: date}", #""2023-02-29""#,
          [#"FieldValueTypeInvalid spec: Invalid value: "2023-02-29": spec in body must be of type date: "2023-02-29""#]),
    .init("uuid", "{type: string, format: uuid}", #""3F2504E0-4F89-11D3-9A0C-0305E82C3301""#),
    .init("uuid refused", "{type: string, format: uuid}", #""3F2504E0""#,
          [#"FieldValueTypeInvalid spec: Invalid value: "3F2504E0": spec in body must be of type uuid: "3F2504E0""#]),
    .init("byte", "{type: string, format: byte}", #""aGVsbG8=""#),
    .init("byte refused", "{type: string, format: byte}", #""aGVsbG8""#,
          [#"FieldValueTypeInvalid spec: Invalid value: "aGVsbG8": spec in body must be of type byte: "aGVsbG8""#]),
    .init("ipv4", "{type: string, format: ipv4}", #""10.0.0.1""#),
    .init("ipv4 refused", "{type: string, format: ipv4}", #""10.0.0""#,
          [#"FieldValueTypeInvalid spec: Invalid value: "10.0.0": spec in body must be of type ipv4: "10.0.0""#]),
    .init("ipv6", "{type: string, format: ipv6}", #""fe80::1""#),
    .init("cidr", "{type: string, format: cidr}", #""10.0.0.0/33""#,
          [#"FieldValueTypeInvalid spec: Invalid value: "10.0.0.0/33": spec in body must be of type cidr: "10.0.0.0/33""#]),
    .init("hostname", "{type: string, format: hostname}", #""broker-0.kafka.local""#),
    .init("email", "{type: string, format: email}", #""Ops <ops@example.com>""#),
    .init("uri", "{type: string, format: uri}", #""http://127.0.0.1:15672/api""#),
    .init("uri refused", "{type: string, format: uri}", #""relative/path""#,
          [#"FieldValueTypeInvalid spec: Invalid value: "relative/path": spec in body must be of type uri: "relative/path""#]),
    .init("duration", "{type: string, format: duration}", #""1h30m""#),
    .init("duration, Scala style", "{type: string, format: duration}", #""3 days""#),
    .init("mac", "{type: string, format: mac}", #""00:00:5e:00:53:01""#),
    .init("an unknown format is ignored", "{type: string, format: shoe-size}", #""42""#),
]

private let collectionCases: [KeywordCase] = [
    .init("minItems", "{type: array, items: {type: string}, minItems: 1}", "[]",
          ["FieldValueInvalid spec: Invalid value: 0: spec in body should have at least 1 items"]),
    .init("maxItems", "{type: array, items: {type: string}, maxItems: 1}", #"["a", "b"]"#,
          ["FieldValueTooMany spec: Too many: 2: must have at most 1 item"]),
    .init("uniqueItems", "{type: array, items: {type: integer}, uniqueItems: true}", "[1, 1]",
          [#"FieldValueInvalid spec: Invalid value: "": spec in body shouldn't contain duplicates"#]),
    .init("items", "{type: array, items: {type: integer}}", #"[1, "x"]"#,
          [#"FieldValueTypeInvalid spec[1]: Invalid value: "string": spec[1] in body must be of type integer: "string""#]),
    .init("minProperties", "{type: object, additionalProperties: {type: string}, minProperties: 1}", "{}",
          ["FieldValueInvalid spec: Invalid value: 0: spec in body should have at least 1 properties"]),
    .init("maxProperties", "{type: object, additionalProperties: {type: integer}, maxProperties: 1}", #"{"a": 1, "b": 2}"#,
          ["FieldValueTooMany spec: Too many: 2: must have at most 1 item"]),
    .init("maxProperties stops the object's other checks",
          "{type: object, additionalProperties: {type: string}, maxProperties: 1}", #"{"a": 1, "b": 2}"#,
          ["FieldValueTooMany spec: Too many: 2: must have at most 1 item"]),
    .init("required", "{type: object, required: [topic], properties: {topic: {type: string}}}", "{}",
          ["FieldValueRequired spec.topic: Required value"]),
    .init("map values are named like fields", "{type: object, additionalProperties: {type: string}}", #"{"log-level": 1}"#,
          [#"FieldValueTypeInvalid spec.log-level: Invalid value: "integer": spec.log-level in body must be of type string: "integer""#]),
    .init("additionalProperties false", "{type: object, properties: {a: {type: integer}}, additionalProperties: false}",
          #"{"b": 1}"#, [#"FieldValueInvalid spec: Invalid value: "b": spec.b in body is a forbidden property"#]),
    .init("nested paths", "{type: object, properties: {routes: {type: array, items: {type: object, properties: {name: {type: string, minLength: 1}}}}}}",
          #"{"routes": [{"name": "a"}, {"name": ""}]}"#,
          [#"FieldValueInvalid spec.routes[1].name: Invalid value: "": spec.routes[1].name in body should be at least 1 chars long"#]),
    .init("siblings in name order", "{type: object, properties: {b: {type: integer}, a: {type: integer}}}", #"{"a": "x", "b": "y"}"#, [
        #"FieldValueTypeInvalid spec.a: Invalid value: "string": spec.a in body must be of type integer: "string""#,
        #"FieldValueTypeInvalid spec.b: Invalid value: "string": spec.b in body must be of type integer: "string""#,
    ]),
    .init("list-type set", "{type: array, items: {type: string}, x-kubernetes-list-type: set}", #"["a", "b", "a", "a"]"#,
          [#"FieldValueDuplicate spec[2]: Duplicate value: "a""#]),
    .init("list-type set keeps 1 and 1.0 apart", "{type: array, items: {type: number}, x-kubernetes-list-type: set}", "[1, 1.0]"),
    .init("list-type map", """
          {type: array, x-kubernetes-list-type: map, x-kubernetes-list-map-keys: [name],
           items: {type: object, required: [name], properties: {name: {type: string}, port: {type: integer}}}}
          """, #"[{"name": "a", "port": 1}, {"name": "b"}, {"name": "a", "port": 2}]"#,
          [#"FieldValueDuplicate spec[2]: Duplicate value: {"name":"a"}"#]),
    .init("list-type map with two keys", """
          {type: array, x-kubernetes-list-type: map, x-kubernetes-list-map-keys: [name, protocol],
           items: {type: object, properties: {name: {type: string}, protocol: {type: string}}}}
          """, #"[{"name": "a", "protocol": "TCP"}, {"name": "a", "protocol": "UDP"}, {"name": "a", "protocol": "TCP"}]"#,
          [#"FieldValueDuplicate spec[2]: Duplicate value: {"name":"a","protocol":"TCP"}"#]),
    .init("list duplicates under a map are keyed with brackets", """
          {type: object, additionalProperties: {type: array, items: {type: string}, x-kubernetes-list-type: set}}
          """, #"{"team": ["a", "a"]}"#, [#"FieldValueDuplicate spec[team][1]: Duplicate value: "a""#]),
]

private let junctionCases: [KeywordCase] = [
    .init("allOf", "{type: integer, allOf: [{minimum: 1}, {maximum: 5}]}", "7", [
        "FieldValueInvalid spec: Invalid value: 7: spec in body should be less than or equal to 5",
        #"FieldValueInvalid <nil>: Invalid value: "": "spec" must validate all the schemas (allOf)"#,
    ]),
    .init("oneOf with none valid reports the best branch", """
          {type: object, properties: {a: {type: string}, b: {type: string}}, oneOf: [{required: [a]}, {required: [b]}]}
          """, "{}", [
              #"FieldValueInvalid <nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). Found none valid"#,
              "FieldValueRequired spec.a: Required value",
          ]),
    .init("oneOf with two valid", """
          {type: object, properties: {a: {type: string}, b: {type: string}}, oneOf: [{required: [a]}, {required: [b]}]}
          """, #"{"a": "x", "b": "y"}"#,
          [#"FieldValueInvalid <nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). Found 2 valid alternatives"#]),
    .init("oneOf with one valid", """
          {type: object, properties: {a: {type: string}, b: {type: string}}, oneOf: [{required: [a]}, {required: [b]}]}
          """, #"{"a": "x"}"#),
    .init("anyOf picks the branch with the most matches", """
          {type: object, properties: {a: {type: integer}}, anyOf: [{required: [b]}, {properties: {a: {minimum: 5}}}]}
          """, #"{"a": 1}"#, [
              #"FieldValueInvalid <nil>: Invalid value: "": "spec" must validate at least one schema (anyOf)"#,
              "FieldValueInvalid spec.a: Invalid value: 1: spec.a in body should be greater than or equal to 5",
          ]),
    .init("not", "{type: string, not: {enum: ['.', '..']}}", #"".""#,
          [#"FieldValueInvalid <nil>: Invalid value: "": "spec" must not validate the schema (not)"#]),
    .init("not passes", "{type: string, not: {enum: ['.', '..']}}", #""a.b""#),
]

@Suite("Validation, keyword by keyword")
struct KeywordValidationTests {
    private func run(_ testCase: KeywordCase) throws {
        let schema = try TestSupport.specSchema(testCase.schema)
        let value = try JSONValue(parsing: testCase.value)
        let errors = schema.validate(["spec": value])
        #expect(TestSupport.lines(errors) == testCase.expected)
    }

    @Test("type", arguments: typeCases) func type(_ testCase: KeywordCase) throws { try run(testCase) }
    @Test("numbers", arguments: numberCases) func numbers(_ testCase: KeywordCase) throws { try run(testCase) }
    @Test("strings, enums and formats", arguments: stringCases) func strings(_ testCase: KeywordCase) throws { try run(testCase) }
    @Test("arrays, objects and list types", arguments: collectionCases) func collections(_ testCase: KeywordCase) throws { try run(testCase) }
    @Test("allOf, anyOf, oneOf, not", arguments: junctionCases) func junctions(_ testCase: KeywordCase) throws { try run(testCase) }

    @Test("metadata is checked only as the schema restricts its name")
    func metadataName() throws {
        let schema = try TestSupport.schema("""
            type: object
            properties:
              metadata: {type: object, properties: {name: {type: string, maxLength: 5, pattern: '^[a-z]+$'}}}
            """)
        let object: JSONValue = ["apiVersion": "x/v1", "kind": "X", "metadata": ["name": "Bad", "labels": ["a": "b"]]]
        #expect(TestSupport.lines(schema.validate(object))
            == [#"FieldValueInvalid metadata.name: Invalid value: "Bad": metadata.name in body should match '^[a-z]+$'"#])
        #expect(schema.validate(["metadata": ["name": "good", "uid": "1"]]).isEmpty)
    }

    @Test("embedded resources need apiVersion and kind, and a usable metadata")
    func embeddedResource() throws {
        let schema = try TestSupport.specSchema("""
            type: object
            properties:
              template: {type: object, x-kubernetes-embedded-resource: true, x-kubernetes-preserve-unknown-fields: true}
            """)
        let object: JSONValue = ["spec": ["template": ["kind": "config_map", "metadata": ["name": "a/b", "labels": ["x": "-bad"]]]]]
        #expect(TestSupport.lines(schema.validate(object)) == [
            "FieldValueRequired spec.template.apiVersion: Required value",
            #"FieldValueInvalid spec.template.kind: Invalid value: "config_map": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"#,
            #"FieldValueInvalid spec.template.metadata.name: Invalid value: "a/b": may not contain '/'"#,
            #"FieldValueInvalid spec.template.metadata.labels: Invalid value: "-bad": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"#,
        ])
        let bad: JSONValue = ["spec": ["template": ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": 5]]]]
        #expect(TestSupport.lines(schema.validate(bad)) == [
            #"FieldValueInvalid spec.template.metadata: Invalid value: {"name":5}: json: cannot unmarshal number into Go struct field ObjectMeta.name of type string"#,
        ])
    }

    @Test("x-kubernetes-validations are read and not evaluated")
    func celRulesAreSkipped() throws {
        let schema = try TestSupport.specSchema("""
            type: object
            properties: {replicas: {type: integer}}
            x-kubernetes-validations: [{rule: 'self.replicas < 2', message: at most one replica, reason: FieldValueForbidden}]
            """)
        let rules = try #require(schema.properties["spec"]).validationRules
        #expect(rules == [.init(rule: "self.replicas < 2", message: "at most one replica", messageExpression: nil,
                                reason: "FieldValueForbidden", fieldPath: nil, optionalOldSelf: nil)])
        #expect(schema.validate(["spec": ["replicas": 5]]).isEmpty)
    }
}
