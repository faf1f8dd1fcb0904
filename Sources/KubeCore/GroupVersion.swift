/// Why a string is not an `apiVersion`.
public struct GroupVersionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text that was given.
    public var apiVersion: String

    public init(apiVersion: String) {
        self.apiVersion = apiVersion
    }

    public var description: String {
        "unexpected GroupVersion string: \"\(apiVersion)\" (expected \"version\" or \"group/version\")"
    }
}

/// An API group and version (`apps/v1`; the core group is empty: `v1`).
public struct GroupVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Empty for the core ("legacy") group served under `/api`.
    public var group: String
    public var version: String

    public init(group: String, version: String) {
        self.group = group
        self.version = version
    }

    /// Parses an `apiVersion`: `v1` (core group) or `group/version`; neither part may be empty.
    public init(apiVersion: String) throws(GroupVersionError) {
        let parts = apiVersion.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else {
            throw GroupVersionError(apiVersion: apiVersion)
        }
        self.init(group: parts.count == 2 ? String(parts[0]) : "", version: String(parts[parts.count - 1]))
    }

    /// The core group's only version, `v1`.
    public static let coreV1 = GroupVersion(group: "", version: "v1")

    /// `group/version`, or just `version` for the core group: the `apiVersion` of objects.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// Whether this is the core group (served under `/api` rather than `/apis`).
    public var isCore: Bool { group.isEmpty }

    /// `/api/v1` or `/apis/{group}/{version}`: the root of every path in this version, and where
    /// its `APIResourceList` is served.
    public var path: String { isCore ? "/api/\(version)" : "/apis/\(group)/\(version)" }

    public var description: String { apiVersion }

    public static func < (lhs: GroupVersion, rhs: GroupVersion) -> Bool {
        (lhs.group, lhs.version) < (rhs.group, rhs.version)
    }
}

/// A kind in a group version: what an object's `apiVersion` and `kind` say it is.
public struct GroupVersionKind: Sendable, Hashable, CustomStringConvertible {
    public var group: String
    public var version: String
    public var kind: String

    public init(group: String, version: String, kind: String) {
        self.group = group
        self.version = version
        self.kind = kind
    }

    public init(_ groupVersion: GroupVersion, kind: String) {
        self.init(group: groupVersion.group, version: groupVersion.version, kind: kind)
    }

    /// From an object's `apiVersion` and `kind` fields.
    public init(apiVersion: String, kind: String) throws(GroupVersionError) {
        self.init(try GroupVersion(apiVersion: apiVersion), kind: kind)
    }

    /// The kind of a typed resource.
    public init<Resource: KubernetesResource>(of _: Resource.Type) {
        self.init(group: Resource.group, version: Resource.version, kind: Resource.kind)
    }

    public var groupVersion: GroupVersion { GroupVersion(group: group, version: version) }

    /// `group/version` or `version`.
    public var apiVersion: String { groupVersion.apiVersion }

    /// `apps/v1, Kind=Deployment`, as apimachinery prints it.
    public var description: String { "\(apiVersion), Kind=\(kind)" }
}

/// A resource (the lower-case plural of URLs) in a group version: what a request path names.
public struct GroupVersionResource: Sendable, Hashable, CustomStringConvertible {
    public var group: String
    public var version: String
    /// The lower-case plural, e.g. `eventroutes`, `configmaps`.
    public var resource: String

    public init(group: String, version: String, resource: String) {
        self.group = group
        self.version = version
        self.resource = resource
    }

    public init(_ groupVersion: GroupVersion, resource: String) {
        self.init(group: groupVersion.group, version: groupVersion.version, resource: resource)
    }

    /// The resource of a typed kind.
    public init<Resource: KubernetesResource>(of _: Resource.Type) {
        self.init(group: Resource.group, version: Resource.version, resource: Resource.plural)
    }

    public var groupVersion: GroupVersion { GroupVersion(group: group, version: version) }

    /// `resource.group` (just `resource` for the core group), e.g. `eventroutes.eventmesh.coldchain.io`.
    public var groupResource: String { group.isEmpty ? resource : "\(resource).\(group)" }

    /// `apps/v1, Resource=deployments`, as apimachinery prints it.
    public var description: String { "\(groupVersion.apiVersion), Resource=\(resource)" }
}
