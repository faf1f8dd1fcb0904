import Foundation
import KubeCore
import StrictJSON

/// A column whose cell is computed from the object, as kube-apiserver's built-in table printers
/// do (a count, `READY 1/2`, a pod's status reason), rather than read by a JSONPath.
enum ComputedColumn: Sendable, Equatable {
    /// The number of entries under these fields together (`DATA` of a ConfigMap).
    case count([String])
    /// An integer field, 0 when absent.
    case int(String)
    /// `ready/total` from two integer fields (missing counts as 0).
    case ratio(ready: String, total: String)
    case podReady
    case podStatus
    case podRestarts
    case servicePorts
    case serviceExternalIP
    case containerNames
    case containerImages
    case selector
    /// The timestamp itself, not an age (`CREATED AT`).
    case timestamp(String)
    case roleRef
    case eventObject
    case eventLastSeen

    func value(of object: JSONValue, now: Date) -> JSONValue {
        func at(_ path: String) -> JSONValue? { ColumnPath(path)?.values(in: object).first }
        func int(_ path: String) -> Int64 { at(path)?.int64Value ?? 0 }
        let containers = object["spec"]?["template"]?["spec"]?["containers"]?.arrayValue
            ?? object["spec"]?["containers"]?.arrayValue ?? []
        switch self {
        case .count(let paths):
            let total = paths.reduce(0) { sum, path in
                sum + (at(path).map { $0.objectValue?.count ?? $0.arrayValue?.count ?? 0 } ?? 0)
            }
            return .integer(Int64(total))
        case .int(let path):
            return .integer(int(path))
        case .ratio(let ready, let total):
            return .string("\(int(ready))/\(int(total))")
        case .podReady:
            let statuses = object["status"]?["containerStatuses"]?.arrayValue ?? []
            let ready = statuses.filter { $0["ready"]?.boolValue == true }.count
            return .string("\(ready)/\(max(containers.count, statuses.count))")
        case .podStatus:
            if object["metadata"]?["deletionTimestamp"] != nil { return "Terminating" }
            for status in object["status"]?["containerStatuses"]?.arrayValue ?? [] {
                if let reason = status["state"]?["waiting"]?["reason"]?.stringValue { return .string(reason) }
                if let reason = status["state"]?["terminated"]?["reason"]?.stringValue { return .string(reason) }
            }
            return .string(object["status"]?["reason"]?.stringValue ?? object["status"]?["phase"]?.stringValue ?? "Pending")
        case .podRestarts:
            let restarts = (object["status"]?["containerStatuses"]?.arrayValue ?? []).reduce(Int64(0)) {
                $0 + ($1["restartCount"]?.int64Value ?? 0)
            }
            return .integer(restarts)
        case .servicePorts:
            let ports = (object["spec"]?["ports"]?.arrayValue ?? []).map { port -> String in
                let number = port["port"]?.int64Value ?? 0
                let node = port["nodePort"]?.int64Value.map { ":\($0)" } ?? ""
                return "\(number)\(node)/\(port["protocol"]?.stringValue ?? "TCP")"
            }
            return .string(ports.isEmpty ? "<none>" : ports.joined(separator: ","))
        case .serviceExternalIP:
            let ips = object["spec"]?["externalIPs"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if let name = object["spec"]?["externalName"]?.stringValue { return .string(name) }
            return .string(ips.isEmpty ? (object["spec"]?["type"] == "LoadBalancer" ? "<pending>" : "<none>")
                                       : ips.joined(separator: ","))
        case .containerNames:
            return .string(containers.compactMap { $0["name"]?.stringValue }.joined(separator: ","))
        case .containerImages:
            return .string(containers.compactMap { $0["image"]?.stringValue }.joined(separator: ","))
        case .selector:
            let labels = object["spec"]?["selector"]?["matchLabels"]?.objectValue
                ?? object["spec"]?["selector"]?.objectValue ?? [:]
            let text = labels.sorted { $0.key < $1.key }.compactMap { key, value in value.stringValue.map { "\(key)=\($0)" } }
            return .string(text.isEmpty ? "<none>" : text.joined(separator: ","))
        case .timestamp(let path):
            return at(path) ?? .null
        case .roleRef:
            let kind = object["roleRef"]?["kind"]?.stringValue ?? ""
            return .string("\(kind)/\(object["roleRef"]?["name"]?.stringValue ?? "")")
        case .eventObject:
            let involved = object["involvedObject"] ?? object["regarding"] ?? [:]
            return .string("\((involved["kind"]?.stringValue ?? "").lowercased())/\(involved["name"]?.stringValue ?? "")")
        case .eventLastSeen:
            let stamp = (object["lastTimestamp"] ?? object["eventTime"] ?? object["metadata"]?["creationTimestamp"])?.stringValue
            guard let stamp, let time = Timestamp(rfc3339: stamp) else { return "<unknown>" }
            return .string(TablePrinting.humanDuration(now.timeIntervalSince(time.date)))
        }
    }
}

/// The columns `kubectl get` shows for the built-in kinds, as the real server's printers define
/// them (wide-only columns have priority 1).
enum BuiltinColumns {
    private static func column(_ name: String, _ type: String = "string", _ computed: ComputedColumn? = nil,
                               path: String = "", priority: Int = 0, description: String = "") -> PrinterColumnSpec {
        PrinterColumnSpec(name: name, type: type, description: description, priority: priority, jsonPath: path, computed: computed)
    }

