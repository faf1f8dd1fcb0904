import KubeCore

extension MeshBroker {
    public static let kindDescription = """
        MeshBroker is a connection to one Kafka, RabbitMQ or Pulsar cluster: addresses, TLS and \
        credentials (always by Secret reference). EventRoutes and ColdChainServices name it in their \
        endpoints' brokerRef. It owns nothing on the broker.
        """

    public static let printerColumns: [PrinterColumn] = [
        PrinterColumn("Type", jsonPath: ".spec.type", description: "Kafka, RabbitMQ or Pulsar."),
        .ready, .reason, .age,
        PrinterColumn("Version", jsonPath: ".status.brokerVersion", description: "Version the broker reports.",
                      priority: 1),
    ]

    public static var specSchema: Schema {
        Schema.object("How to reach the broker.", required: ["type"], properties: [
            "type": .enumeration(BrokerType.self, "The broker's protocol: Kafka, RabbitMQ or Pulsar. The section of the same name must be set, and only that one."),
            "kafka": kafkaSchema,
            "rabbitmq": rabbitMQSchema,
            "pulsar": pulsarSchema,
            "tls": tlsSchema,
            "connectTimeout": CommonSchema.duration("How long a connection attempt may take.",
                                                     default: MeshBrokerSpec.defaultConnectTimeout.rawValue),
        ])
        .requiringExactlyOne(of: ["kafka", "rabbitmq", "pulsar"])
        .constrained(by: .anyOf([
            .field("type", in: ["Kafka"]).and(.requires("kafka")),
            .field("type", in: ["RabbitMQ"]).and(.requires("rabbitmq")),
            .field("type", in: ["Pulsar"]).and(.requires("pulsar")),
        ]))
        .rule("self.type == 'Kafka' ? has(self.kafka) : self.type == 'RabbitMQ' ? has(self.rabbitmq) : has(self.pulsar)",
              message: "the section named by type must be set: kafka for Kafka, rabbitmq for RabbitMQ, pulsar for Pulsar")
        .constrained(by: .anyOf([
            .forbids("tls"),
            .requires("rabbitmq"),
            .requires("kafka").and(.field("kafka", .requires("securityProtocol")
                .and(.field("securityProtocol", in: ["SSL", "SASL_SSL"])))),
            .requires("pulsar").and(.field("pulsar", .field("serviceURL", .pattern("^pulsar\\+ssl://")))),
        ]))
        .rule("!has(self.tls) || !has(self.kafka) || (has(self.kafka.securityProtocol) && self.kafka.securityProtocol.endsWith('SSL'))",
              message: "tls needs kafka.securityProtocol SSL or SASL_SSL")
        .rule("!has(self.tls) || !has(self.pulsar) || self.pulsar.serviceURL.startsWith('pulsar+ssl://')",
              message: "tls needs a pulsar+ssl:// serviceURL")
    }

    static var kafkaSchema: Schema {
        Schema.object("Kafka connection; required when type is Kafka.", required: ["bootstrapServers"], properties: [
            "bootstrapServers": Schema.array(
                "Initial brokers as host:port, e.g. 127.0.0.1:9092; the rest are discovered.",
                of: .string("A broker address, host:port.", .hostPort), maxItems: 32)
                .minItems(1).listSet(),
            "securityProtocol": Schema.enumeration(
                KafkaSecurityProtocol.self,
                "Kafka security.protocol: PLAINTEXT (default), SSL, SASL_PLAINTEXT or SASL_SSL. SSL and SASL_SSL use spec.tls.")
                .defaulting(to: .string(KafkaSecurityProtocol.plaintext.rawValue)),
            "sasl": Schema.object(
                "SASL authentication; required exactly when securityProtocol is SASL_PLAINTEXT or SASL_SSL.",
                required: ["credentialsSecretRef", "mechanism"], properties: [
                    "mechanism": .enumeration(SASLMechanism.self, "SASL mechanism: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512."),
                    "credentialsSecretRef": UsernamePasswordSecretReference.schema(
                        "Secret with the SASL user name and password."),
                ]),
        ])
        .constrained(by: .anyOf([
            .field("securityProtocol", in: ["SASL_PLAINTEXT", "SASL_SSL"]).and(.requires("securityProtocol", "sasl")),
            .field("securityProtocol", in: ["PLAINTEXT", "SSL"]).and(.forbids("sasl")),
        ]))
        .rule("has(self.sasl) == (has(self.securityProtocol) && self.securityProtocol.startsWith('SASL_'))",
              message: "sasl is required exactly when securityProtocol is SASL_PLAINTEXT or SASL_SSL")
    }

