/// Why a label selector is not valid: where (an offset in the text, or a field of a
/// `LabelSelector` object) and what.
public struct LabelSelectorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is.
    public enum Location: Sendable, Hashable {
        /// 0-based character offset in the selector's text.
        case offset(Int)
        /// A field of a `LabelSelector` object, e.g. `matchExpressions[0].values`.
        case field(FieldPath)
    }

    /// What is wrong.
    public enum Problem: Sendable, Hashable {
        /// A token that does not belong there; `found` is empty at the end of the text.
        case unexpected(found: String, expected: String)
        /// A key that is not a qualified name, with the reasons.
        case invalidKey(String, reasons: [String])
        /// A value that is not a valid label value, with the reasons.
        case invalidValue(String, reasons: [String])
        /// The number of values does not suit the operator (e.g. `In` with none).
        case wrongValueCount(String)
    }

    public var location: Location
    public var problem: Problem

    public init(_ problem: Problem, at location: Location) {
        self.problem = problem
        self.location = location
    }

    public var description: String {
        let place = switch location {
        case .offset(let offset): "at position \(offset)"
        case .field(let path): "at \(path)"
        }
        switch problem {
        case .unexpected(let found, let expected):
            return "unable to parse requirement \(place): found '\(found.isEmpty ? "end of string" : found)', expected: \(expected)"
        case .invalidKey(let key, let reasons):
            return "invalid label key \"\(key)\" \(place): \(reasons.joined(separator: "; "))"
        case .invalidValue(let value, let reasons):
            return "invalid label value: \"\(value)\" \(place): \(reasons.joined(separator: "; "))"
        case .wrongValueCount(let reason):
            return "invalid requirement \(place): \(reason)"
        }
    }
}

/// One requirement of a label selector: a key, an operator and values.
public struct LabelRequirement: Sendable, Hashable, CustomStringConvertible {
    /// How the label's value is compared.
    public enum Operator: Sendable, Hashable, CaseIterable {
        /// `key=value` or `key==value`: the label exists with this value.
        case equals
        /// `key!=value`: the label is absent or has another value.
        case notEquals
        /// `key in (a,b)`: the label exists with one of the values.
        case `in`
        /// `key notin (a,b)`: the label is absent or has none of the values.
        case notIn
        /// `key`: the label exists.
        case exists
        /// `!key`: the label is absent.
        case doesNotExist
    }

    public let key: String
    public let `operator`: Operator
    /// Sorted and without repeats; one for `=`/`!=`, none for exists/does-not-exist.
    public let values: [String]

    /// A requirement with a valid key and valid values, as many as the operator takes.
    public init(key: String, operator: Operator, values: [String] = []) throws(LabelSelectorError) {
        try self.init(key: key, operator: `operator`, values: values, keyAt: .field("key"),
                      valueAt: { $0 < 0 ? .field("values") : .field(FieldPath("values").index($0)) })
    }

    /// Checks the requirement, reporting each problem at the location the caller knows.
    init(key: String, operator: Operator, values: [String], keyAt keyLocation: LabelSelectorError.Location,
         valueAt valueLocation: (Int) -> LabelSelectorError.Location) throws(LabelSelectorError) {
        let keyProblems = KubernetesName.qualifiedNameProblems(key)
        guard keyProblems.isEmpty else { throw LabelSelectorError(.invalidKey(key, reasons: keyProblems), at: keyLocation) }
        let countProblem: String? = switch `operator` {
        case .equals, .notEquals: values.count == 1 ? nil : "exact-match compatibility requires one single value"
        case .in, .notIn: values.isEmpty ? "for 'in', 'notin' operators, values set can't be empty" : nil
        case .exists, .doesNotExist: values.isEmpty ? nil : "values set must be empty for exists and does not exist"
        }
        if let countProblem { throw LabelSelectorError(.wrongValueCount(countProblem), at: valueLocation(-1)) }
        for (index, value) in values.enumerated() {
            let problems = KubernetesName.labelValueProblems(value)
            guard problems.isEmpty else { throw LabelSelectorError(.invalidValue(value, reasons: problems), at: valueLocation(index)) }
        }
        self.key = key
        self.operator = `operator`
        self.values = Array(Set(values)).sorted()
    }

