import KubeCore
import StrictJSON

extension StructuralSchema {
    /// The object as the server stores it, and the fields it dropped, as the server reports them
    /// for `fieldValidation=Strict|Warn` (`spec.foo`, `spec.routes[0].bar`, `metadata.foo`).
    ///
    /// Like the server's decoder, in this order: unknown ObjectMeta fields at the root
    /// (`metadata.*`), fields the schema does not declare (sorted; `apiVersion`, `kind` and
    /// `metadata` are kept at the root and in `x-kubernetes-embedded-resource` objects, and
    /// everything below `x-kubernetes-preserve-unknown-fields` is kept), then unknown ObjectMeta
    /// fields of embedded resources. Nulls the schema does not allow (not `nullable`, no
    /// `default`) are dropped too, without being reported.
    public func prune(_ object: JSONValue) -> (pruned: JSONValue, unknownFields: [String]) {
        var unknown: [String] = []
        var object = object
        if let metadata = object["metadata"] {
            object["metadata"] = ObjectMetaFields.coerce(metadata, prefix: "metadata", unknown: &unknown)
        }
        var pruned: [String] = []
        var root = self
        root.embeddedResource = true
        object = SchemaPruner.prune(object, root, path: "", unknown: &pruned)
        unknown += pruned.sorted()
        object = SchemaPruner.dropDisallowedNulls(object, self)
        var embedded: [String] = []
        object = ObjectMetaFields.coerceEmbedded(object, self, at: FieldPath(), unknown: &embedded)
        return (object, unknown + embedded.sorted())
    }
}

/// The server's pruning algorithm (`structuralpruning.PruneWithOptions`).
enum SchemaPruner {
    static let metaFields: Set<String> = ["apiVersion", "kind", "metadata"]

    /// Drops what `schema` (nil: nothing is known) does not declare; `path` is where `value` is,
    /// in the server's notation (`spec.routes[0]`).
    static func prune(_ value: JSONValue, _ schema: StructuralSchema?, path: String, unknown: inout [String]) -> JSONValue {
        if let schema, schema.preservesUnknownFields { return skipPrune(value, schema, path: path, unknown: &unknown) }
        switch value {
        case .object(var members):
            guard let schema else {
                unknown += members.keys.map { join(path, $0) }
                return .object([:])
            }
            for (key, member) in members {
                if schema.embeddedResource && metaFields.contains(key) { continue }
                if let property = schema.properties[key] {
                    members[key] = prune(member, property, path: join(path, key), unknown: &unknown)
                } else if let additional = schema.additionalProperties {
                    members[key] = prune(member, additional.schema, path: join(path, key), unknown: &unknown)
                } else {
                    if !metaFields.contains(key) || !path.isEmpty { unknown.append(join(path, key)) }
                    members[key] = nil
                }
            }
            return .object(members)
        case .array(let elements):
            return .array(elements.enumerated().map { index, element in
                prune(element, schema?.items, path: "\(path)[\(index)]", unknown: &unknown)
            })
        default:
            return value
        }
    }

    /// Below `x-kubernetes-preserve-unknown-fields`: unknown fields stay, declared ones are pruned.
    private static func skipPrune(_ value: JSONValue, _ schema: StructuralSchema, path: String, unknown: inout [String]) -> JSONValue {
        switch value {
        case .object(var members):
            for (key, member) in members {
                if schema.embeddedResource && metaFields.contains(key) { continue }
                if let property = schema.properties[key] {
                    members[key] = prune(member, property, path: join(path, key), unknown: &unknown)
                } else if let additional = schema.additionalProperties {
                    members[key] = prune(member, additional.schema, path: join(path, key), unknown: &unknown)
                }
            }
            return .object(members)
        case .array(let elements):
            guard let items = schema.items else { return value }
            return .array(elements.enumerated().map { index, element in
                skipPrune(element, items, path: "\(path)[\(index)]", unknown: &unknown)
            })
        default:
            return value
        }
    }

    /// `PruneNonNullableNullsWithoutDefaults`: a null where the schema is neither nullable nor
    /// defaulted is removed (one with a default is left for defaulting to replace).
    static func dropDisallowedNulls(_ value: JSONValue, _ schema: StructuralSchema?) -> JSONValue {
        switch value {
        case .object(var members):
            for (key, member) in members {
                let field = schema?.properties[key] ?? schema?.additionalProperties?.schema
                if member.isNull, let field, !field.nullable, field.defaultValue == nil {
                    members[key] = nil
                } else {
                    members[key] = dropDisallowedNulls(member, field)
                }
            }
            return .object(members)
        case .array(let elements):
            return .array(elements.map { dropDisallowedNulls($0, schema?.items) })
        default:
            return value
        }
    }

    private static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }
}
