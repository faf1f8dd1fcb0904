import StrictJSON

/// The kinds of field error Kubernetes reports (the `reason` of a `Status` cause).
public enum FieldErrorType: String, Sendable, Hashable, Codable, CaseIterable {
    case required = "FieldValueRequired"
    case invalid = "FieldValueInvalid"
    case notSupported = "FieldValueNotSupported"
    case duplicate = "FieldValueDuplicate"
    case forbidden = "FieldValueForbidden"
    case tooLong = "FieldValueTooLong"
    case tooMany = "FieldValueTooMany"
    case notFound = "FieldValueNotFound"
    case typeInvalid = "FieldValueTypeInvalid"
}

/// One problem with one field of an object, shaped like Kubernetes' `field.Error`.
/// `badValue` is the offending value as the user wrote it (never a secret: specs only ever hold
/// references to Secrets); it is nil where Kubernetes omits it (Required, Forbidden, TooLong).
public struct FieldError: Sendable, Hashable, CustomStringConvertible {
    public var type: FieldErrorType
    public var field: FieldPath
    public var badValue: JSONValue?
    public var detail: String

    public init(_ type: FieldErrorType, _ field: FieldPath, badValue: JSONValue? = nil, detail: String = "") {
        self.type = type
        self.field = field
        self.badValue = badValue
        self.detail = detail
    }

    public static func required(_ field: FieldPath, _ detail: String = "") -> FieldError {
        FieldError(.required, field, detail: detail)
    }

    public static func invalid(_ field: FieldPath, _ value: JSONValue, _ detail: String) -> FieldError {
        FieldError(.invalid, field, badValue: value, detail: detail)
    }

    public static func notSupported(_ field: FieldPath, _ value: JSONValue, supported: [String]) -> FieldError {
        FieldError(.notSupported, field, badValue: value,
                   detail: "supported values: " + supported.map { "\"\($0)\"" }.joined(separator: ", "))
    }

    public static func duplicate(_ field: FieldPath, _ value: JSONValue) -> FieldError {
        FieldError(.duplicate, field, badValue: value)
    }

    public static func forbidden(_ field: FieldPath, _ detail: String) -> FieldError {
        FieldError(.forbidden, field, detail: detail)
    }

    public static func tooLong(_ field: FieldPath, maxLength: Int) -> FieldError {
        FieldError(.tooLong, field, detail: "may not be more than \(maxLength) bytes")
    }

    public static func tooMany(_ field: FieldPath, count: Int, maxItems: Int) -> FieldError {
        FieldError(.tooMany, field, badValue: .integer(Int64(count)), detail: "must have at most \(maxItems) items")
    }

    /// The message of a `Status` cause, e.g. `Invalid value: 0: must be at least 1`.
    public var message: String {
        let value = badValue.map { $0.jsonString() }
        var text: String
        switch type {
        case .required: text = "Required value"
        case .invalid: text = "Invalid value: \(value ?? "null")"
        case .notSupported: text = "Unsupported value: \(value ?? "null")"
        case .duplicate: text = "Duplicate value: \(value ?? "null")"
        case .forbidden: text = "Forbidden"
        case .tooLong: text = "Too long"
        case .tooMany: text = "Too many: \(value ?? "null")"
        case .notFound: text = "Not found: \(value ?? "null")"
        case .typeInvalid: text = "Invalid value: \(value ?? "null")"
        }
        if !detail.isEmpty { text += ": " + detail }
        return text
    }

    /// `field: message`, as `kubectl` prints a rejected object's causes.
    public var description: String { "\(field): \(message)" }

    /// The `details.causes[]` entry of a Kubernetes `Status` for this error.
    public var statusCause: JSONValue {
        ["reason": .string(type.rawValue), "message": .string(message), "field": .string(field.description)]
    }
}
