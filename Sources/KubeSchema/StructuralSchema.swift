import KubeCore
import StrictJSON

/// One node of a CRD version's `openAPIV3Schema`, as the API server reads it: the structural
/// part (type, properties, items, additionalProperties), the value validations it applies, the
/// Kubernetes extensions, and the description (kept for `kubectl explain`).
///
/// Branches of `allOf`/`anyOf`/`oneOf`/`not` are nodes too: the server enforces every keyword
/// they hold (their `type` included), while `structuralViolations(at:)` reports the keywords a
/// structural schema may not put there.
public struct StructuralSchema: Sendable, Equatable {
    /// `additionalProperties`: a schema for every value of a map, or a bare `true`/`false`.
    public indirect enum AdditionalProperties: Sendable, Equatable {
        case allowed(Bool)
        case schema(StructuralSchema)

        /// The values' schema, when there is one.
        public var schema: StructuralSchema? {
            if case .schema(let schema) = self { return schema }
            return nil
        }
    }

    /// One `x-kubernetes-validations` rule. CEL is not evaluated here: the rules are kept so the
    /// server can publish them, and `validate(_:)` skips them.
    public struct ValidationRule: Sendable, Equatable {
        public var rule: String
        public var message: String?
        public var messageExpression: String?
        public var reason: String?
        public var fieldPath: String?
        public var optionalOldSelf: Bool?

        public init(rule: String, message: String? = nil, messageExpression: String? = nil, reason: String? = nil,
                    fieldPath: String? = nil, optionalOldSelf: Bool? = nil) {
            self.rule = rule
            self.message = message
            self.messageExpression = messageExpression
            self.reason = reason
            self.fieldPath = fieldPath
            self.optionalOldSelf = optionalOldSelf
        }
    }

    // Generic: `type` (object, array, string, integer, number, boolean), `format`, the
    // `description` and `title` that `kubectl explain` shows, `nullable`.
    public internal(set) var type: String?
    public internal(set) var format: String?
    public internal(set) var description: String?
    public internal(set) var title: String?
    public internal(set) var nullable = false
    /// The default, already pruned against this node (as the server prunes defaults).
    public internal(set) var defaultValue: JSONValue?

    // Structure: the fields of an object, the values of a map, the fields an object needs.
    public internal(set) var properties: [String: StructuralSchema] = [:]
    public internal(set) var additionalProperties: AdditionalProperties?
    public internal(set) var required: [String] = []
    private var itemsStorage: [StructuralSchema] = []
    private var notStorage: [StructuralSchema] = []

    // Value validations, named as in OpenAPI (`enum` is `enumValues`).
    public internal(set) var enumValues: [JSONValue]?
    public internal(set) var maximum: Double?
    public internal(set) var exclusiveMaximum = false
    public internal(set) var minimum: Double?
    public internal(set) var exclusiveMinimum = false
    public internal(set) var multipleOf: Double?
    public internal(set) var maxLength: Int64?
    public internal(set) var minLength: Int64?
    /// The regular expression, as written (RE2 syntax; it is searched for, unanchored).
    public var pattern: String? { compiledPattern?.source }
    public internal(set) var maxItems: Int64?
    public internal(set) var minItems: Int64?
    public internal(set) var uniqueItems = false
    public internal(set) var maxProperties: Int64?
    public internal(set) var minProperties: Int64?
    public internal(set) var allOf: [StructuralSchema] = []
    public internal(set) var anyOf: [StructuralSchema] = []
    public internal(set) var oneOf: [StructuralSchema] = []

    // Kubernetes extensions, `x-kubernetes-…` without the prefix.
    /// `x-kubernetes-preserve-unknown-fields`, nil when unset (an explicit `false` is kept).
    public internal(set) var preserveUnknownFields: Bool?
    public internal(set) var embeddedResource = false
    public internal(set) var intOrString = false
    public internal(set) var listType: String?
    public internal(set) var listMapKeys: [String] = []
    public internal(set) var mapType: String?
    /// `x-kubernetes-validations`, kept for publication only: CEL is not evaluated.
    public internal(set) var validationRules: [ValidationRule] = []

    var compiledPattern: CompiledPattern?
    /// Keywords the server refuses in a CRD (`$ref` aside, which cannot be read at all).
    var unsupportedKeywords: [String] = []
    /// The default as written, when pruning changed it (the server refuses such a default).
    var unprunedDefault: JSONValue?

