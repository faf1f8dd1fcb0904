import KubeCore
import StrictJSON

/// The resources the workload runner reads and writes.
enum WorkloadResources {
    static let deployments = GroupResource(group: "apps", resource: "deployments")
    static let replicaSets = GroupResource(group: "apps", resource: "replicasets")
    static let pods = GroupResource(group: "", resource: "pods")
    static let configMaps = GroupResource(group: "", resource: "configmaps")
    static let secrets = GroupResource(group: "", resource: "secrets")

    /// The label tying a ReplicaSet and its pods to one version of a Deployment's pod template.
    static let templateHashLabel = "pod-template-hash"
    static let revisionAnnotation = "deployment.kubernetes.io/revision"
    static let desiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas"
    static let maxReplicasAnnotation = "deployment.kubernetes.io/max-replicas"
}

/// Typed reads of the untyped objects the store keeps, and the small edits controllers make.
extension JSONValue {
    var name: String { self["metadata"]?["name"]?.stringValue ?? "" }
    var namespace: String { self["metadata"]?["namespace"]?.stringValue ?? "" }
    var uid: String { self["metadata"]?["uid"]?.stringValue ?? "" }
    var objectKey: ObjectKey { ObjectKey(namespace: namespace, name: name) }
    var generation: Int64 { self["metadata"]?["generation"]?.int64Value ?? 0 }
    var labels: [String: String] { self["metadata"]?["labels"]?.objectValue?.compactMapValues(\.stringValue) ?? [:] }
    var annotations: [String: String] {
        self["metadata"]?["annotations"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
    }
    var isTerminating: Bool { self["metadata"]?["deletionTimestamp"] != nil }
    var creationTimestamp: Timestamp? {
        self["metadata"]?["creationTimestamp"]?.stringValue.flatMap(Timestamp.init(rfc3339:))
    }

    /// The owner reference marked `controller: true`, if any.
    var controllerReference: (kind: String, name: String, uid: String)? {
        guard let reference = self["metadata"]?["ownerReferences"]?.arrayValue?
            .first(where: { $0["controller"]?.boolValue == true }) else { return nil }
        return (reference["kind"]?.stringValue ?? "", reference["name"]?.stringValue ?? "", reference["uid"]?.stringValue ?? "")
    }

    /// Whether `owner` (by uid) is this object's controller.
    func isControlled(by owner: JSONValue) -> Bool { controllerReference?.uid == owner.uid && !owner.uid.isEmpty }

    /// `spec.replicas`, defaulting to 1 as the API server does.
    var specReplicas: Int { Int(self["spec"]?["replicas"]?.int64Value ?? 1) }

    /// An integer field of `status`, 0 when absent.
    func statusCount(_ field: String) -> Int { Int(self["status"]?[field]?.int64Value ?? 0) }

    /// The object with `metadata[key]` set (nil removes it).
    func settingMetadata(_ key: String, _ value: JSONValue?) -> JSONValue {
        var copy = self
        var metadata = copy["metadata"] ?? [:]
        metadata[key] = value
        copy["metadata"] = metadata
        return copy
    }

    /// The object with one annotation set.
    func settingAnnotation(_ key: String, _ value: String) -> JSONValue {
        var annotations = self["metadata"]?["annotations"] ?? [:]
        annotations[key] = .string(value)
        return settingMetadata("annotations", annotations)
    }

    /// The object with `spec.replicas` set, bumping `metadata.generation` when it changes (as the
    /// API server does for a spec change).
    func settingReplicas(_ replicas: Int) -> JSONValue {
        guard self["spec"]?["replicas"]?.int64Value != Int64(replicas) else { return self }
        var copy = self
        copy["spec"]?["replicas"] = .integer(Int64(replicas))
        return copy.settingMetadata("generation", .integer(generation + 1))
    }

    /// An owner reference to this object, as a controller sets it on what it creates.
    func controllerReference(apiVersion: String, kind: String) -> JSONValue {
        ["apiVersion": .string(apiVersion), "kind": .string(kind), "name": .string(name), "uid": .string(uid),
         "controller": true, "blockOwnerDeletion": true]
    }
}

/// Conditions in the shape built-in kinds use (with `lastUpdateTime` for Deployments and
/// `lastProbeTime` for Pods): transition times move only when the status changes.
enum WorkloadConditions {
    /// `condition` merged into `existing`: the old transition time is kept when the status is the
    /// same, and for Deployments `lastUpdateTime` is kept when nothing at all changed.
    static func set(_ condition: JSONValue, in existing: [JSONValue], now: Timestamp,
                    updateTime: Bool = false) -> [JSONValue] {
        let type = condition["type"]
        var updated = condition
        updated["lastTransitionTime"] = .string(now.description)
        if updateTime { updated["lastUpdateTime"] = .string(now.description) }
        var result = existing
        if let index = existing.firstIndex(where: { $0["type"] == type }) {
            let previous = existing[index]
            if previous["status"] == condition["status"] {
                updated["lastTransitionTime"] = previous["lastTransitionTime"]
                if updateTime, previous["reason"] == condition["reason"], previous["message"] == condition["message"] {
                    updated["lastUpdateTime"] = previous["lastUpdateTime"]
                }
            }
            result[index] = updated
        } else {
            result.append(updated)
        }
        return result
    }

    static func find(_ type: String, in object: JSONValue) -> JSONValue? {
        object["status"]?["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == type }
    }

    static func isTrue(_ type: String, in object: JSONValue) -> Bool {
        find(type, in: object)?["status"] == "True"
    }
}
