import Foundation
import KubeCore

/// A schema's `pattern`, compiled once. The server compiles patterns with Go's RE2 and searches
/// (unanchored) with them; ICU, behind `NSRegularExpression`, reads the same syntax for what
/// CRDs use, with two differences bridged here: `(?P<name>…)` groups, and `$`, which outside
/// multi-line mode matches only at the very end in RE2 (ICU also matches before a final newline).
struct CompiledPattern: @unchecked Sendable, Equatable {
    /// The pattern as written in the schema (what error messages quote).
    let source: String
    // NSRegularExpression is immutable and documented as safe to share between threads.
    private let regex: NSRegularExpression

    init(_ source: String, at path: FieldPath) throws(SchemaError) {
        self.source = source
        do {
            regex = try NSRegularExpression(pattern: Self.translated(source))
        } catch {
            throw SchemaError(path, "must be a valid regular expression, but isn't: \(source)")
        }
    }

    /// Whether the pattern matches somewhere in `text`.
    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    static func == (lhs: CompiledPattern, rhs: CompiledPattern) -> Bool { lhs.source == rhs.source }

    /// RE2 syntax rewritten for ICU.
    static func translated(_ pattern: String) -> String {
        let multiline = pattern.range(of: #"\(\?[a-zA-Z]*m"#, options: .regularExpression) != nil
        var output = ""
        var inClass = false
        var escaped = false
        var rest = Substring(pattern)
        while let character = rest.first {
            rest = rest.dropFirst()
            if escaped {
                output.append(character)
                escaped = false
                continue
            }
            switch character {
            case "\\":
                escaped = true
                output.append(character)
            case "[" where !inClass:
                inClass = true
                output.append(character)
                // A leading `]` (or `^]`) is a literal in both dialects.
                if rest.hasPrefix("^") { output.append("^"); rest = rest.dropFirst() }
                if rest.hasPrefix("]") { output.append("]"); rest = rest.dropFirst() }
            case "[" where inClass && rest.hasPrefix(":"):
                // A POSIX class such as `[:alpha:]` inside a bracket expression.
                output.append(character)
                if let end = rest.range(of: ":]") {
                    output += rest[..<end.upperBound]
                    rest = rest[end.upperBound...]
                }
            case "]" where inClass:
                inClass = false
                output.append(character)
            case "(" where !inClass && rest.hasPrefix("?P<"):
                output.append("(?<")
                rest = rest.dropFirst(3)
            case "$" where !inClass && !multiline:
                output.append("\\z")
            default:
                output.append(character)
            }
        }
        return output
    }
}
