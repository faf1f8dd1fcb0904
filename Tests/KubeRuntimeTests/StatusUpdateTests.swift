import KubeClient
import KubeCore
@testable import KubeRuntime
import StrictJSON
import Testing

@Suite(.serialized) struct StatusUpdateTests {
    @Test func concurrentStatusWritersRetryOnConflictAndLoseNothing() async throws {
        let api = try await RestartableAPI()
        defer { api.stop() }
        try await ControllerTests().installGadgets(api.client)
        let gadgets = GroupVersionResource(group: "fixture.example.com", version: "v1", resource: "gadgets")
        _ = try await api.client.create(["apiVersion": "fixture.example.com/v1", "kind": "Gadget", "metadata": ["name": "g"],
                                         "spec": ["topic": "t"]], in: try ResourcePath(gadgets, namespace: "default"))
        let path = try ResourcePath(gadgets, namespace: "default", name: "g")
        let client = api.client
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<5 {
                        try await client.updateStatus(at: path, attempts: 50) { object in
                            let count = object["status"]?["count"]?.int64Value ?? 0
                            object["status"] = ["count": .integer(count + 1)]
                            return true
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await api.client.get(path)["status"]?["count"] == 20)
    }
}
