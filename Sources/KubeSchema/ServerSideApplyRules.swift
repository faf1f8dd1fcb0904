import StrictJSON

/// How server-side apply merges and tracks an object of one kind: which members of an object are
/// declared fields (versus entries of a map), which lists merge by key or by value and which are
/// replaced whole, which maps are atomic. Built from a CRD's `openAPIV3Schema`, or `builtIn` for
/// kinds without one.
///
/// From a schema: `x-kubernetes-list-type` `atomic` (the default), `set`, or `map` keyed by
/// `x-kubernetes-list-map-keys` (a missing key takes the key property's `default`);
/// `x-kubernetes-map-type` `granular` (the default) or `atomic`; `properties` are declared fields;
/// `additionalProperties` and `x-kubernetes-preserve-unknown-fields` members are map entries (a
/// member the schema does not mention is treated the same way, where the server would refuse it).
/// `metadata` always follows `ObjectMeta`: `labels` and `annotations` granular maps,
/// `finalizers` a set, `ownerReferences` a map keyed by `uid`.
public struct MergeRules: Sendable {
    public enum ListType: Sendable, Hashable {
        /// Replaced whole; owned as one field.
        case atomic
        /// Scalars merged by value (`v:` path elements).
        case set
        /// Objects merged by their key fields (`k:` path elements).
        case map(keys: [String])
    }

    let root: Shape

    init(root: Shape) {
        self.root = root
    }

    /// Rules from a CRD version's `schema.openAPIV3Schema`.
    public init(openAPIV3Schema: JSONValue) {
        var object = Shape(schema: openAPIV3Schema).objectShape ?? ObjectShape(fields: [:], others: .untyped, atomic: false)
        object.fields["apiVersion"] = .scalar
        object.fields["kind"] = .scalar
        object.fields["metadata"] = .object(Self.objectMeta)
        object.atomic = false
        root = .object(object)
    }

    /// Rules for kinds without a schema (built-in kinds): every object member is a declared field
    /// and every list atomic, except in `metadata` (see the type's documentation).
    public static let builtIn = MergeRules(root: .object(ObjectShape(
        fields: ["apiVersion": .scalar, "kind": .scalar, "metadata": .object(objectMeta)],
        others: .loose, atomic: false)))

    static let objectMeta: ObjectShape = {
        let strings = Shape.object(ObjectShape(fields: [:], others: .scalar, atomic: false))
        let ownerReference = Shape.loose
        return ObjectShape(fields: [
            "labels": strings,
            "annotations": strings,
            "finalizers": .list(.set, item: .scalar, keyDefaults: [:]),
            "ownerReferences": .list(.map(keys: ["uid"]), item: ownerReference, keyDefaults: [:]),
            "managedFields": .list(.atomic, item: .loose, keyDefaults: [:]),
        ], others: .loose, othersDeclared: true, atomic: false)
    }()

    /// The list type of the list at `path` (`.atomic` when there is no list there).
    public func listType(at path: FieldSet.Path) -> ListType {
        if case .list(let type, _, _) = shape(at: path) { return type }
        return .atomic
    }

    /// Whether the object at `path` is an atomic map (replaced whole, owned as one field).
    public func isAtomicMap(at path: FieldSet.Path) -> Bool {
        shape(at: path)?.objectShape?.atomic ?? false
    }

    func shape(at path: FieldSet.Path) -> Shape? {
        var shape: Shape? = root
        for element in path.elements {
            switch (element, shape) {
            case (.field(let name), let current?):
                shape = current.objectShape?.child(name).shape
            case (.key, .list(_, let item, _)?), (.value, .list(_, let item, _)?), (.index, .list(_, let item, _)?):
                shape = item
            default:
                return nil
            }
        }
        return shape
    }
}

