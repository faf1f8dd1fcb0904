/// Why a text is not strict JSON: the byte offset where reading stopped, and why.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Offset of the offending byte from the start of the input (0-based).
    public var offset: Int
    /// What is wrong there, e.g. `duplicate member "id"` or `trailing comma`.
    public var reason: String

    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

extension JSONValue {
    /// Containers nested deeper than this are refused (a hostile document costs no more).
    public static let maximumNestingDepth = 512

    /// Parses one JSON text strictly (RFC 8259), keeping integers (`1`) apart from doubles (`1.0`).
    ///
    /// Refused: trailing commas, comments, duplicate member names, invalid UTF-8, unpaired
    /// surrogate escapes, leading zeros, `NaN`/`Infinity`, numbers beyond the range of a double,
    /// a byte order mark, anything after the value, and nesting beyond `maximumNestingDepth`.
    public init(parsing text: String) throws(JSONParseError) {
        try self.init(parsing: text.utf8)
    }

    /// Parses one JSON text given as UTF-8 bytes (`Data`, `[UInt8]`, ...); see `init(parsing:)`.
    public init(parsing bytes: some Collection<UInt8>) throws(JSONParseError) {
        var parser = JSONParser(bytes: Array(bytes))
        self = try parser.parseDocument()
    }
}

/// The one JSON reader. It keeps the containers it is inside on an explicit stack instead of
/// recursing, so no input can exhaust the call stack; the stack itself is bounded by the depth limit.
private struct JSONParser {
    /// A container whose closing bracket has not been read yet.
    private struct OpenContainer {
        let isObject: Bool
        var elements: [JSONValue] = []
        var members: [String: JSONValue] = [:]
        /// The name of the member whose value is being read (objects only).
        var pendingName = ""
    }

