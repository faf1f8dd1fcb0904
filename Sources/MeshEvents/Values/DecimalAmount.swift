/// A non-negative decimal amount carried as a string (`"12.50"`), so money never passes through
/// binary floating point. At most 18 integer digits and 6 fraction digits; no sign, no exponent,
/// no leading zeros (`"0.5"` is fine, `"00.5"` is not).
public struct DecimalAmount: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The amount exactly as written.
    public let text: String

    public init?(_ text: String) {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integerPart = parts[0]
        guard (1...18).contains(integerPart.count), integerPart.allSatisfy(\.isASCIIDigit),
              integerPart == "0" || !integerPart.hasPrefix("0") else { return nil }
        if parts.count == 2 {
            let fraction = parts[1]
            guard (1...6).contains(fraction.count), fraction.allSatisfy(\.isASCIIDigit) else { return nil }
        }
        self.text = text
    }

    public var description: String { text }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = DecimalAmount(text) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath,
                debugDescription: "\"\(text)\" is not a non-negative decimal such as \"12.50\" (≤18 integer, ≤6 fraction digits)"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