    static var rabbitMQSchema: Schema {
        Schema.object("RabbitMQ connection; required when type is RabbitMQ.",
                      required: ["credentialsSecretRef", "host"], properties: [
            "host": .string("Host name or IP address of the AMQP listener, without scheme or port.", .host),
            "port": Schema.integer("AMQP port (default 5672; RabbitMQ's TLS port is usually 5671).",
                                   minimum: 1, maximum: 65535)
                .defaulting(to: .integer(Int64(RabbitMQConnection.defaultPort))),
            "managementURL": .string(
                "Base URL of the management HTTP API, used to declare and inspect topology (default http://<host>:15672).",
                .httpURL),
            "vhost": Schema.string("Virtual host (default /).", maxLength: 255)
                .setting("minLength", 1)
                .defaulting(to: .string(RabbitMQConnection.defaultVirtualHost)),
            "credentialsSecretRef": UsernamePasswordSecretReference.schema(
                "Secret with the user name and password for AMQP and the management API."),
        ])
    }

    static var pulsarSchema: Schema {
        Schema.object("Pulsar connection; required when type is Pulsar.", required: ["serviceURL"], properties: [
            "serviceURL": .string(
                "Binary protocol URL: pulsar://host:6650, or pulsar+ssl://host:6651 with spec.tls.", .pulsarServiceURL),
            "adminURL": .string(
                "Admin REST API base URL (http or https). Without it, topics are created on first use and partitioned topics are not supported.",
                .httpURL),
            "cluster": .string("Cluster name for namespaces the operator creates through the admin API.", .pulsarName),
            "authentication": .object("Token authentication.", required: ["tokenSecretRef"], properties: [
                "tokenSecretRef": SecretKeyReference.schema(
                    "Secret key holding the JWT.", defaultKey: PulsarAuthentication.defaultTokenKey),
            ]),
        ])
    }

    static var tlsSchema: Schema {
        Schema.object(
            "TLS to the broker: used by Kafka SSL/SASL_SSL, Pulsar pulsar+ssl:// and, whenever set, RabbitMQ (AMQPS).",
            properties: [
                "caSecretRef": SecretKeyReference.schema(
                    "CA bundle (PEM) to trust; the system trust store when omitted.", defaultKey: BrokerTLS.defaultCAKey),
                "clientCertificateSecretRef": TLSSecretReference.schema("Client certificate and key for mutual TLS."),
                "insecureSkipVerify": Schema.boolean(
                    "Skip verification of the broker's certificate. For development only.").defaulting(to: false),
            ])
    }

    public static var statusSchema: Schema {
        .object("State of the connection, written by the operator.", properties: [
            "observedGeneration": CommonSchema.observedGeneration,
            "conditions": CommonSchema.conditions(conditionTypes),
            "brokerVersion": .string("Version the broker reports.", maxLength: 256),
            "clusterID": .string("Identity of the cluster (Kafka cluster id, RabbitMQ cluster name, Pulsar cluster).",
                                 maxLength: 256),
            "lastConnectedTime": Schema.string("When the operator last reached the broker (RFC 3339).", maxLength: 64)
                .setting("format", "date-time"),
        ])
    }
}
