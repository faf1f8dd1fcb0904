import KubeCore
import MeshAPI
import StrictJSON

/// Instances of every kind with every optional field set (across the instances of a kind), to
/// check the schema declares everything the types emit, and the types carry everything the
/// schema declares.
enum FullyPopulated {
    static let time = Timestamp(secondsSinceEpoch: 1_795_453_420)
    static let conditions = [
        Condition(type: "Ready", status: .true, reason: "Provisioned", message: "all parts ready",
                  observedGeneration: 2, lastTransitionTime: time),
    ]
    static let metadata = ObjectMeta(name: "full", namespace: "coldchain", generation: 2)
    static let resources = ResourceRequirements(requests: ResourceList(cpu: "100m", memory: "64Mi"),
                                                limits: ResourceList(cpu: "1", memory: "256Mi"))
    static let provisioned = [ProvisionedObject(broker: "rabbitmq", kind: "Queue", name: "StockBajo")]

    static let kafkaEndpoint = Endpoint.kafka(broker: "kafka", KafkaEndpoint(
        topic: "StockBajo", partitions: 3, replicationFactor: 1, config: ["retention.ms": "604800000"],
        consumerGroup: "coldchain.stock-bajo"))
    static let rabbitMQEndpoint = Endpoint.rabbitmq(broker: "rabbitmq", RabbitMQEndpoint(
        exchange: "StockBajo", exchangeType: .topic, queue: "StockBajo", routingKey: "#", queueType: .quorum,
        arguments: ["x-max-length": .int(10_000), "x-overflow": .string("reject-publish"),
                    "x-single-active-consumer": .bool(true)]))
    static let pulsarEndpoint = Endpoint.pulsar(broker: "pulsar", PulsarEndpoint(
        tenant: "coldchain", namespace: "inventory", topic: "InventarioRecibido", partitions: 0,
        subscription: "intake", subscriptionType: .failover, persistent: true))

    static var brokers: [MeshBroker] {
        let status = MeshBrokerStatus(observedGeneration: 2, conditions: conditions, brokerVersion: "3.7.0",
                                      clusterID: "abc", lastConnectedTime: time)
        let credentials = UsernamePasswordSecretReference(name: "creds", usernameKey: "user", passwordKey: "pass")
        return [
            MeshBroker(metadata: metadata, spec: MeshBrokerSpec(
                type: .kafka,
                kafka: KafkaConnection(bootstrapServers: ["kafka-0:9093"], securityProtocol: .saslSSL,
                                       sasl: KafkaSASL(mechanism: .scramSHA512, credentialsSecretRef: credentials)),
                tls: BrokerTLS(caSecretRef: SecretKeyReference(name: "ca", key: "ca.crt"),
                               clientCertificateSecretRef: TLSSecretReference(
                                   name: "client", certificateKey: "tls.crt", privateKeyKey: "tls.key"),
                               insecureSkipVerify: false),
                connectTimeout: "5s"), status: status),
            MeshBroker(metadata: metadata, spec: MeshBrokerSpec(
                type: .rabbitMQ,
                rabbitmq: RabbitMQConnection(host: "rabbitmq", port: 5671, managementURL: "https://rabbitmq:15671",
                                             vhost: "/", credentialsSecretRef: credentials))),
            MeshBroker(metadata: metadata, spec: MeshBrokerSpec(
                type: .pulsar,
                pulsar: PulsarConnection(serviceURL: "pulsar+ssl://pulsar:6651", adminURL: "https://pulsar:8443",
                                         cluster: "standalone",
                                         authentication: PulsarAuthentication(
                                            tokenSecretRef: SecretKeyReference(name: "token", key: "token"))))),
        ]
    }

