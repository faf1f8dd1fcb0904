import Foundation
import HTTP
import KubeClient
import KubeCore
@testable import KubeRuntime
@testable import LocalCluster
import Logging
import ServiceLifecycle
import StrictJSON
import Synchronization
import Testing

/// A reconciler that records what it was asked and fails as told.
final class RecordingReconciler: Reconciler, Sendable {
    let label: String
    private let state = Mutex<(requests: [String], failuresLeft: [String: Int], terminal: Set<String>)>(([], [:], []))
    let onReconcile: (@Sendable (ReconcileRequest) async throws -> Void)?

    init(label: String = "", failFirst: [String: Int] = [:], terminal: Set<String> = [],
         onReconcile: (@Sendable (ReconcileRequest) async throws -> Void)? = nil) {
        self.label = label
        self.onReconcile = onReconcile
        state.withLock { $0.failuresLeft = failFirst; $0.terminal = terminal }
    }

    func reconcile(_ request: ReconcileRequest) async throws -> ReconcileResult {
        let (fail, terminal) = state.withLock { state -> (Bool, Bool) in
            state.requests.append(request.name)
            if state.terminal.contains(request.name) { return (false, true) }
            let left = state.failuresLeft[request.name, default: 0]
            if left > 0 { state.failuresLeft[request.name] = left - 1 }
            return (left > 0, false)
        }
        if terminal { throw TerminalError(ReconcileFailure(message: "spec cannot work")) }
        if fail { throw ReconcileFailure(message: "broker unreachable") }
        try await onReconcile?(request)
        return .done
    }

    var requests: [String] { state.withLock { $0.requests } }
    func count(_ name: String) -> Int { requests.filter { $0 == name }.count }
}

struct ReconcileFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

@Suite(.serialized) struct ControllerTests {
    let configMaps = GroupVersionResource(group: "", version: "v1", resource: "configmaps")
    let secrets = GroupVersionResource(group: "", version: "v1", resource: "secrets")

    func eventually(_ condition: () async -> Bool) async throws -> Bool { try await InformerTests.eventually(condition) }

