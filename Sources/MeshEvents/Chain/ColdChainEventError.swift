/// Why a CloudEvent is not a valid cold-chain event. Both cases are permanent: retrying cannot
/// help, so consumers dead-letter the message.
public enum ColdChainEventError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The envelope breaks CloudEvents or the mesh's rules; names the attribute.
    case envelope(CloudEventError)
    /// The data breaks the payload contract; names the field.
    case payload(EventPayloadError)

    public var description: String {
        switch self {
        case .envelope(let error): error.description
        case .payload(let error): error.description
        }
    }
}
