import KubeCore

extension MeshBroker {
    public func validate() -> [FieldError] {
        var errors = ErrorList()
        spec.validate(at: FieldPath("spec"), into: &errors)
        return errors.errors
    }
}

extension MeshBrokerSpec {
    func validate(at path: FieldPath, into errors: inout ErrorList) {
        errors.check(type, path.child("type"), required: true)
        let sections: [(name: String, present: Bool)] = [
            ("kafka", kafka != nil), ("rabbitmq", rabbitmq != nil), ("pulsar", pulsar != nil),
        ]
        if let expected = type.sectionName {
            for section in sections {
                if section.name == expected, !section.present {
                    errors.append(.required(path.child(section.name), "type \(type) needs the \(section.name) section"))
                } else if section.name != expected, section.present {
                    errors.append(.forbidden(path.child(section.name), "may only be set when type is \(Self.typeName(for: section.name))"))
                }
            }
        } else if !sections.contains(where: \.present) {
            errors.append(.required(path, "exactly one of kafka, rabbitmq or pulsar must be set"))
        }

        kafka?.validate(at: path.child("kafka"), into: &errors)
        rabbitmq?.validate(at: path.child("rabbitmq"), into: &errors)
        pulsar?.validate(at: path.child("pulsar"), into: &errors)
        if let tls {
            tls.validate(at: path.child("tls"), into: &errors)
            if let kafka, !kafka.effectiveSecurityProtocol.usesTLS {
                errors.append(.forbidden(path.child("tls"), "needs kafka.securityProtocol SSL or SASL_SSL"))
            }
            if let pulsar, !pulsar.usesTLS {
                errors.append(.forbidden(path.child("tls"), "needs a pulsar+ssl:// serviceURL"))
            }
        }
        errors.check(connectTimeout, path.child("connectTimeout"))
    }

    private static func typeName(for section: String) -> String {
        BrokerType.knownValues.first { $0.sectionName == section }?.rawValue ?? section
    }
}

extension KafkaConnection {
    func validate(at path: FieldPath, into errors: inout ErrorList) {
        let servers = path.child("bootstrapServers")
        errors.check(count: bootstrapServers.count, servers, minItems: 1, maxItems: 32)
        for (index, server) in bootstrapServers.enumerated() {
            errors.check(server, .hostPort, servers.index(index), required: true)
            if ValuePattern.hostPort.matches(server), let port = server.split(separator: ":").last.flatMap({ Int($0) }),
               !(1...65535).contains(port) {
                errors.append(.invalid(servers.index(index), .string(server), "port must be between 1 and 65535"))
            }
        }
        errors.checkUnique(bootstrapServers) { servers.index($0) }
        errors.check(securityProtocol, path.child("securityProtocol"))
        if effectiveSecurityProtocol.usesSASL, sasl == nil {
            errors.append(.required(path.child("sasl"), "securityProtocol \(effectiveSecurityProtocol) needs SASL settings"))
        } else if !effectiveSecurityProtocol.usesSASL, effectiveSecurityProtocol.isKnown, sasl != nil {
            errors.append(.forbidden(path.child("sasl"), "needs securityProtocol SASL_PLAINTEXT or SASL_SSL"))
        }
        if let sasl {
            errors.check(sasl.mechanism, path.child("sasl").child("mechanism"), required: true)
            sasl.credentialsSecretRef.validate(at: path.child("sasl").child("credentialsSecretRef"), into: &errors)
        }
    }
}

extension RabbitMQConnection {
    func validate(at path: FieldPath, into errors: inout ErrorList) {
        errors.check(host, .host, path.child("host"), required: true)
        errors.check(port, path.child("port"), minimum: 1, maximum: 65535)
        errors.check(managementURL, .httpURL, path.child("managementURL"))
        if let vhost {
            if vhost.isEmpty {
                errors.append(.invalid(path.child("vhost"), "", "must not be empty (the default vhost is \"/\")"))
            } else if vhost.utf8.count > 255 {
                errors.append(.tooLong(path.child("vhost"), maxLength: 255))
            }
        }
        credentialsSecretRef.validate(at: path.child("credentialsSecretRef"), into: &errors)
    }
}

extension PulsarConnection {
    func validate(at path: FieldPath, into errors: inout ErrorList) {
        errors.check(serviceURL, .pulsarServiceURL, path.child("serviceURL"), required: true)
        errors.check(adminURL, .httpURL, path.child("adminURL"))
        errors.check(cluster, .pulsarName, path.child("cluster"))
        authentication?.tokenSecretRef.validate(at: path.child("authentication").child("tokenSecretRef"), into: &errors)
    }
}

extension BrokerTLS {
    func validate(at path: FieldPath, into errors: inout ErrorList) {
        caSecretRef?.validate(at: path.child("caSecretRef"), into: &errors)
        clientCertificateSecretRef?.validate(at: path.child("clientCertificateSecretRef"), into: &errors)
    }
}
