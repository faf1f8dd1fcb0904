import Foundation
import Synchronization
import HTTP
@testable import KubeClient
import KubeCore
@testable import LocalCluster
import StrictJSON
import Testing

/// A ConfigMap as a typed kind, for the typed API.
struct ConfigMap: KubernetesResource {
    static let group = ""
    static let version = "v1"
    static let kind = "ConfigMap"
    static let plural = "configmaps"
    var metadata: ObjectMeta
    var data: [String: String]?
}

/// The client against a real eventmesh-local (in process, over TLS with the admin certificate).
final class LocalAPI: Sendable {
    let task: Task<Void, any Error>
    let directory: String
    let client: KubeClient
    let port: Int

    init(historyCapacity: Int = 10_000) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubeclient-\(UUID().uuidString)").path
        var configuration = LocalControlPlane.Configuration(stateDirectory: directory, port: 0)
        configuration.historyCapacity = historyCapacity
        let plane = try await LocalControlPlane(configuration: configuration)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        task = Task { try await plane.run(onReady: { continuation.yield($0) }) }
        var iterator = ports.makeAsyncIterator()
        port = try #require(await iterator.next())
        let tls = TLSConfiguration(trustRoots: .pem(Array(try plane.material.certificateAuthority.certificate.pemEncoded().utf8)),
                                   clientCertificate: .pem(Array(try plane.material.admin.certificate.pemEncoded().utf8)),
                                   clientKey: .pem(Array(try plane.material.admin.key.pemEncoded().utf8)))
        client = KubeClient(server: "https://127.0.0.1:\(port)", http: HTTPClientConfiguration(tls: tls))
    }

    func stop() {
        task.cancel()
        try? FileManager.default.removeItem(atPath: directory)
    }

    static let gadgets = GroupVersionResource(group: "fixture.example.com", version: "v1", resource: "gadgets")

    /// Installs the fixture CRD (kind Gadget) and waits until it is served.
    func installGadgets() async throws {
        let schema: JSONValue = ["type": "object", "properties": [
            "spec": ["type": "object", "required": ["topic"], "properties": [
                "topic": ["type": "string"], "partitions": ["type": "integer", "minimum": 1, "default": 1],
            ]],
            "status": ["type": "object", "x-kubernetes-preserve-unknown-fields": true],
        ]]
        let crd: JSONValue = [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": ["name": "gadgets.fixture.example.com"],
            "spec": ["group": "fixture.example.com", "scope": "Namespaced",
                     "names": ["plural": "gadgets", "singular": "gadget", "kind": "Gadget", "shortNames": ["gd"]],
                     "versions": [["name": "v1", "served": true, "storage": true, "subresources": ["status": [:]],
                                   "schema": ["openAPIV3Schema": schema]]]],
        ]
        let crds = try ResourcePath(GroupVersionResource(group: "apiextensions.k8s.io", version: "v1", resource: "customresourcedefinitions"))
        _ = try await client.create(crd, in: crds)
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if (try? await client.list(try ResourcePath(Self.gadgets, namespace: "default"))) != nil { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the Gadget CRD was not served in time")
    }

    static func gadget(_ name: String, partitions: Int64? = nil) -> JSONValue {
        var spec: JSONValue = ["topic": "t"]
        if let partitions { spec["partitions"] = .integer(partitions) }
        return ["apiVersion": "fixture.example.com/v1", "kind": "Gadget", "metadata": ["name": .string(name)], "spec": spec]
    }
}

