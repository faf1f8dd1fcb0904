import KubeCore

/// A bridge: events from a source endpoint, optionally filtered, delivered to a sink endpoint
/// with retries, backoff, a dead letter, ordering and idempotency, by a worker Deployment.
/// It owns the topics, exchanges, queues and bindings it creates, and its bridge Deployment.
public struct EventRoute: MeshResource {
    public static let kind = "EventRoute"
    public static let plural = "eventroutes"
    public static let singular = "eventroute"
    public static let shortNames = ["er"]
    public static let conditionTypes = [
        MeshConditionType.ready, MeshConditionType.sourceReady, MeshConditionType.sinkReady,
        MeshConditionType.deadLetterReady, MeshConditionType.bridgeReady,
    ]

    public var metadata: ObjectMeta
    public var spec: EventRouteSpec
    public var status: EventRouteStatus?

    public init(metadata: ObjectMeta, spec: EventRouteSpec, status: EventRouteStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

public struct EventRouteSpec: Codable, Sendable, Hashable {
    public var source: Endpoint
    public var sink: Endpoint
    /// Only matching events are delivered; all events when omitted.
    public var filter: EventFilter?
    public var delivery: DeliverySpec?
    public var bridge: BridgeSpec?
    /// Default Retain.
    public var deletionPolicy: DeletionPolicy?
    /// With `deletionPolicy: Delete`, also delete queues and topics that still hold messages.
    public var force: Bool?

    public init(source: Endpoint, sink: Endpoint, filter: EventFilter? = nil, delivery: DeliverySpec? = nil,
                bridge: BridgeSpec? = nil, deletionPolicy: DeletionPolicy? = nil, force: Bool? = nil) {
        self.source = source
        self.sink = sink
        self.filter = filter
        self.delivery = delivery
        self.bridge = bridge
        self.deletionPolicy = deletionPolicy
        self.force = force
    }

    public var effectiveDeletionPolicy: DeletionPolicy { deletionPolicy ?? .default }
    public var effectiveForce: Bool { force ?? false }
}

/// Which CloudEvents pass. All conditions must hold.
public struct EventFilter: Codable, Sendable, Hashable {
    /// CloudEvents `type`s to deliver; any type when omitted or empty.
    public var types: [String]?
    /// CloudEvents attributes (or extensions) that must have exactly these values.
    public var attributes: [String: String]?

    public init(types: [String]? = nil, attributes: [String: String]? = nil) {
        self.types = types
        self.attributes = attributes
    }
}

/// How events are delivered to the sink.
public struct Ordering: OpenEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// No ordering: events are delivered in parallel, up to maxInFlight.
    public static let none: Ordering = "None"
    /// Events with the same key (partition key, routing key, Pulsar key) keep their order.
    public static let perKey: Ordering = "PerKey"
    /// One event at a time, in source order; needs at most one bridge replica.
    public static let strict: Ordering = "Strict"
    public static let knownValues: [Ordering] = [.none, .perKey, .strict]
}

public struct DeliverySpec: Codable, Sendable, Hashable {
    public static let defaultTimeout: DurationString = "30s"

    public var retry: RetryPolicy?
    /// Where events go once retries are exhausted. Without it, the bridge keeps retrying at the
    /// maximum backoff and never drops an event.
    public var deadLetter: Endpoint?
    /// Default PerKey.
    public var ordering: Ordering?
    public var idempotency: Idempotency?
    /// How long one delivery attempt may take (default 30s).
    public var timeout: DurationString?

    public init(retry: RetryPolicy? = nil, deadLetter: Endpoint? = nil, ordering: Ordering? = nil,
                idempotency: Idempotency? = nil, timeout: DurationString? = nil) {
        self.retry = retry
        self.deadLetter = deadLetter
        self.ordering = ordering
        self.idempotency = idempotency
        self.timeout = timeout
    }

    public var effectiveOrdering: Ordering { ordering ?? .perKey }
}

public struct RetryPolicy: Codable, Sendable, Hashable {
    public static let defaultMaxAttempts: Int32 = 5

    /// Delivery attempts, the first included, before an event goes to the dead letter (default 5).
    public var maxAttempts: Int32?
    public var backoff: Backoff?

    public init(maxAttempts: Int32? = nil, backoff: Backoff? = nil) {
        self.maxAttempts = maxAttempts
        self.backoff = backoff
    }