    static var routes: [EventRoute] {
        let endpoints = [kafkaEndpoint, rabbitMQEndpoint, pulsarEndpoint]
        return (0..<3).map { shift in
            EventRoute(metadata: metadata, spec: EventRouteSpec(
                source: endpoints[shift % 3], sink: endpoints[(shift + 1) % 3],
                filter: EventFilter(types: ["coldchain.StockBajo"], attributes: ["source": "warehouse"]),
                delivery: DeliverySpec(
                    retry: RetryPolicy(maxAttempts: 5, backoff: Backoff(initial: "200ms", max: "30s", multiplier: 1.5)),
                    deadLetter: endpoints[(shift + 2) % 3], ordering: .perKey,
                    idempotency: Idempotency(enabled: true, window: "24h"), timeout: "30s"),
                bridge: BridgeSpec(replicas: 1, image: "eventmesh-worker", maxInFlight: 100, resources: resources),
                deletionPolicy: .delete, force: true),
                status: EventRouteStatus(observedGeneration: 2, conditions: conditions, source: "kafka/StockBajo",
                                         sink: "rabbitmq/StockBajo",
                                         bridge: WorkloadStatus(deploymentName: "full-bridge", replicas: 1, readyReplicas: 1),
                                         provisioned: provisioned))
        }
    }

    static var services: [ColdChainService] {
        [ColdChainService(metadata: metadata, spec: ColdChainServiceSpec(
            role: .purchaseOrder,
            inputs: [NamedEndpoint(name: "in-kafka", endpoint: kafkaEndpoint),
                     NamedEndpoint(name: "in-rabbitmq", endpoint: rabbitMQEndpoint),
                     NamedEndpoint(name: "in-pulsar", endpoint: pulsarEndpoint)],
            outputs: [NamedEndpoint(name: "out-kafka", endpoint: kafkaEndpoint),
                      NamedEndpoint(name: "out-rabbitmq", endpoint: rabbitMQEndpoint),
                      NamedEndpoint(name: "out-pulsar", endpoint: pulsarEndpoint)],
            store: ServiceStore(writeModel: LocalObjectReference(name: "write"),
                                readModel: LocalObjectReference(name: "read")),
            replicas: 2, image: "eventmesh-worker", settings: ["log-level": "info"], resources: resources,
            deletionPolicy: .retain),
            status: ColdChainServiceStatus(observedGeneration: 2, conditions: conditions, deploymentName: "full",
                                           replicas: 2, readyReplicas: 2, availableReplicas: 2,
                                           provisioned: provisioned))]
    }

    static var tables: [DynamoBinding] {
        let keys = KeySchema(partitionKey: KeyAttribute(name: "pk", type: .string),
                             sortKey: KeyAttribute(name: "sk", type: .number))
        let throughput = ProvisionedThroughput(readCapacityUnits: 5, writeCapacityUnits: 5)
        let status = DynamoBindingStatus(observedGeneration: 2, conditions: conditions, tableStatus: "ACTIVE",
                                         tableArn: "arn:aws:dynamodb:eu-west-1:1:table/t",
                                         latestStreamArn: "arn:aws:dynamodb:eu-west-1:1:table/t/stream/x")
        return [
            DynamoBinding(metadata: metadata, spec: DynamoBindingSpec(
                mode: .external, tableName: "orders",
                external: ExternalDynamoDB(region: "eu-west-1", endpoint: "https://dynamodb.eu-west-1.amazonaws.com",
                                           credentialsSecretRef: AWSCredentialsSecretReference(
                                               name: "aws", accessKeyIDKey: "id", secretAccessKeyKey: "secret",
                                               sessionTokenKey: "token")),
                keySchema: keys, billingMode: .provisioned, provisionedThroughput: throughput,
                globalSecondaryIndexes: [GlobalSecondaryIndex(
                    name: "by-supplier", keySchema: keys,
                    projection: Projection(type: .include, nonKeyAttributes: ["status"]),
                    provisionedThroughput: throughput)],
                timeToLive: TimeToLive(enabled: true, attributeName: "expiresAt"),
                stream: TableStream(enabled: true, viewType: .newAndOldImages),
                deletionProtection: true, deletionPolicy: .retain), status: status),
            DynamoBinding(metadata: metadata, spec: DynamoBindingSpec(
                mode: .local, tableName: "local-table",
                local: LocalDynamoDB(endpoint: "http://127.0.0.1:8000", region: "us-east-1"), keySchema: keys)),
        ]
    }

    /// The JSON of every instance, by kind.
    static func instances() throws -> [String: [JSONValue]] {
        [
            MeshBroker.kind: try brokers.map { try JSONValue(encoding: $0) },
            EventRoute.kind: try routes.map { try JSONValue(encoding: $0) },
            ColdChainService.kind: try services.map { try JSONValue(encoding: $0) },
            DynamoBinding.kind: try tables.map { try JSONValue(encoding: $0) },
        ]
    }
}
