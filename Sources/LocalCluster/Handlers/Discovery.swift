import KubeCore
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
    var coreVersions: APIVersions {
        APIVersions(versions: ["v1"],
                    serverAddressByClientCIDRs: [ServerAddressByClientCIDR(clientCIDR: "0.0.0.0/0", serverAddress: serverAddress)])
    }

    /// `/apis`: every named group with its versions, the preferred one first.
    var groups: APIGroupList {
        var names: [String] = []
        for type in registry.all where !type.group.isEmpty && !names.contains(type.group) { names.append(type.group) }
        return APIGroupList(groups: names.sorted().compactMap { entry(forGroup: $0) })
    }

    /// `/apis/{group}`, or nil when the group is not served.
    func group(_ name: String) -> APIGroup? {
        guard var group = entry(forGroup: name) else { return nil }
        group.kind = "APIGroup"
        group.apiVersion = "v1"
        return group
    }

    private func entry(forGroup name: String) -> APIGroup? {
        let versions = registry.versions(of: name).map { GroupVersionForDiscovery(GroupVersion(group: name, version: $0)) }
        guard let preferred = versions.first else { return nil }
        return APIGroup(name: name, versions: versions, preferredVersion: preferred)
    }

    /// `/api/v1` or `/apis/{group}/{version}`, or nil when that group/version is not served.
    func resources(group: String, version: String) -> APIResourceList? {
        let types = registry.all.filter { $0.group == group && $0.version == version }
        guard !types.isEmpty else { return nil }
        var resources: [APIResource] = []
        for type in types {
            resources.append(APIResource(name: type.resource, singularName: type.singular, namespaced: type.namespaced,
                                         kind: type.kind, verbs: type.verbs, shortNames: type.shortNames,
                                         categories: type.categories))
            for subresource in type.subresources.sorted() {
                var entry = APIResource(name: "\(type.resource)/\(subresource)", namespaced: type.namespaced,
                                        kind: subresource == "scale" ? "Scale" : type.kind,
                                        verbs: subresource == "log" ? ["get"] : ["get", "patch", "update"])
                if subresource == "token" {
                    entry.kind = "TokenRequest"
                    entry.group = "authentication.k8s.io"
                    entry.version = "v1"
                    entry.verbs = ["create"]
                }
                resources.append(entry)
            }
        }
        return APIResourceList(groupVersion: GroupVersion(group: group, version: version), resources: resources)
    }
}
