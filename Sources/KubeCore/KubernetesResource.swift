/// A kind of Kubernetes object: what it is called and where it lives in the API.
public protocol KubernetesResource: Codable, Sendable, Equatable {
    /// API group; empty for the core group (`v1` Pods, Secrets, ...).
    static var group: String { get }
    static var version: String { get }
    static var kind: String { get }
    /// Lower-case plural used in URLs (`eventroutes`).
    static var plural: String { get }
    static var singular: String { get }
    static var shortNames: [String] { get }
    /// Groups of kinds `kubectl get <category>` lists together.
    static var categories: [String] { get }
    /// Whether objects live in a namespace (false: cluster-scoped).
    static var namespaced: Bool { get }

    var metadata: ObjectMeta { get set }
}

extension KubernetesResource {
    /// `group/version`, or just `version` for the core group.
    public static var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The kind of a list of these objects.
    public static var listKind: String { kind + "List" }

    /// `plural.group`: the name of the CustomResourceDefinition of a custom kind.
    public static var resourceName: String { group.isEmpty ? plural : "\(plural).\(group)" }

    public static var singular: String { kind.lowercased() }
    public static var shortNames: [String] { [] }
    public static var categories: [String] { [] }
    public static var namespaced: Bool { true }
}

/// A custom resource: metadata, a spec the user owns and a status the controller owns.
public protocol CustomResource: KubernetesResource {
    associatedtype Spec: Codable, Sendable, Equatable
    associatedtype Status: Codable, Sendable, Equatable

    var spec: Spec { get set }
    var status: Status? { get set }

    init(metadata: ObjectMeta, spec: Spec, status: Status?)
}

private enum CustomResourceCodingKeys: String, CodingKey {
    case apiVersion, kind, metadata, spec, status
}

extension CustomResource {
    /// Decodes `apiVersion`, `kind`, `metadata`, `spec` and `status`. `apiVersion` and `kind` may be
    /// absent (as in some list items) but, when present, must name this kind.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CustomResourceCodingKeys.self)
        if let apiVersion = try container.decodeIfPresent(String.self, forKey: .apiVersion),
           apiVersion != Self.apiVersion {
            throw DecodingError.dataCorruptedError(
                forKey: .apiVersion, in: container,
                debugDescription: "expected apiVersion \(Self.apiVersion), found \(apiVersion)")
        }
        if let kind = try container.decodeIfPresent(String.self, forKey: .kind), kind != Self.kind {
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container, debugDescription: "expected kind \(Self.kind), found \(kind)")
        }
        self.init(
            metadata: try container.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta(),
            spec: try container.decode(Spec.self, forKey: .spec),
            status: try container.decodeIfPresent(Status.self, forKey: .status))
    }

    /// Encodes with `apiVersion` and `kind` always present, as the API server expects.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CustomResourceCodingKeys.self)
        try container.encode(Self.apiVersion, forKey: .apiVersion)
        try container.encode(Self.kind, forKey: .kind)
        try container.encode(metadata, forKey: .metadata)
        try container.encode(spec, forKey: .spec)
        try container.encodeIfPresent(status, forKey: .status)
    }
}
