import Foundation
import KubeCore
@testable import LocalCluster
import StrictJSON
import Testing

/// List snapshots and pages, bookmarks, and the deletion rules (pure and through the store).
@Suite struct PagingAndDeletionTests {
    let configmaps = GroupResource(group: "", resource: "configmaps")
    let configMapType = BuiltinResources.core[1]

    func object(_ name: String, namespace: String = "ns", labels: [String: JSONValue] = [:]) -> JSONValue {
        ["apiVersion": "v1", "kind": "ConfigMap",
         "metadata": ["name": .string(name), "namespace": .string(namespace), "uid": .string("uid-\(name)"),
                      "labels": .object(labels)]]
    }

    func names(_ items: [JSONValue]) -> [String] { items.compactMap { $0["metadata"]?["name"]?.stringValue } }

    @Test func theRealServersTokenDecodesAndOursEncodesTheSame() throws {
        // From fixture 22-list-limit-continue.json.
        let recorded = "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6Mjg4LCJzdGFydCI6ImcxXHUwMDAwIn0"
        let token = try ContinueToken(decoding: recorded)
        #expect(token == ContinueToken(resourceVersion: 288, after: "g1"))
        #expect(token.encoded == recorded)
        for bad in ["%%%", "e30", ContinueToken(resourceVersion: 1, start: "/etc").encoded] {
            #expect(throws: APIError.self) { try ContinueToken(decoding: bad) }
        }
    }

    @Test func pagesCoverEverythingOnceInKeyOrder() throws {
        let objects = ["d", "a", "c", "b", "e"].map { object($0) }
        var seen: [String] = []
        var start: String?
        var pages = 0
        repeat {
            let page = ListPage(objects: objects, version: 9, start: start, limit: 2, filter: try ObjectFilter(emptyRequest()),
                                acrossNamespaces: false)
            seen += names(page.items)
            pages += 1
            if let next = page.next {
                #expect(next.resourceVersion == 9)
                #expect(page.remainingItemCount == Int64(5 - seen.count))
            }
            start = page.next?.start
        } while start != nil
        #expect(seen == ["a", "b", "c", "d", "e"])
        #expect(pages == 3)
    }

    @Test func filteredPagesFillUpAndOmitTheRemainingCount() throws {
        let objects = (0..<10).map { object("o\($0)", labels: ["even": .string($0 % 2 == 0 ? "yes" : "no")]) }
        var request = emptyRequest()
        request.query["labelSelector"] = ["even=yes"]
        let filter = try ObjectFilter(request)
        let first = ListPage(objects: objects, version: 1, start: nil, limit: 3, filter: filter, acrossNamespaces: false)
        #expect(names(first.items) == ["o0", "o2", "o4"])
        #expect(first.remainingItemCount == nil)
        let second = ListPage(objects: objects, version: 1, start: first.next?.start, limit: 3, filter: filter, acrossNamespaces: false)
        #expect(names(second.items) == ["o6", "o8"])
        #expect(second.next == nil)
    }

    @Test func acrossNamespacesTheKeyIsNamespaceSlashNameInByteOrder() {
        let objects = [object("x", namespace: "a"), object("y", namespace: "a-b")]
        let page = ListPage(objects: objects, version: 1, start: nil, limit: 1, filter: try! ObjectFilter(emptyRequest()),
                            acrossNamespaces: true)
        // "a-b/y" sorts before "a/x" byte-wise ('-' < '/'), as etcd keys do.
        #expect(names(page.items) == ["y"])
        #expect(page.next?.start == "a-b/y\u{0}")
    }

    @Test func aSnapshotListUndoesLaterChanges() async throws {
        let store = try ObjectStore()
        for name in ["a", "b"] { try await store.mutate(configmaps, ObjectKey(namespace: "ns", name: name)) { _ in .create(object(name)) } }
        let version = await store.resourceVersion
        try await store.mutate(configmaps, ObjectKey(namespace: "ns", name: "c")) { _ in .create(object("c")) }
        try await store.mutate(configmaps, ObjectKey(namespace: "ns", name: "a")) { _ in .delete }
        try await store.mutate(configmaps, ObjectKey(namespace: "ns", name: "b")) { current in
            var changed = current ?? .null
            changed["data"] = ["k": "new"]
            return .update(changed)
        }
        let (items, at) = try await store.list(configmaps, namespace: "ns", at: version)
        #expect(at == version)
        #expect(names(items) == ["a", "b"])
        #expect(items[1]["data"] == nil)
        #expect(names(try await store.list(configmaps, namespace: "ns", at: nil).items) == ["b", "c"])
    }

