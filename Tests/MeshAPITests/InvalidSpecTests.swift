import KubeCore
import MeshAPI
import StrictJSON
import Testing

/// One invalid spec: a valid base object with one change, the field error the validator must
/// report, and (implicitly) rejection by the generated CRD schema under a JSON-schema validator.
struct InvalidCase: Sendable, CustomTestStringConvertible {
    var name: String
    var base: BaseObject
    var edits: [(String, JSONValue?)]
    var field: String
    var type: FieldErrorType

    init(_ name: String, _ base: BaseObject, _ edits: [(String, JSONValue?)], _ type: FieldErrorType, at field: String) {
        self.name = name
        self.base = base
        self.edits = edits
        self.field = field
        self.type = type
    }

    var testDescription: String { name }

    func document() throws -> JSONValue {
        var document = try base.document()
        for (path, value) in edits { document = document.setting(path, to: value) }
        return document
    }
}

/// Rejected both by the validator and by the CRD schema (the acceptance list).
let invalidCases: [InvalidCase] = [
    // MeshBroker
    InvalidCase("Kafka broker with a rabbitmq section", .kafkaBroker,
                [("spec.rabbitmq", ["host": "127.0.0.1", "credentialsSecretRef": ["name": "guest"]])],
                .forbidden, at: "spec.rabbitmq"),
    InvalidCase("RabbitMQ broker without its section", .rabbitMQBroker,
                [("spec.rabbitmq", nil), ("spec.pulsar", ["serviceURL": "pulsar://127.0.0.1:6650"])],
                .required, at: "spec.rabbitmq"),
    InvalidCase("unknown broker type", .kafkaBroker, [("spec.type", "NATS")], .notSupported, at: "spec.type"),
    InvalidCase("bootstrap server without port", .kafkaBroker,
                [("spec.kafka.bootstrapServers", ["kafka-broker"])], .invalid, at: "spec.kafka.bootstrapServers[0]"),
    InvalidCase("unknown Kafka security protocol", .kafkaBroker,
                [("spec.kafka.securityProtocol", "TLS")], .notSupported, at: "spec.kafka.securityProtocol"),
    InvalidCase("SASL protocol without sasl settings", .kafkaBroker,
                [("spec.kafka.securityProtocol", "SASL_SSL")], .required, at: "spec.kafka.sasl"),
    InvalidCase("tls with a PLAINTEXT Kafka broker", .kafkaBroker,
                [("spec.tls", ["insecureSkipVerify": true])], .forbidden, at: "spec.tls"),
    InvalidCase("Pulsar service URL with http scheme", .pulsarBroker,
                [("spec.pulsar.serviceURL", "http://127.0.0.1:6650")], .invalid, at: "spec.pulsar.serviceURL"),
    InvalidCase("RabbitMQ port out of range", .rabbitMQBroker, [("spec.rabbitmq.port", 70000)],
                .invalid, at: "spec.rabbitmq.port"),
    InvalidCase("connect timeout that is not a duration", .kafkaBroker, [("spec.connectTimeout", "5 minutes")],
                .invalid, at: "spec.connectTimeout"),

    // EventRoute
    InvalidCase("two endpoint kinds at once", .route,
                [("spec.source.rabbitmq", ["exchange": "StockBajo"])], .forbidden, at: "spec.source.rabbitmq"),
    InvalidCase("no endpoint kind", .route, [("spec.sink.rabbitmq", nil)], .required, at: "spec.sink"),
    InvalidCase("zero partitions", .route, [("spec.source.kafka.partitions", 0)],
                .invalid, at: "spec.source.kafka.partitions"),
    InvalidCase("negative partitions", .route, [("spec.source.kafka.partitions", -3)],
                .invalid, at: "spec.source.kafka.partitions"),
    InvalidCase("unknown deletionPolicy", .route, [("spec.deletionPolicy", "Destroy")],
                .notSupported, at: "spec.deletionPolicy"),
    InvalidCase("bad duration \"5 minutes\"", .route, [("spec.delivery.timeout", "5 minutes")],
                .invalid, at: "spec.delivery.timeout"),
    InvalidCase("bad Kafka topic name", .route, [("spec.source.kafka.topic", "Stock Bajo!")],
                .invalid, at: "spec.source.kafka.topic"),
    InvalidCase("Kafka topic \"..\"", .route, [("spec.source.kafka.topic", "..")],
                .invalid, at: "spec.source.kafka.topic"),
    InvalidCase("maxAttempts 0", .route, [("spec.delivery.retry.maxAttempts", 0)],
                .invalid, at: "spec.delivery.retry.maxAttempts"),
    InvalidCase("unknown exchangeType", .route, [("spec.sink.rabbitmq.exchangeType", "x-delayed-message")],
                .notSupported, at: "spec.sink.rabbitmq.exchangeType"),
    InvalidCase("bad dead-letter queue name", .route, [("spec.delivery.deadLetter.rabbitmq.queue", "dead letters")],
                .invalid, at: "spec.delivery.deadLetter.rabbitmq.queue"),
    InvalidCase("bridge replicas -1", .route, [("spec.bridge.replicas", -1)], .invalid, at: "spec.bridge.replicas"),
    InvalidCase("RabbitMQ argument with two values", .route,
                [("spec.sink.rabbitmq.arguments", ["x-max-length": ["int": 10, "string": "10"]])],
                .invalid, at: "spec.sink.rabbitmq.arguments[x-max-length]"),
    InvalidCase("x-queue-type given as an argument", .route,
                [("spec.sink.rabbitmq.arguments", ["x-queue-type": ["string": "classic"]])],
                .forbidden, at: "spec.sink.rabbitmq.arguments[x-queue-type]"),
    InvalidCase("memory limit that is not a quantity", .route, [("spec.bridge.resources.limits.memory", "128MB")],
                .invalid, at: "spec.bridge.resources.limits.memory"),
    InvalidCase("Strict ordering with three bridge replicas", .route,
                [("spec.delivery.ordering", "Strict"), ("spec.bridge.replicas", 3)], .invalid, at: "spec.bridge.replicas"),
    InvalidCase("backoff multiplier 50", .route, [("spec.delivery.retry.backoff.multiplier", 50)],
                .invalid, at: "spec.delivery.retry.backoff.multiplier"),

    // ColdChainService
    InvalidCase("unknown role", .service, [("spec.role", "Auditor")], .notSupported, at: "spec.role"),
    InvalidCase("no inputs", .service, [("spec.inputs", [])], .required, at: "spec.inputs"),
    InvalidCase("replicas -1", .service, [("spec.replicas", -1)], .invalid, at: "spec.replicas"),
    InvalidCase("publishing role without outputs", .service, [("spec.outputs", nil)], .required, at: "spec.outputs"),
    InvalidCase("input without endpoint kind", .service, [("spec.inputs[0].endpoint.rabbitmq", nil)],
                .required, at: "spec.inputs[0].endpoint"),
    InvalidCase("input name that is not a DNS label", .service, [("spec.inputs[0].name", "Low_Stock")],
                .invalid, at: "spec.inputs[0].name"),
    InvalidCase("store without read model", .service, [("spec.store.readModel", nil)],
                .required, at: "spec.store.readModel"),
    InvalidCase("unknown subscriptionType", .intakeService,
                [("spec.inputs[0].endpoint.pulsar.subscriptionType", "Round_Robin")],
                .notSupported, at: "spec.inputs[0].endpoint.pulsar.subscriptionType"),
    InvalidCase("negative Pulsar partitions", .intakeService, [("spec.inputs[0].endpoint.pulsar.partitions", -1)],
                .invalid, at: "spec.inputs[0].endpoint.pulsar.partitions"),

    // DynamoBinding
    InvalidCase("missing table partition key", .localTable, [("spec.keySchema.partitionKey", nil)],
                .required, at: "spec.keySchema.partitionKey"),
    InvalidCase("tableName too short", .localTable, [("spec.tableName", "ab")], .invalid, at: "spec.tableName"),
    InvalidCase("Provisioned without throughput", .localTable, [("spec.billingMode", "Provisioned")],
                .required, at: "spec.provisionedThroughput"),
    InvalidCase("External without credentials", .externalTable, [("spec.external.credentialsSecretRef", nil)],
                .required, at: "spec.external.credentialsSecretRef"),
    InvalidCase("External without region", .externalTable, [("spec.external.region", nil)],
                .required, at: "spec.external.region"),
    InvalidCase("bad AWS region", .externalTable, [("spec.external.region", "Europe-West")],
                .invalid, at: "spec.external.region"),
    InvalidCase("External mode with the local section", .localTable, [("spec.mode", "External")],
                .required, at: "spec.external"),
    InvalidCase("GSI projection Include without attributes", .localTable,
                [("spec.globalSecondaryIndexes[0].projection.type", "Include")],
                .required, at: "spec.globalSecondaryIndexes[0].projection.nonKeyAttributes"),
    InvalidCase("GSI projection KeysOnly with attributes", .localTable,
                [("spec.globalSecondaryIndexes[0].projection.nonKeyAttributes", ["quantity"])],
                .forbidden, at: "spec.globalSecondaryIndexes[0].projection.nonKeyAttributes"),
    InvalidCase("unknown key attribute type", .localTable, [("spec.keySchema.partitionKey.type", "X")],
                .notSupported, at: "spec.keySchema.partitionKey.type"),
    InvalidCase("21 global secondary indexes", .localTable,
                [("spec.globalSecondaryIndexes", .array((1...21).map { index in
                    ["name": .string("index-\(index)"), "keySchema": ["partitionKey": ["name": "status", "type": "S"]]]
                }))],
                .tooMany, at: "spec.globalSecondaryIndexes"),
    InvalidCase("local endpoint without scheme", .localTable, [("spec.local.endpoint", "127.0.0.1:8000")],
                .invalid, at: "spec.local.endpoint"),
    InvalidCase("zero read capacity", .externalTable, [("spec.provisionedThroughput.readCapacityUnits", 0)],
                .invalid, at: "spec.provisionedThroughput.readCapacityUnits"),
    InvalidCase("throughput with PayPerRequest", .externalTable, [("spec.billingMode", "PayPerRequest")],
                .forbidden, at: "spec.provisionedThroughput"),
]

