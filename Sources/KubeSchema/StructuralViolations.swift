import KubeCore
import StrictJSON

extension StructuralSchema {
    /// Where a CRD keeps version `index`'s schema: `spec.versions[0].schema.openAPIV3Schema`.
    public static func schemaPath(version index: Int) -> FieldPath {
        FieldPath("spec").child("versions").index(index).child("schema").child("openAPIV3Schema")
    }

    /// The main reasons the API server refuses a CRD for this schema, as field errors below
    /// `basePath` (e.g. `spec.validation.openAPIV3Schema.properties[spec].type: Required value:
    /// must not be empty for specified object fields`): first the OpenAPI rules (unsupported
    /// keywords, `additionalProperties` beside `properties`, list types, invalid defaults), then
    /// the structural rules (a type everywhere outside int-or-string and preserve-unknown-fields,
    /// nothing structural inside allOf/anyOf/oneOf/not, `metadata` restricted to `name` and
    /// `generateName`, embedded resources), each group sorted as the server sorts it.
    public func structuralViolations(at basePath: FieldPath = "spec.validation.openAPIV3Schema") -> [FieldError] {
        var rules: [FieldError] = []
        openAPIRules(at: basePath, into: &rules)
        var structural: [FieldError] = []
        invariants(.root, at: basePath, into: &structural)
        completeness(self, schemaPath: basePath, branchPath: basePath, into: &structural)
        return rules.sorted { $0.description < $1.description } + structural.sorted { $0.description < $1.description }
    }

    private enum Level { case root, item, field }

    // MARK: - OpenAPI rules (apiextensions validation of the schema)

    private func openAPIRules(at path: FieldPath, into errors: inout [FieldError]) {
        if uniqueItems {
            errors.append(.forbidden(path.child("uniqueItems"),
                                     "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"))
        }
        if !properties.isEmpty, let additionalProperties, additionalProperties != .allowed(true) {
            errors.append(.forbidden(path.child("additionalProperties"), "additionalProperties and properties are mutual exclusive"))
        }
        for keyword in unsupportedKeywords { errors.append(.forbidden(path.child(keyword), "\(keyword) is not supported")) }
        if type == "null" {
            errors.append(.forbidden(path.child("type"), "type cannot be set to null, use nullable as an alternative"))
        } else if let type, !["array", "boolean", "integer", "number", "object", "string"].contains(type) {
            errors.append(.notSupported(path.child("type"), .string(type),
                                        supported: ["array", "boolean", "integer", "number", "object", "string"]))
        }
        listRules(at: path, into: &errors)
        if let mapType, !["granular", "atomic"].contains(mapType) {
            errors.append(.notSupported(path.child("x-kubernetes-map-type"), .string(mapType), supported: ["granular", "atomic"]))
        }
        if let defaultValue {
            let defaultPath = path.child("default")
            if let unprunedDefault {
                errors.append(.invalid(defaultPath, unprunedDefault, "must not have unknown fields"))
            } else {
                // Validated from an empty path, so messages read ` in body should …` as the server's do.
                errors += validateValue(defaultValue, at: FieldPath()).map { error in
                    var error = error
                    let relative = error.field.components == [.field("<nil>")] ? [] : error.field.components
                    error.field = FieldPath(defaultPath.components + relative)
                    return error
                }
            }
        }
        for (name, property) in properties { property.openAPIRules(at: path.child("properties").key(name), into: &errors) }
        additionalProperties?.schema?.openAPIRules(at: path.child("additionalProperties"), into: &errors)
        items?.openAPIRules(at: path.child("items"), into: &errors)
        for (keyword, branches) in [("allOf", allOf), ("anyOf", anyOf), ("oneOf", oneOf)] {
            for (index, branch) in branches.enumerated() { branch.openAPIRules(at: path.child(keyword).index(index), into: &errors) }
        }
        not?.openAPIRules(at: path.child("not"), into: &errors)
    }

