import KubeCore
import StrictJSON

/// The fields of ObjectMeta (and of the lists inside it) as `metav1` declares them; anything
/// else in a `metadata` is an unknown field, dropped and reported like a pruned one.
enum ObjectMetaFields {
    static let known: Set<String> = [
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
        "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
        "ownerReferences", "finalizers", "managedFields",
    ]
    private static let nested: [String: Set<String>] = [
        "ownerReferences": ["apiVersion", "kind", "name", "uid", "controller", "blockOwnerDeletion"],
        "managedFields": ["manager", "operation", "apiVersion", "time", "fieldsType", "fieldsV1", "subresource"],
    ]

    /// `metadata` without unknown fields; each dropped one is reported as `prefix.field`.
    static func coerce(_ metadata: JSONValue, prefix: String, unknown: inout [String]) -> JSONValue {
        guard var members = metadata.objectValue else { return metadata }
        for key in members.keys.sorted() {
            guard known.contains(key) else {
                unknown.append("\(prefix).\(key)")
                members[key] = nil
                continue
            }
            guard let fields = nested[key], let entries = members[key]?.arrayValue else { continue }
            members[key] = .array(entries.enumerated().map { index, entry in
                guard var entryMembers = entry.objectValue else { return entry }
                for field in entryMembers.keys.sorted() where !fields.contains(field) {
                    unknown.append("\(prefix).\(key)[\(index)].\(field)")
                    entryMembers[field] = nil
                }
                return .object(entryMembers)
            })
        }
        return .object(members)
    }

    /// The same for the `metadata` of every `x-kubernetes-embedded-resource` object below the root.
    static func coerceEmbedded(_ value: JSONValue, _ schema: StructuralSchema?, at path: FieldPath,
                               unknown: inout [String]) -> JSONValue {
        guard let schema else { return value }
        switch value {
        case .object(var members):
            if schema.embeddedResource, !path.components.isEmpty, let metadata = members["metadata"] {
                members["metadata"] = coerce(metadata, prefix: path.child("metadata").description, unknown: &unknown)
            }
            for key in members.keys.sorted() {
                if let property = schema.properties[key] {
                    members[key] = coerceEmbedded(members[key]!, property, at: path.child(key), unknown: &unknown)
                } else if let additional = schema.additionalProperties?.schema {
                    members[key] = coerceEmbedded(members[key]!, additional, at: path.key(key), unknown: &unknown)
                }
            }
            return .object(members)
        case .array(let elements):
            return .array(elements.enumerated().map { index, element in
                coerceEmbedded(element, schema.items, at: path.index(index), unknown: &unknown)
            })
        default:
            return value
        }
    }
}

/// `apiVersion`, `kind` and `metadata` of `x-kubernetes-embedded-resource` objects below the
/// root, checked as the server does after schema validation (`objectmeta.Validate`). Of
/// ObjectMeta, the name, generateName, namespace, generation, labels and annotation keys are
/// checked; owner references, finalizers and managed fields are not.
enum EmbeddedResourceValidator {
    static func validate(_ value: JSONValue, _ schema: StructuralSchema?, at path: FieldPath) -> [FieldError] {
        guard let schema else { return [] }
        switch value {
        case .object(let members):
            var errors = schema.embeddedResource && !path.components.isEmpty ? embeddedResource(members, path) : []
            for key in members.keys.sorted() {
                if let property = schema.properties[key] {
                    errors += validate(members[key]!, property, at: path.child(key))
                } else if let additional = schema.additionalProperties {
                    errors += validate(members[key]!, additional.schema, at: path.key(key))
                }
            }
            return errors
        case .array(let elements):
            return elements.enumerated().flatMap { validate($1, schema.items, at: path.index($0)) }
        default:
            return []
        }
    }

    private static func embeddedResource(_ members: [String: JSONValue], _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if members["apiVersion"] == nil { errors.append(.required(path.child("apiVersion"))) }
        if members["kind"] == nil { errors.append(.required(path.child("kind"))) }
        for key in members.keys.sorted() {
            let value = members[key]!
            switch key {
            case "apiVersion":
                guard let apiVersion = value.stringValue else {
                    errors.append(.invalid(path.child(key), value, "must be a string"))
                    continue
                }
                if apiVersion.isEmpty {
                    errors.append(.required(path.child(key)))
                } else if apiVersion.filter({ $0 == "/" }).count > 1 {
                    errors.append(.invalid(path.child(key), value, "unexpected GroupVersion string: \(apiVersion)"))
                }
            case "kind":
                guard let kind = value.stringValue else {
                    errors.append(.invalid(path.child(key), value, "must be a string"))
                    continue
                }
                let problems = dns1035LabelProblems(kind.lowercased())
                if kind.isEmpty {
                    errors.append(.required(path.child(key)))
                } else if !problems.isEmpty {
                    errors.append(.invalid(path.child(key), value,
                                           "may have mixed case, but should otherwise match: " + problems.joined(separator: ",")))
                }
            case "metadata":
                errors += metadata(value, path.child("metadata"))
            default:
                break
            }
        }
        return errors
    }

