import StrictJSON

/// Why a string is not a JSON pointer (RFC 6901).
public struct JSONPointerError: Error, Sendable, Hashable, CustomStringConvertible {
    public var pointer: String
    public var reason: String

    public init(pointer: String, reason: String) {
        self.pointer = pointer
        self.reason = reason
    }

    public var description: String { "invalid JSON pointer \"\(pointer)\": \(reason)" }
}

/// A JSON pointer (RFC 6901): `/spec/inputs/0/topic`, with `~1` for `/` and `~0` for `~` in a
/// token; the empty pointer is the whole document.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The unescaped reference tokens.
    public let tokens: [String]

    /// The pointer to the whole document.
    public static let root = JSONPointer(tokens: [])

    public init(tokens: [String]) {
        self.tokens = tokens
    }

    /// Parses a pointer: empty, or `/`-prefixed tokens where `~` is only ever `~0` or `~1`.
    public init(parsing text: String) throws(JSONPointerError) {
        guard !text.isEmpty else {
            self.init(tokens: [])
            return
        }
        guard text.hasPrefix("/") else { throw JSONPointerError(pointer: text, reason: "must be empty or start with '/'") }
        var tokens: [String] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var token = ""
            var tilde = false
            for character in raw {
                if tilde {
                    guard character == "0" || character == "1" else {
                        throw JSONPointerError(pointer: text, reason: "'~' must be followed by '0' or '1'")
                    }
                    token.append(character == "0" ? "~" : "/")
                    tilde = false
                } else if character == "~" {
                    tilde = true
                } else {
                    token.append(character)
                }
            }
            if tilde { throw JSONPointerError(pointer: text, reason: "'~' must be followed by '0' or '1'") }
            tokens.append(token)
        }
        self.init(tokens: tokens)
    }

    /// The pointer as text, each token escaped (`~` as `~0` first, then `/` as `~1`).
    public var description: String {
        tokens.map { "/" + $0.replacing("~", with: "~0").replacing("/", with: "~1") }.joined()
    }

    /// The pointer to the containing value; nil for the root.
    public var parent: JSONPointer? {
        tokens.isEmpty ? nil : JSONPointer(tokens: Array(tokens.dropLast()))
    }

    /// Whether `other` points inside the value this pointer names (a proper prefix).
    public func isProperPrefix(of other: JSONPointer) -> Bool {
        tokens.count < other.tokens.count && Array(other.tokens.prefix(tokens.count)) == tokens
    }

    /// The value the pointer names in a document; nil when it does not exist (`-` never does).
    public func value(in document: JSONValue) -> JSONValue? {
        try? resolve(in: document)
    }

    /// The value the pointer names, or why it cannot be reached.
    func resolve(in document: JSONValue) throws(JSONPointerResolution) -> JSONValue {
        var current = document
        for token in tokens {
            switch current {
            case .object(let members):
                guard let member = members[token] else { throw .notFound }
                current = member
            case .array(let elements):
                let index = try Self.existingIndex(token, count: elements.count)
                current = elements[index]
            default:
                throw .notAContainer
            }
        }
        return current
    }

    /// An array index as RFC 6901 writes it: `0`, or digits without a leading zero (too many
    /// digits read as `Int.max`, which no array reaches).
    static func arrayIndex(_ token: String) -> Int? {
        guard let first = token.utf8.first, token.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              first != 0x30 || token.utf8.count == 1
        else { return nil }
        return Int(token) ?? Int.max
    }

    /// The index of an element that must exist in an array of `count` elements.
    static func existingIndex(_ token: String, count: Int) throws(JSONPointerResolution) -> Int {
        guard let index = arrayIndex(token) else { throw .invalidIndex(token) }
        guard index < count else { throw .indexOutOfBounds(index: index, count: count) }
        return index
    }
}

/// Why a pointer does not reach a value.
enum JSONPointerResolution: Error, Hashable {
    case notFound
    case notAContainer
    case invalidIndex(String)
    case indexOutOfBounds(index: Int, count: Int)
}
