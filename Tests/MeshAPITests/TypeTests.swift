import KubeCore
import MeshAPI
import StrictJSON
import Testing

@Suite("API types")
struct TypeTests {
    @Test func openEnumsKeepUnknownValues() throws {
        let policy = try (["p": "Sometimes"] as JSONValue)["p"]!.decode(as: DeletionPolicy.self)
        #expect(policy.rawValue == "Sometimes" && !policy.isKnown)
        #expect(try JSONValue(encoding: policy) == "Sometimes")
        #expect(DeletionPolicy.retain.isKnown && DeletionPolicy.knownValues == [.retain, .delete])
        #expect(BrokerType.rabbitMQ.sectionName == "rabbitmq" && BrokerType("NATS").sectionName == nil)
    }

    @Test func defaultsWhenNothingIsSet() throws {
        let route = try yamlDocument("""
            apiVersion: eventmesh.coldchain.io/v1alpha1
            kind: EventRoute
            metadata: {name: r}
            spec:
              source: {brokerRef: {name: k}, kafka: {topic: A}}
              sink: {brokerRef: {name: p}, pulsar: {tenant: t, namespace: ns, topic: B}}
            """).decode(as: EventRoute.self)
        #expect(route.spec.effectiveDeletionPolicy == .retain)
        #expect(route.spec.effectiveForce == false)
        #expect(DeliverySpec().effectiveOrdering == .perKey)
        #expect(RetryPolicy().effectiveMaxAttempts == 5)
        #expect(Backoff().effectiveInitial == .milliseconds(200) && Backoff().effectiveMax == .seconds(30))
        #expect(Idempotency().isEnabled)
        #expect(BridgeSpec().effectiveReplicas == 1 && BridgeSpec().effectiveImage == "eventmesh-worker")
        let pulsar = try #require(route.spec.sink.pulsar)
        #expect(pulsar.effectiveSubscriptionType == .shared && pulsar.isPersistent && pulsar.effectivePartitions == 0)
        let rabbit = RabbitMQConnection(host: "::1", credentialsSecretRef: .init(name: "c"))
        #expect(rabbit.effectivePort == 5672 && rabbit.effectiveVirtualHost == "/")
        #expect(rabbit.effectiveManagementURL == "http://[::1]:15672")
        #expect(MeshBrokerSpec(type: .kafka).effectiveConnectTimeout == .seconds(10))
        #expect(KafkaConnection(bootstrapServers: []).effectiveSecurityProtocol == .plaintext)
    }

    @Test("the CRD's defaults agree with the Swift defaults", arguments: ["EventRoute", "MeshBroker", "DynamoBinding"])
    func crdDefaultsMatchSwiftDefaults(kind: String) throws {
        let meshKind = try #require(CustomResourceDefinitions.kind(named: kind))
        let minimal: JSONValue = switch kind {
        case "EventRoute": try BaseObject.route.document()
            .setting("spec.delivery", to: [:]).setting("spec.bridge", to: [:])
            .setting("spec.sink.rabbitmq", to: ["exchange": "X", "queue": "Q"])
        case "MeshBroker": try BaseObject.rabbitMQBroker.document()
        default: try BaseObject.localTable.document()
        }
        var defaulted = minimal
        defaulted["spec"] = Defaulting.apply(meshKind.specSchema, to: minimal["spec"] ?? [:])
        #expect(defaulted != minimal)
        switch kind {
        case "EventRoute":
            let before = try minimal.decode(as: EventRoute.self).spec
            let after = try defaulted.decode(as: EventRoute.self).spec
            #expect(after.deletionPolicy == before.effectiveDeletionPolicy)
            #expect(after.force == before.effectiveForce)
            #expect(after.delivery?.ordering == DeliverySpec().effectiveOrdering)
            #expect(after.delivery?.timeout == DeliverySpec.defaultTimeout)
            #expect(after.delivery?.retry?.maxAttempts == RetryPolicy().effectiveMaxAttempts)
            #expect(after.delivery?.retry?.backoff?.initial?.duration == Backoff().effectiveInitial)
            #expect(after.delivery?.retry?.backoff?.max?.duration == Backoff().effectiveMax)
            #expect(after.delivery?.retry?.backoff?.multiplier == Backoff().effectiveMultiplier)
            #expect(after.delivery?.idempotency?.enabled == Idempotency().isEnabled)
            #expect(after.bridge?.replicas == BridgeSpec().effectiveReplicas)
            #expect(after.bridge?.image == BridgeSpec().effectiveImage)
            #expect(after.bridge?.maxInFlight == BridgeSpec().effectiveMaxInFlight)
            #expect(after.sink.rabbitmq?.exchangeType == before.sink.rabbitmq?.effectiveExchangeType)
            #expect(after.sink.rabbitmq?.queueType == before.sink.rabbitmq?.effectiveQueueType)
        case "MeshBroker":
            let before = try minimal.decode(as: MeshBroker.self).spec
            let after = try defaulted.decode(as: MeshBroker.self).spec
            #expect(after.rabbitmq?.port == before.rabbitmq?.effectivePort)
            #expect(after.rabbitmq?.vhost == before.rabbitmq?.effectiveVirtualHost)
            #expect(after.rabbitmq?.credentialsSecretRef.usernameKey == UsernamePasswordSecretReference.defaultUsernameKey)
            #expect(after.connectTimeout?.duration == before.effectiveConnectTimeout)
        default:
            let before = try minimal.decode(as: DynamoBinding.self).spec
            let after = try defaulted.decode(as: DynamoBinding.self).spec
            #expect(after.billingMode == before.effectiveBillingMode)
            #expect(after.deletionPolicy == before.effectiveDeletionPolicy)
            #expect(after.local?.region == before.local?.effectiveRegion)
            #expect(after.globalSecondaryIndexes?.first?.projection?.type == .keysOnly)
        }
        #expect(MeshValidator.validate(manifest: defaulted, brokers: BaseObject.route.brokers).isEmpty)
    }

