import KubeCore
import StrictJSON

/// The `scale` subresource of Deployments and ReplicaSets (`kubectl scale`): an
/// `autoscaling/v1` `Scale` read from the object, whose `spec.replicas` a PUT or PATCH writes
/// back (bumping the object's generation, as any spec change does).
enum ScaleSubresource {
    static func scale(of object: JSONValue) -> JSONValue {
        var metadata: JSONValue = [:]
        for key in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            metadata[key] = object["metadata"]?[key]
        }
        var selector = ""
        if let value = object["spec"]?["selector"], let parsed: LabelSelector = try? value.decode(),
           let expression = try? LabelExpression(parsed) {
            selector = expression.description
        }
        return ["kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": metadata,
                "spec": ["replicas": .integer(Int64(object.specReplicas))],
                "status": ["replicas": .integer(Int64(object.statusCount("replicas"))), "selector": .string(selector)]]
    }

    static func handle(_ request: APIRequest, _ info: RequestInfo, resource: GroupResource, store: ObjectStore) async -> APIResponse {
        let key = ObjectKey(namespace: info.namespace ?? "", name: info.name ?? "")
        do {
            switch info.verb {
            case .get:
                guard let object = await store.get(resource, key) else { throw APIError.notFound(resource, key.name) }
                return .json(scale(of: object))
            case .update, .patch:
                let body: JSONValue
                do { body = try JSONValue(parsing: request.body) } catch { throw APIError.badRequest("\(error)") }
                let stored = try await store.mutate(resource, key) { current in
                    guard let current else { throw APIError.notFound(resource, key.name) }
                    let candidate = try desired(body, patch: info.verb == .patch ? request.header("Content-Type") : nil,
                                                current: scale(of: current))
                    if let version = candidate["metadata"]?["resourceVersion"]?.stringValue, !version.isEmpty,
                       version != current["metadata"]?["resourceVersion"]?.stringValue {
                        throw APIError.conflict(resource, key.name)
                    }
                    guard let replicas = candidate["spec"]?["replicas"]?.int64Value, replicas >= 0 else {
                        throw APIError.invalid(kind: "Scale", group: "autoscaling", name: key.name,
                                               [.invalid(FieldPath("spec.replicas"), candidate["spec"]?["replicas"] ?? .null,
                                                         "must be greater than or equal to 0")])
                    }
                    let updated = current.settingReplicas(Int(replicas))
                    return updated == current ? .unchanged : .update(updated)
                }
                return .json(scale(of: stored ?? .null))
            default:
                return .error(.methodNotAllowed())
            }
        } catch let error as APIError {
            return .error(error)
        } catch {
            return .error(.internal("\(error)"))
        }
    }

    /// The Scale a PUT (the body) or a PATCH (the body applied to the current Scale) asks for.
    private static func desired(_ body: JSONValue, patch contentType: String?, current: JSONValue) throws -> JSONValue {
        guard let contentType else { return body }
        switch PatchType(contentType: contentType) {
        case .json:
            do { return try JSONPatch(parsing: body).apply(to: current) } catch { throw APIError.badRequest("\(error)") }
        case .merge, .strategicMerge:
            return JSONMergePatch(body).apply(to: current)
        default:
            throw APIError.unsupportedMediaType(accepted: [PatchType.json, .merge, .strategicMerge].map(\.rawValue))
        }
    }
}