@Suite(.serialized) struct ClientTests {
    @Test func typedCRUDOfABuiltInKind() async throws {
        let api = try await LocalAPI()
        defer { api.stop() }
        let configMaps = ResourceAPI<ConfigMap>(api.client, namespace: "default")
        let created = try await configMaps.create(ConfigMap(metadata: ObjectMeta(name: "settings"), data: ["mode": "cold"]))
        #expect(created.metadata.uid != nil && created.metadata.namespace == "default")
        var fetched = try await configMaps.get("settings")
        #expect(fetched.data == ["mode": "cold"])
        fetched.data?["mode"] = "frozen"
        let replaced = try await configMaps.replace(fetched)
        #expect(replaced.data?["mode"] == "frozen")
        #expect(replaced.metadata.resourceVersion != fetched.metadata.resourceVersion)

        // The stale copy is refused with a conflict.
        await #expect {
            _ = try await configMaps.replace(fetched)
        } throws: { error in
            guard case KubeError.conflict(let status) = error else { return false }
            return status.message?.contains("the object has been modified") == true
        }
        await #expect {
            _ = try await configMaps.create(ConfigMap(metadata: ObjectMeta(name: "settings")))
        } throws: { error in
            if case KubeError.alreadyExists = error { return true } else { return false }
        }
        let patched = try await configMaps.patch("settings", .merge, ["metadata": ["labels": ["tier": "gold"]]])
        #expect(patched.metadata.labels == ["tier": "gold"])
        try await configMaps.delete("settings")
        #expect(try await configMaps.getIfExists("settings") == nil)
        await #expect {
            _ = try await configMaps.get("settings")
        } throws: { error in
            guard case KubeError.notFound(let status) = error else { return false }
            return status.message == #"configmaps "settings" not found"#
        }
    }

    @Test func customKindsStatusApplyAndInvalidCauses() async throws {
        let api = try await LocalAPI()
        defer { api.stop() }
        try await api.installGadgets()
        let gadgets = try ResourcePath(LocalAPI.gadgets, namespace: "default")
        let created = try await api.client.create(LocalAPI.gadget("g1"), in: gadgets)
        #expect(created["spec"]?["partitions"] == 1, "defaulted by the schema")

        let status = try ResourcePath(LocalAPI.gadgets, namespace: "default", name: "g1", subresource: "status")
        let withStatus = try await api.client.patch(status, .merge, ["status": ["phase": "Ready"], "spec": ["topic": "ignored"]])
        #expect(withStatus["status"]?["phase"] == "Ready")
        #expect(withStatus["spec"]?["topic"] == "t", "a status write leaves the spec alone")

        // The creator owns what it set (and the defaults): a change by another manager conflicts.
        let item = try ResourcePath(LocalAPI.gadgets, namespace: "default", name: "g2")
        let applied = try await api.client.apply(LocalAPI.gadget("g2", partitions: 4), at: item, fieldManager: "alice")
        #expect(applied["spec"]?["partitions"] == 4)
        await #expect {
            _ = try await api.client.apply(LocalAPI.gadget("g2", partitions: 5), at: item, fieldManager: "bob")
        } throws: { error in
            guard case KubeError.conflict(let status) = error else { return false }
            return status.details?.causes?.first?.field == ".spec.partitions"
        }
        await #expect {
            _ = try await api.client.create(LocalAPI.gadget("bad", partitions: 0), in: gadgets)
        } throws: { error in
            guard case KubeError.invalid = error else { return false }
            return (error as? KubeError)?.causes.map(\.field) == ["spec.partitions"]
        }
    }

    @Test func listAllFollowsContinueTokens() async throws {
        let api = try await LocalAPI()
        defer { api.stop() }
        let configMaps = try ResourcePath(GroupVersionResource(group: "", version: "v1", resource: "configmaps"), namespace: "default")
        for index in 0..<7 {
            _ = try await api.client.create(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string("c\(index)")]], in: configMaps)
        }
        let all = try await api.client.listAll(configMaps, pageSize: 2)
        #expect(all.items.compactMap { $0["metadata"]?["name"]?.stringValue } == (0..<7).map { "c\($0)" })
        #expect(all.metadata.continue == nil && all.metadata.resourceVersion != nil)
        let page = try await api.client.list(configMaps, options: ListOptions(limit: 3))
        #expect(page.items.count == 3 && page.metadata.remainingItemCount == 4)
    }

    @Test func watchDeliversChangesInOrderAndGoneIsTyped() async throws {
        let api = try await LocalAPI(historyCapacity: 5)
        defer { api.stop() }
        let configMaps = try ResourcePath(GroupVersionResource(group: "", version: "v1", resource: "configmaps"), namespace: "default")
        let start = try await api.client.list(configMaps).metadata.resourceVersion ?? "0"
        let stream = try await api.client.watch(configMaps, options: ListOptions(resourceVersion: start))
        for index in 0..<3 {
            _ = try await api.client.create(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string("w\(index)")]], in: configMaps)
        }
        var seen: [String] = []
        for try await event in stream {
            #expect(event.type == .added)
            seen.append(event.object["metadata"]?["name"]?.stringValue ?? "")
            if seen.count == 3 { break }
        }
        stream.cancel()
        #expect(seen == ["w0", "w1", "w2"])

        // Push the first version out of the 5 kept changes: resuming from it is Gone.
        for index in 3..<10 {
            _ = try await api.client.create(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string("w\(index)")]], in: configMaps)
        }
        let stale = try await api.client.watch(configMaps, options: ListOptions(resourceVersion: start))
        await #expect {
            for try await _ in stale {}
        } throws: { error in
            guard case KubeError.gone(let status) = error else { return false }
            return status.reason == "Expired"
        }
    }

    @Test func aClientFromTheKubeconfigEventmeshLocalWrites() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubeclient-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let plane = try await LocalControlPlane(configuration: .init(stateDirectory: directory + "/state", port: 0,
                                                                     kubeconfigPath: directory + "/kubeconfig"))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task { try await plane.run(onReady: { continuation.yield($0) }) }
        defer { task.cancel() }
        var iterator = ports.makeAsyncIterator()
        _ = await iterator.next()
        let client = KubeClient(try ClientConfiguration.load(kubeconfigPaths: [directory + "/kubeconfig"]))
        let configMaps = ResourceAPI<ConfigMap>(client, namespace: client.namespace)
        _ = try await configMaps.create(ConfigMap(metadata: ObjectMeta(name: "from-kubeconfig")))
        #expect(try await configMaps.list().items.map(\.metadata.name) == ["from-kubeconfig"])
    }

    @Test func requestsAreObservedAndUnreachableServersAreTransportErrors() async throws {
        let records = RecordBox()
        let client = KubeClient(server: "https://127.0.0.1:1", http: HTTPClientConfiguration(),
                                options: .init(maxAttempts: 2, initialBackoff: .milliseconds(1), observer: { records.add($0) }))
        await #expect {
            _ = try await client.get(try ResourcePath(GroupVersionResource(group: "", version: "v1", resource: "namespaces")))
        } throws: { error in
            guard case KubeError.transport(let transport) = error else { return false }
            return transport.code == .couldNotConnect
        }
        #expect(records.all.map(\.code) == ["<error>", "<error>"], "a GET is retried once, then fails")
    }
}