    @Test func aSnapshotOlderThanTheHistoryIsExpired() async throws {
        let store = try ObjectStore(historyCapacity: 2)
        for name in ["a", "b", "c", "d"] { try await store.mutate(configmaps, ObjectKey(namespace: "ns", name: name)) { _ in .create(object(name)) } }
        await #expect(throws: StoreError.self) { try await store.list(configmaps, namespace: "ns", at: 1) }
    }

    @Test func bookmarksFollowDeliveredChangesAndMarkTheInitialEvents() async throws {
        let store = try ObjectStore()
        try await store.mutate(configmaps, ObjectKey(namespace: "ns", name: "a")) { _ in .create(object("a")) }
        let watch = try await store.watch(configmaps, namespace: nil, after: nil, initialEventsEnd: true)
        try await store.mutate(configmaps, ObjectKey(namespace: "ns", name: "b")) { _ in .create(object("b")) }
        await store.sendBookmark(to: watch.id)
        var iterator = watch.events.makeAsyncIterator()
        var seen: [(StoreEvent.Kind, UInt64)] = []
        for _ in 0..<4 { if let event = await iterator.next() { seen.append((event.kind, event.resourceVersion)) } }
        #expect(seen.map(\.0) == [.added, .bookmark, .added, .bookmark])
        #expect(seen.map(\.1) == [1, 1, 2, 2])
    }

    // MARK: deletion rules

    func deletion(_ current: JSONValue, _ options: DeleteOptions = DeleteOptions(), type: ResourceType? = nil) throws -> StoreMutation {
        try ObjectLifecycle.deletion(of: current, type: type ?? configMapType, options: options, now: Timestamp(rfc3339: "2026-11-23T10:00:00Z")!)
    }

    @Test func withoutFinalizersTheObjectGoesNow() throws {
        guard case .delete = try deletion(object("a")) else { Issue.record("expected an immediate delete"); return }
    }

    @Test func propagationPoliciesAddTheCollectorsFinalizers() throws {
        for (policy, finalizer) in [(PropagationPolicy.orphan, "orphan"), (.foreground, "foregroundDeletion")] {
            guard case .update(let marked) = try deletion(object("a"), DeleteOptions(propagationPolicy: policy)) else {
                Issue.record("expected a mark for \(policy)"); continue
            }
            #expect(marked["metadata"]?["finalizers"] == [.string(finalizer)])
            #expect(marked["metadata"]?["deletionTimestamp"] == "2026-11-23T10:00:00Z")
        }
        guard case .update(let legacy) = try deletion(object("a"), DeleteOptions(orphanDependents: true)) else {
            Issue.record("orphanDependents=true orphans"); return
        }
        #expect(legacy["metadata"]?["finalizers"] == ["orphan"])
    }

    @Test func preconditionsThatFailAreConflicts() {
        var current = object("a")
        current["metadata"]?["resourceVersion"] = "5"
        #expect(throws: APIError.self) { try deletion(current, DeleteOptions(preconditions: Preconditions(uid: "other"))) }
        #expect(throws: APIError.self) { try deletion(current, DeleteOptions(preconditions: Preconditions(resourceVersion: "4"))) }
        #expect((try? deletion(current, DeleteOptions(preconditions: Preconditions(uid: "uid-a", resourceVersion: "5")))) != nil)
    }

    @Test func aNamespaceWithItsFinalizerTurnsTerminating() throws {
        let namespace: JSONValue = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "n", "uid": "u"],
                                    "spec": ["finalizers": ["kubernetes"]], "status": ["phase": "Active"]]
        guard case .update(let marked) = try deletion(namespace, type: BuiltinResources.core[0]) else {
            Issue.record("a namespace is only marked"); return
        }
        #expect(marked["status"]?["phase"] == "Terminating")
        #expect(marked["metadata"]?["deletionTimestamp"] != nil)
    }

    func emptyRequest() -> APIRequest {
        APIRequest(method: "GET", path: "/api/v1/configmaps", query: [:], headers: [], body: [], user: nil)
    }
}

