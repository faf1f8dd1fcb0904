/// Why a payload was rejected; every case but `malformedJSON` names the field, as a path such as
/// `lines[1].quantity`.
public enum EventPayloadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A required field is absent or `null`.
    case missingField(String)
    /// The field holds the wrong JSON type; `expected` is a JSON type name ("integer", "string"...).
    case wrongType(field: String, expected: String)
    /// The field has the right type but a value outside its allowed range.
    case outOfRange(field: String, constraint: String)
    /// The field's value is malformed or not one of the allowed values.
    case invalidValue(field: String, reason: String)
    /// The data is not JSON at all (or not a JSON object).
    case malformedJSON(String)

    /// The path of the offending field, nil for `malformedJSON`.
    public var field: String? {
        switch self {
        case .missingField(let field), .wrongType(let field, _), .outOfRange(let field, _),
             .invalidValue(let field, _):
            field
        case .malformedJSON:
            nil
        }
    }

    public var description: String {
        switch self {
        case .missingField(let field): "missing required field \"\(field)\""
        case .wrongType(let field, let expected): "field \"\(field)\" must be \(expected)"
        case .outOfRange(let field, let constraint): "field \"\(field)\" is out of range: \(constraint)"
        case .invalidValue(let field, let reason): "field \"\(field)\" is invalid: \(reason)"
        case .malformedJSON(let reason): "payload is not a JSON object: \(reason)"
        }
    }

    /// Turns a decoding failure into the field it concerns.
    init(_ error: any Error) {
        guard let decodingError = error as? DecodingError else {
            self = .invalidValue(field: "", reason: String(describing: error))
            return
        }
        switch decodingError {
        case .keyNotFound(let key, let context):
            self = .missingField(Self.path(context.codingPath + [key]))
        case .valueNotFound(_, let context):
            self = .missingField(Self.path(context.codingPath))
        case .typeMismatch(let type, let context):
            self = .wrongType(field: Self.path(context.codingPath), expected: Self.jsonTypeName(type))
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                self = .malformedJSON(context.debugDescription)
            } else {
                self = .invalidValue(field: Self.path(context.codingPath), reason: context.debugDescription)
            }
        @unknown default:
            self = .invalidValue(field: "", reason: String(describing: decodingError))
        }
    }

    /// `lines[1].quantity` from a coding path.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return text
    }

    private static func jsonTypeName(_ type: Any.Type) -> String {
        if type == String.self { return "a string" }
        if type == Bool.self { return "a boolean" }
        if type == Double.self || type == Float.self { return "a number" }
        if type == [Any].self { return "an array" }
        if type == [String: Any].self { return "an object" }
        if type is any FixedWidthInteger.Type { return "an integer" }
        return "of type \(type)"
    }
}
