/// A Kubernetes resource quantity (`100m`, `64Mi`, `1.5`, `2e3`), kept as written.
/// It decodes from a string or a number (YAML `cpu: 1`) and always encodes as a string.
public struct Quantity: RawRepresentable, Codable, Sendable, Hashable, ExpressibleByStringLiteral,
    ExpressibleByIntegerLiteral, CustomStringConvertible
{
    public var rawValue: String

    /// The grammar as a regular expression, for schemas: a signed decimal with an optional
    /// binary (`Ki`..`Ei`) or decimal (`n`, `u`, `m`, `k`, `M`..`E`) suffix or exponent.
    public static let pattern =
        "^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$"

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    public init(integerLiteral value: Int) {
        self.rawValue = String(value)
    }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let integer = try? container.decode(Int64.self) {
            rawValue = String(integer)
        } else if let double = try? container.decode(Double.self) {
            rawValue = String(describing: double)
        } else {
            rawValue = try container.decode(String.self)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Whether the text follows the quantity grammar.
    public var isValid: Bool { value != nil }

    /// The amount in base units (cores, bytes), or nil when the text is not a quantity.
    public var value: Double? {
        var text = Substring(rawValue)
        var multiplier = 1.0
        let binary: [String: Double] = ["Ki": 0x1p10, "Mi": 0x1p20, "Gi": 0x1p30, "Ti": 0x1p40, "Pi": 0x1p50, "Ei": 0x1p60]
        let decimal: [Character: Double] = ["n": 1e-9, "u": 1e-6, "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9,
                                            "T": 1e12, "P": 1e15, "E": 1e18]
        if text.count >= 2, let factor = binary[String(text.suffix(2))] {
            multiplier = factor
            text = text.dropLast(2)
        } else if let last = text.last, let factor = decimal[last] {
            multiplier = factor
            text = text.dropLast()
        } else if let exponentIndex = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            let exponentText = text[text.index(after: exponentIndex)...]
            let digits = exponentText.first == "+" || exponentText.first == "-" ? exponentText.dropFirst() : exponentText
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let exponent = Int(exponentText)
            else { return nil }
            multiplier = pow10(exponent)
            text = text[..<exponentIndex]
        }
        guard let mantissa = Self.decimalNumber(text) else { return nil }
        return mantissa * multiplier
    }

    /// `[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)`
    private static func decimalNumber(_ text: Substring) -> Double? {
        var body = text
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        let isDigits: (Substring) -> Bool = { $0.allSatisfy { $0.isASCII && $0.isNumber } }
        guard isDigits(whole), isDigits(fraction), !whole.isEmpty || !fraction.isEmpty else { return nil }
        return Double(text.hasSuffix(".") ? text + "0" : text)
    }

    private func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<min(abs(exponent), 400) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }
}
