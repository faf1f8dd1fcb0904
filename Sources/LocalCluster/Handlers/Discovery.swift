import StrictJSON

/// The discovery documents (`/api`, `/apis`, `/api/v1`, `/apis/{group}/{version}`, `/version`),
/// built from the registry so a CRD shows up as soon as it is established.
struct Discovery: Sendable {
    let registry: ResourceRegistry
    /// The address clients are told to use (`serverAddressByClientCIDRs`).
    var serverAddress: String

    static let version: JSONValue = [
        "major": "1", "minor": "32", "gitVersion": "v1.32.0-eventmesh-local", "gitCommit": "",
        "gitTreeState": "clean", "buildDate": "2026-11-23T00:00:00Z", "goVersion": "swift6.3",
        "compiler": "swift", "platform": "linux/amd64",
    ]

    /// `/api`: the core group's versions.
    var coreVersions: JSONValue {
        ["kind": "APIVersions", "versions": ["v1"],
         "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(serverAddress)]]]
    }

    /// `/apis`: every named group with its versions, the preferred one first.
    var groups: JSONValue {
        var names: [String] = []
        for type in registry.all where !type.group.isEmpty && !names.contains(type.group) { names.append(type.group) }
        return ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(names.sorted().compactMap(group))]
    }

    /// `/apis/{group}`, or nil when the group is not served.
    func group(_ name: String) -> JSONValue? {
        let versions = registry.versions(of: name)
        guard let preferred = versions.first else { return nil }
        func entry(_ version: String) -> JSONValue { ["groupVersion": .string("\(name)/\(version)"), "version": .string(version)] }
        return ["kind": "APIGroup", "apiVersion": "v1", "name": .string(name),
                "versions": .array(versions.map(entry)), "preferredVersion": entry(preferred)]
    }

    /// `/api/v1` or `/apis/{group}/{version}`, or nil when that group/version is not served.
    func resources(group: String, version: String) -> JSONValue? {
        let types = registry.all.filter { $0.group == group && $0.version == version }
        guard !types.isEmpty else { return nil }
        var resources: [JSONValue] = []
        for type in types {
            var entry: [String: JSONValue] = [
                "name": .string(type.resource), "singularName": .string(type.singular),
                "namespaced": .bool(type.namespaced), "kind": .string(type.kind),
                "verbs": .array(type.verbs.map { .string($0) }),
            ]
            if !type.shortNames.isEmpty { entry["shortNames"] = .array(type.shortNames.map { .string($0) }) }
            if !type.categories.isEmpty { entry["categories"] = .array(type.categories.map { .string($0) }) }
            resources.append(.object(entry))
            for subresource in type.subresources.sorted() {
                let verbs: [JSONValue] = subresource == "log" ? ["get"] : ["get", "patch", "update"]
                resources.append(["name": .string("\(type.resource)/\(subresource)"), "singularName": "",
                                  "namespaced": .bool(type.namespaced), "kind": .string(subresource == "scale" ? "Scale" : type.kind),
                                  "verbs": .array(verbs)])
            }
        }
        return ["kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(group.isEmpty ? version : "\(group)/\(version)"),
                "resources": .array(resources)]
    }
}
