import Foundation
import KubeClient
import KubeCore
import Logging
import StrictJSON
import Synchronization

/// Records `core/v1` Events about objects (what `kubectl describe` shows under Events), and
/// aggregates repeats as client-go's recorder does: the same type, reason and message about the
/// same object bump `count` and `lastTimestamp` of the existing Event instead of creating another.
/// Failures to record are logged, never thrown: events are advisory.
public final class EventRecorder: Sendable {
    public enum EventType: String, Sendable { case normal = "Normal", warning = "Warning" }

    let client: KubeClient
    /// `source.component` / `reportingController`, e.g. `eventmesh-operator`.
    let component: String
    /// `reportingInstance`: this replica.
    let instance: String
    let logger: Logger
    private let seen = Mutex<[String: (name: String, namespace: String, count: Int64)]>([:])

    public init(client: KubeClient, component: String, instance: String = ProcessInfo.processInfo.hostName,
                logger: Logger = Logger(label: "eventmesh.events")) {
        self.client = client
        self.component = component
        self.instance = instance
        self.logger = logger
    }

    public func record(_ object: JSONValue, _ type: EventType, reason: String, message: String) async {
        let metadata = object["metadata"] ?? [:]
        let namespace = metadata["namespace"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        let key = [metadata["uid"]?.stringValue ?? "", type.rawValue, reason, message].joined(separator: "\u{0}")
        let now = JSONValue.string(Timestamp.now().description)
        let events = GroupVersionResource(group: "", version: "v1", resource: "events")
        if let previous = seen.withLock({ $0[key] }) {
            do {
                let path = try ResourcePath(events, namespace: previous.namespace, name: previous.name)
                _ = try await client.patch(path, .merge, ["count": .integer(previous.count + 1), "lastTimestamp": now])
                seen.withLock { $0[key]?.count = previous.count + 1 }
                return
            } catch KubeError.notFound {
                // Expired or deleted: record it afresh.
            } catch {
                logger.warning("cannot update event \(previous.name): \(error)")
                return
            }
        }
        let name = "\(metadata["name"]?.stringValue ?? "object").\(String(UInt64(Date().timeIntervalSince1970 * 1e9), radix: 16))"
        let event: JSONValue = [
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "involvedObject": [
                "apiVersion": object["apiVersion"] ?? "", "kind": object["kind"] ?? "", "name": metadata["name"] ?? "",
                "namespace": metadata["namespace"] ?? "", "uid": metadata["uid"] ?? "", "resourceVersion": metadata["resourceVersion"] ?? "",
            ],
            "type": .string(type.rawValue), "reason": .string(reason), "message": .string(message),
            "count": 1, "firstTimestamp": now, "lastTimestamp": now,
            "source": ["component": .string(component)],
            "reportingComponent": .string(component), "reportingInstance": .string(instance),
        ]
        do {
            _ = try await client.create(event, in: try ResourcePath(events, namespace: namespace))
            seen.withLock { $0[key] = (name, namespace, 1) }
        } catch {
            logger.warning("cannot record event \(reason) for \(metadata["name"]?.stringValue ?? ""): \(error)")
        }
    }
}
