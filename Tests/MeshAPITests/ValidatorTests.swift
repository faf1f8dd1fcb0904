import KubeCore
import MeshAPI
import StrictJSON
import Testing

/// Rules a JSON-schema validator cannot check (cross-object, comparisons, uniqueness), and
/// other validator behaviour. Each case: a base object, edits, the expected field error.
let validatorCases: [InvalidCase] = [
    InvalidCase("sink section does not match its broker's type", .route, [("spec.sink.brokerRef.name", "kafka")],
                .invalid, at: "spec.sink"),
    InvalidCase("dead letter section does not match its broker's type", .route,
                [("spec.delivery.deadLetter.brokerRef.name", "pulsar")], .invalid, at: "spec.delivery.deadLetter"),
    InvalidCase("service input does not match its broker's type", .service,
                [("spec.inputs[0].endpoint.brokerRef.name", "kafka")], .invalid, at: "spec.inputs[0].endpoint"),
    InvalidCase("source and sink are the same topic", .route,
                [("spec.sink", ["brokerRef": ["name": "kafka"], "kafka": ["topic": "StockBajo"]])],
                .invalid, at: "spec.sink"),
    InvalidCase("dead letter is the source", .route,
                [("spec.delivery.deadLetter", ["brokerRef": ["name": "kafka"], "kafka": ["topic": "StockBajo"]])],
                .invalid, at: "spec.delivery.deadLetter"),
    InvalidCase("backoff initial longer than max", .route,
                [("spec.delivery.retry.backoff", ["initial": "1m", "max": "30s"])],
                .invalid, at: "spec.delivery.retry.backoff.initial"),
    InvalidCase("backoff initial longer than the default max", .route,
                [("spec.delivery.retry.backoff", ["initial": "1m"])], .invalid, at: "spec.delivery.retry.backoff.initial"),
    InvalidCase("zero timeout", .route, [("spec.delivery.timeout", "0s")], .invalid, at: "spec.delivery.timeout"),
    InvalidCase("duplicate input names", .service,
                [("spec.inputs[1]", nil), ("spec.outputs[0].name", "low-stock"),
                 ("spec.inputs", [["name": "a", "endpoint": ["brokerRef": ["name": "rabbitmq"],
                                                             "rabbitmq": ["exchange": "A", "queue": "A"]]],
                                  ["name": "a", "endpoint": ["brokerRef": ["name": "rabbitmq"],
                                                             "rabbitmq": ["exchange": "B", "queue": "B"]]]])],
                .duplicate, at: "spec.inputs[1].name"),
    InvalidCase("index named like the table", .localTable,
                [("spec.globalSecondaryIndexes[0].name", "coldchain-write-model")],
                .invalid, at: "spec.globalSecondaryIndexes[0].name"),
    InvalidCase("duplicate index names", .localTable,
                [("spec.globalSecondaryIndexes", [
                    ["name": "gsi", "keySchema": ["partitionKey": ["name": "a", "type": "S"]]],
                    ["name": "gsi", "keySchema": ["partitionKey": ["name": "b", "type": "S"]]],
                ])],
                .duplicate, at: "spec.globalSecondaryIndexes[1].name"),
    InvalidCase("sort key equal to the partition key", .localTable, [("spec.keySchema.sortKey.name", "pk")],
                .invalid, at: "spec.keySchema.sortKey.name"),
    InvalidCase("one attribute with two types", .localTable,
                [("spec.globalSecondaryIndexes[0].keySchema.partitionKey", ["name": "pk", "type": "N"])],
                .invalid, at: "spec.globalSecondaryIndexes[0].keySchema.partitionKey.type"),
    InvalidCase("index throughput with PayPerRequest", .localTable,
                [("spec.globalSecondaryIndexes[0].provisionedThroughput",
                  ["readCapacityUnits": 1, "writeCapacityUnits": 1])],
                .forbidden, at: "spec.globalSecondaryIndexes[0].provisionedThroughput"),
    InvalidCase("filter attribute that is not a CloudEvents name", .route,
                [("spec.filter.attributes", ["Source": "warehouse"])], .invalid, at: "spec.filter.attributes[Source]"),
    InvalidCase("duplicate filter types", .route, [("spec.filter.types", ["a.b", "a.b"])],
                .duplicate, at: "spec.filter.types[1]"),
    InvalidCase("Kafka config name with spaces", .route, [("spec.source.kafka.config", ["retention ms": "1"])],
                .invalid, at: "spec.source.kafka.config[retention ms]"),
    InvalidCase("CPU request above its limit", .route, [("spec.bridge.resources.requests.cpu", "2")],
                .invalid, at: "spec.bridge.resources.requests.cpu"),
    InvalidCase("route name that is not a DNS label", .route, [("metadata.name", "Stock_Bajo")],
                .invalid, at: "metadata.name"),
    InvalidCase("bootstrap server port 0", .kafkaBroker, [("spec.kafka.bootstrapServers", ["127.0.0.1:0"])],
                .invalid, at: "spec.kafka.bootstrapServers[0]"),
    InvalidCase("a string where an integer belongs", .route, [("spec.source.kafka.partitions", "three")],
                .typeInvalid, at: "spec.source.kafka.partitions"),
    InvalidCase("an integer beyond 32 bits", .route, [("spec.source.kafka.partitions", 99_999_999_999)],
                .invalid, at: "spec.source.kafka.partitions"),
    InvalidCase("a list where an object belongs", .service, [("spec.store", ["write-model"])],
                .typeInvalid, at: "spec.store"),
]

