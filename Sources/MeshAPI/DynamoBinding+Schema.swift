import KubeCore

extension DynamoBinding {
    static let maxCapacityUnits: Int64 = 40_000

    public static let kindDescription = """
        DynamoBinding declares a DynamoDB table (keys, billing, global secondary indexes, TTL, \
        stream) in Local mode (a DynamoDB-compatible endpoint such as a local emulator) or \
        External mode (AWS, credentials from a Secret). ColdChainServices name it as their write \
        or read model. It owns the table.
        """

    public static let printerColumns: [PrinterColumn] = [
        PrinterColumn("Table", jsonPath: ".spec.tableName", description: "DynamoDB table name."),
        PrinterColumn("Mode", jsonPath: ".spec.mode", description: "Local or External."),
        .ready, .reason, .age,
        PrinterColumn("Status", jsonPath: ".status.tableStatus", description: "Table status DynamoDB reports.",
                      priority: 1),
        PrinterColumn("Billing", jsonPath: ".spec.billingMode", description: "PayPerRequest or Provisioned.",
                      priority: 1),
    ]

    public static var specSchema: Schema {
        Schema.object("The table and where it lives.", required: ["keySchema", "mode", "tableName"], properties: [
            "mode": .enumeration(DynamoMode.self,
                                 "Local: a DynamoDB-compatible endpoint (set local). External: AWS DynamoDB (set external)."),
            "tableName": .string("Table name: 3 to 255 letters, digits, '_', '-' or '.'.", .dynamoTableName),
            "local": .object("Local mode: the endpoint to use.", required: ["endpoint"], properties: [
                "endpoint": .string("Endpoint URL, e.g. http://127.0.0.1:8000.", .httpURL),
                "region": Schema.string("Region requests are signed for (default us-east-1).", .awsRegion)
                    .defaulting(to: .string(LocalDynamoDB.defaultRegion)),
            ]),
            "external": .object("External mode: AWS region and credentials.",
                                required: ["credentialsSecretRef", "region"], properties: [
                "region": .string("AWS region, e.g. eu-west-1.", .awsRegion),
                "endpoint": .string("Overrides the regional endpoint (VPC or FIPS endpoints).", .httpURL),
                "credentialsSecretRef": AWSCredentialsSecretReference.schema("Secret with the AWS access keys."),
            ]),
            "keySchema": keySchema("The table's primary key."),
            "billingMode": Schema.enumeration(
                BillingMode.self, "PayPerRequest (default, on-demand) or Provisioned (needs provisionedThroughput).")
                .defaulting(to: .string(BillingMode.payPerRequest.rawValue)),
            "provisionedThroughput": throughputSchema("Capacity of the table; required exactly when billingMode is Provisioned."),
            "globalSecondaryIndexes": Schema.array(
                "Global secondary indexes, at most 20, with unique names different from the table's.",
                of: indexSchema, maxItems: DynamoBindingSpec.maxGlobalSecondaryIndexes)
                .listMap(keys: ["name"]),
            "timeToLive": .object("Expiry of items by a time attribute.", required: ["attributeName"], properties: [
                "enabled": Schema.boolean("Whether expired items are deleted (default true).").defaulting(to: true),
                "attributeName": .string("Number attribute holding the expiry time in epoch seconds.",
                                         .dynamoAttributeName),
            ]),
            "stream": .object("DynamoDB Streams on the table.", properties: [
                "enabled": Schema.boolean("Whether the stream is on (default true).").defaulting(to: true),
                "viewType": Schema.enumeration(
                    StreamViewType.self, "What stream records hold: KeysOnly, NewImage, OldImage or NewAndOldImages (default).")
                    .defaulting(to: .string(StreamViewType.newAndOldImages.rawValue)),
            ]),
            "deletionProtection": Schema.boolean("DynamoDB's deletion protection flag on the table (default false).")
                .defaulting(to: false),
            "deletionPolicy": DeletionPolicy.schema(owned: "table"),
        ])
        .requiringExactlyOne(of: ["local", "external"])
        .constrained(by: .anyOf([
            .field("mode", in: [DynamoMode.local.rawValue]).and(.requires("local")),
            .field("mode", in: [DynamoMode.external.rawValue]).and(.requires("external")),
        ]))
        .rule("self.mode == 'Local' ? has(self.local) : has(self.external)",
              message: "mode Local needs the local section, mode External the external section")
        .constrained(by: .anyOf([
            .field("billingMode", in: [BillingMode.provisioned.rawValue])
                .and(.requires("billingMode", "provisionedThroughput")),
            .field("billingMode", in: [BillingMode.payPerRequest.rawValue]).and(.forbids("provisionedThroughput")),
        ]))
        .rule("has(self.provisionedThroughput) == (has(self.billingMode) && self.billingMode == 'Provisioned')",
              message: "provisionedThroughput is required exactly when billingMode is Provisioned")
        .rule("!has(self.globalSecondaryIndexes) || self.globalSecondaryIndexes.all(i, i.name != self.tableName)",
              message: "an index may not have the table's name")
        .rule("!has(self.globalSecondaryIndexes) || (has(self.billingMode) && self.billingMode == 'Provisioned') || self.globalSecondaryIndexes.all(i, !has(i.provisionedThroughput))",
              message: "index provisionedThroughput needs billingMode Provisioned")
    }

