import StrictJSON

/// A list of objects as the API answers a list (`GadgetList`, `ConfigMapList`): `kind`,
/// `apiVersion`, `metadata` (version and continue token) and `items`.
public struct ObjectList<Item: Codable & Sendable>: Codable, Sendable {
    /// The list kind, e.g. `EventRouteList`.
    public var kind: String
    public var apiVersion: String
    public var metadata: ListMeta
    public var items: [Item]

    public init(kind: String, apiVersion: String, metadata: ListMeta = ListMeta(), items: [Item]) {
        self.kind = kind
        self.apiVersion = apiVersion
        self.metadata = metadata
        self.items = items
    }

    /// The token of the next page, when there is one.
    public var continueToken: String? {
        guard let token = metadata.continue, !token.isEmpty else { return nil }
        return token
    }

    private enum CodingKeys: String, CodingKey {
        case kind, apiVersion, metadata, items
    }

    /// Reads a list; absent `kind`/`apiVersion`/`metadata` and absent or `null` items (as Go
    /// writes an empty list) are read as empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decodeIfPresent(String.self, forKey: .kind) ?? ""
        apiVersion = try container.decodeIfPresent(String.self, forKey: .apiVersion) ?? ""
        metadata = try container.decodeIfPresent(ListMeta.self, forKey: .metadata) ?? ListMeta()
        items = try container.decodeIfPresent([Item].self, forKey: .items) ?? []
    }

    /// Writes all four members, `items` as `[]` when empty, as the API server does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(apiVersion, forKey: .apiVersion)
        try container.encode(metadata, forKey: .metadata)
        try container.encode(items, forKey: .items)
    }
}

extension ObjectList: Equatable where Item: Equatable {}
extension ObjectList: Hashable where Item: Hashable {}

extension ObjectList where Item: KubernetesResource {
    /// A list of a typed kind, with its list kind and apiVersion.
    public init(items: [Item], metadata: ListMeta = ListMeta()) {
        self.init(kind: Item.listKind, apiVersion: Item.apiVersion, metadata: metadata, items: items)
    }
}

/// A list whose items are untyped JSON objects (what client-go calls `UnstructuredList`).
public typealias UnstructuredList = ObjectList<JSONValue>

extension ObjectList where Item == JSONValue {
    /// The same list with its items decoded as a type; the error names the failing item.
    public func decodeItems<T: Codable & Sendable>(as type: T.Type = T.self) throws(ObjectDecodingError) -> ObjectList<T> {
        var decoded: [T] = []
        decoded.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            do {
                decoded.append(try item.decode(as: type))
            } catch {
                let field = error.field.isEmpty ? "items[\(index)]" : "items[\(index)].\(error.field)"
                throw ObjectDecodingError(field: field, problem: error.problem)
            }
        }
        return ObjectList<T>(kind: kind, apiVersion: apiVersion, metadata: metadata, items: decoded)
    }
}
