import Foundation
import StrictJSON

/// The defaults and normalisations the real server applies to built-in kinds on every write,
/// where a client or the workload runner can tell the difference.
enum BuiltinDefaults {
    static func apply(to object: JSONValue, type: ResourceType) -> JSONValue {
        guard type.definedBy == nil, case .object(var fields) = object else { return object }
        switch (type.group, type.resource) {
        case ("", "secrets"):
            // `stringData` is write-only: merged into `data` (base64), never stored.
            var data = fields["data"]?.objectValue ?? [:]
            for (key, value) in fields["stringData"]?.objectValue ?? [:] {
                if let text = value.stringValue { data[key] = .string(Data(text.utf8).base64EncodedString()) }
            }
            fields["stringData"] = nil
            if !data.isEmpty { fields["data"] = .object(data) }
            if (fields["type"]?.stringValue ?? "").isEmpty { fields["type"] = "Opaque" }
        case ("", "services"):
            var spec = fields["spec"]?.objectValue ?? [:]
            if spec["type"] == nil { spec["type"] = "ClusterIP" }
            if spec["sessionAffinity"] == nil { spec["sessionAffinity"] = "None" }
            if let ports = spec["ports"]?.arrayValue {
                spec["ports"] = .array(ports.map { port in
                    guard case .object(var fields) = port else { return port }
                    if fields["protocol"] == nil { fields["protocol"] = "TCP" }
                    if fields["targetPort"] == nil { fields["targetPort"] = fields["port"] ?? .null }
                    return .object(fields)
                })
            }
            fields["spec"] = .object(spec)
        case ("apps", "deployments"), ("apps", "replicasets"):
            var spec = fields["spec"]?.objectValue ?? [:]
            if spec["replicas"] == nil { spec["replicas"] = 1 }
            if type.resource == "deployments" {
                if spec["strategy"] == nil {
                    spec["strategy"] = ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": "25%", "maxUnavailable": "25%"]]
                }
                if spec["revisionHistoryLimit"] == nil { spec["revisionHistoryLimit"] = 10 }
                if spec["progressDeadlineSeconds"] == nil { spec["progressDeadlineSeconds"] = 600 }
            }
            fields["spec"] = .object(spec)
        default:
            break
        }
        return .object(fields)
    }
}