    public var effectiveMaxAttempts: Int32 { maxAttempts ?? Self.defaultMaxAttempts }
}

/// Exponential backoff with jitter between attempts: initial, initial×multiplier, ... up to max.
public struct Backoff: Codable, Sendable, Hashable {
    public static let defaultInitial: DurationString = "200ms"
    public static let defaultMax: DurationString = "30s"
    public static let defaultMultiplier = 2.0

    public var initial: DurationString?
    public var max: DurationString?
    public var multiplier: Double?

    public init(initial: DurationString? = nil, max: DurationString? = nil, multiplier: Double? = nil) {
        self.initial = initial
        self.max = max
        self.multiplier = multiplier
    }

    public var effectiveInitial: Duration { initial?.duration ?? .milliseconds(200) }
    public var effectiveMax: Duration { max?.duration ?? .seconds(30) }
    public var effectiveMultiplier: Double { multiplier ?? Self.defaultMultiplier }
}

/// Duplicate suppression on the CloudEvents `id` (and `source`).
public struct Idempotency: Codable, Sendable, Hashable {
    public static let defaultWindow: DurationString = "24h"

    /// Default true.
    public var enabled: Bool?
    /// How long a delivered event id is remembered (default 24h).
    public var window: DurationString?

    public init(enabled: Bool? = nil, window: DurationString? = nil) {
        self.enabled = enabled
        self.window = window
    }

    public var isEnabled: Bool { enabled ?? true }
}

/// The bridge workload: a Deployment of the worker image in bridge mode.
public struct BridgeSpec: Codable, Sendable, Hashable {
    public static let defaultMaxInFlight: Int32 = 100

    /// Default 1; 0 stops the bridge without deleting anything.
    public var replicas: Int32?
    /// Default `eventmesh-worker`.
    public var image: String?
    /// Events being delivered at once per replica (default 100).
    public var maxInFlight: Int32?
    public var resources: ResourceRequirements?

    public init(replicas: Int32? = nil, image: String? = nil, maxInFlight: Int32? = nil,
                resources: ResourceRequirements? = nil) {
        self.replicas = replicas
        self.image = image
        self.maxInFlight = maxInFlight
        self.resources = resources
    }

    public var effectiveReplicas: Int32 { replicas ?? 1 }
    public var effectiveImage: String { image ?? EventMeshAPI.defaultWorkerImage }
    public var effectiveMaxInFlight: Int32 { maxInFlight ?? Self.defaultMaxInFlight }
}

public struct EventRouteStatus: Codable, Sendable, Hashable {
    public var observedGeneration: Int64?
    public var conditions: [Condition]?
    /// `Endpoint.summary` of the source, for `kubectl get`.
    public var source: String?
    /// `Endpoint.summary` of the sink, for `kubectl get`.
    public var sink: String?
    public var bridge: WorkloadStatus?
    /// Broker objects this route created, so `deletionPolicy: Delete` removes exactly those.
    public var provisioned: [ProvisionedObject]?

    public init(observedGeneration: Int64? = nil, conditions: [Condition]? = nil, source: String? = nil,
                sink: String? = nil, bridge: WorkloadStatus? = nil, provisioned: [ProvisionedObject]? = nil) {
        self.observedGeneration = observedGeneration
        self.conditions = conditions
        self.source = source
        self.sink = sink
        self.bridge = bridge
        self.provisioned = provisioned
    }
}

/// What a workload Deployment reports.
public struct WorkloadStatus: Codable, Sendable, Hashable {
    public var deploymentName: String?
    public var replicas: Int32?
    public var readyReplicas: Int32?

    public init(deploymentName: String? = nil, replicas: Int32? = nil, readyReplicas: Int32? = nil) {
        self.deploymentName = deploymentName
        self.replicas = replicas
        self.readyReplicas = readyReplicas
    }
}

/// A broker object a resource created (and so may delete).
public struct ProvisionedObject: Codable, Sendable, Hashable {
    /// The MeshBroker it lives on.
    public var broker: String
    /// `KafkaTopic`, `Exchange`, `Queue`, `Binding` or `PulsarTopic`.
    public var kind: String
    /// Its name on the broker (a binding as `exchange->queue`).
    public var name: String

    public init(broker: String, kind: String, name: String) {
        self.broker = broker
        self.kind = kind
        self.name = name
    }
}
