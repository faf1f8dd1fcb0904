import KubeClient
import KubeCore
import StrictJSON

extension KubeClient {
    /// Writes the status of the object at `path` (the object's path, not `/status`) as `change`
    /// makes it from the current object, re-reading and retrying when another writer got there
    /// first (409 Conflict), as controllers do with `retry.RetryOnConflict`. `change` returns
    /// false to leave the object alone. Returns the stored object.
    @discardableResult
    public func updateStatus(at path: ResourcePath, attempts: Int = 5,
                             _ change: @Sendable (inout JSONValue) throws -> Bool) async throws -> JSONValue {
        let statusPath = try ResourcePath(path.resource, namespace: path.namespace, name: path.name, subresource: "status")
        var attempt = 0
        while true {
            attempt += 1
            var object = try await get(path)
            guard try change(&object) else { return object }
            do {
                return try await replace(object, at: statusPath)
            } catch {
                guard case .conflict = error, attempt < attempts else { throw error }
            }
        }
    }
}
