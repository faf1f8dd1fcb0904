/// The desired (or observed) settings of one Kafka topic.
public struct KafkaTopicSettings: Sendable, Hashable {
    public var name: String
    public var partitions: Int
    /// Replicas per partition; 0 or less means "the broker's default" and is not compared.
    public var replicationFactor: Int
    /// Topic configs (`retention.ms`, `cleanup.policy`, ...). On an observed topic: the configs
    /// the desired settings named, as the broker reports them (absent when the broker has no value).
    public var configs: [String: String]

    public init(name: String, partitions: Int, replicationFactor: Int = 1, configs: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }

    /// The differences between `desired` and `actual`, pure. Only the configs `desired` names are
    /// compared (broker defaults are ignored); a partition decrease and any replication-factor
    /// change are `.notSupported`; the order is partitions, replication factor, configs by name.
    public static func differences(desired: KafkaTopicSettings, actual: KafkaTopicSettings) -> [Difference] {
        var result: [Difference] = []
        if desired.partitions != actual.partitions {
            result.append(Difference(field: "partitions", desired: String(desired.partitions), actual: String(actual.partitions),
                                     change: desired.partitions > actual.partitions ? .mutable : .notSupported))
        }
        if desired.replicationFactor > 0, desired.replicationFactor != actual.replicationFactor {
            result.append(Difference(field: "replication.factor", desired: String(desired.replicationFactor),
                                     actual: String(actual.replicationFactor), change: .notSupported))
        }
        for key in desired.configs.keys.sorted() {
            let want = desired.configs[key]!
            let have = actual.configs[key]
            if have != want {
                result.append(Difference(field: key, desired: want, actual: have ?? "(unset)", change: .mutable))
            }
        }
        return result
    }
}

/// How to reach a Kafka cluster (from a `MeshBroker`). `description` never shows credentials.
public struct KafkaConnection: Sendable, Hashable, CustomStringConvertible {
    public enum SecurityProtocol: String, Sendable, Hashable {
        case plaintext = "plaintext", ssl = "ssl", saslPlaintext = "sasl_plaintext", saslSSL = "sasl_ssl"
    }

    public var bootstrapServers: String
    public var securityProtocol: SecurityProtocol
    /// `PLAIN`, `SCRAM-SHA-256`, `SCRAM-SHA-512`.
    public var saslMechanism: String?
    public var saslUsername: String?
    public var saslPassword: String?
    /// PEM text.
    public var tlsCA: String?
    public var tlsCertificate: String?
    public var tlsKey: String?
    /// The name errors carry (the MeshBroker); defaults to the bootstrap servers.
    public var brokerName: String
    /// Timeout of every admin call, in milliseconds.
    public var timeoutMilliseconds: Int

    public init(bootstrapServers: String, securityProtocol: SecurityProtocol = .plaintext, saslMechanism: String? = nil,
                saslUsername: String? = nil, saslPassword: String? = nil, tlsCA: String? = nil, tlsCertificate: String? = nil,
                tlsKey: String? = nil, brokerName: String? = nil, timeoutMilliseconds: Int = 10_000) {
        self.bootstrapServers = bootstrapServers
        self.securityProtocol = securityProtocol
        self.saslMechanism = saslMechanism
        self.saslUsername = saslUsername
        self.saslPassword = saslPassword
        self.tlsCA = tlsCA
        self.tlsCertificate = tlsCertificate
        self.tlsKey = tlsKey
        self.brokerName = brokerName ?? "kafka \(bootstrapServers)"
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    public var description: String {
        var parts = ["bootstrap=\(bootstrapServers)", "security=\(securityProtocol.rawValue)"]
        if let saslMechanism { parts.append("sasl=\(saslMechanism)") }
        if saslUsername != nil { parts.append("username=<redacted>") }
        if saslPassword != nil { parts.append("password=<redacted>") }
        if tlsCA != nil { parts.append("ca=<set>") }
        if tlsCertificate != nil { parts.append("cert=<set>") }
        if tlsKey != nil { parts.append("key=<redacted>") }
        return "KafkaConnection(" + parts.joined(separator: ", ") + ")"
    }

    /// librdkafka configuration properties (contains secrets: never log).
    var properties: [(String, String)] {
        var p: [(String, String)] = [("bootstrap.servers", bootstrapServers), ("security.protocol", securityProtocol.rawValue)]
        if let saslMechanism { p.append(("sasl.mechanisms", saslMechanism)) }
        if let saslUsername { p.append(("sasl.username", saslUsername)) }
        if let saslPassword { p.append(("sasl.password", saslPassword)) }
        if let tlsCA { p.append(("ssl.ca.pem", tlsCA)) }
        if let tlsCertificate { p.append(("ssl.certificate.pem", tlsCertificate)) }
        if let tlsKey { p.append(("ssl.key.pem", tlsKey)) }
        return p
    }
}