    private let bytes: [UInt8]
    private var index = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { throw failure("byte order mark before the JSON value") }
        var open: [OpenContainer] = []
        while true {
            skipWhitespace()
            // nil: a non-empty container was opened; its first element or member value comes next.
            guard var value = try valueOrOpening(&open) else { continue }
            // Store the value in its container, and close every container it completes.
            while true {
                skipWhitespace()
                guard let top = open.indices.last else {
                    guard index == bytes.count else { throw failure("unexpected data after the JSON value") }
                    return value
                }
                let isObject = open[top].isObject
                if isObject {
                    open[top].members[open[top].pendingName] = value
                } else {
                    open[top].elements.append(value)
                }
                guard let byte = current else { throw failure(isObject ? "unterminated object" : "unterminated array") }
                if byte == UInt8(ascii: ",") {
                    index += 1
                    skipWhitespace()
                    if current == UInt8(ascii: isObject ? "}" : "]") { throw failure("trailing comma") }
                    if isObject { open[top].pendingName = try memberName(notIn: open[top].members) }
                    break
                }
                guard byte == UInt8(ascii: isObject ? "}" : "]") else {
                    throw failure(isObject ? "expected ',' or '}' after a member" : "expected ',' or ']' after an element")
                }
                index += 1
                let closed = open.removeLast()
                value = isObject ? .object(closed.members) : .array(closed.elements)
            }
        }
    }

    // MARK: - Values

    /// A scalar or an empty container; nil after pushing a container that has content to read.
    private mutating func valueOrOpening(_ open: inout [OpenContainer]) throws(JSONParseError) -> JSONValue? {
        guard let byte = current else { throw failure("unexpected end of input") }
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let isObject = byte == UInt8(ascii: "{")
            guard open.count < JSONValue.maximumNestingDepth else {
                throw failure("nesting deeper than \(JSONValue.maximumNestingDepth) levels")
            }
            index += 1
            skipWhitespace()
            if current == UInt8(ascii: isObject ? "}" : "]") {
                index += 1
                return isObject ? .object([:]) : .array([])
            }
            var container = OpenContainer(isObject: isObject)
            if isObject { container.pendingName = try memberName(notIn: [:]) }
            open.append(container)
            return nil
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try number())
        case UInt8(ascii: "/"):
            throw failure("comments are not allowed")
        default:
            throw failure("unexpected \(Self.describe(byte))")
        }
    }

    /// Reads `"name":` and returns the name; a name already in `members` is refused.
    private mutating func memberName(notIn members: [String: JSONValue]) throws(JSONParseError) -> String {
        guard let byte = current else { throw failure("unterminated object") }
        guard byte == UInt8(ascii: "\"") else { throw failure("expected a member name, found \(Self.describe(byte))") }
        let start = index
        let name = try string()
        // Two members with one name make a document ambiguous: two readers could see two objects.
        // Names compare as Swift strings do (canonical equivalence), so two spellings of "é" clash.
        guard members[name] == nil else {
            throw JSONParseError(offset: start, reason: "duplicate member \(JSONValue.string(Self.excerpt(name)).jsonString())")
        }
        skipWhitespace()
        guard current == UInt8(ascii: ":") else { throw failure("expected ':' after a member name") }
        index += 1
        return name
    }

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { expected in
            bytes.count - index >= count && expected.elementsEqual(bytes[index..<(index + count)])
        }
        guard matches else { throw failure("invalid literal (expected \(word))") }
        index += count
    }

    /// `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`; an integer beyond Int64 becomes a double.
    private mutating func number() throws(JSONParseError) -> JSONNumber {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, Self.isDigit(first) else { throw failure("expected a digit") }
        index += 1
        if first == UInt8(ascii: "0") {
            if let next = current, Self.isDigit(next) { throw failure("leading zeros are not allowed") }
        } else {
            skipDigits()
        }
        var isInteger = true
        if current == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard let next = current, Self.isDigit(next) else { throw failure("expected a digit after '.'") }
            skipDigits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard let next = current, Self.isDigit(next) else { throw failure("expected a digit in the exponent") }
            skipDigits()
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let integer = Int64(text) { return .integer(integer) }
        guard let double = Double(text), double.isFinite else {
            throw JSONParseError(offset: start, reason: "number \(Self.excerpt(text)) is out of range")
        }
        return .double(double)
    }

    // MARK: - Strings

    private mutating func string() throws(JSONParseError) -> String {
        index += 1
        var utf8: [UInt8] = []
        while true {
            guard let byte = current else { throw failure("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try escape(into: &utf8)
            case 0x00..<0x20:
                throw failure("unescaped control character in a string")
            case 0x20..<0x80:
                utf8.append(byte)
                index += 1
            default:
                let length = try utf8SequenceLength()
                utf8.append(contentsOf: bytes[index..<(index + length)])
                index += length
            }
        }
    }

    /// The length of the well-formed UTF-8 sequence at `index` (Unicode table 3-7: no overlong
    /// forms, no encoded surrogates, nothing above U+10FFFF).
    private func utf8SequenceLength() throws(JSONParseError) -> Int {
        let length: Int
        var second: ClosedRange<UInt8> = 0x80...0xBF
        switch bytes[index] {
        case 0xC2...0xDF: length = 2
        case 0xE0: (length, second) = (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: (length, second) = (3, 0x80...0x9F)
        case 0xF0: (length, second) = (4, 0x90...0xBF)
        case 0xF1...0xF3: length = 4
        case 0xF4: (length, second) = (4, 0x80...0x8F)
        default: throw failure("string is not valid UTF-8")
        }
        for offset in 1..<length {
            let position = index + offset
            let allowed = offset == 1 ? second : 0x80...0xBF
            guard position < bytes.count, allowed.contains(bytes[position]) else {
                throw JSONParseError(offset: position, reason: "string is not valid UTF-8")
            }
        }
        return length
    }

    private mutating func escape(into utf8: inout [UInt8]) throws(JSONParseError) {
        let start = index
        index += 1
        guard let byte = current else { throw failure("unterminated string") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var code = try hexQuad()
            if (0xD800...0xDBFF).contains(code) {
                // A high surrogate must be followed at once by an escaped low surrogate.
                guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw JSONParseError(offset: start, reason: "unpaired surrogate in a \\u escape") }
                index += 2
                let low = try hexQuad()
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw JSONParseError(offset: start, reason: "unpaired surrogate in a \\u escape")
                }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(code) {
                throw JSONParseError(offset: start, reason: "unpaired surrogate in a \\u escape")
            }
            guard let scalar = Unicode.Scalar(code) else {
                throw JSONParseError(offset: start, reason: "invalid \\u escape")
            }
            UTF8.encode(scalar) { utf8.append($0) }
        default:
            throw JSONParseError(offset: start, reason: "invalid escape sequence")
        }
    }

    private mutating func hexQuad() throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            let digit: UInt8
            switch current {
            case let byte? where Self.isDigit(byte): digit = byte - UInt8(ascii: "0")
            case let byte? where (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte): digit = byte - UInt8(ascii: "a") + 10
            case let byte? where (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("expected four hex digits in a \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    // MARK: - Bytes

    private var current: UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private func failure(_ reason: String) -> JSONParseError {
        JSONParseError(offset: index, reason: reason)
    }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
            index += 1
        }
    }

    private mutating func skipDigits() {
        while let byte = current, Self.isDigit(byte) { index += 1 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// `character "x"` for printable ASCII, `byte 0xNN` for anything else.
    private static func describe(_ byte: UInt8) -> String {
        guard (0x21..<0x7F).contains(byte) else {
            let hex = String(byte, radix: 16, uppercase: true)
            return "byte 0x" + (hex.count < 2 ? "0" : "") + hex
        }
        return "character \"\(Character(Unicode.Scalar(byte)))\""
    }

    /// Input repeated in an error message, cut short: a hostile document must not make a huge one.
    private static func excerpt(_ text: String) -> String {
        let limit = 64
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }
}
