import KubeCore

extension EventRoute {
    public static let kindDescription = """
        EventRoute bridges events from a source endpoint to a sink endpoint (Kafka, RabbitMQ or \
        Pulsar), with an optional filter and delivery settings: retries with backoff, a dead \
        letter, ordering and idempotency. The operator creates the topics, exchanges, queues and \
        bindings it needs and runs the bridge as a Deployment of the worker image.
        """

    public static let printerColumns: [PrinterColumn] = [
        PrinterColumn("Source", jsonPath: ".status.source", description: "Where events come from (broker/topic or queue)."),
        PrinterColumn("Sink", jsonPath: ".status.sink", description: "Where events go (broker/topic or exchange)."),
        .ready, .reason, .age,
        PrinterColumn("Source-Broker", jsonPath: ".spec.source.brokerRef.name", description: "The source's MeshBroker.",
                      priority: 1),
        PrinterColumn("Sink-Broker", jsonPath: ".spec.sink.brokerRef.name", description: "The sink's MeshBroker.",
                      priority: 1),
        PrinterColumn("Bridge", type: "integer", jsonPath: ".status.bridge.readyReplicas",
                      description: "Ready bridge replicas.", priority: 1),
    ]

    /// The name becomes the bridge Deployment's name and a label value.
    public static var nameSchema: Schema? {
        .string("Name of the route; it names the bridge Deployment, so it is a DNS label.", .label)
    }

    public static var specSchema: Schema {
        let sameAsSource = Endpoint.sameAddressRule("self.delivery.deadLetter", "self.source")
        let sameAsSink = Endpoint.sameAddressRule("self.delivery.deadLetter", "self.sink")
        return Schema.object("What to bridge and how.", required: ["sink", "source"], properties: [
            "source": Endpoint.schema("Where events are consumed from."),
            "sink": Endpoint.schema("Where events are delivered."),
            "filter": filterSchema,
            "delivery": deliverySchema,
            "bridge": bridgeSchema,
            "deletionPolicy": DeletionPolicy.schema(owned: "topics, exchanges, queues and bindings"),
            "force": Schema.boolean(
                "With deletionPolicy Delete, also delete queues and topics that still hold messages. Without it such a deletion waits (DeletionBlocked).")
                .defaulting(to: false),
        ])
        .rule("!(\(Endpoint.sameAddressRule("self.source", "self.sink")))",
              message: "source and sink must not be the same topic or queue")
        .rule("!has(self.delivery) || !has(self.delivery.deadLetter) || !(\(sameAsSource)) && !(\(sameAsSink))",
              message: "delivery.deadLetter must differ from source and sink")
        .constrained(by: .anyOf([
            .field("delivery", .field("ordering", in: [Ordering.none.rawValue, Ordering.perKey.rawValue])),
            .field("bridge", .field("replicas", .maximum(1))),
        ]))
        .rule("!has(self.delivery) || !has(self.delivery.ordering) || self.delivery.ordering != 'Strict' || !has(self.bridge) || !has(self.bridge.replicas) || self.bridge.replicas <= 1",
              message: "Strict ordering needs at most one bridge replica")
    }

    private static var filterSchema: Schema {
        .object("Which events to deliver; every event when omitted. All conditions must hold.", properties: [
            "types": Schema.array(
                "CloudEvents types to deliver (any type when empty).",
                of: .string("A CloudEvents type, e.g. coldchain.inventory.StockBajo.", .cloudEventType), maxItems: 64)
                .listSet(),
            "attributes": .map(
                "CloudEvents attributes or extensions (lower-case names) that must have exactly these values.",
                values: .string("Required attribute value.", maxLength: 1024), maxProperties: 32),
        ])
    }

