import Foundation
import HTTP
import KubeClient
import KubeCore
@testable import KubeRuntime
@testable import LocalCluster
import StrictJSON
import Synchronization
import Testing

/// An eventmesh-local that can be stopped and started again on the same port and state.
final class RestartableAPI: Sendable {
    let directory: String
    let port: Int
    let client: KubeClient
    private let running = Mutex<Task<Void, any Error>?>(nil)

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("informer-\(UUID().uuidString)").path
        let plane = try await LocalControlPlane(configuration: .init(stateDirectory: directory, port: 0))
        let (task, port) = try await Self.start(plane)
        running.withLock { $0 = task }
        self.port = port
        let tls = TLSConfiguration(trustRoots: .pem(Array(try plane.material.certificateAuthority.certificate.pemEncoded().utf8)),
                                   clientCertificate: .pem(Array(try plane.material.admin.certificate.pemEncoded().utf8)),
                                   clientKey: .pem(Array(try plane.material.admin.key.pemEncoded().utf8)))
        client = KubeClient(server: "https://127.0.0.1:\(port)", http: HTTPClientConfiguration(tls: tls))
    }

    static func start(_ plane: LocalControlPlane) async throws -> (Task<Void, any Error>, Int) {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task { try await plane.run(onReady: { continuation.yield($0) }) }
        var iterator = ports.makeAsyncIterator()
        return (task, try #require(await iterator.next()))
    }

    /// Stops the server, lets `whileDown` change its store directly, and starts it again.
    func restart(historyCapacity: Int = 10_000, whileDown: (ObjectStore) async throws -> Void) async throws {
        let old = running.withLock { $0 }
        old?.cancel()
        _ = await old?.result
        var configuration = LocalControlPlane.Configuration(stateDirectory: directory, port: port)
        configuration.historyCapacity = historyCapacity
        let plane = try await LocalControlPlane(configuration: configuration)
        try await whileDown(plane.store)
        let (task, _) = try await Self.start(plane)
        running.withLock { $0 = task }
    }

    func stop() {
        running.withLock { $0?.cancel() }
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// Collects informer events for assertions.
final class EventLog: Sendable {
    private let events = Mutex<[String]>([])
    func record(_ event: InformerEvent) {
        let name = event.object["metadata"]?["name"]?.stringValue ?? "?"
        let kind = switch event {
        case .added: "added"
        case .updated(let old, let new): old == new ? "resync" : "updated"
        case .deleted: "deleted"
        }
        events.withLock { $0.append("\(kind) \(name)") }
    }
    var all: [String] { events.withLock { $0 } }
}

@Suite(.serialized) struct InformerTests {
    let configMaps = GroupVersionResource(group: "", version: "v1", resource: "configmaps")

    func configMap(_ name: String, _ value: String = "1") -> JSONValue {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "labels": ["app": "mesh"]], "data": ["k": .string(value)]]
    }

    static func eventually(_ condition: () async -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return await condition()
    }

    @Test func listsThenWatchesAndKeepsTheCache() async throws {
        let api = try await RestartableAPI()
        defer { api.stop() }
        let collection = try ResourcePath(configMaps, namespace: "default")
        _ = try await api.client.create(configMap("a"), in: collection)
        _ = try await api.client.create(configMap("b"), in: collection)
        let informer = Informer(client: api.client, path: collection, options: .init(labelSelector: "app=mesh"))
        let log = EventLog()
        informer.addHandler { log.record($0) }
        let task = Task { await informer.run() }
        defer { task.cancel() }
        await informer.waitUntilSynced()
        #expect(log.all == ["added a", "added b"])
        _ = try await api.client.create(configMap("c"), in: collection)
        _ = try await api.client.patch(try ResourcePath(configMaps, namespace: "default", name: "a"), .merge, ["data": ["k": "2"]])
        try await api.client.delete(try ResourcePath(configMaps, namespace: "default", name: "b"))
        _ = try await api.client.create(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "unlabelled"]], in: collection)
        #expect(try await Self.eventually { log.all.count == 5 })
        #expect(log.all == ["added a", "added b", "added c", "updated a", "deleted b"])
        #expect(informer.cache.get("default/a")?["data"]?["k"] == "2")
        #expect(informer.cache.list().compactMap { $0["metadata"]?["name"]?.stringValue } == ["a", "c"])
        #expect(informer.cache.byIndex(ObjectCache.namespaceIndex, "default").count == 2)
    }

    @Test func aRestartedServerMeansARelistThatDeliversWhatWasMissed() async throws {
        let api = try await RestartableAPI()
        defer { api.stop() }
        let collection = try ResourcePath(configMaps, namespace: "default")
        for name in ["keep", "change", "drop"] { _ = try await api.client.create(configMap(name), in: collection) }
        let informer = Informer(client: api.client, path: collection,
                                options: .init(initialBackoff: .milliseconds(20), maxBackoff: .milliseconds(200)))
        let log = EventLog()
        informer.addHandler { log.record($0) }
        let task = Task { await informer.run() }
        defer { task.cancel() }
        await informer.waitUntilSynced()

        // While the server is down: one object changes, one goes, one appears. The restarted
        // server keeps only the last change, so resuming the watch is 410 Gone → a relist.
        try await api.restart(historyCapacity: 1) { store in
            let resource = GroupResource(group: "", resource: "configmaps")
            try await store.mutate(resource, ObjectKey(namespace: "default", name: "drop")) { _ in .delete }
            try await store.mutate(resource, ObjectKey(namespace: "default", name: "change")) { current in
                var changed = current ?? .null
                changed["data"] = ["k": "changed"]
                return .update(changed)
            }
            try await store.mutate(resource, ObjectKey(namespace: "default", name: "new")) { _ in
                var object = configMap("new")
                object["metadata"]?["namespace"] = "default"
                object["metadata"]?["uid"] = "uid-new"
                return .create(object)
            }
        }
        #expect(try await Self.eventually { log.all.count == 6 }, "\(log.all)")
        #expect(Array(log.all.suffix(3)).sorted() == ["added new", "deleted drop", "updated change"])
        #expect(informer.requestCounts.lists == 2)
        #expect(informer.cache.keys.sorted() == ["default/change", "default/keep", "default/new"])

        // And it watches again after the relist.
        _ = try await api.client.create(configMap("after"), in: collection)
        #expect(try await Self.eventually { log.all.last == "added after" })
    }

    @Test func resyncRedeliversTheCache() async throws {
        let api = try await RestartableAPI()
        defer { api.stop() }
        let collection = try ResourcePath(configMaps, namespace: "default")
        _ = try await api.client.create(configMap("a"), in: collection)
        let informer = Informer(client: api.client, path: collection, options: .init(resyncPeriod: .milliseconds(100)))
        let log = EventLog()
        informer.addHandler { log.record($0) }
        let task = Task { await informer.run() }
        defer { task.cancel() }
        #expect(try await Self.eventually { log.all.filter { $0 == "resync a" }.count >= 2 })
    }

    @Test func aWatchResumesAcrossARestartWhenTheHistoryAllows() async throws {
        let api = try await RestartableAPI()
        defer { api.stop() }
        let collection = try ResourcePath(configMaps, namespace: "default")
        _ = try await api.client.create(configMap("a"), in: collection)
        let informer = Informer(client: api.client, path: collection,
                                options: .init(initialBackoff: .milliseconds(20), maxBackoff: .milliseconds(200)))
        let log = EventLog()
        informer.addHandler { log.record($0) }
        let task = Task { await informer.run() }
        defer { task.cancel() }
        await informer.waitUntilSynced()
        try await api.restart { store in
            try await store.mutate(GroupResource(group: "", resource: "configmaps"), ObjectKey(namespace: "default", name: "a")) { _ in .delete }
        }
        #expect(try await Self.eventually { log.all == ["added a", "deleted a"] }, "\(log.all)")
        #expect(informer.requestCounts.lists == 1, "resumed from its version: no relist")
        #expect(informer.requestCounts.watches >= 2)
    }
}
