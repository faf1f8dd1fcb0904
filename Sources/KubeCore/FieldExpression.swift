import StrictJSON

/// Why a field selector is not valid: the offending term, where it starts, and what is wrong.
public struct FieldSelectorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the term.
    public enum Problem: Sendable, Hashable {
        /// No `=`, `==` or `!=` in the term.
        case missingOperator
        /// Nothing before the operator.
        case missingField
        /// A `\` not followed by `\`, `,` or `=` (the sequence as written).
        case invalidEscape(String)
        /// A `,` or `=` in a value that is not escaped with `\`.
        case unescapedCharacter(Character)
    }

    public var term: String
    /// 0-based character offset of the term in the selector.
    public var offset: Int
    public var problem: Problem

    public init(term: String, offset: Int, problem: Problem) {
        self.term = term
        self.offset = offset
        self.problem = problem
    }

    public var description: String {
        let reason = switch problem {
        case .missingOperator: "can't understand '\(term)'"
        case .missingField: "missing field name in '\(term)'"
        case .invalidEscape(let sequence): "invalid field selector value escape sequence: \(sequence)"
        case .unescapedCharacter(let character): "invalid field selector value: unescaped '\(character)'"
        }
        return "invalid field selector at position \(offset): \(reason)"
    }
}

/// One term of a field selector: a dotted field, `=` (also written `==`) or `!=`, and a value.
public struct FieldRequirement: Sendable, Hashable, CustomStringConvertible {
    /// Whether the field must equal the value or differ from it.
    public enum Operator: Sendable, Hashable, CaseIterable {
        case equals
        case notEquals
    }

    /// Dotted path, e.g. `metadata.name`, `status.phase`.
    public var field: String
    public var `operator`: Operator
    public var value: String

    public init(field: String, operator: Operator, value: String) {
        self.field = field
        self.operator = `operator`
        self.value = value
    }

    /// Whether the field's value (with "" for a missing field) satisfies the term.
    public func matches(value actual: String) -> Bool {
        (actual == value) == (`operator` == .equals)
    }

    /// The term as apimachinery writes it, the value escaped (`\\`, `\,`, `\=`).
    public var description: String {
        var escaped = ""
        for character in value {
            if character == "\\" || character == "," || character == "=" { escaped.append("\\") }
            escaped.append(character)
        }
        return field + (`operator` == .equals ? "=" : "!=") + escaped
    }
}

/// A field selector as lists take it (`fieldSelector=metadata.name=x,status.phase!=Failed`),
/// parsed: every term must hold. Which fields a resource supports is the caller's concern
/// (`fields` lists those used).
public struct FieldExpression: Sendable, Hashable, CustomStringConvertible {
    public let requirements: [FieldRequirement]

    /// The selector that matches every object.
    public static let everything = FieldExpression(requirements: [])

    public init(requirements: [FieldRequirement]) {
        self.requirements = requirements
    }

    /// Parses terms separated by unescaped commas, each `field=value`, `field==value` or
    /// `field!=value`; in a value, `\`, `,` and `=` are escaped with `\`. Empty terms are skipped.
    public init(parsing text: String) throws(FieldSelectorError) {
        var requirements: [FieldRequirement] = []
        for (term, offset) in Self.terms(of: text) where !term.isEmpty {
            requirements.append(try Self.parseTerm(term, offset: offset))
        }
        self.init(requirements: requirements)
    }

    /// The distinct fields the selector names, in order of appearance.
    public var fields: [String] {
        var seen: Set<String> = []
        return requirements.map(\.field).filter { seen.insert($0).inserted }
    }

    /// The value a field must equal, when a `=` term pins it (e.g. `metadata.name` for a get-like list).
    public func requiredValue(of field: String) -> String? {
        requirements.first { $0.field == field && $0.operator == .equals }?.value
    }

    /// Whether the fields (a missing one counts as "") satisfy every term.
    public func matches(fields values: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(value: values[$0.field] ?? "") }
    }

    /// Whether an object satisfies every term, each field read by its dotted path: a string as
    /// it is, a number or boolean as JSON writes it, anything else (missing, null, object,
    /// array) as "".
    public func matches(object: JSONValue) -> Bool {
        requirements.allSatisfy { requirement in
            let path = requirement.field.split(separator: ".", omittingEmptySubsequences: false)
            var current: JSONValue? = object
            for key in path { current = current?[String(key)] }
            let text: String = switch current {
            case .string(let string): string
            case .number, .bool: current?.jsonString() ?? ""
            default: ""
            }
            return requirement.matches(value: text)
        }
    }

    /// The selector in its query form, terms joined by `,`.
    public var description: String { requirements.map(\.description).joined(separator: ",") }

    /// The terms and their offsets, split at commas that are not escaped.
    private static func terms(of text: String) -> [(String, Int)] {
        var terms: [(String, Int)] = []
        var term = ""
        var start = 0
        var escaped = false
        for (offset, character) in text.enumerated() {
            if character == "," && !escaped {
                terms.append((term, start))
                term = ""
                start = offset + 1
                continue
            }
            escaped = character == "\\" && !escaped
            term.append(character)
        }
        terms.append((term, start))
        return terms
    }

    private static func parseTerm(_ term: String, offset: Int) throws(FieldSelectorError) -> FieldRequirement {
        // The first operator wins, `!=` and `==` before `=`, as apimachinery splits a term.
        let characters = Array(term)
        for index in characters.indices {
            let two = index + 1 < characters.count ? String(characters[index...index + 1]) : ""
            let length = two == "!=" || two == "==" ? 2 : characters[index] == "=" ? 1 : 0
            guard length > 0 else { continue }
            let field = String(characters[..<index])
            guard !field.isEmpty else { throw FieldSelectorError(term: term, offset: offset, problem: .missingField) }
            let value = try unescape(characters[(index + length)...], term: term, offset: offset)
            return FieldRequirement(field: field, operator: two == "!=" ? .notEquals : .equals, value: value)
        }
        throw FieldSelectorError(term: term, offset: offset, problem: .missingOperator)
    }

    private static func unescape(_ value: ArraySlice<Character>, term: String, offset: Int) throws(FieldSelectorError) -> String {
        var result = ""
        var escaping = false
        for character in value {
            if escaping {
                guard character == "\\" || character == "," || character == "=" else {
                    throw FieldSelectorError(term: term, offset: offset, problem: .invalidEscape("\\\(character)"))
                }
                result.append(character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if character == "," || character == "=" {
                throw FieldSelectorError(term: term, offset: offset, problem: .unescapedCharacter(character))
            } else {
                result.append(character)
            }
        }
        if escaping { throw FieldSelectorError(term: term, offset: offset, problem: .invalidEscape("\\")) }
        return result
    }
}
