import KubeCore

extension ColdChainService {
    public static let kindDescription = """
        ColdChainService runs one cold-chain role (InventoryMovement, PurchaseOrder, Supplier, \
        InventoryIntake) as a Deployment of the worker image: it consumes its inputs, publishes \
        to its outputs, writes commands to the write-model table and projects the read model \
        (both DynamoBindings). The operator owns the Deployment and its ConfigMap.
        """

    public static let printerColumns: [PrinterColumn] = [
        PrinterColumn("Role", jsonPath: ".spec.role", description: "The cold-chain role."),
        PrinterColumn("Replicas", type: "integer", jsonPath: ".spec.replicas", description: "Desired replicas."),
        .ready, .reason, .age,
        PrinterColumn("Available", type: "integer", jsonPath: ".status.availableReplicas",
                      description: "Available replicas.", priority: 1),
    ]

    /// The name becomes the Deployment's name and a label value.
    public static var nameSchema: Schema? {
        .string("Name of the service; it names the Deployment, so it is a DNS label.", .label)
    }

    public static var specSchema: Schema {
        let max = ColdChainServiceSpec.maxEndpoints
        return Schema.object("The role and what it is wired to.", required: ["inputs", "role", "store"], properties: [
            "role": .enumeration(
                ColdChainRole.self, "The role: InventoryMovement, PurchaseOrder, Supplier or InventoryIntake."),
            "inputs": Schema.array("Endpoints the service consumes, at least one.",
                                   of: namedEndpointSchema("An input."), maxItems: max)
                .minItems(1).listMap(keys: ["name"]),
            "outputs": Schema.array(
                "Endpoints the service publishes to; at least one except for InventoryIntake, which only writes its read model.",
                of: namedEndpointSchema("An output."), maxItems: max)
                .listMap(keys: ["name"]),
            "store": .object("The CQRS store: DynamoBindings in the same namespace.",
                             required: ["readModel", "writeModel"], properties: [
                "writeModel": CommonSchema.reference("DynamoBinding of the table commands are written to."),
                "readModel": CommonSchema.reference("DynamoBinding of the table the read model is projected into."),
            ]),
            "replicas": CommonSchema.replicas("Replicas (default 1); 0 stops the service."),
            "image": CommonSchema.image("Worker image (default eventmesh-worker)."),
            "settings": .map("Role settings, handed to the worker through its ConfigMap.",
                             values: .string("Setting value.", maxLength: 4096), maxProperties: 64),
            "resources": ResourceRequirements.schema,
            "deletionPolicy": DeletionPolicy.schema(owned: "queues, topics and subscriptions"),
        ])
        .constrained(by: .anyOf([
            .field("role", in: [ColdChainRole.inventoryIntake.rawValue]),
            .requires("outputs").and(.field("outputs", .minItems(1))),
        ]))
        .rule("self.role == 'InventoryIntake' || (has(self.outputs) && size(self.outputs) > 0)",
              message: "every role but InventoryIntake needs at least one output")
    }

    private static func namedEndpointSchema(_ description: String) -> Schema {
        .object(description, required: ["endpoint", "name"], properties: [
            "name": .string("Name the worker knows the endpoint by; unique within inputs or outputs.", .label),
            "endpoint": Endpoint.schema("The endpoint."),
        ])
    }

    public static var statusSchema: Schema {
        .object("State of the service, written by the operator.", properties: [
            "observedGeneration": CommonSchema.observedGeneration,
            "conditions": CommonSchema.conditions(conditionTypes),
            "deploymentName": .string("Name of the Deployment.", maxLength: 253),
            "replicas": .integer("Replicas the Deployment has.", minimum: 0),
            "readyReplicas": .integer("Replicas that are ready.", minimum: 0),
            "availableReplicas": .integer("Replicas that are available.", minimum: 0),
            "provisioned": ProvisionedObject.listSchema,
        ])
    }
}