    /// `items`: the schema of every element of an array.
    public internal(set) var items: StructuralSchema? {
        get { itemsStorage.first }
        set { itemsStorage = newValue.map { [$0] } ?? [] }
    }

    /// `not`: a schema the value must not match.
    public internal(set) var not: StructuralSchema? {
        get { notStorage.first }
        set { notStorage = newValue.map { [$0] } ?? [] }
    }

    /// Whether unknown fields are kept (`x-kubernetes-preserve-unknown-fields: true`).
    public var preservesUnknownFields: Bool { preserveUnknownFields == true }

    /// The types `type` names, as the validator sees them (int-or-string is `integer,string`).
    var types: [String] {
        if intOrString { return ["integer", "string"] }
        return type.map { [$0] } ?? []
    }

    /// An empty schema (no type, no keywords).
    init() {}

    /// Reads a CRD version's `openAPIV3Schema`. Throws for what cannot be read at all (a keyword
    /// of the wrong JSON type, `items` given as an array, `$ref`, a `pattern` that does not
    /// compile); what merely breaks the structural rules is listed by `structuralViolations(at:)`.
    public init(_ json: JSONValue) throws(SchemaError) {
        try self.init(json, at: FieldPath())
        pruneDefaults()
    }

    private init(_ json: JSONValue, at path: FieldPath) throws(SchemaError) {
        guard let members = json.objectValue else {
            throw SchemaError(path, "must be an object, found \(json.typeName)")
        }
        let reader = KeywordReader(members: members, path: path)
        type = try reader.string("type")
        format = try reader.string("format")
        description = try reader.string("description")
        title = try reader.string("title")
        nullable = try reader.bool("nullable") ?? false
        if let value = members["default"], !value.isNull { defaultValue = value }

        for (name, value) in try reader.object("properties") ?? [:] {
            properties[name] = try StructuralSchema(value, at: path.child("properties").key(name))
        }
        switch members["additionalProperties"] {
        case nil: break
        case .bool(let allowed)?: additionalProperties = .allowed(allowed)
        case let value?: additionalProperties = .schema(try StructuralSchema(value, at: path.child("additionalProperties")))
        }
        required = try reader.strings("required") ?? []
        switch members["items"] {
        case nil: break
        case .array?: throw SchemaError(path.child("items"), "must be a schema object and not an array")
        case let value?: items = try StructuralSchema(value, at: path.child("items"))
        }

        enumValues = try reader.array("enum")
        maximum = try reader.number("maximum")
        exclusiveMaximum = try reader.bool("exclusiveMaximum") ?? false
        minimum = try reader.number("minimum")
        exclusiveMinimum = try reader.bool("exclusiveMinimum") ?? false
        multipleOf = try reader.number("multipleOf")
        maxLength = try reader.integer("maxLength")
        minLength = try reader.integer("minLength")
        if let source = try reader.string("pattern") {
            compiledPattern = try CompiledPattern(source, at: path.child("pattern"))
        }
        maxItems = try reader.integer("maxItems")
        minItems = try reader.integer("minItems")
        uniqueItems = try reader.bool("uniqueItems") ?? false
        maxProperties = try reader.integer("maxProperties")
        minProperties = try reader.integer("minProperties")
        allOf = try Self.branches(reader, "allOf")
        anyOf = try Self.branches(reader, "anyOf")
        oneOf = try Self.branches(reader, "oneOf")
        if let value = members["not"] { not = try StructuralSchema(value, at: path.child("not")) }

        preserveUnknownFields = try reader.bool("x-kubernetes-preserve-unknown-fields")
        embeddedResource = try reader.bool("x-kubernetes-embedded-resource") ?? false
        intOrString = try reader.bool("x-kubernetes-int-or-string") ?? false
        listType = try reader.string("x-kubernetes-list-type")
        listMapKeys = try reader.strings("x-kubernetes-list-map-keys") ?? []
        mapType = try reader.string("x-kubernetes-map-type")
        validationRules = try Self.rules(reader)

        if members["$ref"] != nil { throw SchemaError(path.child("$ref"), "$ref is not supported") }
        unsupportedKeywords = ["patternProperties", "dependencies", "additionalItems", "definitions"]
            .filter { members[$0] != nil }
    }

