import KubeCore
import StrictJSON

/// Owner-reference garbage collection and namespace deletion, as kube-controller-manager's
/// garbage collector and namespace controller do them:
///
/// - a dependent whose owners are all gone is deleted (background propagation); one that still
///   has a live owner only loses the dangling reference;
/// - an owner deleted with `propagationPolicy=Foreground` (finalizer `foregroundDeletion`) has
///   its dependents deleted first and goes once none is left;
/// - an owner deleted with `Orphan` (finalizer `orphan`) has its references removed from its
///   dependents, which stay;
/// - a terminating namespace has every object in it deleted; once it is empty its `kubernetes`
///   finalizer is removed and it goes.
///
/// It follows every change of the store in order (one `watchAll` stream), keeping an index from
/// uid to object and from owner to dependents, so each decision is made on a consistent view.
actor GarbageCollector {
    private struct Ref: Hashable {
        var resource: GroupResource
        var key: ObjectKey
    }

    let store: ObjectStore
    let registry: ResourceRegistry
    private let now: @Sendable () -> Timestamp
    private var byUID: [String: Ref] = [:]
    private var ownersOf: [Ref: [String]] = [:]
    private var dependentsOf: [String: Set<Ref>] = [:]
    private var population: [String: Int] = [:]
    private var synced = false

    init(store: ObjectStore, registry: ResourceRegistry, now: @escaping @Sendable () -> Timestamp = { .now() }) {
        self.store = store
        self.registry = registry
        self.now = now
    }

    /// Runs until cancelled.
    func run() async {
        for await event in await store.watchAll() {
            if event.kind == .bookmark {
                if !synced {
                    synced = true
                    await collectDangling()
                }
                continue
            }
            let ref = Ref(resource: event.resource, key: event.key)
            let uid = event.object["metadata"]?["uid"]?.stringValue ?? ""
            if event.kind == .deleted {
                forget(ref, uid: uid)
                guard synced else { continue }
                await ownerGone(uid)
                for owner in owners(of: event.object) { await finishForeground(owner) }
                if !event.key.namespace.isEmpty { await finishNamespace(event.key.namespace) }
                if event.resource == .namespaces { await deleteContents(of: event.key.name) }
                continue
            }
            remember(ref, uid: uid, object: event.object)
            guard synced else { continue }
            await react(to: event.object, ref: ref, uid: uid)
        }
    }

    // MARK: the index

    private func owners(of object: JSONValue) -> [String] {
        object["metadata"]?["ownerReferences"]?.arrayValue?.compactMap { $0["uid"]?.stringValue } ?? []
    }

    private func remember(_ ref: Ref, uid: String, object: JSONValue) {
        if byUID[uid] == nil, !ref.key.namespace.isEmpty { population[ref.key.namespace, default: 0] += 1 }
        byUID[uid] = ref
        let owners = owners(of: object)
        for old in ownersOf[ref] ?? [] where !owners.contains(old) { dependentsOf[old]?.remove(ref) }
        for owner in owners { dependentsOf[owner, default: []].insert(ref) }
        ownersOf[ref] = owners.isEmpty ? nil : owners
    }

    private func forget(_ ref: Ref, uid: String) {
        if byUID.removeValue(forKey: uid) != nil, !ref.key.namespace.isEmpty {
            population[ref.key.namespace, default: 1] -= 1
        }
        for owner in ownersOf.removeValue(forKey: ref) ?? [] { dependentsOf[owner]?.remove(ref) }
    }

    // MARK: decisions

    private func react(to object: JSONValue, ref: Ref, uid: String) async {
        if owners(of: object).contains(where: { byUID[$0] == nil }) { await collect(ref) }
        guard ObjectLifecycle.isBeingDeleted(object) else { return }
        let finalizers = ObjectLifecycle.finalizers(of: object)
        if finalizers.contains("orphan") { await orphanDependents(of: uid, owner: ref) }
        if finalizers.contains("foregroundDeletion") {
            for dependent in dependentsOf[uid] ?? [] { await delete(dependent, policy: .foreground) }
            await finishForeground(uid)
        }
        if ref.resource == .namespaces { await deleteContents(of: ref.key.name) }
    }

    /// After the initial state is known: dependents whose owners never existed or went while
    /// the server was down.
    private func collectDangling() async {
        for (ref, owners) in ownersOf where owners.contains(where: { byUID[$0] == nil }) { await collect(ref) }
        for namespace in population.keys
        where await store.get(.namespaces, ObjectKey(namespace: "", name: namespace)) == nil {
            await deleteContents(of: namespace)
        }
        for (uid, ref) in byUID {
            guard let object = await store.get(ref.resource, ref.key) else { continue }
            await react(to: object, ref: ref, uid: uid)
        }
    }

    private func ownerGone(_ uid: String) async {
        for dependent in dependentsOf.removeValue(forKey: uid) ?? [] { await collect(dependent) }
    }

    /// A dependent with no live owner is deleted; otherwise its dangling references are dropped.
    private func collect(_ ref: Ref) async {
        let live = (ownersOf[ref] ?? []).filter { byUID[$0] != nil }
        if live.isEmpty {
            await delete(ref, policy: .background)
            return
        }
        await update(ref) { object in
            Self.withOwnerReferences(object) { $0.filter { live.contains($0["uid"]?.stringValue ?? "") } }
        }
    }

    private func orphanDependents(of uid: String, owner: Ref) async {
        for dependent in dependentsOf[uid] ?? [] {
            await update(dependent) { object in
                Self.withOwnerReferences(object) { $0.filter { $0["uid"]?.stringValue != uid } }
            }
        }
        await removeFinalizer("orphan", from: owner)
    }

    private func finishForeground(_ uid: String) async {
        guard let owner = byUID[uid], (dependentsOf[uid] ?? []).isEmpty,
              let object = await store.get(owner.resource, owner.key), ObjectLifecycle.isBeingDeleted(object),
              ObjectLifecycle.finalizers(of: object).contains("foregroundDeletion") else { return }
        await removeFinalizer("foregroundDeletion", from: owner)
    }

    private func deleteContents(of namespace: String) async {
        for resource in await store.resources where resource != .namespaces {
            for object in await store.list(resource, namespace: namespace).items {
                let key = ObjectKey(namespace: namespace, name: object["metadata"]?["name"]?.stringValue ?? "")
                await delete(Ref(resource: resource, key: key), policy: .background)
            }
        }
        await finishNamespace(namespace)
    }

    /// An empty terminating namespace loses its `kubernetes` finalizer, and goes when nothing
    /// else holds it.
    private func finishNamespace(_ namespace: String) async {
        guard population[namespace, default: 0] <= 0 else { return }
        _ = try? await store.mutate(.namespaces, ObjectKey(namespace: "", name: namespace)) { current in
            guard let current, ObjectLifecycle.isBeingDeleted(current), case .object(var fields) = current else { return .unchanged }
            var spec = fields["spec"]?.objectValue ?? [:]
            let remaining = (spec["finalizers"]?.arrayValue ?? []).filter { $0 != "kubernetes" }
            spec["finalizers"] = remaining.isEmpty ? nil : .array(remaining)
            fields["spec"] = spec.isEmpty ? nil : .object(spec)
            if remaining.isEmpty && ObjectLifecycle.finalizers(of: current).isEmpty { return .delete }
            return .object(fields) == current ? .unchanged : .update(.object(fields))
        }
    }

    // MARK: writes

    private func delete(_ ref: Ref, policy: PropagationPolicy) async {
        guard let type = registry.type(of: ref.resource) else {
            _ = try? await store.mutate(ref.resource, ref.key) { $0 == nil ? .unchanged : .delete }
            return
        }
        let timestamp = now()
        _ = try? await store.mutate(ref.resource, ref.key) { current in
            guard let current, !ObjectLifecycle.isBeingDeleted(current) else { return .unchanged }
            return try ObjectLifecycle.deletion(of: current, type: type, options: DeleteOptions(propagationPolicy: policy),
                                                now: timestamp)
        }
    }

    private func update(_ ref: Ref, _ change: @Sendable @escaping (JSONValue) -> JSONValue) async {
        _ = try? await store.mutate(ref.resource, ref.key) { current in
            guard let current else { return .unchanged }
            let updated = change(current)
            return updated == current ? .unchanged : .update(updated)
        }
    }

    private func removeFinalizer(_ finalizer: String, from ref: Ref) async {
        _ = try? await store.mutate(ref.resource, ref.key) { current in
            guard let current, case .object(var fields) = current else { return .unchanged }
            let remaining = ObjectLifecycle.finalizers(of: current).filter { $0 != finalizer }
            var metadata = fields["metadata"]?.objectValue ?? [:]
            metadata["finalizers"] = remaining.isEmpty ? nil : .array(remaining.map(JSONValue.string))
            fields["metadata"] = .object(metadata)
            let namespaceHeld = ref.resource == .namespaces && !(fields["spec"]?["finalizers"]?.arrayValue ?? []).isEmpty
            if remaining.isEmpty && ObjectLifecycle.isBeingDeleted(current) && !namespaceHeld { return .delete }
            return .object(fields) == current ? .unchanged : .update(.object(fields))
        }
    }

    private static func withOwnerReferences(_ object: JSONValue, _ change: ([JSONValue]) -> [JSONValue]) -> JSONValue {
        guard case .object(var fields) = object, var metadata = fields["metadata"]?.objectValue else { return object }
        let references = change(metadata["ownerReferences"]?.arrayValue ?? [])
        metadata["ownerReferences"] = references.isEmpty ? nil : .array(references)
        fields["metadata"] = .object(metadata)
        return .object(fields)
    }
}