    private func listRules(at path: FieldPath, into errors: inout [FieldError]) {
        let keysPath = path.child("x-kubernetes-list-map-keys")
        guard let listType else {
            if !listMapKeys.isEmpty { errors.append(.forbidden(keysPath, "must be empty if x-kubernetes-list-type is not map")) }
            return
        }
        guard ["atomic", "set", "map"].contains(listType) else {
            errors.append(.notSupported(path.child("x-kubernetes-list-type"), .string(listType), supported: ["atomic", "set", "map"]))
            return
        }
        if type != "array" {
            errors.append(.invalid(path.child("type"), .string(type ?? ""), "must be array if x-kubernetes-list-type is specified"))
        }
        guard listType == "map" else {
            if !listMapKeys.isEmpty { errors.append(.forbidden(keysPath, "must be empty if x-kubernetes-list-type is not map")) }
            return
        }
        if listMapKeys.isEmpty { errors.append(.required(keysPath, "must not be empty if x-kubernetes-list-type is map")) }
        guard let items else { return }
        if items.type != "object" {
            errors.append(.invalid(path.child("items").child("type"), .string(items.type ?? ""),
                                   "must be object if parent array's x-kubernetes-list-type is map"))
            return
        }
        for key in listMapKeys {
            guard let property = items.properties[key] else {
                errors.append(.invalid(keysPath, .array(listMapKeys.map { .string($0) }), "entries must all be names of item properties"))
                continue
            }
            if !["string", "integer", "number", "boolean"].contains(property.type ?? "") && !property.intOrString {
                errors.append(.invalid(path.child("items").child("properties").key(key).child("type"), .string(property.type ?? ""),
                                       "must be a scalar type if parent array's x-kubernetes-list-type is map"))
            }
            if !items.required.contains(key) && property.defaultValue == nil {
                errors.append(.required(path.child("items").child("properties").key(key),
                                        "all map keys must be required or have a default value"))
            }
        }
    }

    // MARK: - Structural invariants (apiextensions' schema.ValidateStructural)

    private func invariants(_ level: Level, at path: FieldPath, into errors: inout [FieldError]) {
        if type == "array" && items == nil { errors.append(.required(path.child("items"), "must be specified")) }
        items?.invariants(.item, at: path.child("items"), into: &errors)
        for (name, property) in properties { property.invariants(.field, at: path.child("properties").key(name), into: &errors) }
        if let additionalProperties {
            if level == .root { errors.append(.forbidden(path.child("additionalProperties"), "must not be used at the root")) }
            additionalProperties.schema?.invariants(.field, at: path.child("additionalProperties"), into: &errors)
        }
        if intOrString && preservesUnknownFields {
            errors.append(.invalid(path.child("x-kubernetes-preserve-unknown-fields"), true, "must be false if x-kubernetes-int-or-string is true"))
        }
        if intOrString && embeddedResource {
            errors.append(.invalid(path.child("x-kubernetes-embedded-resource"), true, "must be false if x-kubernetes-int-or-string is true"))
        }
        junctionRules(skipAnyOf: isIntOrStringAnyOf, skipFirstAllOfAnyOf: isIntOrStringAllOf, at: path, into: &errors)

        if embeddedResource && type != "object" {
            let message = "must be object if x-kubernetes-embedded-resource is true"
            errors.append(type == nil ? .required(path.child("type"), message) : .invalid(path.child("type"), .string(type!), message))
        } else if type == nil && !intOrString && !preservesUnknownFields {
            let message = switch level {
            case .root: "must not be empty at the root"
            case .item: "must not be empty for specified array items"
            case .field: "must not be empty for specified object fields"
            }
            errors.append(.required(path.child("type"), message))
        }
        if embeddedResource && additionalProperties != nil {
            errors.append(.forbidden(path.child("additionalProperties"), "must not be used if x-kubernetes-embedded-resource is set"))
        }
        if level == .root, let type, type != "object" { errors.append(.invalid(path.child("type"), .string(type), "must be object at the root")) }
        let checkMetadata = level == .root || embeddedResource
        for name in ["apiVersion", "kind"] {
            if checkMetadata, let property = properties[name], property.type != "string" {
                errors.append(.invalid(path.child("properties").key(name).child("type"), .string(property.type ?? ""), "must be string"))
            }
        }
        if let metadata = properties["metadata"] {
            let metadataPath = path.child("properties").key("metadata")
            if checkMetadata && metadata.type != "object" {
                errors.append(.invalid(metadataPath.child("type"), .string(metadata.type ?? ""), "must be object"))
            }
            if level == .root && !metadata.restrictsOnlyNames {
                errors.append(.forbidden(metadataPath, "must not specify anything other than name and generateName, but metadata is implicitly specified"))
            }
        }
        if embeddedResource && !preservesUnknownFields && properties.isEmpty {
            errors.append(.required(path.child("properties"),
                                    "must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields"))
        }
    }

    /// The branches of allOf/anyOf/oneOf/not, which may hold value validations only.
    private func junctionRules(skipAnyOf: Bool, skipFirstAllOfAnyOf: Bool, at path: FieldPath, into errors: inout [FieldError]) {
        if !skipAnyOf {
            for (index, branch) in anyOf.enumerated() { branch.nestedRules(skipAnyOf: false, at: path.child("anyOf").index(index), into: &errors) }
        }
        for (index, branch) in allOf.enumerated() {
            branch.nestedRules(skipAnyOf: skipFirstAllOfAnyOf && index == 0, at: path.child("allOf").index(index), into: &errors)
        }
        for (index, branch) in oneOf.enumerated() { branch.nestedRules(skipAnyOf: false, at: path.child("oneOf").index(index), into: &errors) }
        not?.nestedRules(skipAnyOf: false, at: path.child("not"), into: &errors)
    }

