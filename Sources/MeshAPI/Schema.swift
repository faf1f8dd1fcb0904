import KubeCore
import StrictJSON

/// A structural OpenAPI v3 schema, the subset Kubernetes accepts in a CRD: every node typed and
/// described, value rules (`pattern`, `minimum`, `enum`, ...), defaults, and cross-field rules
/// twice over: as JSON-Schema junctors (`oneOf`/`anyOf`/`not` with only `required`, `enum` and
/// nested `properties`, which structural schemas allow) and as CEL `x-kubernetes-validations`.
public struct Schema: Sendable, Hashable {
    /// The schema as it appears in the CRD.
    public private(set) var json: [String: JSONValue]

    public var jsonValue: JSONValue { .object(json) }

    private init(type: String, description: String) {
        json = ["type": .string(type), "description": .string(description)]
    }

    // MARK: - Nodes

    /// An object with known properties.
    public static func object(_ description: String, required: [String] = [], properties: [String: Schema]) -> Schema {
        var schema = Schema(type: "object", description: description)
        schema.json["properties"] = .object(properties.mapValues(\.jsonValue))
        if !required.isEmpty { schema.json["required"] = .array(required.sorted().map(JSONValue.string)) }
        return schema
    }

    /// An object whose keys are free and whose values all follow `values`.
    public static func map(_ description: String, values: Schema, maxProperties: Int? = nil) -> Schema {
        var schema = Schema(type: "object", description: description)
        schema.json["additionalProperties"] = values.jsonValue
        if let maxProperties { schema.json["maxProperties"] = .integer(Int64(maxProperties)) }
        return schema
    }

    /// A list.
    public static func array(_ description: String, of items: Schema, maxItems: Int? = nil) -> Schema {
        var schema = Schema(type: "array", description: description)
        schema.json["items"] = items.jsonValue
        if let maxItems { schema.json["maxItems"] = .integer(Int64(maxItems)) }
        return schema
    }

    /// A free-form string, bounded so CEL cost estimates stay small.
    public static func string(_ description: String, maxLength: Int = 1024) -> Schema {
        var schema = Schema(type: "string", description: description)
        schema.json["maxLength"] = .integer(Int64(maxLength))
        return schema
    }

    /// A string following a `ValuePattern` (pattern, length bounds, excluded values).
    public static func string(_ description: String, _ pattern: ValuePattern) -> Schema {
        var schema = Schema(type: "string", description: description)
        schema.json["pattern"] = .string(pattern.regex)
        if pattern.minLength > 0 { schema.json["minLength"] = .integer(Int64(pattern.minLength)) }
        if let maxLength = pattern.maxLength { schema.json["maxLength"] = .integer(Int64(maxLength)) }
        if !pattern.excluded.isEmpty {
            schema.json["not"] = ["enum": .array(pattern.excluded.map(JSONValue.string))]
        }
        return schema
    }

    /// A string limited to the known values of an `OpenEnum`.
    public static func enumeration<E: OpenEnum>(_ type: E.Type, _ description: String) -> Schema {
        var schema = Schema(type: "string", description: description)
        schema.json["enum"] = .array(E.knownRawValues.map(JSONValue.string))
        return schema
    }

    /// An integer (`int32` unless `int64` is asked for).
    public static func integer(_ description: String, minimum: Int64? = nil, maximum: Int64? = nil,
                               int64: Bool = false) -> Schema {
        var schema = Schema(type: "integer", description: description)
        schema.json["format"] = int64 ? "int64" : "int32"
        if let minimum { schema.json["minimum"] = .integer(minimum) }
        if let maximum { schema.json["maximum"] = .integer(maximum) }
        return schema
    }

    /// A number.
    public static func number(_ description: String, minimum: Double, maximum: Double) -> Schema {
        var schema = Schema(type: "number", description: description)
        schema.json["minimum"] = .double(minimum)
        schema.json["maximum"] = .double(maximum)
        return schema
    }

    public static func boolean(_ description: String) -> Schema {
        Schema(type: "boolean", description: description)
    }

    /// A Kubernetes resource quantity: an integer or a string following the quantity grammar.
    public static func quantity(_ description: String) -> Schema {
        var schema = Schema(type: "string", description: description)
        schema.json["type"] = nil
        schema.json["x-kubernetes-int-or-string"] = true
        schema.json["anyOf"] = [["type": "integer"], ["type": "string"]]
        schema.json["pattern"] = .string(ValuePattern.quantity.regex)
        return schema
    }

    // MARK: - Modifiers

    /// The value the API server fills in when the field is omitted.
    public func defaulting(to value: JSONValue) -> Schema {
        setting("default", value)
    }

    public func minItems(_ count: Int) -> Schema {
        setting("minItems", .integer(Int64(count)))
    }

    /// A list whose items are unique scalars (merged as a set by server-side apply).
    public func listSet() -> Schema {
        setting("x-kubernetes-list-type", "set")
    }

    /// A list of objects identified by `keys` (unique, merged per key by server-side apply).
    public func listMap(keys: [String]) -> Schema {
        setting("x-kubernetes-list-type", "map")
            .setting("x-kubernetes-list-map-keys", .array(keys.map(JSONValue.string)))
    }

