import StrictJSON

/// A JSON merge patch (RFC 7386, `application/merge-patch+json`): an object's members merge
/// recursively, `null` deletes a member, and any other value replaces the target outright.
public struct JSONMergePatch: Sendable, Hashable {
    /// The patch document.
    public var patch: JSONValue

    public init(_ patch: JSONValue) {
        self.patch = patch
    }

    /// The smallest merge patch that turns `original` into `modified`: removed members become
    /// `null`, changed objects recurse, anything else changed is given whole. A `null` inside
    /// `modified` cannot be expressed (the format reads it as a deletion), nor can an array be
    /// changed in part.
    public init(from original: JSONValue, to modified: JSONValue) {
        self.init(Self.difference(original, modified))
    }

    /// The target with the patch applied; a merge patch cannot fail.
    public func apply(to target: JSONValue) -> JSONValue {
        Self.merge(target, patch)
    }

    private static func merge(_ target: JSONValue, _ patch: JSONValue) -> JSONValue {
        guard case .object(let changes) = patch else { return patch }
        var members = target.objectValue ?? [:]
        for (key, change) in changes {
            if change == .null {
                members.removeValue(forKey: key)
            } else {
                members[key] = merge(members.removeValue(forKey: key) ?? .null, change)
            }
        }
        return .object(members)
    }

    private static func difference(_ original: JSONValue, _ modified: JSONValue) -> JSONValue {
        guard case .object(let before) = original, case .object(let after) = modified else { return modified }
        var changes: [String: JSONValue] = [:]
        for key in before.keys where after[key] == nil {
            changes[key] = .null
        }
        for (key, value) in after {
            guard let old = before[key] else {
                changes[key] = value
                continue
            }
            if old == value { continue }
            if case .object = old, case .object = value {
                changes[key] = difference(old, value)
            } else {
                changes[key] = value
            }
        }
        return .object(changes)
    }
}
