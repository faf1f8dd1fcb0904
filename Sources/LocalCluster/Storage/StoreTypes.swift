import StrictJSON

/// A kind of stored object, independent of API version: `apps/deployments`, `/configmaps`.
struct GroupResource: Hashable, Sendable, Comparable, CustomStringConvertible {
    var group: String
    var resource: String

    var description: String { group.isEmpty ? resource : "\(resource).\(group)" }

    static let namespaces = GroupResource(group: "", resource: "namespaces")

    static func < (lhs: GroupResource, rhs: GroupResource) -> Bool {
        (lhs.group, lhs.resource) < (rhs.group, rhs.resource)
    }
}

/// Where an object lives within its resource: namespace ("" when cluster-scoped) and name.
struct ObjectKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    var namespace: String
    var name: String

    var description: String { namespace.isEmpty ? name : "\(namespace)/\(name)" }

    static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
    }
}

/// One change, as watchers see it.
struct StoreEvent: Sendable {
    enum Kind: String, Sendable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
        /// Progress only: the watcher has seen everything up to `resourceVersion`.
        case bookmark = "BOOKMARK"
    }

    var kind: Kind
    var resource: GroupResource
    var key: ObjectKey
    /// The object after the change (for a deletion: its last state, with the deletion's version).
    var object: JSONValue
    /// The object before the change, so a filtered watch can tell "left the selection".
    var previous: JSONValue?
    var resourceVersion: UInt64
    /// `object` as JSON, written once when the change is committed and shared by every watcher.
    var encodedObject: [UInt8]? = nil
}

/// What a mutation decided, computed atomically from the current object.
enum StoreMutation: Sendable {
    case create(JSONValue)
    case update(JSONValue)
    case delete
    /// Leave the object as it is (e.g. a no-op update).
    case unchanged
}

enum StoreError: Error, Equatable, Sendable {
    case notFound
    case alreadyExists
    /// A precondition on resourceVersion or uid did not hold.
    case conflict(String)
    /// A watch asked for history older than the store keeps: (asked, oldest kept).
    case expired(requested: UInt64, oldest: UInt64)
    /// The write-ahead log could not be written: the change was not applied.
    case persistence(String)
}
