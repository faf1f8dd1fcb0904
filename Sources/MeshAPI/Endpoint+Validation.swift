import KubeCore
import StrictJSON

extension Endpoint {
    func validate(at path: FieldPath, into errors: inout ErrorList) {
        errors.check(brokerRef.name, .objectName, path.child("brokerRef").child("name"), required: true)
        let present = [("kafka", kafka != nil), ("rabbitmq", rabbitmq != nil), ("pulsar", pulsar != nil)]
            .filter(\.1).map(\.0)
        if present.isEmpty {
            errors.append(.required(path, "exactly one of kafka, rabbitmq or pulsar must be set"))
        }
        for extra in present.dropFirst() {
            errors.append(.forbidden(path.child(extra), "may not be set together with \(present[0])"))
        }
        kafka?.validate(at: path.child("kafka"), into: &errors)
        rabbitmq?.validate(at: path.child("rabbitmq"), into: &errors)
        pulsar?.validate(at: path.child("pulsar"), into: &errors)
    }

    /// The cross-object check: the endpoint's section must match its broker's type. A broker
    /// that is not among `brokers` is not an error here (the reconciler reports BrokerNotFound).
    func validate(at path: FieldPath, namespace: String?, brokers: [MeshBroker]) -> [FieldError] {
        guard let endpointType = brokerType,
              let broker = brokers.first(where: {
                  $0.metadata.name == brokerRef.name && $0.metadata.namespace == namespace
              }),
              broker.spec.type.isKnown, broker.spec.type != endpointType
        else { return [] }
        return [.invalid(path, .string(endpointType.sectionName ?? ""),
                         "MeshBroker \"\(brokerRef.name)\" is of type \(broker.spec.type); use its \(broker.spec.type.sectionName ?? "") section")]
    }
}

extension KafkaEndpoint {
    func validate(at path: FieldPath, into errors: inout ErrorList) {
        errors.check(topic, .kafkaTopic, path.child("topic"), required: true)
        errors.check(partitions, path.child("partitions"), minimum: 1, maximum: Int32(Endpoint.maxPartitions))
        errors.check(replicationFactor, path.child("replicationFactor"), minimum: 1, maximum: 32767)
        errors.checkKeys(config, .kafkaConfigName, path.child("config"), maxKeys: 64)
        for (name, value) in (config ?? [:]).sorted(by: { $0.key < $1.key }) where value.utf8.count > 4096 {
            errors.append(.tooLong(path.child("config").key(name), maxLength: 4096))
        }
        errors.check(consumerGroup, .kafkaConsumerGroup, path.child("consumerGroup"))
    }
}

extension RabbitMQEndpoint {
    func validate(at path: FieldPath, into errors: inout ErrorList) {
        errors.check(exchange, .rabbitMQName, path.child("exchange"), required: true)
        errors.check(exchangeType, path.child("exchangeType"))
        errors.check(queue, .rabbitMQName, path.child("queue"))
        if let routingKey, routingKey.utf8.count > 255 {
            errors.append(.tooLong(path.child("routingKey"), maxLength: 255))
        }
        errors.check(queueType, path.child("queueType"))
        let argumentsPath = path.child("arguments")
        errors.checkKeys(arguments, .rabbitMQArgumentName, argumentsPath, maxKeys: 32)
        for (name, argument) in (arguments ?? [:]).sorted(by: { $0.key < $1.key }) {
            if name == Self.queueTypeArgument {
                errors.append(.forbidden(argumentsPath.key(name), "set the queue type with queueType"))
            }
            if argument.value == nil {
                errors.append(.invalid(argumentsPath.key(name), (try? JSONValue(encoding: argument)) ?? .null,
                                       "exactly one of string, int or bool must be set"))
            }
            if let text = argument.string, text.utf8.count > 1024 {
                errors.append(.tooLong(argumentsPath.key(name).child("string"), maxLength: 1024))
            }
        }
    }
}

extension PulsarEndpoint {
    func validate(at path: FieldPath, into errors: inout ErrorList) {
        errors.check(tenant, .pulsarName, path.child("tenant"), required: true)
        errors.check(namespace, .pulsarName, path.child("namespace"), required: true)
        errors.check(topic, .pulsarName, path.child("topic"), required: true)
        errors.check(partitions, path.child("partitions"), minimum: 0, maximum: Int32(Endpoint.maxPartitions))
        errors.check(subscription, .pulsarName, path.child("subscription"))
        errors.check(subscriptionType, path.child("subscriptionType"))
    }
}