    @Test func endpointSummariesAndAddresses() {
        let kafka = Endpoint.kafka(broker: "k", KafkaEndpoint(topic: "StockBajo"))
        let rabbit = Endpoint.rabbitmq(broker: "r", RabbitMQEndpoint(exchange: "X", queue: "Q"))
        let sameName = Endpoint.rabbitmq(broker: "r", RabbitMQEndpoint(exchange: "X", queue: "X"))
        let pulsar = Endpoint.pulsar(broker: "p", PulsarEndpoint(tenant: "t", namespace: "n", topic: "T", persistent: false))
        #expect(kafka.summary == "k/StockBajo" && kafka.address == "kafka://k/StockBajo")
        #expect(rabbit.summary == "r/X:Q" && sameName.summary == "r/X")
        #expect(pulsar.summary == "p/non-persistent://t/n/T")
        var both = kafka
        both.pulsar = PulsarEndpoint(tenant: "t", namespace: "n", topic: "T")
        #expect(both.brokerType == nil && both.address == nil)
        #expect(RabbitMQEndpoint(exchange: "X").effectiveRoutingKey == "#")
        #expect(RabbitMQEndpoint(exchange: "X", exchangeType: .direct, queue: "Q").effectiveRoutingKey == "Q")
        #expect(RabbitMQEndpoint(exchange: "X", exchangeType: .fanout).effectiveRoutingKey == nil)
        #expect(RabbitMQArgument.int(3).value == .integer(3) && RabbitMQArgument(string: "a", int: 1).value == nil)
    }

    @Test func meshObjectsSkipOtherKinds() throws {
        #expect(try MeshObject(manifest: ["apiVersion": "v1", "kind": "Secret"]) == nil)
        #expect(try MeshObject(manifest: ["apiVersion": "other.io/v1", "kind": "EventRoute"]) == nil)
        let broker = try #require(try MeshObject(manifest: try BaseObject.kafkaBroker.document()))
        #expect(broker.kind == "MeshBroker" && broker.metadata.name == "kafka")
        #expect(throws: ObjectDecodingError.self) {
            try MeshObject(manifest: ["apiVersion": "eventmesh.coldchain.io/v1alpha1", "kind": "EventRoute", "spec": [:]])
        }
    }

    @Test func pauseAnnotation() throws {
        var broker = try BaseObject.kafkaBroker.document().decode(as: MeshBroker.self)
        #expect(!broker.isPaused)
        broker.metadata.annotations = [EventMeshAPI.pausedAnnotation: "true"]
        #expect(broker.isPaused)
        #expect(EventMeshAPI.pausedAnnotation == "eventmesh.coldchain.io/paused")
    }

    @Test func conditionTypesPerKind() {
        #expect(EventRoute.conditionTypes == ["Ready", "SourceReady", "SinkReady", "DeadLetterReady", "BridgeReady"])
        #expect(ColdChainService.conditionTypes == ["Ready", "InputsReady", "OutputsReady", "StoreReady", "Available"])
        #expect(DynamoBinding.conditionTypes == ["Ready", "TableReady"])
        #expect(MeshBroker.conditionTypes == ["Ready", "Connected"])
        #expect([MeshConditionReason.provisioned, MeshConditionReason.brokerUnreachable, MeshConditionReason.invalidSpec,
                 MeshConditionReason.resourceConflict, MeshConditionReason.notSupported,
                 MeshConditionReason.immutableFieldChanged, MeshConditionReason.drifted, MeshConditionReason.paused]
            == ["Provisioned", "BrokerUnreachable", "InvalidSpec", "ResourceConflict", "NotSupported",
                "ImmutableFieldChanged", "Drifted", "Paused"])
    }
}

/// Structural defaulting as the API server applies it: a missing property with a `default`
/// gets it, then defaults apply inside present objects, list items and map values.
enum Defaulting {
    static func apply(_ schema: JSONValue, to value: JSONValue) -> JSONValue {
        switch value {
        case .object(var members):
            for (name, property) in schema["properties"]?.objectValue ?? [:] {
                if members[name] == nil, let value = property["default"] { members[name] = value }
                if let member = members[name] { members[name] = apply(property, to: member) }
            }
            if let values = schema["additionalProperties"], values.objectValue != nil {
                for (key, member) in members where schema[path: "properties", key] == nil {
                    members[key] = apply(values, to: member)
                }
            }
            return .object(members)
        case .array(let elements):
            guard let items = schema["items"] else { return value }
            return .array(elements.map { apply(items, to: $0) })
        default:
            return value
        }
    }
}