    /// A CEL rule (enforced by Kubernetes ≥ 1.25) with the message a rejected user sees.
    public func rule(_ expression: String, message: String) -> Schema {
        var schema = self
        var rules = json["x-kubernetes-validations"]?.arrayValue ?? []
        rules.append(["rule": .string(expression), "message": .string(message)])
        schema.json["x-kubernetes-validations"] = .array(rules)
        return schema
    }

    /// A JSON-Schema constraint (junctors with `required`/`enum`/nested `properties` only).
    /// Constraints whose keys collide with existing ones are combined under `allOf`.
    public func constrained(by constraint: SchemaConstraint) -> Schema {
        var schema = self
        if constraint.json.keys.allSatisfy({ schema.json[$0] == nil }) {
            schema.json.merge(constraint.json) { current, _ in current }
        } else {
            var all = schema.json["allOf"]?.arrayValue ?? []
            all.append(constraint.jsonValue)
            schema.json["allOf"] = .array(all)
        }
        return schema
    }

    /// Exactly one of the optional `keys` must be present: a `oneOf` of `required` and a CEL rule.
    public func requiringExactlyOne(of keys: [String]) -> Schema {
        let list = keys.map { "has(self.\($0))" }.joined(separator: ", ")
        return constrained(by: .oneOf(keys.map { .requires($0) }))
            .rule("[\(list)].filter(x, x).size() == 1",
                  message: "exactly one of " + keys.joined(separator: ", ") + " must be set")
    }

    func setting(_ key: String, _ value: JSONValue) -> Schema {
        var schema = self
        schema.json[key] = value
        return schema
    }
}

/// The value-only part of a JSON Schema, for use inside `allOf`/`anyOf`/`oneOf`/`not`, where a
/// structural schema may not declare types, descriptions or defaults.
public struct SchemaConstraint: Sendable, Hashable {
    public private(set) var json: [String: JSONValue]

    public var jsonValue: JSONValue { .object(json) }

    /// The listed fields are present.
    public static func requires(_ keys: String...) -> SchemaConstraint {
        SchemaConstraint(json: ["required": .array(keys.map(JSONValue.string))])
    }

    /// The field is absent.
    public static func forbids(_ key: String) -> SchemaConstraint {
        .not(.requires(key))
    }

    /// The field, when present, holds one of `values`.
    public static func field(_ name: String, in values: [String]) -> SchemaConstraint {
        SchemaConstraint(json: ["properties": [name: ["enum": .array(values.map(JSONValue.string))]]])
    }

    /// The field, when present, satisfies `constraint`.
    public static func field(_ name: String, _ constraint: SchemaConstraint) -> SchemaConstraint {
        SchemaConstraint(json: ["properties": [name: constraint.jsonValue]])
    }

    /// A number at most `maximum`.
    public static func maximum(_ maximum: Int64) -> SchemaConstraint {
        SchemaConstraint(json: ["maximum": .integer(maximum)])
    }

    /// A list with at least `count` items.
    public static func minItems(_ count: Int) -> SchemaConstraint {
        SchemaConstraint(json: ["minItems": .integer(Int64(count))])
    }

    public static func anyOf(_ alternatives: [SchemaConstraint]) -> SchemaConstraint {
        SchemaConstraint(json: ["anyOf": .array(alternatives.map(\.jsonValue))])
    }

    public static func oneOf(_ alternatives: [SchemaConstraint]) -> SchemaConstraint {
        SchemaConstraint(json: ["oneOf": .array(alternatives.map(\.jsonValue))])
    }

    public static func not(_ constraint: SchemaConstraint) -> SchemaConstraint {
        SchemaConstraint(json: ["not": constraint.jsonValue])
    }

    /// Both constraints: `required` lists are joined, nested field constraints are combined,
    /// and anything else that collides goes under `allOf`.
    public func and(_ other: SchemaConstraint) -> SchemaConstraint {
        var merged = json
        var extra: [JSONValue] = []
        for (key, value) in other.json {
            guard let existing = merged[key] else {
                merged[key] = value
                continue
            }
            switch (key, existing, value) {
            case ("required", .array(let left), .array(let right)):
                merged[key] = .array(left + right.filter { !left.contains($0) })
            case ("properties", .object(let left), .object(let right)):
                var properties = left
                for (name, constraint) in right {
                    if let current = properties[name]?.objectValue, let added = constraint.objectValue {
                        properties[name] = SchemaConstraint(json: current).and(SchemaConstraint(json: added)).jsonValue
                    } else {
                        properties[name] = constraint
                    }
                }
                merged[key] = .object(properties)
            default:
                extra.append([key: value])
            }
        }
        if !extra.isEmpty {
            merged["allOf"] = .array((merged["allOf"]?.arrayValue ?? []) + extra)
        }
        return SchemaConstraint(json: merged)
    }
}

extension SchemaConstraint {
    /// A string, when present, matches the regular expression (searched, not anchored).
    public static func pattern(_ regex: String) -> SchemaConstraint {
        SchemaConstraint(json: ["pattern": .string(regex)])
    }
}