/// The garbage collector against a live store: owners, dependents, policies.
@Suite struct GarbageCollectorTests {
    let configmaps = GroupResource(group: "", resource: "configmaps")

    func object(_ name: String, owners: [String] = []) -> JSONValue {
        var metadata: [String: JSONValue] = ["name": .string(name), "namespace": "ns", "uid": .string("uid-\(name)")]
        if !owners.isEmpty {
            metadata["ownerReferences"] = .array(owners.map { ["apiVersion": "v1", "kind": "ConfigMap", "name": .string($0),
                                                                "uid": .string("uid-\($0)")] })
        }
        return ["apiVersion": "v1", "kind": "ConfigMap", "metadata": .object(metadata)]
    }

    func start() async throws -> (ObjectStore, Task<Void, Never>) {
        let store = try ObjectStore()
        try await store.mutate(.namespaces, ObjectKey(namespace: "", name: "ns")) { _ in
            .create(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "ns", "uid": "uid-ns"]])
        }
        let collector = GarbageCollector(store: store, registry: ResourceRegistry())
        return (store, Task { await collector.run() })
    }

    func create(_ store: ObjectStore, _ object: JSONValue) async throws {
        let name = object["metadata"]?["name"]?.stringValue ?? ""
        try await store.mutate(configmaps, ObjectKey(namespace: "ns", name: name)) { _ in .create(object) }
    }

    func exists(_ store: ObjectStore, _ name: String) async -> Bool {
        await store.get(configmaps, ObjectKey(namespace: "ns", name: name)) != nil
    }

    func delete(_ store: ObjectStore, _ name: String, _ policy: PropagationPolicy) async throws {
        try await store.mutate(configmaps, ObjectKey(namespace: "ns", name: name)) { current in
            try ObjectLifecycle.deletion(of: current!, type: BuiltinResources.core[1],
                                         options: DeleteOptions(propagationPolicy: policy), now: .now())
        }
    }

    @Test func backgroundDeletionTakesDependentsAfterTheOwner() async throws {
        let (store, task) = try await start()
        defer { task.cancel() }
        try await create(store, object("owner"))
        try await create(store, object("child", owners: ["owner"]))
        try await create(store, object("grandchild", owners: ["child"]))
        try await create(store, object("shared", owners: ["owner", "keeper"]))
        try await create(store, object("keeper"))
        try await delete(store, "owner", .background)
        #expect(try await KubectlTests.eventually { 
            let child = await exists(store, "child")
            let grandchild = await exists(store, "grandchild")
            return !child && !grandchild
        })
        #expect(try await KubectlTests.eventually {
            await store.get(configmaps, ObjectKey(namespace: "ns", name: "shared"))?["metadata"]?["ownerReferences"]?.arrayValue?.count == 1
        })
        #expect(await exists(store, "keeper"))
    }

    @Test func foregroundDeletionWaitsForTheDependents() async throws {
        let (store, task) = try await start()
        defer { task.cancel() }
        try await create(store, object("owner"))
        try await create(store, object("child", owners: ["owner"]))
        try await delete(store, "owner", .foreground)
        #expect(try await KubectlTests.eventually { await !exists(store, "owner") })
        #expect(await !exists(store, "child"))
    }

    @Test func orphanDeletionKeepsTheDependentsWithoutTheReference() async throws {
        let (store, task) = try await start()
        defer { task.cancel() }
        try await create(store, object("owner"))
        try await create(store, object("child", owners: ["owner"]))
        try await delete(store, "owner", .orphan)
        #expect(try await KubectlTests.eventually { await !exists(store, "owner") })
        let child = await store.get(configmaps, ObjectKey(namespace: "ns", name: "child"))
        #expect(child != nil && child?["metadata"]?["ownerReferences"] == nil)
    }

    @Test func aDependentOfAMissingOwnerIsCollected() async throws {
        let (store, task) = try await start()
        defer { task.cancel() }
        try await create(store, object("orphaned", owners: ["never-existed"]))
        #expect(try await KubectlTests.eventually { await !exists(store, "orphaned") })
    }
}
