import KubeCore

/// A connection to one Kafka, RabbitMQ or Pulsar cluster. It owns nothing on the broker:
/// EventRoutes and ColdChainServices refer to it by name.
public struct MeshBroker: MeshResource {
    public static let kind = "MeshBroker"
    public static let plural = "meshbrokers"
    public static let singular = "meshbroker"
    public static let shortNames = ["mb"]
    public static let conditionTypes = [MeshConditionType.ready, MeshConditionType.connected]

    public var metadata: ObjectMeta
    public var spec: MeshBrokerSpec
    public var status: MeshBrokerStatus?

    public init(metadata: ObjectMeta, spec: MeshBrokerSpec, status: MeshBrokerStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// The kind of broker a MeshBroker connects to.
public struct BrokerType: OpenEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let kafka: BrokerType = "Kafka"
    public static let rabbitMQ: BrokerType = "RabbitMQ"
    public static let pulsar: BrokerType = "Pulsar"
    public static let knownValues: [BrokerType] = [.kafka, .rabbitMQ, .pulsar]

    /// The spec section (and endpoint section) that goes with this type.
    public var sectionName: String? {
        switch self {
        case .kafka: "kafka"
        case .rabbitMQ: "rabbitmq"
        case .pulsar: "pulsar"
        default: nil
        }
    }
}

public struct MeshBrokerSpec: Codable, Sendable, Hashable {
    public static let defaultConnectTimeout: DurationString = "10s"

    public var type: BrokerType
    public var kafka: KafkaConnection?
    public var rabbitmq: RabbitMQConnection?
    public var pulsar: PulsarConnection?
    public var tls: BrokerTLS?
    /// How long a connection attempt may take (default 10s).
    public var connectTimeout: DurationString?

    public init(type: BrokerType, kafka: KafkaConnection? = nil, rabbitmq: RabbitMQConnection? = nil,
                pulsar: PulsarConnection? = nil, tls: BrokerTLS? = nil, connectTimeout: DurationString? = nil) {
        self.type = type
        self.kafka = kafka
        self.rabbitmq = rabbitmq
        self.pulsar = pulsar
        self.tls = tls
        self.connectTimeout = connectTimeout
    }

    public var effectiveConnectTimeout: Duration {
        connectTimeout?.duration ?? Self.defaultConnectTimeout.duration ?? .seconds(10)
    }
}

/// Kafka's `security.protocol`.
public struct KafkaSecurityProtocol: OpenEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let plaintext: KafkaSecurityProtocol = "PLAINTEXT"
    public static let ssl: KafkaSecurityProtocol = "SSL"
    public static let saslPlaintext: KafkaSecurityProtocol = "SASL_PLAINTEXT"
    public static let saslSSL: KafkaSecurityProtocol = "SASL_SSL"
    public static let knownValues: [KafkaSecurityProtocol] = [.plaintext, .ssl, .saslPlaintext, .saslSSL]

    public var usesSASL: Bool { self == .saslPlaintext || self == .saslSSL }
    public var usesTLS: Bool { self == .ssl || self == .saslSSL }
}

/// Kafka's `sasl.mechanism`.
public struct SASLMechanism: OpenEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let plain: SASLMechanism = "PLAIN"
    public static let scramSHA256: SASLMechanism = "SCRAM-SHA-256"
    public static let scramSHA512: SASLMechanism = "SCRAM-SHA-512"
    public static let knownValues: [SASLMechanism] = [.plain, .scramSHA256, .scramSHA512]
}

public struct KafkaConnection: Codable, Sendable, Hashable {
    public var bootstrapServers: [String]
    /// Default PLAINTEXT.
    public var securityProtocol: KafkaSecurityProtocol?
    /// Required exactly when `securityProtocol` is SASL_PLAINTEXT or SASL_SSL.
    public var sasl: KafkaSASL?

    public init(bootstrapServers: [String], securityProtocol: KafkaSecurityProtocol? = nil, sasl: KafkaSASL? = nil) {
        self.bootstrapServers = bootstrapServers
        self.securityProtocol = securityProtocol
        self.sasl = sasl
    }

    public var effectiveSecurityProtocol: KafkaSecurityProtocol { securityProtocol ?? .plaintext }
}

public struct KafkaSASL: Codable, Sendable, Hashable {
    public var mechanism: SASLMechanism
    public var credentialsSecretRef: UsernamePasswordSecretReference

