/// The operator of a `LabelSelectorRequirement`.
public enum LabelSelectorOperator: String, Codable, Sendable, Hashable, CaseIterable {
    case `in` = "In"
    case notIn = "NotIn"
    case exists = "Exists"
    case doesNotExist = "DoesNotExist"
}

/// One expression of a `LabelSelector` (`metav1.LabelSelectorRequirement`).
public struct LabelSelectorRequirement: Codable, Sendable, Hashable {
    public var key: String
    public var `operator`: LabelSelectorOperator
    /// Non-empty for In and NotIn; empty for Exists and DoesNotExist.
    public var values: [String]?

    public init(key: String, operator: LabelSelectorOperator, values: [String]? = nil) {
        self.key = key
        self.operator = `operator`
        self.values = values
    }
}

/// A label selector as objects carry it (`metav1.LabelSelector`, e.g. a Deployment's
/// `spec.selector`): exact labels plus expressions, all of which must match. Turn it into a
/// `LabelExpression` to validate it, match labels or render the query form.
public struct LabelSelector: Codable, Sendable, Hashable {
    public var matchLabels: [String: String]?
    public var matchExpressions: [LabelSelectorRequirement]?

    public init(matchLabels: [String: String]? = nil, matchExpressions: [LabelSelectorRequirement]? = nil) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }
}