    private static func branches(_ reader: KeywordReader, _ keyword: String) throws(SchemaError) -> [StructuralSchema] {
        var branches: [StructuralSchema] = []
        for (index, value) in (try reader.array(keyword) ?? []).enumerated() {
            branches.append(try StructuralSchema(value, at: reader.path.child(keyword).index(index)))
        }
        return branches
    }

    private static func rules(_ reader: KeywordReader) throws(SchemaError) -> [ValidationRule] {
        var rules: [ValidationRule] = []
        for (index, value) in (try reader.array("x-kubernetes-validations") ?? []).enumerated() {
            let path = reader.path.child("x-kubernetes-validations").index(index)
            guard let members = value.objectValue else { throw SchemaError(path, "must be an object") }
            let rule = KeywordReader(members: members, path: path)
            guard let source = try rule.string("rule") else { throw SchemaError(path.child("rule"), "must be a string") }
            rules.append(ValidationRule(rule: source, message: try rule.string("message"),
                                        messageExpression: try rule.string("messageExpression"),
                                        reason: try rule.string("reason"), fieldPath: try rule.string("fieldPath"),
                                        optionalOldSelf: try rule.bool("optionalOldSelf")))
        }
        return rules
    }

    /// Prunes every default against the node that holds it, as the server does when it loads a CRD.
    private mutating func pruneDefaults() {
        if let value = defaultValue {
            var unknown: [String] = []
            let pruned = SchemaPruner.prune(value, self, path: "", unknown: &unknown)
            unprunedDefault = pruned == value ? Optional.none : value
            defaultValue = pruned
        }
        for name in properties.keys { properties[name]?.pruneDefaults() }
        if case .schema(var schema) = additionalProperties {
            schema.pruneDefaults()
            additionalProperties = .schema(schema)
        }
        for index in itemsStorage.indices { itemsStorage[index].pruneDefaults() }
    }
}

/// Why a schema could not be read: where in the schema, and what is wrong there.
public struct SchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The keyword's path below `openAPIV3Schema`, e.g. `properties[spec].type`.
    public var path: FieldPath
    public var reason: String

    public init(_ path: FieldPath, _ reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String {
        path.components.isEmpty ? "openAPIV3Schema: \(reason)" : "openAPIV3Schema.\(path): \(reason)"
    }

    /// The error as a CRD's field error below `basePath`
    /// (e.g. `spec.versions[0].schema.openAPIV3Schema`).
    public func fieldError(under basePath: FieldPath) -> FieldError {
        .invalid(FieldPath(basePath.components + path.components), "", reason)
    }
}

/// Typed access to the keywords of one schema object.
private struct KeywordReader {
    let members: [String: JSONValue]
    let path: FieldPath

    private func failure(_ keyword: String, _ expected: String) -> SchemaError {
        SchemaError(path.child(keyword), "must be \(expected)")
    }

    func string(_ keyword: String) throws(SchemaError) -> String? {
        guard let value = members[keyword], !value.isNull else { return nil }
        guard let string = value.stringValue else { throw failure(keyword, "a string") }
        return string
    }

    func bool(_ keyword: String) throws(SchemaError) -> Bool? {
        guard let value = members[keyword], !value.isNull else { return nil }
        guard let bool = value.boolValue else { throw failure(keyword, "a boolean") }
        return bool
    }

    func number(_ keyword: String) throws(SchemaError) -> Double? {
        guard let value = members[keyword], !value.isNull else { return nil }
        guard let number = value.doubleValue else { throw failure(keyword, "a number") }
        return number
    }

    func integer(_ keyword: String) throws(SchemaError) -> Int64? {
        guard let value = members[keyword], !value.isNull else { return nil }
        guard let integer = value.int64Value else { throw failure(keyword, "an integer") }
        return integer
    }

    func array(_ keyword: String) throws(SchemaError) -> [JSONValue]? {
        guard let value = members[keyword], !value.isNull else { return nil }
        guard let array = value.arrayValue else { throw failure(keyword, "an array") }
        return array
    }

    func object(_ keyword: String) throws(SchemaError) -> [String: JSONValue]? {
        guard let value = members[keyword], !value.isNull else { return nil }
        guard let object = value.objectValue else { throw failure(keyword, "an object") }
        return object
    }

    func strings(_ keyword: String) throws(SchemaError) -> [String]? {
        guard let array = try array(keyword) else { return nil }
        var strings: [String] = []
        for element in array {
            guard let string = element.stringValue else { throw failure(keyword, "an array of strings") }
            strings.append(string)
        }
        return strings
    }
}