    /// Whether labels satisfy this requirement.
    public func matches(labels: [String: String]) -> Bool {
        let value = labels[key]
        switch `operator` {
        case .equals, .in: return value.map(values.contains) ?? false
        case .notEquals, .notIn: return value.map { !values.contains($0) } ?? true
        case .exists: return value != nil
        case .doesNotExist: return value == nil
        }
    }

    /// The requirement in the selector syntax, as apimachinery writes it.
    public var description: String {
        switch `operator` {
        case .equals: "\(key)=\(values.first ?? "")"
        case .notEquals: "\(key)!=\(values.first ?? "")"
        case .in: "\(key) in (\(values.joined(separator: ",")))"
        case .notIn: "\(key) notin (\(values.joined(separator: ",")))"
        case .exists: key
        case .doesNotExist: "!" + key
        }
    }
}

/// A label selector in the form lists take (`labelSelector=app=demo,tier in (web,api),!legacy`),
/// parsed and validated: every requirement must hold. The empty selector matches everything.
public struct LabelExpression: Sendable, Hashable, CustomStringConvertible {
    /// Sorted by key (stably), as apimachinery keeps them.
    public let requirements: [LabelRequirement]

    /// The selector that matches every object.
    public static let everything = LabelExpression(requirements: [])

    public init(requirements: [LabelRequirement]) {
        self.requirements = requirements.enumerated().sorted {
            ($0.element.key, $0.offset) < ($1.element.key, $1.offset)
        }.map(\.element)
    }

    /// Parses the selector syntax: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`,
    /// comma-separated, with whitespace anywhere between tokens.
    public init(parsing text: String) throws(LabelSelectorError) {
        var parser = LabelSelectorParser(text)
        self.init(requirements: try parser.parseSelector())
    }

    /// The requirements of a `LabelSelector` object: each `matchLabels` entry is an equality, each
    /// expression keeps its operator. An empty object matches everything (a missing one, in the
    /// API's convention, matches nothing: that is the caller's choice).
    public init(_ selector: LabelSelector) throws(LabelSelectorError) {
        var requirements: [LabelRequirement] = []
        for (key, value) in (selector.matchLabels ?? [:]).sorted(by: { $0.key < $1.key }) {
            let path = FieldPath("matchLabels").key(key)
            requirements.append(try LabelRequirement(key: key, operator: .equals, values: [value],
                                                     keyAt: .field(path), valueAt: { _ in .field(path) }))
        }
        for (index, expression) in (selector.matchExpressions ?? []).enumerated() {
            let path = FieldPath("matchExpressions").index(index)
            let `operator`: LabelRequirement.Operator = switch expression.operator {
            case .in: .in
            case .notIn: .notIn
            case .exists: .exists
            case .doesNotExist: .doesNotExist
            }
            requirements.append(try LabelRequirement(
                key: expression.key, operator: `operator`, values: expression.values ?? [],
                keyAt: .field(path.child("key")),
                valueAt: { $0 < 0 ? .field(path.child("values")) : .field(path.child("values").index($0)) }))
        }
        self.init(requirements: requirements)
    }

    /// Whether the selector has no requirement (and so matches everything).
    public var isEmpty: Bool { requirements.isEmpty }

    /// Whether labels satisfy every requirement.
    public func matches(labels: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(labels: labels) }
    }

    /// The selector in its query form, requirements joined by `,`.
    public var description: String { requirements.map(\.description).joined(separator: ",") }
}

/// The recursive-descent parser of apimachinery's label selector grammar.
private struct LabelSelectorParser {
    enum Token: Equatable {
        case identifier(String)
        case not, equals, doubleEquals, notEquals, open, close, comma, greater, less, end

        var text: String {
            switch self {
            case .identifier(let name): name
            case .not: "!"
            case .equals: "="
            case .doubleEquals: "=="
            case .notEquals: "!="
            case .open: "("
            case .close: ")"
            case .comma: ","
            case .greater: ">"
            case .less: "<"
            case .end: ""
            }
        }
    }

    private var tokens: [(token: Token, offset: Int)] = []
    private var position = 0