    public init(mechanism: SASLMechanism, credentialsSecretRef: UsernamePasswordSecretReference) {
        self.mechanism = mechanism
        self.credentialsSecretRef = credentialsSecretRef
    }
}

public struct RabbitMQConnection: Codable, Sendable, Hashable {
    public static let defaultPort: Int32 = 5672
    public static let defaultVirtualHost = "/"
    public static let defaultManagementPort = 15672

    public var host: String
    /// AMQP port (default 5672; RabbitMQ's TLS port is usually 5671).
    public var port: Int32?
    /// Management API base URL (default `http://<host>:15672`).
    public var managementURL: String?
    /// Virtual host (default `/`).
    public var vhost: String?
    public var credentialsSecretRef: UsernamePasswordSecretReference

    public init(host: String, port: Int32? = nil, managementURL: String? = nil, vhost: String? = nil,
                credentialsSecretRef: UsernamePasswordSecretReference) {
        self.host = host
        self.port = port
        self.managementURL = managementURL
        self.vhost = vhost
        self.credentialsSecretRef = credentialsSecretRef
    }

    public var effectivePort: Int32 { port ?? Self.defaultPort }
    public var effectiveVirtualHost: String { vhost ?? Self.defaultVirtualHost }
    public var effectiveManagementURL: String {
        managementURL ?? "http://\(host.contains(":") ? "[\(host)]" : host):\(Self.defaultManagementPort)"
    }
}

public struct PulsarConnection: Codable, Sendable, Hashable {
    /// `pulsar://host:6650` or `pulsar+ssl://host:6651` (several hosts comma-separated).
    public var serviceURL: String
    /// Admin REST API base URL; without it topics are created on first use (pulsar-lite has none).
    public var adminURL: String?
    /// Cluster name, for namespaces the operator creates through the admin API.
    public var cluster: String?
    public var authentication: PulsarAuthentication?

    public init(serviceURL: String, adminURL: String? = nil, cluster: String? = nil,
                authentication: PulsarAuthentication? = nil) {
        self.serviceURL = serviceURL
        self.adminURL = adminURL
        self.cluster = cluster
        self.authentication = authentication
    }

    public var usesTLS: Bool { serviceURL.hasPrefix("pulsar+ssl://") }
}

public struct PulsarAuthentication: Codable, Sendable, Hashable {
    public static let defaultTokenKey = "token"

    /// A Secret key holding a JWT (default key `token`).
    public var tokenSecretRef: SecretKeyReference

    public init(tokenSecretRef: SecretKeyReference) {
        self.tokenSecretRef = tokenSecretRef
    }
}

/// TLS to the broker. Kafka uses it with SSL/SASL_SSL, Pulsar with `pulsar+ssl://`, RabbitMQ
/// (AMQPS) whenever it is set.
public struct BrokerTLS: Codable, Sendable, Hashable {
    public static let defaultCAKey = "ca.crt"

    /// CA bundle to trust (default key `ca.crt`); the system trust store when omitted.
    public var caSecretRef: SecretKeyReference?
    /// Client certificate for mutual TLS.
    public var clientCertificateSecretRef: TLSSecretReference?
    /// Skip server certificate verification. For development only.
    public var insecureSkipVerify: Bool?

    public init(caSecretRef: SecretKeyReference? = nil, clientCertificateSecretRef: TLSSecretReference? = nil,
                insecureSkipVerify: Bool? = nil) {
        self.caSecretRef = caSecretRef
        self.clientCertificateSecretRef = clientCertificateSecretRef
        self.insecureSkipVerify = insecureSkipVerify
    }
}

public struct MeshBrokerStatus: Codable, Sendable, Hashable {
    public var observedGeneration: Int64?
    public var conditions: [Condition]?
    /// Version the broker reports (Kafka API version range, RabbitMQ or Pulsar server version).
    public var brokerVersion: String?
    /// Identity of the cluster (Kafka cluster id, RabbitMQ cluster name, Pulsar cluster), to
    /// notice when an address starts pointing at another cluster.
    public var clusterID: String?
    /// When the operator last reached the broker.
    public var lastConnectedTime: Timestamp?

    public init(observedGeneration: Int64? = nil, conditions: [Condition]? = nil, brokerVersion: String? = nil,
                clusterID: String? = nil, lastConnectedTime: Timestamp? = nil) {
        self.observedGeneration = observedGeneration
        self.conditions = conditions
        self.brokerVersion = brokerVersion
        self.clusterID = clusterID
        self.lastConnectedTime = lastConnectedTime
    }
}
