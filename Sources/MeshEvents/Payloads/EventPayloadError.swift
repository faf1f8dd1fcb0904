import StrictJSON

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

    /// The payload error for a decoding failure; one at the document itself means the data is
    /// not the JSON object the type expects.
    init(_ error: ObjectDecodingError) {
        switch error.problem {
        case .missing:
            self = .missingField(error.field)
        case .wrongType(let expected):
            self = .wrongType(field: error.field, expected: expected)
        case .invalid(let reason) where error.field.isEmpty:
            self = .malformedJSON(reason)
        case .invalid(let reason):
            self = .invalidValue(field: error.field, reason: reason)
        }
    }
}
