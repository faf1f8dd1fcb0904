import KubeCore
import StrictJSON

extension StructuralSchema {
    /// The errors the API server reports for `object` against this schema, in its order and
    /// wording: the schema's value validations, then the `apiVersion`/`kind`/`metadata` of
    /// embedded resources, then duplicates in `x-kubernetes-list-type` `set` and `map` lists.
    ///
    /// Call it on the object as the server holds it: pruned (`prune(_:)`) and defaulted
    /// (`applyDefaults(to:)`). The root `metadata` is validated only as far as the schema says
    /// (the `name`/`generateName` restrictions a CRD may declare); the rest of ObjectMeta is the
    /// caller's. `x-kubernetes-validations` (CEL) rules are not evaluated.
    ///
    /// Where the server walks a Go map (sibling properties, map keys) its order is random from one
    /// request to the next; here siblings come in name order, so the output is stable.
    public func validate(_ object: JSONValue) -> [FieldError] {
        let result = OpenAPIValidator().validate(self, object, at: FieldPath())
        return result.errors.map(\.fieldError)
            + EmbeddedResourceValidator.validate(object, self, at: FieldPath())
            + ListSetValidator.validate(object, self, at: FieldPath())
    }

    /// The value validations alone, with paths and messages starting at `basePath` (used for a
    /// CRD's `default` values, which the server validates from an empty path).
    func validateValue(_ value: JSONValue, at basePath: FieldPath) -> [FieldError] {
        OpenAPIValidator().validate(self, value, at: basePath).errors.map(\.fieldError)
    }
}

/// One error of kube-openapi's validator, before the server turns it into a field error.
struct OpenAPIError {
    enum Code {
        case invalidType, required, tooLong, enumFailed, maxItems, tooManyProperties
        /// Every other `*errors.Validation` (minimum, pattern, minItems, ...): FieldValueInvalid.
        case other
        /// A plain error without a field (the anyOf/oneOf/allOf/not summaries).
        case composite
    }

    var code: Code
    var path: FieldPath
    var value: JSONValue?
    /// The limit a TooLong/TooMany error names.
    var limit: Int64 = -1
    var enumValues: [JSONValue] = []
    var message: String

    /// The field error `kubeOpenAPIResultToFieldErrors` makes of it.
    var fieldError: FieldError {
        switch code {
        case .required:
            return .required(path)
        case .enumFailed:
            let supported = enumValues.map { $0.stringValue ?? GoFormat.json($0) }
            return FieldError(.notSupported, path, badValue: GoFormat.badValue(value ?? .null),
                              detail: "supported values: " + supported.map(GoFormat.quote).joined(separator: ", "))
        case .tooLong:
            return FieldError(.tooLong, path, detail: "may not be more than \(limit) \(limit == 1 ? "byte" : "bytes")")
        case .maxItems, .tooManyProperties:
            return FieldError(.tooMany, path, badValue: value,
                              detail: "must have at most \(limit) \(limit == 1 ? "item" : "items")")
        case .invalidType:
            return FieldError(.typeInvalid, path, badValue: value ?? "", detail: message)
        case .other:
            return .invalid(path, value ?? "", message)
        case .composite:
            // The server passes a nil *field.Path here, which prints as `<nil>`.
            return .invalid(FieldPath([.field("<nil>")]), "", message)
        }
    }
}

/// kube-openapi's `validate.Result`: errors, deduplicated by message, and a match count that
/// decides which failed branch of an anyOf/oneOf gets reported.
struct ValidationResult {
    private(set) var errors: [OpenAPIError] = []
    private var messages: Set<String> = []
    var matchCount = 0

    init(matchCount: Int = 0) {
        self.matchCount = matchCount
    }

    var isValid: Bool { errors.isEmpty }

    static func failure(_ error: OpenAPIError) -> ValidationResult {
        var result = ValidationResult()
        result.add(error)
        return result
    }

    mutating func add(_ error: OpenAPIError) {
        if messages.insert(error.message).inserted { errors.append(error) }
    }

    mutating func merge(_ other: ValidationResult?) {
        guard let other else { return }
        for error in other.errors { add(error) }
        matchCount += other.matchCount
    }
}

/// A port of kube-openapi's `SchemaValidator` as the API server runs it on custom objects: the
/// same validators in the same order (type, allOf/anyOf/oneOf/not, string, format, number,
/// array, enum, object), merged the same way.
struct OpenAPIValidator {
    func validate(_ schema: StructuralSchema, _ data: JSONValue, at path: FieldPath) -> ValidationResult {
        var result = ValidationResult()
        if data.isNull {
            result.merge(ValueChecks.type(schema, data, path))
            result.merge(ValueChecks.enumeration(schema, data, path))
            return result
        }
        func run(_ applies: Bool, _ check: () -> ValidationResult?) {
            guard applies else { return }
            result.merge(check())
            result.matchCount += 1
        }
        let format = ValueChecks.effectiveFormat(schema)
        run(!schema.types.isEmpty || format != nil) { ValueChecks.type(schema, data, path) }
        run(true) { junctions(schema, data, path) }
        if case .string(let text) = data {
            run(true) { ValueChecks.string(schema, text, path) }
            run(format != nil) { ValueChecks.format(format ?? "", text, path) }
        }
        if case .number(let number) = data { run(true) { ValueChecks.number(schema, number, path) } }
        if case .array(let elements) = data { run(true) { array(schema, elements, path) } }
        run(true) { ValueChecks.enumeration(schema, data, path) }
        if case .object(let members) = data { run(true) { object(schema, members, path) } }
        result.matchCount += 1
        return result
    }

