import Synchronization

/// Every resource type the server serves right now: the built-ins, plus the versions of each
/// established CustomResourceDefinition. Read on every request, changed when CRDs change.
final class ResourceRegistry: Sendable {
    private struct Key: Hashable {
        var group: String
        var version: String
        var resource: String
    }

    private let types = Mutex<[Key: ResourceType]>([:])

    init(builtins: [ResourceType] = BuiltinResources.all) {
        types.withLock { table in
            for type in builtins { table[Key(group: type.group, version: type.version, resource: type.resource)] = type }
        }
    }

    func lookup(group: String, version: String, resource: String) -> ResourceType? {
        types.withLock { $0[Key(group: group, version: version, resource: resource)] }
    }

    /// A served type of `resource` (its preferred version), whatever the version.
    func type(of resource: GroupResource) -> ResourceType? {
        let candidates = types.withLock { $0.values.filter { $0.groupResource == resource } }
        return candidates.sorted { Self.kubeVersionOrder($0.version, $1.version) }.first
    }

    /// Every type, sorted by group, version and resource (the order discovery lists them in).
    var all: [ResourceType] {
        types.withLock { Array($0.values) }.sorted { ($0.group, $0.version, $0.resource) < ($1.group, $1.version, $1.resource) }
    }

    /// The served versions of `group`, in Kubernetes priority order (the preferred one first).
    func versions(of group: String) -> [String] {
        var versions: [String] = []
        for type in all where type.group == group && !versions.contains(type.version) { versions.append(type.version) }
        return versions.sorted(by: Self.kubeVersionOrder)
    }

    /// The types a CRD defines replace whatever it defined before.
    func replace(definedBy crd: String, with newTypes: [ResourceType]) {
        types.withLock { table in
            table = table.filter { $0.value.definedBy != crd }
            for type in newTypes { table[Key(group: type.group, version: type.version, resource: type.resource)] = type }
        }
    }

    /// Kubernetes version priority: GA before beta before alpha, higher numbers first (v2 > v1 > v1beta2).
    static func kubeVersionOrder(_ a: String, _ b: String) -> Bool {
        func rank(_ version: String) -> (Int, Int, Int, String) {
            let pattern = version.dropFirst()  // "v"
            let major = Int(pattern.prefix { $0.isNumber }) ?? 0
            let rest = pattern.drop { $0.isNumber }
            if rest.isEmpty { return (3, major, 0, version) }
            let stage = rest.hasPrefix("beta") ? 2 : rest.hasPrefix("alpha") ? 1 : 0
            let minor = Int(rest.drop { !$0.isNumber }) ?? 0
            return (stage, major, minor, version)
        }
        let (ra, rb) = (rank(a), rank(b))
        if ra.0 != rb.0 { return ra.0 > rb.0 }
        if ra.1 != rb.1 { return ra.1 > rb.1 }
        if ra.2 != rb.2 { return ra.2 > rb.2 }
        return ra.3 < rb.3
    }
}
