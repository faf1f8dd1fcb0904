import KubeCore
import StrictJSON

/// Where events come from or go to: one MeshBroker and exactly one of a Kafka topic, a RabbitMQ
/// exchange/queue or a Pulsar topic, matching the broker's type.
public struct Endpoint: Codable, Sendable, Hashable {
    public var brokerRef: LocalObjectReference
    public var kafka: KafkaEndpoint?
    public var rabbitmq: RabbitMQEndpoint?
    public var pulsar: PulsarEndpoint?

    public init(brokerRef: LocalObjectReference, kafka: KafkaEndpoint? = nil, rabbitmq: RabbitMQEndpoint? = nil,
                pulsar: PulsarEndpoint? = nil) {
        self.brokerRef = brokerRef
        self.kafka = kafka
        self.rabbitmq = rabbitmq
        self.pulsar = pulsar
    }

    public static func kafka(broker: String, _ endpoint: KafkaEndpoint) -> Endpoint {
        Endpoint(brokerRef: LocalObjectReference(name: broker), kafka: endpoint)
    }

    public static func rabbitmq(broker: String, _ endpoint: RabbitMQEndpoint) -> Endpoint {
        Endpoint(brokerRef: LocalObjectReference(name: broker), rabbitmq: endpoint)
    }

    public static func pulsar(broker: String, _ endpoint: PulsarEndpoint) -> Endpoint {
        Endpoint(brokerRef: LocalObjectReference(name: broker), pulsar: endpoint)
    }

    /// The broker type the endpoint's section needs, when exactly one section is set.
    public var brokerType: BrokerType? {
        switch (kafka != nil, rabbitmq != nil, pulsar != nil) {
        case (true, false, false): .kafka
        case (false, true, false): .rabbitMQ
        case (false, false, true): .pulsar
        default: nil
        }
    }

    /// The broker object the endpoint designates, comparable across endpoints (two endpoints
    /// with the same address read or write the same topic or queue); nil when ambiguous.
    public var address: String? {
        let broker = brokerRef.name
        switch brokerType {
        case .kafka: return kafka.map { "kafka://\(broker)/\($0.topic)" }
        case .rabbitMQ: return rabbitmq.map { "rabbitmq://\(broker)/\($0.exchange)/\($0.queue ?? "")" }
        case .pulsar: return pulsar.map { "pulsar://\(broker)/\($0.fullTopicName)" }
        default: return nil
        }
    }

    /// A short human-readable form for status and printer columns: `kafka-local/StockBajo`,
    /// `rabbitmq-local/StockBajo` (exchange, then `:queue` when it differs),
    /// `pulsar-local/persistent://coldchain/inventory/InventarioRecibido`.
    public var summary: String {
        let broker = brokerRef.name
        switch brokerType {
        case .kafka: return "\(broker)/\(kafka?.topic ?? "")"
        case .rabbitMQ:
            guard let rabbitmq else { return broker }
            if let queue = rabbitmq.queue, queue != rabbitmq.exchange { return "\(broker)/\(rabbitmq.exchange):\(queue)" }
            return "\(broker)/\(rabbitmq.exchange)"
        case .pulsar: return "\(broker)/\(pulsar?.fullTopicName ?? "")"
        default: return broker
        }
    }
}

public struct KafkaEndpoint: Codable, Sendable, Hashable {
    public var topic: String
    /// Partitions of the topic; the broker's default when omitted. Never decreased.
    public var partitions: Int32?
    /// Replication factor; the broker's default when omitted.
    public var replicationFactor: Int32?
    /// Topic configuration (`retention.ms`, `cleanup.policy`, ...), applied as given.
    public var config: [String: String]?
    /// Consumer group when this endpoint is consumed (default: `<namespace>.<resource name>`).
    public var consumerGroup: String?

    public init(topic: String, partitions: Int32? = nil, replicationFactor: Int32? = nil,
                config: [String: String]? = nil, consumerGroup: String? = nil) {
        self.topic = topic
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.config = config
        self.consumerGroup = consumerGroup
    }
}

/// A RabbitMQ exchange type.
public struct ExchangeType: OpenEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let direct: ExchangeType = "direct"
    public static let fanout: ExchangeType = "fanout"
    public static let topic: ExchangeType = "topic"
    public static let headers: ExchangeType = "headers"
    public static let knownValues: [ExchangeType] = [.direct, .fanout, .topic, .headers]
}

/// A RabbitMQ queue type.
public struct QueueType: OpenEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let classic: QueueType = "classic"
    public static let quorum: QueueType = "quorum"
    public static let stream: QueueType = "stream"
    public static let knownValues: [QueueType] = [.classic, .quorum, .stream]
}