    private static func keySchema(_ description: String) -> Schema {
        Schema.object(description, required: ["partitionKey"], properties: [
            "partitionKey": keyAttribute("Partition (hash) key."),
            "sortKey": keyAttribute("Sort (range) key; omit for a partition-key-only primary key."),
        ])
        .rule("!has(self.sortKey) || self.sortKey.name != self.partitionKey.name",
              message: "the sort key must differ from the partition key")
    }

    private static func keyAttribute(_ description: String) -> Schema {
        .object(description, required: ["name", "type"], properties: [
            "name": .string("Attribute name.", .dynamoAttributeName),
            "type": .enumeration(AttributeType.self, "Attribute type: S (string), N (number) or B (binary)."),
        ])
    }

    private static func throughputSchema(_ description: String) -> Schema {
        .object(description, required: ["readCapacityUnits", "writeCapacityUnits"], properties: [
            "readCapacityUnits": .integer("Read capacity units.", minimum: 1, maximum: maxCapacityUnits, int64: true),
            "writeCapacityUnits": .integer("Write capacity units.", minimum: 1, maximum: maxCapacityUnits, int64: true),
        ])
    }

    private static var indexSchema: Schema {
        .object("A global secondary index.", required: ["keySchema", "name"], properties: [
            "name": .string("Index name: 3 to 255 letters, digits, '_', '-' or '.'.", .dynamoTableName),
            "keySchema": keySchema("The index key."),
            "projection": Schema.object("Attributes copied into the index.", properties: [
                "type": Schema.enumeration(
                    ProjectionType.self, "All (default), KeysOnly, or Include (the keys plus nonKeyAttributes).")
                    .defaulting(to: .string(ProjectionType.all.rawValue)),
                "nonKeyAttributes": Schema.array(
                    "Attributes projected besides the keys; required with Include and only allowed there.",
                    of: .string("Attribute name.", .dynamoAttributeName),
                    maxItems: DynamoBindingSpec.maxProjectedAttributes)
                    .listSet(),
            ])
            .constrained(by: .anyOf([
                .field("type", in: [ProjectionType.include.rawValue])
                    .and(.requires("type", "nonKeyAttributes")).and(.field("nonKeyAttributes", .minItems(1))),
                .field("type", in: [ProjectionType.all.rawValue, ProjectionType.keysOnly.rawValue])
                    .and(.forbids("nonKeyAttributes")),
            ]))
            .rule("has(self.nonKeyAttributes) && size(self.nonKeyAttributes) > 0 ? has(self.type) && self.type == 'Include' : !has(self.type) || self.type != 'Include'",
                  message: "nonKeyAttributes is required with type Include and only allowed there"),
            "provisionedThroughput": throughputSchema(
                "Capacity of the index; only with billingMode Provisioned (the table's capacity when omitted)."),
        ])
    }

    public static var statusSchema: Schema {
        .object("State of the table, written by the operator.", properties: [
            "observedGeneration": CommonSchema.observedGeneration,
            "conditions": CommonSchema.conditions(conditionTypes),
            "tableStatus": .string("Table status DynamoDB reports (CREATING, ACTIVE, UPDATING, ...).", maxLength: 64),
            "tableArn": .string("ARN of the table.", maxLength: 2048),
            "latestStreamArn": .string("ARN of the table's stream, when enabled.", maxLength: 2048),
        ])
    }
}
