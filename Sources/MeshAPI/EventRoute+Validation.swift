import KubeCore

extension EventRoute {
    public func validate() -> [FieldError] {
        var errors = ErrorList()
        errors.check(metadata.name, .label, FieldPath("metadata.name"))
        spec.validate(at: FieldPath("spec"), into: &errors)
        return errors.errors
    }

    /// Every problem of `validate()`, plus endpoints whose section does not match their broker.
    public func validate(brokers: [MeshBroker]) -> [FieldError] {
        let spec = FieldPath("spec")
        let namespace = metadata.namespace
        var errors = validate()
        errors += self.spec.source.validate(at: spec.child("source"), namespace: namespace, brokers: brokers)
        errors += self.spec.sink.validate(at: spec.child("sink"), namespace: namespace, brokers: brokers)
        if let deadLetter = self.spec.delivery?.deadLetter {
            errors += deadLetter.validate(at: spec.child("delivery").child("deadLetter"), namespace: namespace,
                                          brokers: brokers)
        }
        return errors
    }
}

extension EventRouteSpec {
    func validate(at path: FieldPath, into errors: inout ErrorList) {
        source.validate(at: path.child("source"), into: &errors)
        sink.validate(at: path.child("sink"), into: &errors)
        if let address = source.address, address == sink.address {
            errors.append(.invalid(path.child("sink"), .string(sink.summary), "must not be the same topic or queue as source"))
        }
        filter?.validate(at: path.child("filter"), into: &errors)
        if let delivery {
            delivery.validate(at: path.child("delivery"), into: &errors)
            if let deadLetter = delivery.deadLetter, let address = deadLetter.address,
               address == source.address || address == sink.address {
                errors.append(.invalid(path.child("delivery").child("deadLetter"), .string(deadLetter.summary),
                                       "must differ from source and sink"))
            }
        }
        if let bridge {
            bridge.validate(at: path.child("bridge"), into: &errors)
            if delivery?.effectiveOrdering == .strict, bridge.effectiveReplicas > 1 {
                errors.append(.invalid(path.child("bridge").child("replicas"), .integer(Int64(bridge.effectiveReplicas)),
                                       "Strict ordering needs at most one bridge replica"))
            }
        }
        errors.check(deletionPolicy, path.child("deletionPolicy"))
    }
}

extension EventFilter {
    func validate(at path: FieldPath, into errors: inout ErrorList) {
        if let types {
            errors.check(count: types.count, path.child("types"), maxItems: 64)
            for (index, type) in types.enumerated() {
                errors.check(type, .cloudEventType, path.child("types").index(index), required: true)
            }
            errors.checkUnique(types) { path.child("types").index($0) }
        }
        errors.checkKeys(attributes, .cloudEventAttribute, path.child("attributes"), maxKeys: 32)
        for (name, value) in (attributes ?? [:]).sorted(by: { $0.key < $1.key }) where value.utf8.count > 1024 {
            errors.append(.tooLong(path.child("attributes").key(name), maxLength: 1024))
        }
    }
}

extension DeliverySpec {
    func validate(at path: FieldPath, into errors: inout ErrorList) {
        if let retry {
            let retryPath = path.child("retry")
            errors.check(retry.maxAttempts, retryPath.child("maxAttempts"), minimum: 1, maximum: 100)
            if let backoff = retry.backoff {
                let backoffPath = retryPath.child("backoff")
                let initial = errors.check(backoff.initial, backoffPath.child("initial"))
                let max = errors.check(backoff.max, backoffPath.child("max"))
                if let multiplier = backoff.multiplier {
                    errors.check(multiplier, backoffPath.child("multiplier"), minimum: 1, maximum: 10)
                }
                let effectiveInitial = initial ?? backoff.effectiveInitial
                let effectiveMax = max ?? backoff.effectiveMax
                if (backoff.initial == nil || initial != nil), (backoff.max == nil || max != nil),
                   effectiveInitial > effectiveMax {
                    errors.append(.invalid(backoffPath.child("initial"),
                                           .string(backoff.initial?.rawValue ?? Backoff.defaultInitial.rawValue),
                                           "must not be longer than max (\(effectiveMax.goDurationString))"))
                }
            }
        }
        deadLetter?.validate(at: path.child("deadLetter"), into: &errors)
        errors.check(ordering, path.child("ordering"))
        errors.check(idempotency?.window, path.child("idempotency").child("window"))
        errors.check(timeout, path.child("timeout"))
    }
}

extension BridgeSpec {
    func validate(at path: FieldPath, into errors: inout ErrorList) {
        errors.check(replicas, path.child("replicas"), minimum: 0, maximum: 100)
        errors.check(image, .image, path.child("image"))
        errors.check(maxInFlight, path.child("maxInFlight"), minimum: 1, maximum: 10_000)
        resources?.validate(at: path.child("resources"), into: &errors)
    }
}
