import KubeCore
import StrictJSON

/// Status-condition helpers with the semantics of apimachinery's `meta.SetStatusCondition`, for
/// typed status (`[Condition]`) and untyped objects (`status.conditions` of a `JSONValue`).
///
/// Setting a condition of a type already present updates it in place:
/// - `lastTransitionTime` moves only when `status` changes (to the new condition's time if it
///   has one, else `now`), so re-reporting a status keeps the time it first took it;
/// - `reason`, `message` and `observedGeneration` always take the new values.
///
/// A new type is appended, with its own `lastTransitionTime` or `now`. Every setter says whether
/// anything changed, so a reconciler writes status only when it must.
public enum Conditions {
    /// Inserts or updates `condition` in `conditions`; true when anything changed.
    @discardableResult
    public static func set(_ condition: Condition, in conditions: inout [Condition], now: Timestamp) -> Bool {
        conditions.set(condition, now: now)
    }

    /// As `set(_:in:now:)`, for an optional list (as status types hold it); nil becomes a list.
    @discardableResult
    public static func set(_ condition: Condition, in conditions: inout [Condition]?, now: Timestamp) -> Bool {
        var list = conditions ?? []
        let changed = set(condition, in: &list, now: now)
        conditions = list
        return changed
    }

    /// The condition of `type`, if present.
    public static func find(_ type: String, in conditions: [Condition]?) -> Condition? {
        conditions?.first { $0.type == type }
    }

    /// Whether the condition of `type` is present and `True`.
    public static func isTrue(_ type: String, in conditions: [Condition]?) -> Bool {
        find(type, in: conditions)?.status == .true
    }

    /// Whether the condition of `type` is present and `False`.
    public static func isFalse(_ type: String, in conditions: [Condition]?) -> Bool {
        find(type, in: conditions)?.status == .false
    }

    /// Whether the condition of `type` is absent or `Unknown`.
    public static func isUnknown(_ type: String, in conditions: [Condition]?) -> Bool {
        (find(type, in: conditions)?.status ?? .unknown) == .unknown
    }

    /// Removes the condition of `type`; true when there was one.
    @discardableResult
    public static func remove(_ type: String, from conditions: inout [Condition]) -> Bool {
        let count = conditions.count
        conditions.removeAll { $0.type == type }
        return conditions.count != count
    }

    /// As `remove(_:from:)`, for an optional list (left nil when nil).
    @discardableResult
    public static func remove(_ type: String, from conditions: inout [Condition]?) -> Bool {
        guard var list = conditions else { return false }
        let removed = remove(type, from: &list)
        conditions = list
        return removed
    }
}

// MARK: - Untyped objects

extension Conditions {
    /// The condition of `type` in `object`'s `status.conditions`, if present and well-formed.
    public static func find(_ type: String, inStatusOf object: JSONValue) -> Condition? {
        guard let entry = entries(of: object).first(where: { $0["type"]?.stringValue == type }) else { return nil }
        return try? entry.decode(as: Condition.self)
    }

    /// Whether `object`'s condition of `type` is present and `True`.
    public static func isTrue(_ type: String, inStatusOf object: JSONValue) -> Bool {
        find(type, inStatusOf: object)?.status == .true
    }

    /// Inserts or updates `condition` in `object`'s `status.conditions` (created when missing)
    /// with the same rules as the typed `set`; members it does not know are kept. True when
    /// anything changed.
    @discardableResult
    public static func set(_ condition: Condition, inStatusOf object: inout JSONValue, now: Timestamp) -> Bool {
        var list = entries(of: object)
        guard let index = list.firstIndex(where: { $0["type"]?.stringValue == condition.type }) else {
            var added = condition
            added.lastTransitionTime = condition.lastTransitionTime ?? now
            list.append(json(added))
            setEntries(list, of: &object)
            return true
        }
        var entry = list[index]
        let time = condition.lastTransitionTime ?? now
        if entry["status"]?.stringValue != condition.status.rawValue {
            entry["status"] = .string(condition.status.rawValue)
            entry["lastTransitionTime"] = .string(time.description)
        } else if entry["lastTransitionTime"] == nil || entry["lastTransitionTime"] == .null {
            entry["lastTransitionTime"] = .string(time.description)
        }
        entry["reason"] = .string(condition.reason)
        entry["message"] = .string(condition.message)
        entry["observedGeneration"] = condition.observedGeneration.map { .integer($0) }
        guard entry != list[index] else { return false }
        list[index] = entry
        setEntries(list, of: &object)
        return true
    }

    /// Removes the condition of `type` from `object`'s `status.conditions`; true when there was one.
    @discardableResult
    public static func remove(_ type: String, fromStatusOf object: inout JSONValue) -> Bool {
        let list = entries(of: object)
        let remaining = list.filter { $0["type"]?.stringValue != type }
        guard remaining.count != list.count else { return false }
        setEntries(remaining, of: &object)
        return true
    }

    /// The JSON form of a condition, as the API server writes it.
    public static func json(_ condition: Condition) -> JSONValue {
        var members: [String: JSONValue] = [
            "type": .string(condition.type),
            "status": .string(condition.status.rawValue),
            "reason": .string(condition.reason),
            "message": .string(condition.message),
        ]
        if let generation = condition.observedGeneration { members["observedGeneration"] = .integer(generation) }
        if let time = condition.lastTransitionTime { members["lastTransitionTime"] = .string(time.description) }
        return .object(members)
    }

    private static func entries(of object: JSONValue) -> [JSONValue] {
        object[path: "status", "conditions"]?.arrayValue ?? []
    }

    private static func setEntries(_ entries: [JSONValue], of object: inout JSONValue) {
        var status = object["status"] ?? [:]
        status["conditions"] = .array(entries)
        object["status"] = status
    }
}
