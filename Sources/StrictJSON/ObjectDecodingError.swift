/// A JSON value that could not be decoded into a typed value, with the field path that failed
/// (e.g. `spec.inputs[0].endpoint.kafka.partitions`), ready for a field error message.
public struct ObjectDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong, in categories callers map onto their own errors.
    public enum Problem: Sendable, Hashable {
        /// A required value is absent or `null`.
        case missing
        /// The value has another JSON type; `expected` reads "an integer", "a string", "an array"...
        case wrongType(expected: String)
        /// The value has the right type but cannot be used: out of range, malformed, not allowed.
        case invalid(String)
    }

    /// Dotted field path of the offending value; empty for the document itself.
    public var field: String
    public var problem: Problem

    public init(field: String, problem: Problem) {
        self.field = field
        self.problem = problem
    }

    /// The problem as a phrase: `required value`, `expected an integer`, or why it is invalid.
    public var reason: String {
        switch problem {
        case .missing: "required value"
        case .wrongType(let expected): "expected \(expected)"
        case .invalid(let reason): reason
        }
    }

    public var description: String { field.isEmpty ? reason : "\(field): \(reason)" }

    init(_ error: DecodingError) {
        switch error {
        case .typeMismatch(let type, let context):
            self.init(field: Self.path(context.codingPath), problem: .wrongType(expected: Self.describe(type)))
        case .valueNotFound(_, let context):
            self.init(field: Self.path(context.codingPath), problem: .missing)
        case .keyNotFound(let key, let context):
            self.init(field: Self.path(context.codingPath + [key]), problem: .missing)
        case .dataCorrupted(let context):
            self.init(field: Self.path(context.codingPath), problem: .invalid(context.debugDescription))
        @unknown default:
            self.init(field: "", problem: .invalid(String(describing: error)))
        }
    }

    /// `lines[1].quantity` from a coding path.
    private static func path(_ codingPath: [any CodingKey]) -> String {
        var rendered = ""
        for key in codingPath {
            if let index = key.intValue {
                rendered += "[\(index)]"
            } else {
                rendered += rendered.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return rendered
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is any FixedWidthInteger.Type: "an integer"
        case is any BinaryFloatingPoint.Type: "a number"
        case is [Any].Type: "an array"
        case is [String: Any].Type: "an object"
        default: "a value of type \(type)"
        }
    }
}
