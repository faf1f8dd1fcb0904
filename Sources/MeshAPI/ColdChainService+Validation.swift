import KubeCore

extension ColdChainService {
    public func validate() -> [FieldError] {
        var errors = ErrorList()
        errors.check(metadata.name, .label, FieldPath("metadata.name"))
        spec.validate(at: FieldPath("spec"), into: &errors)
        return errors.errors
    }

    /// Every problem of `validate()`, plus endpoints whose section does not match their broker.
    public func validate(brokers: [MeshBroker]) -> [FieldError] {
        var errors = validate()
        let spec = FieldPath("spec")
        for (list, endpoints) in [("inputs", self.spec.inputs), ("outputs", self.spec.outputs ?? [])] {
            for (index, named) in endpoints.enumerated() {
                errors += named.endpoint.validate(at: spec.child(list).index(index).child("endpoint"),
                                                  namespace: metadata.namespace, brokers: brokers)
            }
        }
        return errors
    }
}

extension ColdChainServiceSpec {
    func validate(at path: FieldPath, into errors: inout ErrorList) {
        errors.check(role, path.child("role"), required: true)
        errors.check(count: inputs.count, path.child("inputs"), minItems: 1, maxItems: Self.maxEndpoints)
        validate(inputs, at: path.child("inputs"), into: &errors)
        if let outputs {
            errors.check(count: outputs.count, path.child("outputs"), maxItems: Self.maxEndpoints)
            validate(outputs, at: path.child("outputs"), into: &errors)
        }
        if role.isKnown, role.publishesEvents, (outputs ?? []).isEmpty {
            errors.append(.required(path.child("outputs"), "role \(role) publishes events and needs at least one output"))
        }
        errors.check(store.writeModel.name, .objectName, path.child("store").child("writeModel").child("name"),
                     required: true)
        errors.check(store.readModel.name, .objectName, path.child("store").child("readModel").child("name"),
                     required: true)
        errors.check(replicas, path.child("replicas"), minimum: 0, maximum: 100)
        errors.check(image, .image, path.child("image"))
        errors.checkKeys(settings, .secretKey, path.child("settings"), maxKeys: 64)
        for (name, value) in (settings ?? [:]).sorted(by: { $0.key < $1.key }) where value.utf8.count > 4096 {
            errors.append(.tooLong(path.child("settings").key(name), maxLength: 4096))
        }
        resources?.validate(at: path.child("resources"), into: &errors)
        errors.check(deletionPolicy, path.child("deletionPolicy"))
    }

    private func validate(_ endpoints: [NamedEndpoint], at path: FieldPath, into errors: inout ErrorList) {
        for (index, named) in endpoints.enumerated() {
            errors.check(named.name, .label, path.index(index).child("name"), required: true)
            named.endpoint.validate(at: path.index(index).child("endpoint"), into: &errors)
        }
        errors.checkUnique(endpoints.map(\.name)) { path.index($0).child("name") }
    }
}
