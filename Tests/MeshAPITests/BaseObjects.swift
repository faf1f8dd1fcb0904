import KubeCore
import MeshAPI
import StrictJSON

/// Valid objects the invalid cases start from: each case changes one thing.
enum BaseObject: String, Sendable, CaseIterable {
    case kafkaBroker, rabbitMQBroker, pulsarBroker, route, service, intakeService, localTable, externalTable

    var crd: String {
        switch self {
        case .kafkaBroker, .rabbitMQBroker, .pulsarBroker: "crds/meshbrokers.eventmesh.coldchain.io.yaml"
        case .route: "crds/eventroutes.eventmesh.coldchain.io.yaml"
        case .service, .intakeService: "crds/coldchainservices.eventmesh.coldchain.io.yaml"
        case .localTable, .externalTable: "crds/dynamobindings.eventmesh.coldchain.io.yaml"
        }
    }

    var yaml: String {
        switch self {
        case .kafkaBroker:
            """
            apiVersion: eventmesh.coldchain.io/v1alpha1
            kind: MeshBroker
            metadata: {name: kafka}
            spec:
              type: Kafka
              kafka:
                bootstrapServers: [127.0.0.1:9092]
            """
        case .rabbitMQBroker:
            """
            apiVersion: eventmesh.coldchain.io/v1alpha1
            kind: MeshBroker
            metadata: {name: rabbitmq}
            spec:
              type: RabbitMQ
              rabbitmq:
                host: 127.0.0.1
                credentialsSecretRef: {name: rabbitmq-guest}
            """
        case .pulsarBroker:
            """
            apiVersion: eventmesh.coldchain.io/v1alpha1
            kind: MeshBroker
            metadata: {name: pulsar}
            spec:
              type: Pulsar
              pulsar:
                serviceURL: pulsar://127.0.0.1:6650
            """
        case .route:
            """
            apiVersion: eventmesh.coldchain.io/v1alpha1
            kind: EventRoute
            metadata: {name: stock-bajo}
            spec:
              source:
                brokerRef: {name: kafka}
                kafka: {topic: StockBajo, partitions: 3}
              sink:
                brokerRef: {name: rabbitmq}
                rabbitmq:
                  exchange: StockBajo
                  queue: StockBajo
                  arguments:
                    x-max-length: {int: 10000}
              delivery:
                retry:
                  maxAttempts: 5
                  backoff: {initial: 200ms, max: 30s}
                deadLetter:
                  brokerRef: {name: rabbitmq}
                  rabbitmq: {exchange: StockBajo.dlx, queue: StockBajo.dlq}
                timeout: 30s
              bridge:
                replicas: 1
                resources:
                  limits: {cpu: 500m, memory: 128Mi}
            """
        case .service:
            """
            apiVersion: eventmesh.coldchain.io/v1alpha1
            kind: ColdChainService
            metadata: {name: purchase-order}
            spec:
              role: PurchaseOrder
              inputs:
              - name: low-stock
                endpoint:
                  brokerRef: {name: rabbitmq}
                  rabbitmq: {exchange: StockBajo, queue: StockBajo}
              outputs:
              - name: supplier-orders
                endpoint:
                  brokerRef: {name: rabbitmq}
                  rabbitmq: {exchange: RecepcionProveedor, queue: RecepcionProveedor}
              store:
                writeModel: {name: write-model}
                readModel: {name: read-model}
            """
        case .intakeService:
            """
            apiVersion: eventmesh.coldchain.io/v1alpha1
            kind: ColdChainService
            metadata: {name: inventory-intake}
            spec:
              role: InventoryIntake
              inputs:
              - name: received
                endpoint:
                  brokerRef: {name: pulsar}
                  pulsar: {tenant: coldchain, namespace: inventory, topic: InventarioRecibido}
              store:
                writeModel: {name: write-model}
                readModel: {name: read-model}
            """
        case .localTable:
            """
            apiVersion: eventmesh.coldchain.io/v1alpha1
            kind: DynamoBinding
            metadata: {name: write-model}
            spec:
              mode: Local
              tableName: coldchain-write-model
              local: {endpoint: "http://127.0.0.1:8000"}
              keySchema:
                partitionKey: {name: pk, type: S}
                sortKey: {name: sk, type: S}
              globalSecondaryIndexes:
              - name: by-status
                keySchema:
                  partitionKey: {name: status, type: S}
                projection: {type: KeysOnly}
            """
        case .externalTable:
            """
            apiVersion: eventmesh.coldchain.io/v1alpha1
            kind: DynamoBinding
            metadata: {name: orders}
            spec:
              mode: External
              tableName: orders
              external:
                region: eu-west-1
                credentialsSecretRef: {name: aws-credentials}
              keySchema:
                partitionKey: {name: pk, type: S}
              billingMode: Provisioned
              provisionedThroughput: {readCapacityUnits: 5, writeCapacityUnits: 5}
            """
        }
    }

    var brokers: [MeshBroker] {
        [BaseObject.kafkaBroker, .rabbitMQBroker, .pulsarBroker].compactMap { base in
            try? yamlDocument(base.yaml).decode(as: MeshBroker.self)
        }
    }

    func document() throws -> JSONValue {
        try yamlDocument(yaml)
    }
}
