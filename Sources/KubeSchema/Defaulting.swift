import StrictJSON

extension StructuralSchema {
    /// The object with the schema's defaults applied as the server applies them
    /// (`structuraldefaulting.Default`): a property's default where the property is absent, or
    /// null and not `nullable`; for array elements and map values, a null that is not `nullable`
    /// becomes the items'/values' default. Defaults apply inside defaults, at every depth.
    /// Defaults were pruned when the schema was read, so they add no unknown fields.
    public func applyDefaults(to object: JSONValue) -> JSONValue {
        Self.defaulted(object, self)
    }

    private static func defaulted(_ value: JSONValue, _ schema: StructuralSchema?) -> JSONValue {
        guard let schema else { return value }
        switch value {
        case .object(var members):
            for (name, property) in schema.properties {
                guard let fallback = property.defaultValue else { continue }
                if let member = members[name], !(member.isNull && !property.nullable) { continue }
                members[name] = fallback
            }
            for key in members.keys {
                if let property = schema.properties[key] {
                    members[key] = defaulted(members[key]!, property)
                } else if let values = schema.additionalProperties?.schema {
                    if members[key]!.isNull && !values.nullable { members[key] = values.defaultValue ?? .null }
                    members[key] = defaulted(members[key]!, values)
                }
            }
            return .object(members)
        case .array(var elements):
            guard let items = schema.items else { return value }
            for index in elements.indices {
                if elements[index].isNull && !items.nullable { elements[index] = items.defaultValue ?? .null }
                elements[index] = defaulted(elements[index], items)
            }
            return .array(elements)
        default:
            return value
        }
    }
}
