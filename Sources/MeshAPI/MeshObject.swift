import KubeCore
import StrictJSON

/// Any object of the Event Mesh API, decoded from its JSON form by `kind`.
public enum MeshObject: Sendable, Equatable {
    case meshBroker(MeshBroker)
    case eventRoute(EventRoute)
    case coldChainService(ColdChainService)
    case dynamoBinding(DynamoBinding)

    /// Decodes a manifest of one of the API's kinds; nil for any other object (a Secret, a
    /// Kustomization, another API group), so mixed manifest files can be read as a whole.
    public init?(manifest: JSONValue) throws(ObjectDecodingError) {
        guard manifest["apiVersion"]?.stringValue == EventMeshAPI.apiVersion,
              let kind = manifest["kind"]?.stringValue
        else { return nil }
        // `replicas: 3.0` is an integer to the API server's schema validation, and so to us.
        switch kind {
        case MeshBroker.kind: self = .meshBroker(try manifest.decode(as: MeshBroker.self, integers: .wholeNumbers))
        case EventRoute.kind: self = .eventRoute(try manifest.decode(as: EventRoute.self, integers: .wholeNumbers))
        case ColdChainService.kind:
            self = .coldChainService(try manifest.decode(as: ColdChainService.self, integers: .wholeNumbers))
        case DynamoBinding.kind: self = .dynamoBinding(try manifest.decode(as: DynamoBinding.self, integers: .wholeNumbers))
        default: return nil
        }
    }

    public var metadata: ObjectMeta {
        switch self {
        case .meshBroker(let object): object.metadata
        case .eventRoute(let object): object.metadata
        case .coldChainService(let object): object.metadata
        case .dynamoBinding(let object): object.metadata
        }
    }

    public var kind: String {
        switch self {
        case .meshBroker: MeshBroker.kind
        case .eventRoute: EventRoute.kind
        case .coldChainService: ColdChainService.kind
        case .dynamoBinding: DynamoBinding.kind
        }
    }

    /// Every problem of the object, with endpoint/broker type mismatches checked against the
    /// MeshBrokers among `others` (brokers that are absent are not errors here).
    public func validate(in others: [MeshObject]) -> [FieldError] {
        let brokers = others.compactMap { object -> MeshBroker? in
            if case .meshBroker(let broker) = object { return broker }
            return nil
        }
        switch self {
        case .meshBroker(let object): return object.validate()
        case .eventRoute(let object): return object.validate(brokers: brokers)
        case .coldChainService(let object): return object.validate(brokers: brokers)
        case .dynamoBinding(let object): return object.validate()
        }
    }
}
