/// A string-valued enumeration that decodes any string. An unknown value (a typo, or a value
/// from a newer API version) is kept so the validator can report it with its field path,
/// instead of the whole object failing to decode.
public protocol OpenEnum: RawRepresentable<String>, Codable, Sendable, Hashable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The values this version of the API supports, in the order documentation lists them.
    static var knownValues: [Self] { get }
    init(rawValue: String)
}

extension OpenEnum {
    public init(stringLiteral value: String) {
        self.init(rawValue: value)
    }

    public var description: String { rawValue }

    /// Whether this version of the API supports the value.
    public var isKnown: Bool { Self.knownValues.contains(self) }

    static var knownRawValues: [String] { knownValues.map(\.rawValue) }
}
