/// A parsed JSON document that keeps number literals exactly as written and object members in
/// their original order, so re-serializing an event never changes what a producer sent.
enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// The literal as it appeared in the text (already checked against the JSON number grammar).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// A short name for the kind of value, used in error messages ("found a string").
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// One `"key": value` pair of a JSON object.
struct JSONMember: Hashable, Sendable {
    let key: String
    let value: JSONValue
}

/// Where and why a document is not JSON.
struct JSONSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Byte offset into the input where the problem was found.
    let offset: Int
    let reason: String

    var description: String { "invalid JSON at byte \(offset): \(reason)" }
}
