import KubeCore
import StrictJSON

/// Typed access to one kind, in one namespace (or across all / cluster-scoped when nil),
/// as kube-rs's `Api<K>`: objects go in and come out as `Resource`.
public struct ResourceAPI<Resource: KubernetesResource>: Sendable {
    public let client: KubeClient
    /// nil: all namespaces (list, watch) or a cluster-scoped kind.
    public let namespace: String?

    public init(_ client: KubeClient, namespace: String? = nil) {
        self.client = client
        self.namespace = Resource.namespaced ? namespace : nil
    }

    func path(_ name: String? = nil, subresource: String? = nil, namespace: String? = nil) throws(KubeError) -> ResourcePath {
        do {
            return try ResourcePath(Resource.self, namespace: namespace ?? self.namespace, name: name, subresource: subresource)
        } catch {
            throw .badRequest(Status(message: "\(error)", reason: "BadRequest", code: 400))
        }
    }

    /// The namespace a write goes to: the object's, else this API's, else the client's.
    func namespace(of object: Resource) -> String? {
        guard Resource.namespaced else { return nil }
        return object.metadata.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? namespace ?? client.namespace
    }

    static func decode(_ value: JSONValue) throws(KubeError) -> Resource {
        do { return try value.decode(as: Resource.self) } catch { throw .decoding("\(Resource.kind): \(error)") }
    }

    static func encode(_ object: Resource) throws(KubeError) -> JSONValue {
        do {
            var value = try JSONValue(encoding: object)
            value["apiVersion"] = .string(Resource.apiVersion)
            value["kind"] = .string(Resource.kind)
            return value
        } catch {
            throw .decoding("cannot encode \(Resource.kind): \(error)")
        }
    }

    public func get(_ name: String) async throws(KubeError) -> Resource {
        try Self.decode(try await client.get(try path(name)))
    }

    /// nil when the object does not exist.
    public func getIfExists(_ name: String) async throws(KubeError) -> Resource? {
        do { return try await get(name) } catch .notFound { return nil }
    }

    public func list(_ options: ListOptions = ListOptions()) async throws(KubeError) -> ObjectList<Resource> {
        let list = try await client.listAll(try path(), options: options)
        do { return try list.decodeItems(as: Resource.self) } catch { throw .decoding("\(Resource.listKind): \(error)") }
    }

    public func create(_ object: Resource, options: CreateOptions = CreateOptions()) async throws(KubeError) -> Resource {
        let target = try path(namespace: namespace(of: object))
        return try Self.decode(try await client.create(try Self.encode(object), in: target, options: options))
    }

    /// PUT of the whole object; `.conflict` when its resourceVersion is stale.
    public func replace(_ object: Resource, options: UpdateOptions = UpdateOptions()) async throws(KubeError) -> Resource {
        let target = try path(object.metadata.name ?? "", namespace: namespace(of: object))
        return try Self.decode(try await client.replace(try Self.encode(object), at: target, options: options))
    }

    /// PUT of the status subresource: only `status` changes.
    public func replaceStatus(_ object: Resource, options: UpdateOptions = UpdateOptions()) async throws(KubeError) -> Resource {
        let target = try path(object.metadata.name ?? "", subresource: "status", namespace: namespace(of: object))
        return try Self.decode(try await client.replace(try Self.encode(object), at: target, options: options))
    }

    public func patch(_ name: String, _ type: PatchType, _ patch: JSONValue, subresource: String? = nil,
                      options: PatchOptions = PatchOptions()) async throws(KubeError) -> Resource {
        try Self.decode(try await client.patch(try path(name, subresource: subresource), type, patch, options: options))
    }

    /// Server-side apply of `object` (only the fields this manager owns should be set).
    public func apply(_ object: Resource, fieldManager: String, force: Bool = false, subresource: String? = nil) async throws(KubeError) -> Resource {
        let target = try path(object.metadata.name ?? "", subresource: subresource, namespace: namespace(of: object))
        return try Self.decode(try await client.apply(try Self.encode(object), at: target, fieldManager: fieldManager, force: force))
    }

    @discardableResult
    public func delete(_ name: String, options: DeleteOptions = DeleteOptions()) async throws(KubeError) -> JSONValue {
        try await client.delete(try path(name), options: options)
    }

    public func watch(_ options: ListOptions = ListOptions()) async throws(KubeError) -> WatchStream {
        try await client.watch(try path(), options: options)
    }
}