/// The merge-relevant shape of a value.
indirect enum Shape: Sendable {
    case scalar
    case object(ObjectShape)
    case list(MergeRules.ListType, item: Shape, keyDefaults: [String: JSONValue])
    /// Whatever the value is: objects granular with undeclared members, lists atomic
    /// (structured-merge-diff's deduced type, for preserved unknown fields).
    case untyped
    /// Like `untyped`, but object members are declared fields (the built-in default).
    case loose

    /// The object rules this shape has when the value is an object (or absent).
    var objectShape: ObjectShape? {
        switch self {
        case .object(let object): object
        case .untyped: ObjectShape(fields: [:], others: .untyped, atomic: false)
        case .loose: ObjectShape(fields: [:], others: .loose, othersDeclared: true, atomic: false)
        case .scalar, .list: nil
        }
    }

    /// How a value is handled under this shape.
    enum Kind {
        case leaf
        case object(ObjectShape)
        case list(MergeRules.ListType, item: Shape, keyDefaults: [String: JSONValue])

        var tag: Int {
            switch self {
            case .leaf: 0
            case .object: 1
            case .list: 2
            }
        }
    }

    /// The handling of `value` (nil: absent). A value of the wrong type for the schema is a leaf.
    func kind(of value: JSONValue?) -> Kind {
        switch (self, value) {
        case (.scalar, _):
            return .leaf
        case (.object(let object), nil), (.object(let object), .null?), (.object(let object), .object?):
            return .object(object)
        case (.list(let type, let item, let defaults), nil), (.list(let type, let item, let defaults), .null?),
             (.list(let type, let item, let defaults), .array?):
            return .list(type, item: item, keyDefaults: defaults)
        case (.untyped, nil), (.untyped, .null?), (.untyped, .object?), (.loose, nil), (.loose, .null?), (.loose, .object?):
            return .object(objectShape!)
        default:
            return .leaf
        }
    }

    /// The shape described by an OpenAPI v3 (structural) schema.
    init(schema: JSONValue?) {
        guard let schema = schema?.objectValue else {
            self = .untyped
            return
        }
        if schema["x-kubernetes-int-or-string"] == true {
            self = .scalar
            return
        }
        let type = schema["type"]?.stringValue
            ?? (schema["properties"] != nil || schema["additionalProperties"] != nil ? "object" : nil)
            ?? (schema["items"] != nil ? "array" : nil)
        switch type {
        case "object":
            var fields: [String: Shape] = [:]
            for (name, property) in schema["properties"]?.objectValue ?? [:] {
                fields[name] = Shape(schema: property)
            }
            // Members beyond `properties`: typed by an `additionalProperties` schema, else
            // untyped (preserved unknown fields, or ones the server would have refused).
            var others = Shape.untyped
            if case .object(let members)? = schema["additionalProperties"] { others = Shape(schema: .object(members)) }
            self = .object(ObjectShape(fields: fields, others: others,
                                       atomic: schema["x-kubernetes-map-type"] == "atomic"))
        case "array":
            let items = schema["items"]
            let listType: MergeRules.ListType
            switch schema["x-kubernetes-list-type"]?.stringValue {
            case "set": listType = .set
            case "map": listType = .map(keys: (schema["x-kubernetes-list-map-keys"]?.arrayValue ?? []).compactMap(\.stringValue))
            default: listType = .atomic
            }
            var defaults: [String: JSONValue] = [:]
            if case .map(let keys) = listType {
                for key in keys {
                    if let value = items?["properties"]?[key]?["default"] { defaults[key] = value }
                }
            }
            self = .list(listType, item: Shape(schema: items), keyDefaults: defaults)
        case "string", "integer", "number", "boolean":
            self = .scalar
        default:
            self = .untyped
        }
    }
}

/// The rules of an object: its declared fields, and the shape of any other member.
struct ObjectShape: Sendable {
    var fields: [String: Shape]
    /// The shape of members not in `fields`.
    var others: Shape
    /// Whether members not in `fields` count as declared fields (the built-in default) rather
    /// than map entries.
    var othersDeclared = false
    var atomic: Bool

    init(fields: [String: Shape], others: Shape, othersDeclared: Bool = false, atomic: Bool) {
        self.fields = fields
        self.others = others
        self.othersDeclared = othersDeclared
        self.atomic = atomic
    }

    func child(_ name: String) -> (shape: Shape, declared: Bool) {
        if let field = fields[name] { return (field, true) }
        return (others, othersDeclared)
    }
}