    /// allOf, anyOf, oneOf and not, with the best failed branch reported as the server picks it.
    private func junctions(_ schema: StructuralSchema, _ data: JSONValue, _ path: FieldPath) -> ValidationResult {
        var main = ValidationResult()
        let quotedPath = GoFormat.quote(path.description)
        func composite(_ message: String) -> OpenAPIError {
            OpenAPIError(code: .composite, path: path, message: message)
        }
        if !schema.anyOf.isEmpty {
            var best: ValidationResult?
            var success: ValidationResult?
            for branch in schema.anyOf {
                let result = validate(branch, data, at: path)
                if result.isValid {
                    best = nil
                    success = result
                    break
                }
                if best == nil || result.matchCount > best!.matchCount { best = result }
            }
            if success == nil { main.add(composite("\(quotedPath) must validate at least one schema (anyOf)")) }
            main.merge(best ?? success)
        }
        if !schema.oneOf.isEmpty {
            var best: ValidationResult?
            var firstSuccess: ValidationResult?
            var validated = 0
            for branch in schema.oneOf {
                let result = validate(branch, data, at: path)
                if result.isValid {
                    validated += 1
                    best = nil
                    if firstSuccess == nil { firstSuccess = result }
                    continue
                }
                if validated == 0 && (best == nil || result.matchCount > best!.matchCount) { best = result }
            }
            if validated != 1 {
                let found = validated == 0 ? "Found none valid" : "Found \(validated) valid alternatives"
                main.add(composite("\(quotedPath) must validate one and only one schema (oneOf). \(found)"))
                main.merge(best)
            } else {
                main.merge(firstSuccess)
            }
        }
        if !schema.allOf.isEmpty {
            var validated = 0
            for branch in schema.allOf {
                let result = validate(branch, data, at: path)
                if result.isValid { validated += 1 }
                main.merge(result)
            }
            if validated != schema.allOf.count {
                main.add(composite("\(quotedPath) must validate all the schemas (allOf)\(validated == 0 ? ". None validated" : "")"))
            }
        }
        if let not = schema.not, validate(not, data, at: path).isValid {
            main.add(composite("\(quotedPath) must not validate the schema (not)"))
        }
        main.matchCount += 1
        return main
    }

    private func array(_ schema: StructuralSchema, _ elements: [JSONValue], _ path: FieldPath) -> ValidationResult {
        var result = ValidationResult()
        if let items = schema.items {
            for (index, element) in elements.enumerated() {
                result.merge(validate(items, element, at: path.index(index)))
            }
        }
        let size = Int64(elements.count)
        if let minItems = schema.minItems, size < minItems {
            result.add(OpenAPIError(code: .other, path: path, value: .integer(size),
                                    message: "\(path) in body should have at least \(minItems) items"))
        }
        if let maxItems = schema.maxItems, size > maxItems {
            result.add(OpenAPIError(code: .maxItems, path: path, value: .integer(size), limit: maxItems,
                                    message: "\(path) in body should have at most \(maxItems) items"))
        }
        if schema.uniqueItems, Set(elements).count != elements.count {
            result.add(OpenAPIError(code: .other, path: path, message: "\(path) in body shouldn't contain duplicates"))
        }
        result.matchCount += 1
        return result
    }

    private func object(_ schema: StructuralSchema, _ members: [String: JSONValue], _ path: FieldPath) -> ValidationResult {
        let count = Int64(members.count)
        if let minProperties = schema.minProperties, count < minProperties {
            return .failure(OpenAPIError(code: .other, path: path, value: .integer(count),
                                         message: "\(path) in body should have at least \(minProperties) properties"))
        }
        if let maxProperties = schema.maxProperties, count > maxProperties {
            return .failure(OpenAPIError(code: .tooManyProperties, path: path, value: .integer(count), limit: maxProperties,
                                         message: "\(path) in body should have at most \(maxProperties) properties"))
        }
        var result = ValidationResult()
        let extraKeys = members.keys.filter { schema.properties[$0] == nil }.sorted()
        switch schema.additionalProperties {
        case .allowed(false)?:
            for key in extraKeys {
                result.add(OpenAPIError(code: .other, path: path, value: .string(key),
                                        message: "\(path).\(key) in body is a forbidden property"))
            }
        case .schema(let values)?:
            // The server names map values `parent.key`, as if they were fields.
            for key in extraKeys { result.merge(validate(values, members[key]!, at: path.child(key))) }
        default:
            break
        }
        for name in schema.properties.keys.sorted() {
            if let value = members[name] { result.merge(validate(schema.properties[name]!, value, at: path.child(name))) }
        }
        for name in schema.required where members[name] == nil {
            result.add(OpenAPIError(code: .required, path: path.child(name), message: "\(path.child(name)) in body is required"))
        }
        return result
    }
}