    init(_ text: String) {
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let start = index
            index += 1
            switch character {
            case " ", "\t", "\r", "\n": continue
            case "!" where index < characters.count && characters[index] == "=":
                index += 1
                tokens.append((.notEquals, start))
            case "=" where index < characters.count && characters[index] == "=":
                index += 1
                tokens.append((.doubleEquals, start))
            case "!": tokens.append((.not, start))
            case "=": tokens.append((.equals, start))
            case "(": tokens.append((.open, start))
            case ")": tokens.append((.close, start))
            case ",": tokens.append((.comma, start))
            case ">": tokens.append((.greater, start))
            case "<": tokens.append((.less, start))
            default:
                while index < characters.count && !Self.endsIdentifier(characters[index]) { index += 1 }
                tokens.append((.identifier(String(characters[start..<index])), start))
            }
        }
        tokens.append((.end, characters.count))
    }

    private static func endsIdentifier(_ character: Character) -> Bool {
        " \t\r\n!=(),<>".contains(character)
    }

    private var current: (token: Token, offset: Int) { tokens[position] }

    private mutating func next() -> (token: Token, offset: Int) {
        defer { if position < tokens.count - 1 { position += 1 } }
        return current
    }

    private func unexpected(_ expected: String) -> LabelSelectorError {
        LabelSelectorError(.unexpected(found: current.token.text, expected: expected), at: .offset(current.offset))
    }

    mutating func parseSelector() throws(LabelSelectorError) -> [LabelRequirement] {
        var requirements: [LabelRequirement] = []
        if current.token == .end { return requirements }
        while true {
            requirements.append(try parseRequirement())
            switch current.token {
            case .end:
                return requirements
            case .comma:
                _ = next()
                if case .identifier = current.token { continue }
                if current.token != .not { throw unexpected("identifier after ','") }
            default:
                throw unexpected("',' or 'end of string'")
            }
        }
    }

    private mutating func parseRequirement() throws(LabelSelectorError) -> LabelRequirement {
        let negated = current.token == .not
        if negated { _ = next() }
        guard case .identifier(let key) = current.token, key != "in" && key != "notin" else {
            throw unexpected(negated ? "identifier after '!'" : "identifier")
        }
        let keyOffset = next().offset
        let build = { (op: LabelRequirement.Operator, values: [String], offsets: [Int]) throws(LabelSelectorError) in
            try LabelRequirement(key: key, operator: op, values: values, keyAt: .offset(keyOffset),
                                 valueAt: { .offset($0 < 0 ? keyOffset : offsets[$0]) })
        }
        if negated { return try build(.doesNotExist, [], []) }
        let `operator`: LabelRequirement.Operator
        switch current.token {
        case .end, .comma: return try build(.exists, [], [])
        case .equals, .doubleEquals: `operator` = .equals
        case .notEquals: `operator` = .notEquals
        case .identifier("in"): `operator` = .in
        case .identifier("notin"): `operator` = .notIn
        default: throw unexpected("'=', '!=', '==', 'in', 'notin'")
        }
        _ = next()
        if `operator` == .equals || `operator` == .notEquals {
            // `a=` compares with the empty value.
            switch current.token {
            case .end, .comma: return try build(`operator`, [""], [current.offset])
            case .identifier(let value): return try build(`operator`, [value], [next().offset])
            default: throw unexpected("identifier")
            }
        }
        let (values, offsets) = try parseValueSet()
        return try build(`operator`, values, offsets)
    }

    /// `( v1, v2, ... )`; empty entries (`(a,)`, `()`) are the empty value, as apimachinery reads them.
    private mutating func parseValueSet() throws(LabelSelectorError) -> ([String], [Int]) {
        guard current.token == .open else { throw unexpected("'('") }
        _ = next()
        var values: [String] = []
        var offsets: [Int] = []
        var expectingValue = true
        while true {
            switch current.token {
            case .identifier(let value) where expectingValue:
                values.append(value)
                offsets.append(next().offset)
                expectingValue = false
            case .comma, .close:
                if expectingValue {
                    values.append("")
                    offsets.append(current.offset)
                }
                if next().token == .close { return (values, offsets) }
                expectingValue = true
            default:
                throw unexpected(expectingValue ? "',', ')' or identifier" : "',' or ')'")
            }
        }
    }
}
