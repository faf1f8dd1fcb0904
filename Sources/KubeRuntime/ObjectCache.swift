import KubeCore
import StrictJSON
import Synchronization

/// The read-only view controllers get of what an informer has seen: objects by namespace/name,
/// and by index (namespace and owner uid built in; more can be added before the informer runs).
public final class ObjectCache: Sendable {
    /// Index name → function from an object to its index values.
    public typealias Indexer = @Sendable (JSONValue) -> [String]

    public static let namespaceIndex = "namespace"
    public static let ownerIndex = "owner-uid"

    private struct State {
        var objects: [String: JSONValue] = [:]
        var indexes: [String: [String: Set<String>]] = [:]
    }

    private let state = Mutex(State())
    private let indexers: [String: Indexer]

    public init(indexers: [String: Indexer] = [:]) {
        var all = indexers
        all[Self.namespaceIndex] = { [$0["metadata"]?["namespace"]?.stringValue ?? ""] }
        all[Self.ownerIndex] = { $0["metadata"]?["ownerReferences"]?.arrayValue?.compactMap { $0["uid"]?.stringValue } ?? [] }
        self.indexers = all
    }

    /// `namespace/name`, or `name` for cluster-scoped objects: the work queue's key.
    public static func key(of object: JSONValue) -> String {
        let name = object["metadata"]?["name"]?.stringValue ?? ""
        let namespace = object["metadata"]?["namespace"]?.stringValue ?? ""
        return namespace.isEmpty ? name : "\(namespace)/\(name)"
    }

    public func get(_ key: String) -> JSONValue? { state.withLock { $0.objects[key] } }

    public func get(namespace: String?, name: String) -> JSONValue? {
        get(namespace.map { $0.isEmpty ? name : "\($0)/\(name)" } ?? name)
    }

    /// Every object (in `namespace` when given), ordered by key.
    public func list(namespace: String? = nil) -> [JSONValue] {
        if let namespace { return byIndex(Self.namespaceIndex, namespace) }
        return state.withLock { state in state.objects.keys.sorted().compactMap { state.objects[$0] } }
    }

    /// The objects whose `index` function returned `value`, ordered by key.
    public func byIndex(_ index: String, _ value: String) -> [JSONValue] {
        state.withLock { state in
            (state.indexes[index]?[value] ?? []).sorted().compactMap { state.objects[$0] }
        }
    }

    public var count: Int { state.withLock { $0.objects.count } }

    public var keys: [String] { state.withLock { Array($0.objects.keys) } }

    /// Stores `object`; returns the previous version.
    @discardableResult
    func upsert(_ object: JSONValue) -> JSONValue? {
        let key = Self.key(of: object)
        return state.withLock { state in
            let old = state.objects.updateValue(object, forKey: key)
            if let old { unindex(key, old, in: &state) }
            index(key, object, in: &state)
            return old
        }
    }

    /// Removes the object at `key`; returns it.
    @discardableResult
    func remove(_ key: String) -> JSONValue? {
        state.withLock { state in
            guard let old = state.objects.removeValue(forKey: key) else { return nil }
            unindex(key, old, in: &state)
            return old
        }
    }

    private func index(_ key: String, _ object: JSONValue, in state: inout State) {
        for (name, indexer) in indexers {
            for value in indexer(object) { state.indexes[name, default: [:]][value, default: []].insert(key) }
        }
    }

    private func unindex(_ key: String, _ object: JSONValue, in state: inout State) {
        for (name, indexer) in indexers {
            for value in indexer(object) {
                state.indexes[name]?[value]?.remove(key)
                if state.indexes[name]?[value]?.isEmpty == true { state.indexes[name]?[value] = nil }
            }
        }
    }
}
