import KubeCore
import MeshAPI
import StrictJSON
import Testing

/// The sample sets: each is validated on its own, brokers resolved within the set.
let sampleSets: [(name: String, files: [String])] = [
    ("eventroute", ["samples/eventroute.yaml"]),
    ("coldchain", (try? Repository.yamlFiles(under: "samples/coldchain")) ?? []),
    ("dynamobinding-external", ["samples/dynamobinding-external.yaml"]),
]

@Suite("Samples")
struct SampleTests {
    /// Every document of a sample set, with its file.
    static func documents(_ files: [String]) throws -> [(file: String, document: JSONValue)] {
        try files.flatMap { file in
            try ManifestReader.objects(fromYAML: Repository.read(file)).map { (file, $0) }
        }
    }

    @Test("every sample decodes and validates with zero errors, brokers checked within its set",
          arguments: sampleSets.map(\.name))
    func samplesAreValid(set: String) throws {
        let files = try #require(sampleSets.first { $0.name == set }).files
        #expect(!files.isEmpty)
        let documents = try Self.documents(files)
        let objects = try documents.compactMap { try MeshObject(manifest: $0.document) }
        #expect(!objects.isEmpty)
        let brokers = objects.compactMap { object -> MeshBroker? in
            if case .meshBroker(let broker) = object { return broker }
            return nil
        }
        for (file, document) in documents where try MeshObject(manifest: document) != nil {
            let errors = MeshValidator.validate(manifest: document, brokers: brokers)
            #expect(errors.isEmpty, "\(file) \(document[path: "metadata", "name"] ?? .null): \(errors.map(\.description))")
        }
    }

    @Test("every sample passes the generated CRD schema", arguments: sampleSets.map(\.name))
    func samplesPassTheSchema(set: String) throws {
        let files = try #require(sampleSets.first { $0.name == set }).files
        let documents = try Self.documents(files).map(\.document)
        for kind in CustomResourceDefinitions.kinds {
            let ofKind = documents.filter { $0["kind"]?.stringValue == kind.kind }
            guard !ofKind.isEmpty else { continue }
            let results = try SchemaChecker.check(ofKind, crd: "crds/" + kind.fileName)
            for result in results {
                #expect(result.status == "valid", "\(kind.kind) \(result.name ?? "?"): \(result.errors.map(\.message))")
            }
        }
    }

    @Test func theEventRouteSampleIsSelfContained() throws {
        let documents = try Self.documents(["samples/eventroute.yaml"]).map(\.document)
        let kinds = documents.compactMap { $0["kind"]?.stringValue }
        #expect(kinds.filter { $0 == "MeshBroker" }.count == 2)
        #expect(kinds.contains("Secret") && kinds.contains("EventRoute"))
        let secret = try #require(documents.first { $0["kind"] == "Secret" })
        #expect(secret[path: "metadata", "name"] == "rabbitmq-guest")
        #expect(secret[path: "stringData", "username"] == "guest" && secret[path: "stringData", "password"] == "guest")
        let route = try #require(documents.first { $0["kind"] == "EventRoute" }).decode(as: EventRoute.self)
        #expect(route.spec.source.kafka?.topic == "StockBajo")
        #expect(route.spec.sink.rabbitmq?.exchange == "StockBajo" && route.spec.sink.rabbitmq?.queue == "StockBajo")
        #expect(route.spec.delivery?.deadLetter != nil)
    }

    @Test func theColdChainSampleHasTheWholeChain() throws {
        let files = try Repository.yamlFiles(under: "samples/coldchain")
        let kustomization = try yamlDocument(try Repository.read("samples/coldchain/kustomization.yaml"))
        #expect(kustomization["namespace"] == "coldchain")
        let listed = Set((kustomization["resources"]?.arrayValue ?? []).compactMap(\.stringValue))
        let present = Set(files.map { String($0.dropFirst("samples/coldchain/".count)) }).subtracting(["kustomization.yaml"])
        #expect(listed == present, "kustomization.yaml must list every file of the folder")

        let objects = try Self.documents(files).compactMap { try MeshObject(manifest: $0.document) }
        var roles: [String: ColdChainService] = [:]
        var routes: [EventRoute] = []
        var tables: [DynamoBinding] = []
        var brokerTypes: Set<String> = []
        for object in objects {
            switch object {
            case .coldChainService(let service): roles[service.spec.role.rawValue] = service
            case .eventRoute(let route): routes.append(route)
            case .dynamoBinding(let table): tables.append(table)
            case .meshBroker(let broker): brokerTypes.insert(broker.spec.type.rawValue)
            }
        }
        #expect(brokerTypes == ["Kafka", "RabbitMQ", "Pulsar"])
        #expect(Set(roles.keys) == Set(ColdChainRole.knownValues.map(\.rawValue)))
        #expect(roles["InventoryMovement"]?.spec.inputs.first?.endpoint.kafka?.topic == "FallaCadenaFrio")
        #expect(roles["InventoryMovement"]?.spec.outputs?.first?.endpoint.kafka?.topic == "StockBajo")
        #expect(roles["PurchaseOrder"]?.spec.inputs.first?.endpoint.rabbitmq?.queue == "StockBajo")
        #expect(roles["PurchaseOrder"]?.spec.outputs?.first?.endpoint.rabbitmq?.exchange == "RecepcionProveedor")
        #expect(roles["Supplier"]?.spec.outputs?.first?.endpoint.rabbitmq?.exchange == "InventarioRecibido")
        #expect(roles["InventoryIntake"]?.spec.inputs.first?.endpoint.pulsar?.topic == "InventarioRecibido")
        #expect(Set(routes.map { "\($0.spec.source.summary) -> \($0.spec.sink.summary)" }) == [
            "kafka-local/StockBajo -> rabbitmq-local/StockBajo",
            "rabbitmq-local/InventarioRecibido -> pulsar-local/persistent://coldchain/inventory/InventarioRecibido",
        ])
        #expect(tables.allSatisfy { $0.spec.mode == .local && $0.spec.local?.endpoint == "http://127.0.0.1:8000" })
        let tableNames = Set(tables.compactMap(\.metadata.name))
        for service in roles.values {
            #expect(tableNames.contains(service.spec.store.writeModel.name))
            #expect(tableNames.contains(service.spec.store.readModel.name))
        }
    }

    @Test func theExternalSampleMarksItsPlaceholders() throws {
        let text = try Repository.read("samples/dynamobinding-external.yaml")
        #expect(text.contains("PLACEHOLDER"))
        let documents = try ManifestReader.objects(fromYAML: text)
        let secret = try #require(documents.first { $0["kind"] == "Secret" })
        let binding = try #require(documents.first { $0["kind"] == "DynamoBinding" }).decode(as: DynamoBinding.self)
        let reference = try #require(binding.spec.external?.credentialsSecretRef)
        #expect(reference.name == secret[path: "metadata", "name"]?.stringValue)
        for key in [reference.accessKeyIDKey, reference.secretAccessKeyKey].compactMap({ $0 }) {
            #expect(secret[path: "stringData", key]?.stringValue?.hasPrefix("PLACEHOLDER") == true)
        }
    }
}
