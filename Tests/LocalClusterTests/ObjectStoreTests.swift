import Foundation
@testable import LocalCluster
import StrictJSON
import Testing

@Suite struct ObjectStoreTests {
    let configmaps = GroupResource(group: "", resource: "configmaps")

    func object(_ name: String, _ data: String = "v") -> JSONValue {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "namespace": "ns"], "data": ["k": .string(data)]]
    }

    func key(_ name: String) -> ObjectKey { ObjectKey(namespace: "ns", name: name) }

    func version(_ object: JSONValue?) -> String? { object?["metadata"]?["resourceVersion"]?.stringValue }

    @Test func everyChangeGetsTheNextVersion() async throws {
        let store = try ObjectStore()
        let a = try await store.mutate(configmaps, key("a")) { _ in .create(object("a")) }
        let b = try await store.mutate(configmaps, key("b")) { _ in .create(object("b")) }
        let a2 = try await store.mutate(configmaps, key("a")) { _ in .update(object("a", "w")) }
        #expect([version(a), version(b), version(a2)] == ["1", "2", "3"])
        #expect(await store.get(configmaps, key("a"))?["data"]?["k"] == "w")
        await #expect(throws: StoreError.alreadyExists) {
            try await store.mutate(configmaps, key("a")) { _ in .create(object("a")) }
        }
        await #expect(throws: StoreError.notFound) {
            try await store.mutate(configmaps, key("zz")) { _ in .delete }
        }
        let unchanged = try await store.mutate(configmaps, key("b")) { _ in .unchanged }
        #expect(version(unchanged) == "2")
        #expect(await store.resourceVersion == 3)
    }

    @Test func listsAreOrderedAndScopedByNamespace() async throws {
        let store = try ObjectStore()
        for name in ["c", "a", "b"] { try await store.mutate(configmaps, key(name)) { _ in .create(object(name)) } }
        var other = object("z")
        other = ["metadata": ["name": "z", "namespace": "other"]]
        try await store.mutate(configmaps, ObjectKey(namespace: "other", name: "z")) { _ in .create(other) }
        let (items, version) = await store.list(configmaps, namespace: "ns")
        #expect(items.compactMap { $0["metadata"]?["name"]?.stringValue } == ["a", "b", "c"])
        #expect(version == 4)
        #expect(await store.list(configmaps).items.count == 4)
    }

    @Test func aWatchFromNowStartsWithEveryObjectThenFollows() async throws {
        let store = try ObjectStore()
        try await store.mutate(configmaps, key("a")) { _ in .create(object("a")) }
        let watch = try await store.watch(configmaps, namespace: "ns", after: nil)
        try await store.mutate(configmaps, key("a")) { _ in .update(object("a", "2")) }
        try await store.mutate(configmaps, key("a")) { _ in .delete }
        var iterator = watch.events.makeAsyncIterator()
        var kinds: [StoreEvent.Kind] = []
        for _ in 0..<3 { if let event = await iterator.next() { kinds.append(event.kind) } }
        #expect(kinds == [.added, .modified, .deleted])
    }

    @Test func aWatchFromAVersionReplaysWhatCameAfter() async throws {
        let store = try ObjectStore()
        for name in ["a", "b", "c"] { try await store.mutate(configmaps, key(name)) { _ in .create(object(name)) } }
        let watch = try await store.watch(configmaps, namespace: nil, after: 1)
        var iterator = watch.events.makeAsyncIterator()
        let first = await iterator.next()
        let second = await iterator.next()
        #expect([first?.key.name, second?.key.name] == ["b", "c"])
        #expect([first?.resourceVersion, second?.resourceVersion] == [2, 3])
    }

    @Test func aWatchOlderThanTheHistoryIsExpired() async throws {
        let store = try ObjectStore(historyCapacity: 2)
        for name in ["a", "b", "c", "d"] { try await store.mutate(configmaps, key(name)) { _ in .create(object(name)) } }
        await #expect(throws: StoreError.expired(requested: 1, oldest: 3)) {
            _ = try await store.watch(configmaps, namespace: nil, after: 1)
        }
        _ = try await store.watch(configmaps, namespace: nil, after: 2)
    }

    @Test func aWatcherThatFallsBehindIsEndedNotFedPartially() async throws {
        let store = try ObjectStore(watchBufferCapacity: 3)
        let watch = try await store.watch(configmaps, namespace: nil, after: nil)
        for index in 0..<10 { try await store.mutate(configmaps, key("o\(index)")) { _ in .create(object("o\(index)")) } }
        var received = 0
        for await _ in watch.events { received += 1 }
        #expect(received == 3)
        #expect(await store.watchCount == 0)
    }

    @Test func stateAndVersionsSurviveAReopen() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("objects.log")
        do {
            let store = try ObjectStore(logURL: log)
            try await store.mutate(configmaps, key("a")) { _ in .create(object("a")) }
            try await store.mutate(configmaps, key("b")) { _ in .create(object("b")) }
            try await store.mutate(configmaps, key("a")) { _ in .update(object("a", "2")) }
            try await store.mutate(configmaps, key("b")) { _ in .delete }
        }
        let reopened = try ObjectStore(logURL: log)
        #expect(await reopened.resourceVersion == 4)
        #expect(await reopened.get(configmaps, key("a"))?["data"]?["k"] == "2")
        #expect(version(await reopened.get(configmaps, key("a"))) == "3")
        #expect(await reopened.get(configmaps, key("b")) == nil)
        let next = try await reopened.mutate(configmaps, key("c")) { _ in .create(object("c")) }
        #expect(version(next) == "5", "versions never go back after a restart, even after a deletion")
    }

    @Test func aTornLastLineIsDroppedAndOtherDamageIsAnError() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("objects.log")
        do {
            let store = try ObjectStore(logURL: log)
            try await store.mutate(configmaps, key("a")) { _ in .create(object("a")) }
        }
        let handle = try FileHandle(forWritingTo: log)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"rv":2,"group":"","reso"#.utf8))
        try handle.close()
        let recovered = try ObjectStore(logURL: log)
        #expect(await recovered.resourceVersion == 1)

        try Data("not json\n{}\n".utf8).write(to: log)
        #expect(throws: StoreError.self) { _ = try ObjectStore(logURL: log) }
    }
}