    private static func column(_ name: String, _ computed: ComputedColumn, priority: Int = 0) -> PrinterColumnSpec {
        column(name, "string", computed, priority: priority)
    }

    private static let name = column("Name", path: ".metadata.name")
    private static let age = column("Age", "date", path: ".metadata.creationTimestamp")
    private static let createdAt = column("Created At", "date", .timestamp(".metadata.creationTimestamp"))

    /// The full column list (Name included) for a built-in resource, or nil for Name and Age only.
    static func columns(for resource: GroupResource) -> [PrinterColumnSpec]? {
        switch (resource.group, resource.resource) {
        case ("", "namespaces"): return [name, column("Status", path: ".status.phase"), age]
        case ("", "configmaps"): return [name, column("Data", "integer", .count([".data", ".binaryData"])), age]
        case ("", "secrets"): return [name, column("Type", path: ".type"), column("Data", "integer", .count([".data"])), age]
        case ("", "serviceaccounts"): return [name, column("Secrets", "integer", .count([".secrets"])), age]
        case ("", "services"):
            return [name, column("Type", path: ".spec.type"), column("Cluster-IP", path: ".spec.clusterIP"),
                    column("External-IP", .serviceExternalIP), column("Port(s)", .servicePorts), age,
                    column("Selector", .selector, priority: 1)]
        case ("", "pods"):
            return [name, column("Ready", .podReady), column("Status", .podStatus),
                    column("Restarts", "integer", .podRestarts), age,
                    column("IP", path: ".status.podIP", priority: 1), column("Node", path: ".spec.nodeName", priority: 1)]
        case ("", "events"), ("events.k8s.io", "events"):
            return [column("Last Seen", .eventLastSeen), column("Type", path: ".type"), column("Reason", path: ".reason"),
                    column("Object", .eventObject), column("Message", path: resource.group.isEmpty ? ".message" : ".note"),
                    column("Name", path: ".metadata.name", priority: 1)]
        case ("apps", "deployments"):
            return [name, column("Ready", .ratio(ready: ".status.readyReplicas", total: ".spec.replicas")),
                    column("Up-to-date", "integer", .int(".status.updatedReplicas")),
                    column("Available", "integer", .int(".status.availableReplicas")), age,
                    column("Containers", .containerNames, priority: 1), column("Images", .containerImages, priority: 1),
                    column("Selector", .selector, priority: 1)]
        case ("apps", "replicasets"):
            return [name, column("Desired", "integer", .int(".spec.replicas")),
                    column("Current", "integer", .int(".status.replicas")),
                    column("Ready", "integer", .int(".status.readyReplicas")), age,
                    column("Containers", .containerNames, priority: 1), column("Images", .containerImages, priority: 1),
                    column("Selector", .selector, priority: 1)]
        case ("coordination.k8s.io", "leases"): return [name, column("Holder", path: ".spec.holderIdentity"), age]
        case ("apiextensions.k8s.io", "customresourcedefinitions"), ("rbac.authorization.k8s.io", "roles"),
             ("rbac.authorization.k8s.io", "clusterroles"):
            return [name, createdAt]
        case ("rbac.authorization.k8s.io", "rolebindings"), ("rbac.authorization.k8s.io", "clusterrolebindings"):
            return [name, column("Role", .roleRef), age]
        default: return nil
        }
    }
}
