import KubeCore

extension DynamoBinding {
    public func validate() -> [FieldError] {
        var errors = ErrorList()
        spec.validate(at: FieldPath("spec"), into: &errors)
        return errors.errors
    }
}

extension DynamoBindingSpec {
    func validate(at path: FieldPath, into errors: inout ErrorList) {
        errors.check(mode, path.child("mode"), required: true)
        let sections = [("local", local != nil), ("external", external != nil)]
        if let expected = mode.sectionName {
            for (name, present) in sections {
                if name == expected, !present {
                    errors.append(.required(path.child(name), "mode \(mode) needs the \(name) section"))
                } else if name != expected, present {
                    errors.append(.forbidden(path.child(name), "may only be set in mode \(name == "local" ? "Local" : "External")"))
                }
            }
        }
        errors.check(tableName, .dynamoTableName, path.child("tableName"), required: true)
        if let local {
            errors.check(local.endpoint, .httpURL, path.child("local").child("endpoint"), required: true)
            errors.check(local.region, .awsRegion, path.child("local").child("region"))
        }
        if let external {
            errors.check(external.region, .awsRegion, path.child("external").child("region"), required: true)
            errors.check(external.endpoint, .httpURL, path.child("external").child("endpoint"))
            external.credentialsSecretRef.validate(at: path.child("external").child("credentialsSecretRef"), into: &errors)
        }

        var attributeTypes: [String: AttributeType] = [:]
        keySchema.validate(at: path.child("keySchema"), types: &attributeTypes, into: &errors)

        errors.check(billingMode, path.child("billingMode"))
        let provisioned = effectiveBillingMode == .provisioned
        if provisioned, provisionedThroughput == nil {
            errors.append(.required(path.child("provisionedThroughput"), "billingMode Provisioned needs capacity"))
        } else if !provisioned, effectiveBillingMode.isKnown, provisionedThroughput != nil {
            errors.append(.forbidden(path.child("provisionedThroughput"), "only allowed with billingMode Provisioned"))
        }
        provisionedThroughput?.validate(at: path.child("provisionedThroughput"), into: &errors)

        if let indexes = globalSecondaryIndexes {
            let indexesPath = path.child("globalSecondaryIndexes")
            errors.check(count: indexes.count, indexesPath, maxItems: Self.maxGlobalSecondaryIndexes)
            var projected = 0
            for (position, index) in indexes.enumerated() {
                let indexPath = indexesPath.index(position)
                errors.check(index.name, .dynamoTableName, indexPath.child("name"), required: true)
                if index.name == tableName {
                    errors.append(.invalid(indexPath.child("name"), .string(index.name), "may not be the table's name"))
                }
                index.keySchema.validate(at: indexPath.child("keySchema"), types: &attributeTypes, into: &errors)
                if let projection = index.projection {
                    projection.validate(at: indexPath.child("projection"), into: &errors)
                    projected += projection.nonKeyAttributes?.count ?? 0
                }
                if let throughput = index.provisionedThroughput {
                    if !provisioned, effectiveBillingMode.isKnown {
                        errors.append(.forbidden(indexPath.child("provisionedThroughput"),
                                                 "only allowed with billingMode Provisioned"))
                    }
                    throughput.validate(at: indexPath.child("provisionedThroughput"), into: &errors)
                }
            }
            errors.checkUnique(indexes.map(\.name)) { indexesPath.index($0).child("name") }
            if projected > Self.maxProjectedAttributes {
                errors.append(FieldError(.tooMany, indexesPath, badValue: .integer(Int64(projected)),
                                         detail: "at most \(Self.maxProjectedAttributes) non-key attributes in all indexes together"))
            }
        }
        if let timeToLive {
            errors.check(timeToLive.attributeName, .dynamoAttributeName, path.child("timeToLive").child("attributeName"),
                         required: true)
        }
        errors.check(stream?.viewType, path.child("stream").child("viewType"))
        errors.check(deletionPolicy, path.child("deletionPolicy"))
    }
}

extension KeySchema {
    /// Validates the key and records each attribute's type: one name must have one type in
    /// the table and all its indexes (DynamoDB's attribute definitions are per table).
    func validate(at path: FieldPath, types: inout [String: AttributeType], into errors: inout ErrorList) {
        for (field, attribute) in [("partitionKey", Optional(partitionKey)), ("sortKey", sortKey)] {
            guard let attribute else { continue }
            let attributePath = path.child(field)
            errors.check(attribute.name, .dynamoAttributeName, attributePath.child("name"), required: true)
            errors.check(attribute.type, attributePath.child("type"), required: true)
            guard attribute.type.isKnown, !attribute.name.isEmpty else { continue }
            if let known = types[attribute.name], known != attribute.type {
                errors.append(.invalid(attributePath.child("type"), .string(attribute.type.rawValue),
                                       "attribute \(attribute.name) is declared as \(known) elsewhere"))
            } else {
                types[attribute.name] = attribute.type
            }
        }
        if let sortKey, sortKey.name == partitionKey.name {
            errors.append(.invalid(path.child("sortKey").child("name"), .string(sortKey.name),
                                   "must differ from the partition key"))
        }
    }
}

extension ProvisionedThroughput {
    func validate(at path: FieldPath, into errors: inout ErrorList) {
        errors.check(readCapacityUnits, path.child("readCapacityUnits"), minimum: 1, maximum: DynamoBinding.maxCapacityUnits)
        errors.check(writeCapacityUnits, path.child("writeCapacityUnits"), minimum: 1, maximum: DynamoBinding.maxCapacityUnits)
    }
}

extension Projection {
    func validate(at path: FieldPath, into errors: inout ErrorList) {
        errors.check(type, path.child("type"))
        let attributes = nonKeyAttributes ?? []
        if effectiveType == .include, attributes.isEmpty {
            errors.append(.required(path.child("nonKeyAttributes"), "projection Include needs the attributes to project"))
        } else if effectiveType != .include, effectiveType.isKnown, nonKeyAttributes != nil {
            errors.append(.forbidden(path.child("nonKeyAttributes"), "only allowed with projection type Include"))
        }
        for (index, name) in attributes.enumerated() {
            errors.check(name, .dynamoAttributeName, path.child("nonKeyAttributes").index(index), required: true)
        }
        errors.checkUnique(attributes) { path.child("nonKeyAttributes").index($0) }
    }
}
