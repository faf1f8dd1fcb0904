/// A JSON number that remembers whether it was written as an integer, so `3` stays `3` and
/// `3.0` stays `3.0` through a parse/write round trip. An integer literal beyond `Int64` is read
/// as a double, as Kubernetes reads it.
public enum JSONNumber: Sendable, Hashable {
    case integer(Int64)
    case double(Double)

    /// The value as a `Double` (integers beyond 2^53 lose precision).
    public var doubleValue: Double {
        switch self {
        case .integer(let value): Double(value)
        case .double(let value): value
        }
    }

    /// The value as an `Int64` when it is an integer, or a double with an exact integral value.
    public var int64Value: Int64? {
        switch self {
        case .integer(let value):
            return value
        case .double(let value):
            guard value.rounded() == value, let exact = Int64(exactly: value) else { return nil }
            return exact
        }
    }
}

/// Any JSON value: the untyped form of a Kubernetes object (what kubectl calls "unstructured"),
/// a CloudEvent or a payload. Objects are dictionaries: member order carries no meaning, and the
/// writer sorts keys so the same value always gives the same bytes.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// An integer number.
    public static func integer(_ value: Int64) -> JSONValue { .number(.integer(value)) }

    /// A floating-point number.
    public static func double(_ value: Double) -> JSONValue { .number(.double(value)) }
}

// MARK: - Accessors

extension JSONValue {
    /// The string, when this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The boolean, when this is a boolean.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The number, when this is a number.
    public var numberValue: JSONNumber? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The integer, when this is an integer (or a double with an exact integral value).
    public var int64Value: Int64? { numberValue?.int64Value }

    /// The number as a `Double`, when this is a number.
    public var doubleValue: Double? { numberValue?.doubleValue }

    /// The elements, when this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members, when this is an object.
    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool { self == .null }

    /// The JSON type name, as JSON Schema spells it (`object`, `array`, `string`, `integer`, ...).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number(.integer): "integer"
        case .number(.double): "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The member `key` of an object (nil for a missing key or a non-object).
    ///
    /// Setting a key on `null` makes it an object; setting a key on any other non-object replaces
    /// it with an object holding only that key. Setting `nil` removes the key.
    public subscript(key: String) -> JSONValue? {
        get { objectValue?[key] }
        set {
            var members = objectValue ?? [:]
            members[key] = newValue
            self = .object(members)
        }
    }

    /// The element at `index` of an array (nil when out of range or not an array).
    public subscript(index: Int) -> JSONValue? {
        guard let elements = arrayValue, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The value at a path of object keys, e.g. `value[path: "spec", "source", "kafka"]`.
    public subscript(path keys: String...) -> JSONValue? {
        var current: JSONValue? = self
        for key in keys { current = current?[key] }
        return current
    }
}

// MARK: - Literals

extension JSONValue: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) { self = .integer(value) }
}

extension JSONValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension JSONValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}

extension JSONValue: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
