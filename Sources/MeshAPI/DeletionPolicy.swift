import KubeCore

/// What deleting a resource does to the broker objects or table it created.
public struct DeletionPolicy: OpenEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Leave them in place (the default): deleting the resource never deletes data.
    public static let retain: DeletionPolicy = "Retain"
    /// Delete them too. A queue or topic that still holds messages is deleted only with `force`.
    public static let delete: DeletionPolicy = "Delete"

    public static let knownValues: [DeletionPolicy] = [.retain, .delete]
    public static let `default` = DeletionPolicy.retain

    static func schema(owned: String) -> Schema {
        .enumeration(DeletionPolicy.self,
                     "What deleting this resource does to the \(owned) it created: Retain (default) leaves "
                        + "them, Delete removes them. Objects it did not create are never deleted.")
            .defaulting(to: .string(DeletionPolicy.default.rawValue))
    }
}

/// Schema pieces every kind shares.
enum CommonSchema {
    /// A reference to another object of the namespace.
    static func reference(_ description: String) -> Schema {
        .object(description, required: ["name"], properties: [
            "name": .string("Name of the object, in the same namespace.", .objectName),
        ])
    }

    static func duration(_ description: String, default value: String? = nil) -> Schema {
        let schema = Schema.string(description + " A Go duration such as 200ms, 30s, 1m30s or 24h.", .duration)
        guard let value else { return schema }
        return schema.defaulting(to: .string(value))
    }

    static func replicas(_ description: String) -> Schema {
        Schema.integer(description, minimum: 0, maximum: 100).defaulting(to: 1)
    }

    static func image(_ description: String) -> Schema {
        Schema.string(description, .image).defaulting(to: .string(EventMeshAPI.defaultWorkerImage))
    }

    static let observedGeneration = Schema.integer(
        "The metadata.generation this status was computed from.", minimum: 0, int64: true)

    /// `status.conditions`, one per type, keyed by type (as `metav1.Condition`).
    static func conditions(_ types: [String]) -> Schema {
        Schema.array(
            "Current state, one condition per type: " + types.joined(separator: ", ")
                + ". Ready is the aggregate; its reason is the first problem found.",
            of: .object("A Kubernetes-standard condition.", required: ["status", "type"], properties: [
                "type": .string("Condition type, e.g. Ready.", ValuePattern(
                    "^[A-Za-z]([A-Za-z0-9_.-]*[A-Za-z0-9])?$", maxLength: 316,
                    explanation: "must be a CamelCase condition type")),
                "status": .string("True, False or Unknown.", maxLength: 16)
                    .setting("enum", ["True", "False", "Unknown"]),
                "reason": .string("CamelCase, stable reason for the last transition.", maxLength: 1024),
                "message": .string("Human-readable detail.", maxLength: 32768),
                "lastTransitionTime": Schema.string("When status last changed (RFC 3339).", maxLength: 64)
                    .setting("format", "date-time"),
                "observedGeneration": .integer(
                    "The metadata.generation the condition was computed from.", minimum: 0, int64: true),
            ]),
            maxItems: 16
        ).listMap(keys: ["type"])
    }
}
