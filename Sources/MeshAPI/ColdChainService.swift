import KubeCore

/// One cold-chain role running as a Deployment of the worker image: its input and output
/// endpoints, its CQRS store (DynamoBindings), replicas and settings.
public struct ColdChainService: MeshResource {
    public static let kind = "ColdChainService"
    public static let plural = "coldchainservices"
    public static let singular = "coldchainservice"
    public static let shortNames = ["ccs"]
    public static let conditionTypes = [
        MeshConditionType.ready, MeshConditionType.inputsReady, MeshConditionType.outputsReady,
        MeshConditionType.storeReady, MeshConditionType.available,
    ]

    public var metadata: ObjectMeta
    public var spec: ColdChainServiceSpec
    public var status: ColdChainServiceStatus?

    public init(metadata: ObjectMeta, spec: ColdChainServiceSpec, status: ColdChainServiceStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// The role a service plays in the cold chain.
public struct ColdChainRole: OpenEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Watches cold-chain failures (Kafka FallaCadenaFrio) and stock, emits StockBajo.
    public static let inventoryMovement: ColdChainRole = "InventoryMovement"
    /// Turns StockBajo into purchase orders (RecepcionProveedor).
    public static let purchaseOrder: ColdChainRole = "PurchaseOrder"
    /// Answers purchase orders with deliveries (InventarioRecibido).
    public static let supplier: ColdChainRole = "Supplier"
    /// Books received inventory into the read model; it needs no outputs.
    public static let inventoryIntake: ColdChainRole = "InventoryIntake"
    public static let knownValues: [ColdChainRole] = [.inventoryMovement, .purchaseOrder, .supplier, .inventoryIntake]

    /// Whether the role publishes events (and so needs at least one output).
    public var publishesEvents: Bool { self != .inventoryIntake }
}

public struct ColdChainServiceSpec: Codable, Sendable, Hashable {
    public static let maxEndpoints = 16

    public var role: ColdChainRole
    /// Endpoints the service consumes (at least one).
    public var inputs: [NamedEndpoint]
    /// Endpoints the service publishes to (at least one, except for InventoryIntake).
    public var outputs: [NamedEndpoint]?
    public var store: ServiceStore
    /// Default 1.
    public var replicas: Int32?
    /// Default `eventmesh-worker`.
    public var image: String?
    /// Role settings, passed to the worker through its ConfigMap.
    public var settings: [String: String]?
    public var resources: ResourceRequirements?
    /// What deleting the service does to the queues, topics and subscriptions it created (default Retain).
    public var deletionPolicy: DeletionPolicy?

    public init(role: ColdChainRole, inputs: [NamedEndpoint], outputs: [NamedEndpoint]? = nil, store: ServiceStore,
                replicas: Int32? = nil, image: String? = nil, settings: [String: String]? = nil,
                resources: ResourceRequirements? = nil, deletionPolicy: DeletionPolicy? = nil) {
        self.role = role
        self.inputs = inputs
        self.outputs = outputs
        self.store = store
        self.replicas = replicas
        self.image = image
        self.settings = settings
        self.resources = resources
        self.deletionPolicy = deletionPolicy
    }

    public var effectiveReplicas: Int32 { replicas ?? 1 }
    public var effectiveImage: String { image ?? EventMeshAPI.defaultWorkerImage }
    public var effectiveDeletionPolicy: DeletionPolicy { deletionPolicy ?? .default }
}

/// An endpoint with the name the worker knows it by.
public struct NamedEndpoint: Codable, Sendable, Hashable {
    public var name: String
    public var endpoint: Endpoint

    public init(name: String, endpoint: Endpoint) {
        self.name = name
        self.endpoint = endpoint
    }
}

/// The CQRS store of a service: the table it writes commands to and the one it projects into.
public struct ServiceStore: Codable, Sendable, Hashable {
    public var writeModel: LocalObjectReference
    public var readModel: LocalObjectReference

    public init(writeModel: LocalObjectReference, readModel: LocalObjectReference) {
        self.writeModel = writeModel
        self.readModel = readModel
    }
}

public struct ColdChainServiceStatus: Codable, Sendable, Hashable {
    public var observedGeneration: Int64?
    public var conditions: [Condition]?
    public var deploymentName: String?
    public var replicas: Int32?
    public var readyReplicas: Int32?
    public var availableReplicas: Int32?
    /// Broker objects this service created, so `deletionPolicy: Delete` removes exactly those.
    public var provisioned: [ProvisionedObject]?

    public init(observedGeneration: Int64? = nil, conditions: [Condition]? = nil, deploymentName: String? = nil,
                replicas: Int32? = nil, readyReplicas: Int32? = nil, availableReplicas: Int32? = nil,
                provisioned: [ProvisionedObject]? = nil) {
        self.observedGeneration = observedGeneration
        self.conditions = conditions
        self.deploymentName = deploymentName
        self.replicas = replicas
        self.readyReplicas = readyReplicas
        self.availableReplicas = availableReplicas
        self.provisioned = provisioned
    }
}