@Suite("Invalid specs: rejected by the validator and by the CRD schema")
struct InvalidSpecTests {
    @Test func thereAreEnoughCases() {
        #expect(invalidCases.count >= 24)
        #expect(Set(invalidCases.map(\.name)).count == invalidCases.count)
    }

    @Test("the validator reports the expected field error", arguments: invalidCases)
    func validatorRejects(_ invalid: InvalidCase) throws {
        let errors = MeshValidator.validate(manifest: try invalid.document(), brokers: invalid.base.brokers)
        #expect(errors.contains { $0.field.description == invalid.field && $0.type == invalid.type },
                "expected \(invalid.type) at \(invalid.field), got: \(errors.map(\.description))")
    }

    @Test func theBasesAreValid() throws {
        for base in BaseObject.allCases {
            let errors = MeshValidator.validate(manifest: try base.document(), brokers: base.brokers)
            #expect(errors.isEmpty, "\(base): \(errors.map(\.description))")
        }
        for (crd, bases) in Dictionary(grouping: BaseObject.allCases, by: \.crd) {
            let results = try SchemaChecker.check(bases.map { try $0.document() }, crd: crd)
            for result in results {
                #expect(result.status == "valid", "\(result.name ?? "?"): \(result.errors.map(\.message))")
            }
        }
    }

    @Test func theSchemaRejectsEveryCase() throws {
        for (crd, cases) in Dictionary(grouping: invalidCases, by: \.base.crd) {
            let results = try SchemaChecker.check(cases.map { try $0.document() }, crd: crd)
            for (invalid, result) in zip(cases, results) {
                #expect(result.status == "invalid", "the schema accepted: \(invalid.name)")
            }
        }
    }
}
