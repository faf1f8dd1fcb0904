/// Why an envelope is not a valid CloudEvents 1.0 event; every case names the attribute.
public enum CloudEventError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A required attribute (`id`, `source`, `specversion`, `type`) or a required mesh extension is absent.
    case missingAttribute(String)
    /// The attribute is present but its value breaks a rule; `reason` says which.
    case invalidAttribute(String, reason: String)
    /// The name is not a legal attribute name (lower-case `a-z0-9`, 1–20 characters).
    case invalidAttributeName(String)
    /// The same attribute was given twice (binary mode: two headers with one name).
    case duplicateAttribute(String)
    /// A structured-mode document is not JSON or not a JSON object.
    case malformedJSON(String)

    /// The attribute the error is about, if it is about one.
    public var attribute: String? {
        switch self {
        case .missingAttribute(let name), .invalidAttribute(let name, _),
             .invalidAttributeName(let name), .duplicateAttribute(let name):
            name
        case .malformedJSON:
            nil
        }
    }

    public var description: String {
        switch self {
        case .missingAttribute(let name): "missing attribute \"\(name)\""
        case .invalidAttribute(let name, let reason): "invalid attribute \"\(name)\": \(reason)"
        case .invalidAttributeName(let name): "invalid attribute name \"\(name)\": use 1–20 characters a-z, 0-9"
        case .duplicateAttribute(let name): "attribute \"\(name)\" given more than once"
        case .malformedJSON(let reason): "not a structured-mode CloudEvent: \(reason)"
        }
    }
}