@Suite("Validator")
struct ValidatorTests {
    @Test("rules beyond JSON Schema", arguments: validatorCases)
    func rejects(_ invalid: InvalidCase) throws {
        let errors = MeshValidator.validate(manifest: try invalid.document(), brokers: invalid.base.brokers)
        #expect(errors.contains { $0.field.description == invalid.field && $0.type == invalid.type },
                "expected \(invalid.type) at \(invalid.field), got: \(errors.map(\.description))")
    }

    @Test func reportsEveryProblemNotTheFirst() throws {
        let document = try BaseObject.route.document()
            .setting("spec.source.kafka.partitions", to: 0)
            .setting("spec.sink.rabbitmq.exchangeType", to: "bogus")
            .setting("spec.delivery.timeout", to: "soon")
            .setting("spec.bridge.replicas", to: -1)
            .setting("spec.deletionPolicy", to: "Never")
        let errors = MeshValidator.validate(manifest: document)
        #expect(Set(errors.map(\.field.description)) == [
            "spec.source.kafka.partitions", "spec.sink.rabbitmq.exchangeType", "spec.delivery.timeout",
            "spec.bridge.replicas", "spec.deletionPolicy",
        ])
        let missing = try BaseObject.externalTable.document()
            .setting("spec.keySchema.partitionKey", to: nil)
            .setting("spec.external.region", to: nil)
            .setting("spec.tableName", to: nil)
        #expect(Set(MeshValidator.validate(manifest: missing).map(\.field.description)) == [
            "spec.keySchema.partitionKey", "spec.external.region", "spec.tableName",
        ])
    }

    @Test func aBrokerThatIsNotThereIsLeftToTheReconciler() throws {
        let document = try BaseObject.route.document().setting("spec.source.brokerRef.name", to: "elsewhere")
        #expect(MeshValidator.validate(manifest: document, brokers: BaseObject.route.brokers).isEmpty)
        let inOtherNamespace = try BaseObject.route.document().setting("metadata.namespace", to: "other")
            .setting("spec.sink.brokerRef.name", to: "kafka")
        #expect(MeshValidator.validate(manifest: inOtherNamespace, brokers: BaseObject.route.brokers).isEmpty)
    }

    @Test func otherKindsAreNotSupported() {
        let secret: JSONValue = ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "s"]]
        let errors = MeshValidator.validate(manifest: secret)
        #expect(errors.count == 1 && errors.first?.type == .notSupported && errors.first?.field == "kind")
    }

    @Test func errorsNeverCarrySecretValues() throws {
        // Specs only reference Secrets; a bad reference reports the reference, not a value.
        let document = try BaseObject.rabbitMQBroker.document()
            .setting("spec.rabbitmq.credentialsSecretRef", to: ["name": "Not A Name", "passwordKey": "bad key"])
        let errors = MeshValidator.validate(manifest: document)
        #expect(Set(errors.map(\.field.description)) == [
            "spec.rabbitmq.credentialsSecretRef.name", "spec.rabbitmq.credentialsSecretRef.passwordKey",
        ])
    }

    @Test("value patterns", arguments: [
        (ValuePattern.kafkaTopic, "StockBajo", true), (.kafkaTopic, "...", true), (.kafkaTopic, ".", false),
        (.kafkaTopic, String(repeating: "a", count: 250), false), (.kafkaTopic, "a/b", false),
        (.hostPort, "127.0.0.1:9092", true), (.hostPort, "[::1]:9092", true), (.hostPort, "kafka:abc", false),
        (.pulsarServiceURL, "pulsar://a:6650,b:6650", true), (.pulsarServiceURL, "pulsar+ssl://a:6651", true),
        (.pulsarServiceURL, "pulsar://", false), (.httpURL, "http://127.0.0.1:15672", true),
        (.httpURL, "ftp://x", false), (.awsRegion, "us-gov-west-1", true), (.awsRegion, "us-east", false),
        (.dynamoTableName, "abc", true), (.dynamoTableName, "ab", false), (.duration, "1m30s", true),
        (.duration, "1.5h", true), (.duration, "-1s", false), (.duration, "5 minutes", false),
        (.quantity, "100m", true), (.quantity, "64MB", false), (.label, "stock-bajo", true),
        (.label, "Stock", false), (.objectName, "rabbitmq-guest.v1", true), (.host, "::1", true),
        (.host, "rabbit mq", false), (.cloudEventAttribute, "traceparent", true), (.cloudEventAttribute, "Trace", false),
    ])
    func patterns(pattern: ValuePattern, value: String, valid: Bool) {
        #expect(pattern.matches(value) == valid)
    }
}
