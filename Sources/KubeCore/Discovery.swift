/// Which address a client in a CIDR should use for the API server.
public struct ServerAddressByClientCIDR: Codable, Sendable, Hashable {
    /// e.g. `0.0.0.0/0`.
    public var clientCIDR: String
    /// `host:port`.
    public var serverAddress: String

    public init(clientCIDR: String, serverAddress: String) {
        self.clientCIDR = clientCIDR
        self.serverAddress = serverAddress
    }
}

/// The answer to `GET /api`: the versions of the core group.
public struct APIVersions: Codable, Sendable, Hashable {
    /// Where it is served.
    public static let path = "/api"

    public var kind: String
    /// Absent in the API server's answer (it writes only `kind`).
    public var apiVersion: String?
    public var versions: [String]
    public var serverAddressByClientCIDRs: [ServerAddressByClientCIDR]

    public init(versions: [String], serverAddressByClientCIDRs: [ServerAddressByClientCIDR] = [],
                kind: String = "APIVersions", apiVersion: String? = nil) {
        self.kind = kind
        self.apiVersion = apiVersion
        self.versions = versions
        self.serverAddressByClientCIDRs = serverAddressByClientCIDRs
    }
}

/// The answer to `GET /apis`: every group but the core one.
public struct APIGroupList: Codable, Sendable, Hashable {
    /// Where it is served.
    public static let path = "/apis"

    public var kind: String
    public var apiVersion: String?
    public var groups: [APIGroup]

    public init(groups: [APIGroup], kind: String = "APIGroupList", apiVersion: String? = "v1") {
        self.kind = kind
        self.apiVersion = apiVersion
        self.groups = groups
    }
}

/// One API group and the versions it serves (also the answer to `GET /apis/{group}`).
public struct APIGroup: Codable, Sendable, Hashable {
    /// Present only when the group is served on its own (`GET /apis/{group}`).
    public var kind: String?
    public var apiVersion: String?
    public var name: String
    public var versions: [GroupVersionForDiscovery]
    public var preferredVersion: GroupVersionForDiscovery?
    public var serverAddressByClientCIDRs: [ServerAddressByClientCIDR]?

    public init(name: String, versions: [GroupVersionForDiscovery], preferredVersion: GroupVersionForDiscovery? = nil,
                serverAddressByClientCIDRs: [ServerAddressByClientCIDR]? = nil, kind: String? = nil,
                apiVersion: String? = nil) {
        self.kind = kind
        self.apiVersion = apiVersion
        self.name = name
        self.versions = versions
        self.preferredVersion = preferredVersion
        self.serverAddressByClientCIDRs = serverAddressByClientCIDRs
    }

    /// The group's path, `/apis/{group}`.
    public var path: String { "/apis/" + name }
}

/// One version of a group, as discovery lists it.
public struct GroupVersionForDiscovery: Codable, Sendable, Hashable {
    /// `group/version`.
    public var groupVersion: String
    public var version: String

    public init(groupVersion: String, version: String) {
        self.groupVersion = groupVersion
        self.version = version
    }

    /// The entry of a group version.
    public init(_ groupVersion: GroupVersion) {
        self.init(groupVersion: groupVersion.apiVersion, version: groupVersion.version)
    }
}

/// The answer to `GET /api/v1` or `GET /apis/{group}/{version}`: the resources served there.
public struct APIResourceList: Codable, Sendable, Hashable {
    public var kind: String
    /// `v1` for a named group; absent for `/api/v1` (as the API server writes them).
    public var apiVersion: String?
    /// `group/version`, or `v1`.
    public var groupVersion: String
    public var resources: [APIResource]

    public init(groupVersion: GroupVersion, resources: [APIResource], kind: String = "APIResourceList") {
        self.kind = kind
        self.apiVersion = groupVersion.isCore ? nil : "v1"
        self.groupVersion = groupVersion.apiVersion
        self.resources = resources
    }

    /// The resource named `name` (a plural, or `plural/subresource`).
    public func resource(named name: String) -> APIResource? {
        resources.first { $0.name == name }
    }
}

/// One resource (or `resource/subresource`) of a group version, as discovery describes it.
public struct APIResource: Codable, Sendable, Hashable {
    /// The plural (`deployments`), or `plural/subresource` (`deployments/status`).
    public var name: String
    /// Often empty: clients then use the lower-cased kind.
    public var singularName: String
    public var namespaced: Bool
    /// Set only when it differs from the list's group (e.g. `deployments/scale` is `autoscaling`).
    public var group: String?
    public var version: String?
    public var kind: String
    /// `get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`.
    public var verbs: [String]
    /// Omitted from the JSON when empty.
    public var shortNames: [String]
    /// Omitted from the JSON when empty.
    public var categories: [String]
    public var storageVersionHash: String?

    public init(name: String, singularName: String = "", namespaced: Bool, group: String? = nil,
                version: String? = nil, kind: String, verbs: [String], shortNames: [String] = [],
                categories: [String] = [], storageVersionHash: String? = nil) {
        self.name = name
        self.singularName = singularName
        self.namespaced = namespaced
        self.group = group
        self.version = version
        self.kind = kind
        self.verbs = verbs
        self.shortNames = shortNames
        self.categories = categories
        self.storageVersionHash = storageVersionHash
    }

    /// The resource's discovery entry for a typed kind, with every verb.
    public init<Resource: KubernetesResource>(of _: Resource.Type, storageVersionHash: String? = nil) {
        self.init(name: Resource.plural, singularName: Resource.singular, namespaced: Resource.namespaced,
                  kind: Resource.kind, verbs: Self.allVerbs, shortNames: Resource.shortNames,
                  categories: Resource.categories, storageVersionHash: storageVersionHash)
    }

    /// Every verb of a full resource, in the order the API server lists them for a custom resource.
    public static let allVerbs = ["delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"]

    /// Whether this entry is a subresource (`deployments/status`).
    public var isSubresource: Bool { name.contains("/") }

    private enum CodingKeys: String, CodingKey {
        case name, singularName, namespaced, group, version, kind, verbs, shortNames, categories, storageVersionHash
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        singularName = try container.decodeIfPresent(String.self, forKey: .singularName) ?? ""
        namespaced = try container.decode(Bool.self, forKey: .namespaced)
        group = try container.decodeIfPresent(String.self, forKey: .group)
        version = try container.decodeIfPresent(String.self, forKey: .version)
        kind = try container.decode(String.self, forKey: .kind)
        verbs = try container.decodeIfPresent([String].self, forKey: .verbs) ?? []
        shortNames = try container.decodeIfPresent([String].self, forKey: .shortNames) ?? []
        categories = try container.decodeIfPresent([String].self, forKey: .categories) ?? []
        storageVersionHash = try container.decodeIfPresent(String.self, forKey: .storageVersionHash)
    }

    /// Writes the members as the API server does: `singularName` and `verbs` always, empty
    /// `shortNames`/`categories` and absent optionals never.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(singularName, forKey: .singularName)
        try container.encode(namespaced, forKey: .namespaced)
        try container.encodeIfPresent(group, forKey: .group)
        try container.encodeIfPresent(version, forKey: .version)
        try container.encode(kind, forKey: .kind)
        try container.encode(verbs, forKey: .verbs)
        if !shortNames.isEmpty { try container.encode(shortNames, forKey: .shortNames) }
        if !categories.isEmpty { try container.encode(categories, forKey: .categories) }
        try container.encodeIfPresent(storageVersionHash, forKey: .storageVersionHash)
    }
}