    private static func metadata(_ value: JSONValue, _ path: FieldPath) -> [FieldError] {
        if let problem = decodingProblem(value) { return [.invalid(path, value, problem)] }
        guard let members = value.objectValue else { return [] }
        var errors: [FieldError] = []
        if let generateName = members["generateName"]?.stringValue, !generateName.isEmpty {
            for problem in ["/", "%"] where generateName.contains(problem) {
                errors.append(.invalid(path.child("generateName"), .string(generateName), "may not contain '\(problem)'"))
            }
        }
        if let name = members["name"]?.stringValue, !name.isEmpty {
            errors += KubernetesName.pathSegmentProblems(name).map { .invalid(path.child("name"), .string(name), $0) }
        }
        if let namespace = members["namespace"]?.stringValue, !namespace.isEmpty {
            errors += KubernetesName.labelProblems(namespace).map { .invalid(path.child("namespace"), .string(namespace), $0) }
        }
        if let generation = members["generation"]?.int64Value, generation < 0 {
            errors.append(.invalid(path.child("generation"), .integer(generation), "must be greater than or equal to 0"))
        }
        for (key, label) in (members["labels"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            errors += KubernetesName.qualifiedNameProblems(key).map { .invalid(path.child("labels"), .string(key), $0) }
            let text = label.stringValue ?? ""
            errors += KubernetesName.labelValueProblems(text).map { .invalid(path.child("labels"), .string(text), $0) }
        }
        for key in (members["annotations"]?.objectValue ?? [:]).keys.sorted() {
            errors += KubernetesName.qualifiedNameProblems(key.lowercased()).map { .invalid(path.child("annotations"), .string(key), $0) }
        }
        return errors
    }

    /// Why `metadata` would not decode as a `metav1.ObjectMeta`, in Go's words.
    private static func decodingProblem(_ value: JSONValue) -> String? {
        func mismatch(_ found: JSONValue, _ field: String, _ goType: String) -> String {
            let kind: String
            switch found {
            case .bool: kind = "bool"
            case .number(.double(let double)) where goType == "int64": kind = "number \(GoFormat.float(double))"
            case .number: kind = "number"
            default: kind = found.typeName
            }
            return "json: cannot unmarshal \(kind) into Go struct field ObjectMeta.\(field) of type \(goType)"
        }
        guard let members = value.objectValue else {
            return value.isNull ? nil : "json: cannot unmarshal \(value.typeName) into Go value of type v1.ObjectMeta"
        }
        for key in members.keys.sorted() {
            let member = members[key]!
            if member.isNull { continue }
            switch key {
            case "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion":
                if member.stringValue == nil { return mismatch(member, key, "string") }
            case "generation", "deletionGracePeriodSeconds":
                if case .number(.integer) = member { break }
                return mismatch(member, key, "int64")
            case "labels", "annotations":
                guard let map = member.objectValue else { return mismatch(member, key, "map[string]string") }
                if let bad = map.sorted(by: { $0.key < $1.key }).first(where: { !$0.value.isNull && $0.value.stringValue == nil }) {
                    return mismatch(bad.value, key, "string")
                }
            case "finalizers":
                guard let list = member.arrayValue else { return mismatch(member, key, "[]string") }
                if let bad = list.first(where: { !$0.isNull && $0.stringValue == nil }) { return mismatch(bad, key, "string") }
            case "ownerReferences":
                if member.arrayValue == nil { return mismatch(member, key, "[]v1.OwnerReference") }
            case "managedFields":
                if member.arrayValue == nil { return mismatch(member, key, "[]v1.ManagedFieldsEntry") }
            default:
                break
            }
        }
        return nil
    }

    /// apimachinery's `IsDNS1035Label`.
    private static func dns1035LabelProblems(_ value: String) -> [String] {
        var problems: [String] = []
        if value.utf8.count > 63 { problems.append("must be no more than 63 characters") }
        let bytes = Array(value.utf8)
        let valid = bytes.first.map { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) } == true
            && bytes.last.map { isLowerAlphanumeric($0) } == true
            && bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        if !valid {
            problems.append("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')")
        }
        return problems
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
