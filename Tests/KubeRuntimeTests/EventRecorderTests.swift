import KubeClient
import KubeCore
@testable import KubeRuntime
import StrictJSON
import Testing

@Suite(.serialized) struct EventRecorderTests {
    @Test func repeatsAreAggregatedIntoOneEvent() async throws {
        let api = try await RestartableAPI()
        defer { api.stop() }
        let configMaps = try ResourcePath(GroupVersionResource(group: "", version: "v1", resource: "configmaps"), namespace: "default")
        let object = try await api.client.create(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "route"]], in: configMaps)
        let recorder = EventRecorder(client: api.client, component: "eventmesh-operator", instance: "test")
        for _ in 0..<3 { await recorder.record(object, .warning, reason: "BrokerUnreachable", message: "kafka-local: connection refused") }
        await recorder.record(object, .normal, reason: "Provisioned", message: "topic created")
        let events = try await api.client.list(try ResourcePath(GroupVersionResource(group: "", version: "v1", resource: "events"), namespace: "default"))
        let byReason = Dictionary(uniqueKeysWithValues: events.items.map { ($0["reason"]?.stringValue ?? "", $0) })
        #expect(events.items.count == 2)
        #expect(byReason["BrokerUnreachable"]?["count"] == 3)
        #expect(byReason["BrokerUnreachable"]?["type"] == "Warning")
        #expect(byReason["BrokerUnreachable"]?["involvedObject"]?["uid"] == object["metadata"]?["uid"])
        #expect(byReason["Provisioned"]?["count"] == 1)
    }
}