    private static var deliverySchema: Schema {
        Schema.object("How events are delivered to the sink.", properties: [
            "retry": Schema.object("Retries of a failed delivery.", properties: [
                "maxAttempts": Schema.integer(
                    "Delivery attempts, the first included, before an event goes to the dead letter (default 5).",
                    minimum: 1, maximum: 100).defaulting(to: .integer(Int64(RetryPolicy.defaultMaxAttempts))),
                "backoff": Schema.object(
                    "Exponential backoff with jitter: initial, initial×multiplier, ... capped at max.", properties: [
                        "initial": CommonSchema.duration("Wait before the first retry.",
                                                         default: Backoff.defaultInitial.rawValue),
                        "max": CommonSchema.duration("Longest wait between attempts.", default: Backoff.defaultMax.rawValue),
                        "multiplier": Schema.number("Growth factor between waits (default 2).", minimum: 1, maximum: 10)
                            .defaulting(to: .double(Backoff.defaultMultiplier)),
                    ])
                    .defaulting(to: [:])
                    .rule("!has(self.initial) || !has(self.max) || duration(self.initial) <= duration(self.max)",
                          message: "initial must not be longer than max"),
            ]).defaulting(to: [:]),
            "deadLetter": Endpoint.schema(
                "Where events go once retries are exhausted, unchanged, with the failure in extensions. Without it the bridge keeps retrying at the max backoff and never drops an event."),
            "ordering": Schema.enumeration(
                Ordering.self,
                "None: parallel delivery. PerKey (default): events with the same key keep their order. Strict: one at a time in source order (at most one bridge replica).")
                .defaulting(to: .string(Ordering.perKey.rawValue)),
            "idempotency": Schema.object(
                "Duplicate suppression on the CloudEvents id and source.", properties: [
                    "enabled": Schema.boolean("Drop events whose id was already delivered (default true).")
                        .defaulting(to: true),
                    "window": CommonSchema.duration("How long a delivered id is remembered.",
                                                    default: Idempotency.defaultWindow.rawValue),
                ]).defaulting(to: [:]),
            "timeout": CommonSchema.duration("How long one delivery attempt may take.",
                                             default: DeliverySpec.defaultTimeout.rawValue),
        ]).defaulting(to: [:])
    }

    private static var bridgeSchema: Schema {
        Schema.object("The bridge workload, a Deployment of the worker image.", properties: [
            "replicas": CommonSchema.replicas("Bridge replicas (default 1); 0 stops the bridge and keeps everything else."),
            "image": CommonSchema.image("Worker image (default eventmesh-worker)."),
            "maxInFlight": Schema.integer("Events being delivered at once per replica (default 100).",
                                          minimum: 1, maximum: 10_000)
                .defaulting(to: .integer(Int64(BridgeSpec.defaultMaxInFlight))),
            "resources": ResourceRequirements.schema,
        ]).defaulting(to: [:])
    }

    public static var statusSchema: Schema {
        .object("State of the route, written by the operator.", properties: [
            "observedGeneration": CommonSchema.observedGeneration,
            "conditions": CommonSchema.conditions(conditionTypes),
            "source": .string("The source, as broker/topic or broker/exchange:queue.", maxLength: 1024),
            "sink": .string("The sink, as broker/topic or broker/exchange:queue.", maxLength: 1024),
            "bridge": WorkloadStatus.schema("The bridge Deployment."),
            "provisioned": ProvisionedObject.listSchema,
        ])
    }
}

extension WorkloadStatus {
    static func schema(_ description: String) -> Schema {
        .object(description, properties: [
            "deploymentName": .string("Name of the Deployment.", maxLength: 253),
            "replicas": .integer("Replicas the Deployment has.", minimum: 0),
            "readyReplicas": .integer("Replicas that are ready.", minimum: 0),
        ])
    }
}

extension ProvisionedObject {
    static let listSchema = Schema.array(
        "Broker objects this resource created; deletionPolicy Delete removes exactly these.",
        of: .object("A broker object.", required: ["broker", "kind", "name"], properties: [
            "broker": .string("The MeshBroker it lives on.", maxLength: 253),
            "kind": .string("KafkaTopic, Exchange, Queue, Binding or PulsarTopic.", maxLength: 64),
            "name": .string("Its name on the broker.", maxLength: 1024),
        ]),
        maxItems: 256)
}