    private func nestedRules(skipAnyOf: Bool, at path: FieldPath, into errors: inout [FieldError]) {
        junctionRules(skipAnyOf: skipAnyOf, skipFirstAllOfAnyOf: false, at: path, into: &errors)
        items?.nestedRules(skipAnyOf: false, at: path.child("items"), into: &errors)
        for (name, property) in properties { property.nestedRules(skipAnyOf: false, at: path.child("properties").key(name), into: &errors) }
        func forbid(_ keyword: String, _ present: Bool, _ rule: String) {
            if present { errors.append(.forbidden(path.child(keyword), rule)) }
        }
        forbid("type", type != nil, "must be empty to be structural")
        forbid("additionalProperties", additionalProperties != nil, "must be undefined to be structural")
        forbid("default", defaultValue != nil, "must be undefined to be structural")
        forbid("title", !(title ?? "").isEmpty, "must be empty to be structural")
        forbid("description", !(description ?? "").isEmpty, "must be empty to be structural")
        forbid("nullable", nullable, "must be false to be structural")
        forbid("x-kubernetes-preserve-unknown-fields", preservesUnknownFields, "must be false to be structural")
        forbid("x-kubernetes-embedded-resource", embeddedResource, "must be false to be structural")
        forbid("x-kubernetes-int-or-string", intOrString, "must be false to be structural")
        forbid("x-kubernetes-list-map-keys", !listMapKeys.isEmpty, "must be empty to be structural")
        forbid("x-kubernetes-list-type", listType != nil, "must be undefined to be structural")
        forbid("x-kubernetes-map-type", mapType != nil, "must be undefined to be structural")
        forbid("x-kubernetes-validations", !validationRules.isEmpty, "must be empty to be structural")
        if properties["metadata"] != nil {
            errors.append(.forbidden(path.child("properties").key("metadata"), "must not be specified in a nested context"))
        }
    }

    /// Every property or items a branch constrains must exist in the structural schema.
    private func completeness(_ structural: StructuralSchema?, schemaPath: FieldPath, branchPath: FieldPath,
                              into errors: inout [FieldError]) {
        let branches = [("not", not.map { [$0] } ?? []), ("allOf", allOf), ("anyOf", anyOf), ("oneOf", oneOf)]
        for (keyword, list) in branches {
            for (index, branch) in list.enumerated() {
                let path = keyword == "not" ? branchPath.child(keyword) : branchPath.child(keyword).index(index)
                branch.nestedCompleteness(structural, schemaPath: schemaPath, branchPath: path, into: &errors)
            }
        }
    }

    private func nestedCompleteness(_ structural: StructuralSchema?, schemaPath: FieldPath, branchPath: FieldPath,
                                    into errors: inout [FieldError]) {
        guard let structural else {
            errors.append(.required(schemaPath, "because it is defined in \(branchPath)"))
            return
        }
        completeness(structural, schemaPath: schemaPath, branchPath: branchPath, into: &errors)
        items?.nestedCompleteness(structural.items, schemaPath: schemaPath.child("items"),
                                  branchPath: branchPath.child("items"), into: &errors)
        for (name, property) in properties {
            let fieldPath = schemaPath.child("properties").key(name)
            let fieldBranchPath = branchPath.child("properties").key(name)
            guard let target = structural.properties[name] else {
                errors.append(.required(fieldPath, "because it is defined in \(fieldBranchPath)"))
                continue
            }
            property.nestedCompleteness(target, schemaPath: fieldPath, branchPath: fieldBranchPath, into: &errors)
        }
    }

    // MARK: - Patterns

    private var isIntOrStringAnyOf: Bool {
        anyOf.count == 2 && anyOf[0] == .bare(type: "integer") && anyOf[1] == .bare(type: "string")
    }

    private var isIntOrStringAllOf: Bool {
        guard let first = allOf.first else { return false }
        return first.anyOf.count == 2 && first.anyOf[0] == .bare(type: "integer") && first.anyOf[1] == .bare(type: "string")
    }

    /// Whether a root `metadata` schema says nothing beyond `type: object` and restrictions of
    /// `name` and `generateName`.
    private var restrictsOnlyNames: Bool {
        var rest = self
        if Set(properties.keys).isSubset(of: ["name", "generateName"]) { rest.properties = [:] }
        rest.type = nil
        rest.defaultValue = nil
        rest.unprunedDefault = nil
        if rest.preserveUnknownFields == false { rest.preserveUnknownFields = nil }
        return rest == StructuralSchema()
    }

    private static func bare(type: String) -> StructuralSchema {
        var schema = StructuralSchema()
        schema.type = type
        return schema
    }
}