public struct RabbitMQEndpoint: Codable, Sendable, Hashable {
    /// The queue argument that `queueType` sets; it may not also appear in `arguments`.
    public static let queueTypeArgument = "x-queue-type"

    public var exchange: String
    /// Default `topic`.
    public var exchangeType: ExchangeType?
    /// Queue bound to the exchange; consumed when this endpoint is a source or input.
    public var queue: String?
    /// Publish routing key and binding key (default `#` on topic exchanges, the queue name on direct ones).
    public var routingKey: String?
    /// Default `quorum`.
    public var queueType: QueueType?
    /// Optional queue arguments (`x-max-length`, `x-message-ttl`, ...), each a typed scalar.
    public var arguments: [String: RabbitMQArgument]?

    public init(exchange: String, exchangeType: ExchangeType? = nil, queue: String? = nil, routingKey: String? = nil,
                queueType: QueueType? = nil, arguments: [String: RabbitMQArgument]? = nil) {
        self.exchange = exchange
        self.exchangeType = exchangeType
        self.queue = queue
        self.routingKey = routingKey
        self.queueType = queueType
        self.arguments = arguments
    }

    public var effectiveExchangeType: ExchangeType { exchangeType ?? .topic }
    public var effectiveQueueType: QueueType { queueType ?? .quorum }

    /// The binding/publish key after defaults; nil for fanout and headers exchanges, which ignore it.
    public var effectiveRoutingKey: String? {
        if let routingKey { return routingKey }
        switch effectiveExchangeType {
        case .topic: return "#"
        case .direct: return queue ?? exchange
        default: return nil
        }
    }
}

/// One RabbitMQ argument value: exactly one of `string`, `int` or `bool`. Typed fields keep the
/// CRD schema structural and let RabbitMQ receive the AMQP type it expects (`x-max-length` must
/// be an integer, `x-single-active-consumer` a boolean).
public struct RabbitMQArgument: Codable, Sendable, Hashable {
    public var string: String?
    public var int: Int64?
    public var bool: Bool?

    public init(string: String? = nil, int: Int64? = nil, bool: Bool? = nil) {
        self.string = string
        self.int = int
        self.bool = bool
    }

    public static func string(_ value: String) -> RabbitMQArgument { RabbitMQArgument(string: value) }
    public static func int(_ value: Int64) -> RabbitMQArgument { RabbitMQArgument(int: value) }
    public static func bool(_ value: Bool) -> RabbitMQArgument { RabbitMQArgument(bool: value) }

    /// The value as JSON, when exactly one field is set.
    public var value: JSONValue? {
        switch (string, int, bool) {
        case (let text?, nil, nil): .string(text)
        case (nil, let number?, nil): .integer(number)
        case (nil, nil, let flag?): .bool(flag)
        default: nil
        }
    }
}

/// A Pulsar subscription type.
public struct SubscriptionType: OpenEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let exclusive: SubscriptionType = "Exclusive"
    public static let shared: SubscriptionType = "Shared"
    public static let failover: SubscriptionType = "Failover"
    public static let keyShared: SubscriptionType = "Key_Shared"
    public static let knownValues: [SubscriptionType] = [.exclusive, .shared, .failover, .keyShared]
}

public struct PulsarEndpoint: Codable, Sendable, Hashable {
    public var tenant: String
    public var namespace: String
    public var topic: String
    /// 0 (default): a non-partitioned topic.
    public var partitions: Int32?
    /// Subscription when this endpoint is consumed (default: `<namespace>.<resource name>`).
    public var subscription: String?
    /// Default `Shared`.
    public var subscriptionType: SubscriptionType?
    /// Default true: `persistent://`; false: `non-persistent://`.
    public var persistent: Bool?

    public init(tenant: String, namespace: String, topic: String, partitions: Int32? = nil,
                subscription: String? = nil, subscriptionType: SubscriptionType? = nil, persistent: Bool? = nil) {
        self.tenant = tenant
        self.namespace = namespace
        self.topic = topic
        self.partitions = partitions
        self.subscription = subscription
        self.subscriptionType = subscriptionType
        self.persistent = persistent
    }

    public var effectivePartitions: Int32 { partitions ?? 0 }
    public var effectiveSubscriptionType: SubscriptionType { subscriptionType ?? .shared }
    public var isPersistent: Bool { persistent ?? true }

    /// `persistent://tenant/namespace/topic`.
    public var fullTopicName: String {
        "\(isPersistent ? "persistent" : "non-persistent")://\(tenant)/\(namespace)/\(topic)"
    }
}
