import KubeCore

extension Endpoint {
    static let maxPartitions: Int64 = 10_000

    /// The schema of an endpoint; `description` says what this endpoint is for.
    static func schema(_ description: String) -> Schema {
        Schema.object(
            description + " Names a MeshBroker and exactly one of kafka, rabbitmq or pulsar, matching the broker's type.",
            required: ["brokerRef"], properties: [
                "brokerRef": CommonSchema.reference("The MeshBroker to use, in the same namespace."),
                "kafka": kafkaSchema,
                "rabbitmq": rabbitMQSchema,
                "pulsar": pulsarSchema,
            ])
            .requiringExactlyOne(of: ["kafka", "rabbitmq", "pulsar"])
    }

    private static var kafkaSchema: Schema {
        .object("A Kafka topic, created when missing.", required: ["topic"], properties: [
            "topic": .string("Topic name: letters, digits, '.', '_' or '-', at most 249, not '.' or '..'.", .kafkaTopic),
            "partitions": .integer(
                "Number of partitions; the broker's default when omitted. Partitions are never removed: a lower number is reported as NotSupported.",
                minimum: 1, maximum: maxPartitions),
            "replicationFactor": .integer("Replication factor; the broker's default when omitted.",
                                          minimum: 1, maximum: 32767),
            "config": .map(
                "Topic configuration such as retention.ms or cleanup.policy, values as strings.",
                values: .string("Configuration value.", maxLength: 4096), maxProperties: 64),
            "consumerGroup": .string(
                "Consumer group used when this endpoint is consumed (default: <namespace>.<resource name>).",
                .kafkaConsumerGroup),
        ])
    }

    private static var rabbitMQSchema: Schema {
        .object(
            "A RabbitMQ exchange and, optionally, a queue bound to it; both are declared when missing.",
            required: ["exchange"], properties: [
                "exchange": .string("Exchange to publish to (and to bind the queue to).", .rabbitMQName),
                "exchangeType": Schema.enumeration(
                    ExchangeType.self, "Exchange type: direct, fanout, topic (default) or headers.")
                    .defaulting(to: .string(ExchangeType.topic.rawValue)),
                "queue": .string(
                    "Queue bound to the exchange. Consumed when this endpoint is a source or an input; for a sink it keeps events until a consumer comes.",
                    .rabbitMQName),
                "routingKey": .string(
                    "Routing key events are published with and the queue is bound with. Default: # on topic exchanges, the queue name on direct ones; fanout and headers exchanges ignore it.",
                    maxLength: 255),
                "queueType": Schema.enumeration(QueueType.self, "Queue type: classic, quorum (default) or stream.")
                    .defaulting(to: .string(QueueType.quorum.rawValue)),
                "arguments": Schema.map(
                    "Optional queue arguments such as x-max-length or x-message-ttl. Each value sets exactly one of string, int or bool. x-queue-type is set by queueType.",
                    values: argumentSchema, maxProperties: 32)
                    .constrained(by: .forbids(RabbitMQEndpoint.queueTypeArgument))
                    .rule("!('\(RabbitMQEndpoint.queueTypeArgument)' in self)",
                          message: "set the queue type with queueType, not the x-queue-type argument"),
            ])
    }

    private static var argumentSchema: Schema {
        Schema.object("One argument value: exactly one of string, int or bool.", properties: [
            "string": .string("A string value.", maxLength: 1024),
            "int": .integer("An integer value.", int64: true),
            "bool": .boolean("A boolean value."),
        ])
        .requiringExactlyOne(of: ["string", "int", "bool"])
    }

    private static var pulsarSchema: Schema {
        .object("A Pulsar topic, created when missing.", required: ["namespace", "tenant", "topic"], properties: [
            "tenant": .string("Pulsar tenant.", .pulsarName),
            "namespace": .string("Pulsar namespace within the tenant.", .pulsarName),
            "topic": .string("Topic name within the namespace.", .pulsarName),
            "partitions": Schema.integer(
                "Number of partitions; 0 (default) for a non-partitioned topic. Needs the broker's adminURL when above 0.",
                minimum: 0, maximum: maxPartitions).defaulting(to: 0),
            "subscription": .string(
                "Subscription used when this endpoint is consumed (default: <namespace>.<resource name>).", .pulsarName),
            "subscriptionType": Schema.enumeration(
                SubscriptionType.self, "Subscription type: Exclusive, Shared (default), Failover or Key_Shared.")
                .defaulting(to: .string(SubscriptionType.shared.rawValue)),
            "persistent": Schema.boolean("Whether the topic is persistent:// (default) or non-persistent://.")
                .defaulting(to: true),
        ])
    }

    /// A CEL expression true when endpoints `a` and `b` designate the same broker object.
    static func sameAddressRule(_ a: String, _ b: String) -> String {
        let queue: (String) -> String = { "(has(\($0).rabbitmq.queue) ? \($0).rabbitmq.queue : '')" }
        return "\(a).brokerRef.name == \(b).brokerRef.name && ("
            + "(has(\(a).kafka) && has(\(b).kafka) && \(a).kafka.topic == \(b).kafka.topic) || "
            + "(has(\(a).rabbitmq) && has(\(b).rabbitmq) && \(a).rabbitmq.exchange == \(b).rabbitmq.exchange && \(queue(a)) == \(queue(b))) || "
            + "(has(\(a).pulsar) && has(\(b).pulsar) && \(a).pulsar.tenant == \(b).pulsar.tenant && "
            + "\(a).pulsar.__namespace__ == \(b).pulsar.__namespace__ && \(a).pulsar.topic == \(b).pulsar.topic))"
    }
}
