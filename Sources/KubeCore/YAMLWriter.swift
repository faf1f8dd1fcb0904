import StrictJSON

/// Writes JSON values as block-style YAML, deterministically: keys sorted, two-space indent,
/// lists at their parent key's indent (as kubectl prints them), and every string that a YAML
/// 1.1 or 1.2 reader could take for something else (`"true"`, `"1"`, `""`, `"a: b"`,
/// `"*x"`, ...) double-quoted. Multi-line strings are written double-quoted with `\n`.
public enum YAMLWriter {
    /// One YAML document (ending in a newline).
    public static func write(_ value: JSONValue) -> String {
        lines(for: value).joined(separator: "\n") + "\n"
    }

    /// A stream of documents separated by `---`.
    public static func write(documents: [JSONValue]) -> String {
        documents.map(write).joined(separator: "---\n")
    }

    private static func lines(for value: JSONValue) -> [String] {
        switch value {
        case .object(let members) where !members.isEmpty:
            var lines: [String] = []
            for key in members.keys.sorted() {
                let member = members[key] ?? .null
                let renderedKey = scalar(key)
                switch member {
                case .object(let nested) where !nested.isEmpty:
                    lines.append(renderedKey + ":")
                    lines += self.lines(for: member).map { "  " + $0 }
                case .array(let elements) where !elements.isEmpty:
                    lines.append(renderedKey + ":")
                    lines += self.lines(for: member)
                default:
                    lines.append(renderedKey + ": " + inline(member))
                }
            }
            return lines
        case .array(let elements) where !elements.isEmpty:
            var lines: [String] = []
            for element in elements {
                let nested = self.lines(for: element)
                lines.append("- " + nested[0])
                lines += nested.dropFirst().map { "  " + $0 }
            }
            return lines
        default:
            return [inline(value)]
        }
    }

    /// A scalar or an empty collection on one line.
    private static func inline(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(.integer(let integer)): String(integer)
        case .number(.double(let double)): formatDouble(double)
        case .string(let text): scalar(text)
        case .array: "[]"
        case .object: "{}"
        }
    }

    private static func formatDouble(_ double: Double) -> String {
        if double.isNaN { return ".nan" }
        if double.isInfinite { return double < 0 ? "-.inf" : ".inf" }
        // Swift prints integral doubles as "2.0", which YAML reads back as a float: good.
        return String(describing: double)
    }

    /// A string as a plain scalar when that is unambiguous, else double-quoted.
    static func scalar(_ text: String) -> String {
        isSafePlain(text) ? text : doubleQuoted(text)
    }

    private static let ambiguousWords: Set<String> = [
        "y", "yes", "n", "no", "true", "false", "on", "off", "null", "~", "=", "<<",
    ]

    /// Conservative: anything that starts like a number, an indicator or a reserved word is quoted.
    private static func isSafePlain(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        if ambiguousWords.contains(text.lowercased()) { return false }
        if first == " " || last == " " { return false }
        // Digits, signs and dots start numbers, dates, times and `.inf`/`.nan`.
        if "0123456789+-.".unicodeScalars.contains(first) { return false }
        // YAML indicators at the start of a scalar.
        if "?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return false }
        for scalar in text.unicodeScalars {
            // Mapping separators, comments and flow indicators anywhere, and anything unprintable.
            if ":#,[]{}\"'\\".unicodeScalars.contains(scalar) { return false }
            if scalar.value < 0x20 || scalar.value == 0x7F { return false }
            if (0x80...0x9F).contains(scalar.value) || [0x2028, 0x2029, 0xFEFF].contains(scalar.value) { return false }
        }
        return true
    }

    /// A JSON string is a valid YAML double-quoted scalar; the JSON writer escapes every
    /// character YAML would refuse raw or read as a line break.
    private static func doubleQuoted(_ text: String) -> String {
        JSONValue.string(text).jsonString()
    }
}
