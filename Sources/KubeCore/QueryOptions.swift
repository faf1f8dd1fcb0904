import StrictJSON

/// Options that travel in a request's query string (`ListOptions`, `GetOptions`, `CreateOptions`,
/// ...): rendered as client-go renders them, and read back as the API server reads them.
public protocol QueryOptions: Sendable, Hashable {
    /// The parameters client-go sends for these options: only those set (a Go zero value is
    /// omitted, a Go pointer is sent whenever it is set).
    var queryParameters: [String: [String]] { get }

    /// Reads the options from a request's query as the API server does: the first value of each
    /// parameter counts, unknown parameters are ignored, and the options are validated.
    init(query: [String: [String]]) throws(QueryOptionsError)

    /// What the API server's validation of these options finds wrong; empty when they are valid.
    var validationErrors: [FieldError] { get }
}

extension QueryOptions {
    /// The query string (without `?`), keys sorted: byte for byte what client-go sends.
    public var queryString: String { URLEncoding.query(queryParameters) }

    /// Reads the options from a query string such as `limit=500&labelSelector=app%3Ddemo`.
    public init(queryString: some StringProtocol) throws(QueryOptionsError) {
        try self.init(query: URLEncoding.parseQuery(queryString))
    }
}

/// Why options could not be read, split the way the API server answers.
public enum QueryOptionsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A value that cannot be read as its type (`limit=abc`): the server answers 400 BadRequest.
    case malformed(parameter: String, value: String, reason: String)
    /// Values that read but are not allowed: the server answers 422 Invalid for kind
    /// `{kind}.meta.k8s.io` (e.g. `ListOptions.meta.k8s.io "" is invalid: ...`).
    case invalid(kind: String, errors: [FieldError])

    /// The API group the server names in an `Invalid` answer about options.
    public static let group = "meta.k8s.io"

    public var description: String {
        switch self {
        case .malformed(let parameter, let value, let reason):
            return "invalid value \(JSONValue.string(value).jsonString()) for \(parameter): \(reason)"
        case .invalid(let kind, let errors):
            let list = errors.map(\.description)
            let summary = list.count == 1 ? list[0] : "[\(list.joined(separator: ", "))]"
            return "\(kind).\(Self.group) \"\" is invalid: \(summary)"
        }
    }
}

/// The reading rules of apimachinery's query conversions, shared by every kind of options.
struct QueryReader {
    let query: [String: [String]]

    /// The first value, when the parameter is present.
    func string(_ name: String) -> String? { query[name]?.first }

    /// All values of a repeated parameter (`dryRun=All&dryRun=All`).
    func strings(_ name: String) -> [String] { query[name] ?? [] }

    /// Go's query boolean: only `false` (any case) and `0` are false; any other value, even
    /// empty, is true.
    func bool(_ name: String) -> Bool? {
        string(name).map { $0 != "0" && $0.lowercased() != "false" }
    }

    /// A decimal integer as Go's `strconv.ParseInt` reads it (an optional sign, no spaces).
    func int64(_ name: String) throws(QueryOptionsError) -> Int64? {
        guard let text = string(name) else { return nil }
        guard let value = Int64(text) else {
            var digits = Substring(text)
            if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
            let outOfRange = !digits.isEmpty && digits.allSatisfy { ("0"..."9").contains($0) }
            throw .malformed(parameter: name, value: text, reason: outOfRange ? "value out of range" : "not an integer")
        }
        return value
    }
}

/// Validation rules shared by several kinds of options, worded as apimachinery words them.
enum OptionRules {
    /// The longest `fieldManager` the API server accepts.
    static let maxFieldManagerLength = 128

    static func dryRun(_ values: [String]) -> [FieldError] {
        values.allSatisfy { $0 == DryRun.all } ? []
            : [.notSupported("dryRun", .array(values.map(JSONValue.string)), supported: [DryRun.all])]
    }

    static func fieldManager(_ manager: String) -> [FieldError] {
        if manager.utf8.count > maxFieldManagerLength {
            return [.tooLong("fieldManager", maxLength: maxFieldManagerLength)]
        }
        if !manager.unicodeScalars.allSatisfy(\.isGoPrintable) {
            return [.invalid("fieldManager", .string(manager), "must only contain printable characters")]
        }
        return []
    }

    static func nonNegative(_ value: Int64?, _ field: FieldPath) -> [FieldError] {
        guard let value, value < 0 else { return [] }
        return [.invalid(field, .integer(value), "must be greater than or equal to 0")]
    }
}

/// The one `dryRun` value the API accepts.
enum DryRun {
    static let all = "All"
}

extension Unicode.Scalar {
    /// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space
    /// (what the API server accepts in field manager names, and what Go's `%q` prints as is).
    public var isGoPrintable: Bool {
        if self == " " { return true }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }
}
