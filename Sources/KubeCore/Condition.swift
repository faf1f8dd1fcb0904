/// The status of a condition, as Kubernetes spells it.
public enum ConditionStatus: String, Codable, Sendable, Hashable, CaseIterable {
    case `true` = "True"
    case `false` = "False"
    case unknown = "Unknown"
}

/// A Kubernetes-standard status condition (`metav1.Condition`).
public struct Condition: Codable, Sendable, Hashable {
    /// CamelCase type, unique within an object's conditions (e.g. `Ready`).
    public var type: String
    public var status: ConditionStatus
    /// The `metadata.generation` the condition was computed from.
    public var observedGeneration: Int64?
    /// When `status` last changed.
    public var lastTransitionTime: Timestamp?
    /// CamelCase, machine-readable cause of the last transition.
    public var reason: String
    /// Human-readable detail; never carries secrets.
    public var message: String

    public init(type: String, status: ConditionStatus, reason: String, message: String = "",
                observedGeneration: Int64? = nil, lastTransitionTime: Timestamp? = nil) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.observedGeneration = observedGeneration
        self.lastTransitionTime = lastTransitionTime
    }

    private enum CodingKeys: String, CodingKey {
        case type, status, observedGeneration, lastTransitionTime, reason, message
    }

    // Conditions written by other tools may omit reason or message; read them as empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        status = try container.decode(ConditionStatus.self, forKey: .status)
        observedGeneration = try container.decodeIfPresent(Int64.self, forKey: .observedGeneration)
        lastTransitionTime = try container.decodeIfPresent(Timestamp.self, forKey: .lastTransitionTime)
        reason = try container.decodeIfPresent(String.self, forKey: .reason) ?? ""
        message = try container.decodeIfPresent(String.self, forKey: .message) ?? ""
    }
}

extension Array where Element == Condition {
    /// The condition of the given type, if present.
    public subscript(type type: String) -> Condition? {
        first { $0.type == type }
    }

    /// Whether the condition of the given type is present and `True`.
    public func isTrue(_ type: String) -> Bool {
        self[type: type]?.status == .true
    }

    /// Inserts or updates the condition of `condition.type`, with apimachinery's
    /// `meta.SetStatusCondition` semantics: `lastTransitionTime` moves only when the status
    /// changes (to the condition's own time if it has one, else `now`), so re-reporting a status
    /// keeps the time it first took it; reason, message and observedGeneration always take the
    /// new values. Returns whether anything changed, so status is written only when it must.
    @discardableResult
    public mutating func set(_ condition: Condition, now: Timestamp) -> Bool {
        guard let index = firstIndex(where: { $0.type == condition.type }) else {
            var added = condition
            added.lastTransitionTime = condition.lastTransitionTime ?? now
            append(added)
            return true
        }
        var existing = self[index]
        if existing.status != condition.status {
            existing.status = condition.status
            existing.lastTransitionTime = condition.lastTransitionTime ?? now
        } else if existing.lastTransitionTime == nil {
            // Written by a tool that left it out: the time is unknown, so it becomes now.
            existing.lastTransitionTime = condition.lastTransitionTime ?? now
        }
        existing.reason = condition.reason
        existing.message = condition.message
        existing.observedGeneration = condition.observedGeneration
        guard existing != self[index] else { return false }
        self[index] = existing
        return true
    }
}