final class RecordBox: Sendable {
    private let records = Mutex<[KubeClient.RequestRecord]>([])
    func add(_ record: KubeClient.RequestRecord) { records.withLock { $0.append(record) } }
    var all: [KubeClient.RequestRecord] { records.withLock { $0 } }
}

/// Pure parts: error mapping and retry delays.
@Suite struct ClientRulesTests {
    @Test(arguments: [(400, "badRequest"), (401, "unauthorized"), (403, "forbidden"), (404, "notFound"), (409, "conflict"),
                      (410, "gone"), (415, "unsupportedMediaType"), (422, "invalid"), (429, "tooManyRequests"), (503, "server"), (418, "unexpected")])
    func statusCodesMapToTypedErrors(code: Int, expected: String) {
        let error = KubeError(code: code, body: Array(#"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"m","reason":"R","code":\#(code)}"#.utf8))
        #expect(String(describing: error).isEmpty == false)
        #expect("\(error)".contains("m"))
        let name = Mirror(reflecting: error).children.first?.label ?? ""
        #expect(name == expected)
        #expect(error.isTransient == (code == 429 || code == 503))
    }

    @Test func alreadyExistsIsTellableFromAConflict() {
        let exists = KubeError(code: 409, body: Array(#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","reason":"AlreadyExists","code":409}"#.utf8))
        guard case .alreadyExists = exists else { Issue.record("\(exists)"); return }
        let plain = KubeError(code: 502, body: Array("bad gateway".utf8))
        #expect(plain.status?.message == "bad gateway" && plain.status?.reason == "InternalError")
    }

    @Test func retryDelaysFollowRetryAfterElseDoubleUpToTheCap() {
        let client = KubeClient(server: "https://127.0.0.1:1", http: HTTPClientConfiguration(),
                                options: .init(initialBackoff: .milliseconds(100), maxBackoff: .seconds(1)))
        let throttled = KubeError(code: 429, body: [], retryAfter: "3")
        #expect(client.delay(after: 1, throttled) == .seconds(3))
        let failed = KubeError(code: 503, body: [])
        #expect([1, 2, 3, 4, 5].map { client.delay(after: $0, failed) }
            == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1)])
    }
}