    func configMap(_ name: String, _ value: String = "1") -> JSONValue {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name)], "data": ["k": .string(value)]]
    }

    @Test func reconcilesChangesRetriesTransientErrorsAndStopsOnTerminalOnes() async throws {
        let api = try await RestartableAPI()
        defer { api.stop() }
        let collection = try ResourcePath(configMaps, namespace: "default")
        let informer = Informer(client: api.client, path: collection)
        let reconciler = RecordingReconciler(failFirst: ["flaky": 2], terminal: ["broken"])
        let controller = Controller(name: "configmaps", primary: informer, reconciler: reconciler, filter: .all, concurrency: 2)
        let running = Task { await withTaskGroup(of: Void.self) { group in
            group.addTask { await informer.run() }
            group.addTask { await controller.run() }
        } }
        defer { running.cancel() }
        _ = try await api.client.create(configMap("steady"), in: collection)
        _ = try await api.client.create(configMap("flaky"), in: collection)
        _ = try await api.client.create(configMap("broken"), in: collection)
        #expect(try await eventually { reconciler.count("steady") == 1 && reconciler.count("flaky") == 3 })
        #expect(controller.lastError(for: ReconcileRequest(namespace: "default", name: "flaky")) == nil)
        #expect(try await eventually { controller.lastError(for: ReconcileRequest(namespace: "default", name: "broken")) == "spec cannot work" })
        #expect(reconciler.count("broken") == 1)
        #expect(controller.queue.numRequeues(ReconcileRequest(namespace: "default", name: "broken")) == 0, "a terminal error is not retried")

        _ = try await api.client.patch(try ResourcePath(configMaps, namespace: "default", name: "broken"), .merge, ["data": ["k": "2"]])
        #expect(try await eventually { reconciler.count("broken") == 2 }, "a change brings it back")
    }

    @Test func ownedObjectsRequeueTheirControllerAndStatusWritesDoNotLoop() async throws {
        let api = try await RestartableAPI()
        defer { api.stop() }
        try await installGadgets(api.client)
        let gadgets = try ResourcePath(GroupVersionResource(group: "fixture.example.com", version: "v1", resource: "gadgets"), namespace: "default")
        let client = api.client
        // The reconciler writes status each time: with the generation filter that must not loop.
        let reconciler = RecordingReconciler { request in
            let status = try ResourcePath(GroupVersionResource(group: "fixture.example.com", version: "v1", resource: "gadgets"),
                                          namespace: "default", name: request.name, subresource: "status")
            _ = try await client.patch(status, .merge, ["status": ["observed": .string(UUID().uuidString)]])
        }
        let primary = Informer(client: api.client, path: gadgets)
        let owned = Informer(client: api.client, path: try ResourcePath(secrets, namespace: "default"))
        let controller = Controller(name: "gadgets", primary: primary, reconciler: reconciler)
        controller.owns(owned, ownerKind: "Gadget")
        let running = Task { await withTaskGroup(of: Void.self) { group in
            for task in [primary, owned] { group.addTask { await task.run() } }
            group.addTask { await controller.run() }
        } }
        defer { running.cancel() }

        let created = try await api.client.create(["apiVersion": "fixture.example.com/v1", "kind": "Gadget",
                                                   "metadata": ["name": "g1"], "spec": ["topic": "t"]], in: gadgets)
        #expect(try await eventually { reconciler.count("g1") == 1 })
        let uid = created["metadata"]?["uid"] ?? .null
        _ = try await api.client.create(["apiVersion": "v1", "kind": "Secret", "metadata": [
            "name": "g1-credentials",
            "ownerReferences": [["apiVersion": "fixture.example.com/v1", "kind": "Gadget", "name": "g1", "uid": uid, "controller": true]],
        ]], in: try ResourcePath(secrets, namespace: "default"))
        #expect(try await eventually { reconciler.count("g1") == 2 }, "the owned Secret requeues its Gadget")
        _ = try await api.client.patch(try ResourcePath(GroupVersionResource(group: "fixture.example.com", version: "v1", resource: "gadgets"),
                                                        namespace: "default", name: "g1"), .merge, ["spec": ["partitions": 3]])
        #expect(try await eventually { reconciler.count("g1") == 3 })
        // Several status writes later, still 3: a status write bumps no generation.
        let version = try await api.client.get(try ResourcePath(GroupVersionResource(group: "fixture.example.com", version: "v1", resource: "gadgets"), namespace: "default", name: "g1"))["metadata"]?["generation"]
        #expect(version == 2)
        #expect(reconciler.count("g1") == 3)
    }

    @Test func onlyTheLeaderReconcilesAndTheOtherTakesOverOnShutdown() async throws {
        let api = try await RestartableAPI()
        defer { api.stop() }
        let collection = try ResourcePath(configMaps, namespace: "default")
        func manager(_ name: String) -> (Manager, RecordingReconciler) {
            let metrics = RuntimeMetrics()
            let manager = Manager(client: api.client, options: .init(probePort: 0, leaderElection: .init(
                namespace: "default", name: "gadget-operator", identity: name, leaseDuration: .seconds(2),
                renewDeadline: .milliseconds(1500), retryPeriod: .milliseconds(100))), metrics: metrics)
            let reconciler = RecordingReconciler(label: name)
            manager.add(Controller(name: "configmaps", primary: manager.informer(for: collection), reconciler: reconciler,
                                   filter: .all, metrics: metrics))
            return (manager, reconciler)
        }
        let (first, firstReconciler) = manager("first")
        let (second, secondReconciler) = manager("second")
        let firstGroup = ServiceGroup(services: [first], logger: Logger(label: "test"))
        let firstRun = Task { try await firstGroup.run() }
        #expect(try await eventually { first.isLeading })
        let secondRun = Task { try await second.run() }
        defer { secondRun.cancel() }
        #expect(try await eventually { second.isReady })
        _ = try await api.client.create(configMap("a"), in: collection)
        #expect(try await eventually { firstReconciler.count("a") == 1 })
        #expect(secondReconciler.requests.isEmpty && !second.isLeading)

        // The probe endpoint of the leader: health, readiness and the controller-runtime metrics.
        let probes = HTTPClient()
        let port = try #require(first.probePort)
        #expect(try await probes.send(HTTPRequest(url: "http://127.0.0.1:\(port)/readyz")).status == 200)
        let metrics = try await probes.send(HTTPRequest(url: "http://127.0.0.1:\(port)/metrics")).bodyText
        #expect(metrics.contains(#"controller_runtime_reconcile_total{controller="configmaps",result="success"} 1"#), "\(metrics)")
        #expect(metrics.contains("workqueue_adds_total") && metrics.contains("controller_runtime_reconcile_time_seconds_bucket"))
        #expect(metrics.contains(#"workqueue_longest_running_processor_seconds{name="configmaps"}"#))

        // SIGTERM's path: a graceful shutdown of the group releases the lease; the other leads.
        await firstGroup.triggerGracefulShutdown()
        try await firstRun.value
        #expect(try await eventually { second.isLeading })
        _ = try await api.client.create(configMap("b"), in: collection)
        #expect(try await eventually { secondReconciler.count("b") == 1 })
        #expect(firstReconciler.count("b") == 0)
    }

    func installGadgets(_ client: KubeClient) async throws {
        let schema: JSONValue = ["type": "object", "properties": [
            "spec": ["type": "object", "properties": ["topic": ["type": "string"], "partitions": ["type": "integer"]]],
            "status": ["type": "object", "x-kubernetes-preserve-unknown-fields": true],
        ]]
        let crd: JSONValue = [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": ["name": "gadgets.fixture.example.com"],
            "spec": ["group": "fixture.example.com", "scope": "Namespaced", "names": ["plural": "gadgets", "kind": "Gadget"],
                     "versions": [["name": "v1", "served": true, "storage": true, "subresources": ["status": [:]],
                                   "schema": ["openAPIV3Schema": schema]]]],
        ]
        _ = try await client.create(crd, in: try ResourcePath(GroupVersionResource(group: "apiextensions.k8s.io", version: "v1",
                                                                                  resource: "customresourcedefinitions")))
        let gadgets = try ResourcePath(GroupVersionResource(group: "fixture.example.com", version: "v1", resource: "gadgets"), namespace: "default")
        #expect(try await eventually { (try? await client.list(gadgets)) != nil })
    }
}
