/// Why a protobuf body could not be decoded. Every malformed input ends here: the decoder never
/// traps on bad bytes. `message` names the protobuf message being read (`ObjectMeta`,
/// `PodSpec`, ...) and `field` its field number, when one had been read.
public enum KubeProtobufError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The body does not start with the `k8s\0` magic bytes.
    case missingMagic
    /// The input ended inside a tag or a field's value.
    case truncated(message: String, field: Int?)
    /// A varint ran past 10 bytes, or past 64 bits.
    case overlongVarint(message: String, field: Int?)
    /// A length-delimited field claims more bytes than are left.
    case lengthPastEnd(message: String, field: Int, length: UInt64, remaining: Int)
    /// A tag with field number 0 or beyond 2^29 - 1.
    case invalidFieldNumber(message: String, number: UInt64)
    /// Wire types 3 and 4 (groups, unused by Kubernetes) and the undefined 6 and 7.
    case unsupportedWireType(message: String, field: Int, wireType: UInt8)
    /// A known field carried on a wire type its declared type cannot have (`name` is its JSON
    /// name, empty inside Time, IntOrString and the other small well-known messages).
    case wrongWireType(message: String, field: Int, name: String, expected: UInt8, actual: UInt8)
    /// Messages nested deeper than the decoder allows.
    case nestingTooDeep(limit: Int)
    /// The envelope names no apiVersion or kind.
    case missingTypeMeta
    /// A kind this module has no descriptor for.
    case unsupportedKind(apiVersion: String, kind: String)
    /// The envelope's `contentEncoding` is set (e.g. gzip): not used by clients.
    case unsupportedContentEncoding(String)
    /// The envelope's raw bytes are neither protobuf nor JSON.
    case unsupportedContentType(String)
    /// A field's bytes decoded but its value is not representable (a timestamp out of range,
    /// nanoseconds past a second, an IntOrString of unknown type, raw JSON that does not parse).
    case invalidValue(message: String, field: String, reason: String)

    public var description: String {
        switch self {
        case .missingMagic:
            "not a Kubernetes protobuf body: it does not start with k8s\\0"
        case .truncated(let message, let field?):
            "truncated field \(field) of \(message)"
        case .truncated(let message, nil):
            "truncated tag in \(message)"
        case .overlongVarint(let message, let field?):
            "overlong varint in field \(field) of \(message)"
        case .overlongVarint(let message, nil):
            "overlong varint tag in \(message)"
        case .lengthPastEnd(let message, let field, let length, let remaining):
            "field \(field) of \(message) claims \(length) bytes but only \(remaining) remain"
        case .invalidFieldNumber(let message, let number):
            "invalid field number \(number) in \(message)"
        case .unsupportedWireType(let message, let field, let wireType):
            "unsupported wire type \(wireType) for field \(field) of \(message)"
        case .wrongWireType(let message, let field, let name, let expected, let actual):
            "field \(field)\(name.isEmpty ? "" : " (\(name))") of \(message) has wire type \(actual), expected \(expected)"
        case .nestingTooDeep(let limit):
            "messages nested deeper than \(limit) levels"
        case .missingTypeMeta:
            "the protobuf envelope names no apiVersion and kind"
        case .unsupportedKind(let apiVersion, let kind):
            "unsupported kind \(apiVersion) \(kind)"
        case .unsupportedContentEncoding(let encoding):
            "unsupported content encoding \(encoding) in the protobuf envelope"
        case .unsupportedContentType(let contentType):
            "unsupported content type \(contentType) in the protobuf envelope"
        case .invalidValue(let message, let field, let reason):
            "invalid \(field) in \(message): \(reason)"
        }
    }
}
