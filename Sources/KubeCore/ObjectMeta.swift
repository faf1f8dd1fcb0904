import StrictJSON

/// The `metadata` of every Kubernetes object, with the field names of the Kubernetes JSON.
public struct ObjectMeta: Codable, Sendable, Hashable {
    public var name: String?
    public var generateName: String?
    public var namespace: String?
    public var uid: String?
    public var resourceVersion: String?
    public var generation: Int64?
    public var creationTimestamp: Timestamp?
    public var deletionTimestamp: Timestamp?
    public var deletionGracePeriodSeconds: Int64?
    public var labels: [String: String]?
    public var annotations: [String: String]?
    public var finalizers: [String]?
    public var ownerReferences: [OwnerReference]?
    /// Server-side-apply bookkeeping, carried through untouched.
    public var managedFields: [JSONValue]?

    public init(
        name: String? = nil,
        generateName: String? = nil,
        namespace: String? = nil,
        uid: String? = nil,
        resourceVersion: String? = nil,
        generation: Int64? = nil,
        creationTimestamp: Timestamp? = nil,
        deletionTimestamp: Timestamp? = nil,
        deletionGracePeriodSeconds: Int64? = nil,
        labels: [String: String]? = nil,
        annotations: [String: String]? = nil,
        finalizers: [String]? = nil,
        ownerReferences: [OwnerReference]? = nil,
        managedFields: [JSONValue]? = nil
    ) {
        self.name = name
        self.generateName = generateName
        self.namespace = namespace
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.generation = generation
        self.creationTimestamp = creationTimestamp
        self.deletionTimestamp = deletionTimestamp
        self.deletionGracePeriodSeconds = deletionGracePeriodSeconds
        self.labels = labels
        self.annotations = annotations
        self.finalizers = finalizers
        self.ownerReferences = ownerReferences
        self.managedFields = managedFields
    }

    /// Whether deletion has been requested (the object lives on until its finalizers are gone).
    public var isBeingDeleted: Bool { deletionTimestamp != nil }

    /// `namespace/name`, or `name` for a cluster-scoped object: the key a work queue uses.
    public var key: String {
        guard let namespace, !namespace.isEmpty else { return name ?? "" }
        return "\(namespace)/\(name ?? "")"
    }
}
