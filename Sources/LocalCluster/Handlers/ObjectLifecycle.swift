import Foundation
import KubeCore
import StrictJSON

/// The rules the API server applies to every object, whatever its kind: server-owned metadata,
/// generation, the status subresource, finalizers and deletion. Pure functions of the request
/// body, the stored object and the clock, so each rule is tested on its own.
enum ObjectLifecycle {
    /// The body of a create, made ready to store: kind and version checked, name (or
    /// generateName) and namespace settled, server-owned metadata set, status dropped when the
    /// type has a status subresource.
    static func prepareCreate(_ body: JSONValue, type: ResourceType, namespace: String?,
                              now: Timestamp, uid: String = UUID().uuidString.lowercased()) throws(APIError) -> JSONValue {
        guard case .object(var object) = body else {
            throw .badRequest("the object provided is unrecognized (must be of type \(type.kind)): not a JSON object")
        }
        try checkTypeMeta(object, type: type)
        object["apiVersion"] = .string(type.apiVersion)
        object["kind"] = .string(type.kind)
        var metadata = object["metadata"]?.objectValue ?? [:]
        if metadata["name"]?.stringValue?.isEmpty ?? true, let prefix = metadata["generateName"]?.stringValue, !prefix.isEmpty {
            metadata["name"] = .string(prefix + randomSuffix())
        }
        guard let name = metadata["name"]?.stringValue, !name.isEmpty else {
            throw .invalid(kind: type.kind, group: type.group, name: "",
                           [.required(FieldPath("metadata.name"), "name or generateName is required")])
        }
        if let problem = nameProblem(name, type: type) {
            throw .invalid(kind: type.kind, group: type.group, name: name, [.invalid(FieldPath("metadata.name"), .string(name), problem)])
        }
        if type.namespaced {
            let given = metadata["namespace"]?.stringValue ?? ""
            guard let namespace else { throw .badRequest("a namespace is required to create \(type.resource)") }
            if !given.isEmpty && given != namespace {
                throw .badRequest("the namespace of the provided object does not match the namespace sent on the request")
            }
            metadata["namespace"] = .string(namespace)
        } else {
            metadata["namespace"] = nil
        }
        metadata["uid"] = .string(uid)
        metadata["creationTimestamp"] = .string(now.description)
        metadata["deletionTimestamp"] = nil
        metadata["deletionGracePeriodSeconds"] = nil
        metadata["resourceVersion"] = nil
        metadata["selfLink"] = nil
        if type.tracksGeneration { metadata["generation"] = .integer(1) } else { metadata["generation"] = nil }
        object["metadata"] = .object(metadata)
        if type.subresources.contains("status") && type.definedBy != nil { object["status"] = nil }
        if type.groupResource == .namespaces {
            // As the namespace registry does: held by the `kubernetes` finalizer, and Active.
            object["spec"] = ["finalizers": ["kubernetes"]]
            object["status"] = ["phase": "Active"]
        }
        return .object(object)
    }

    /// The object a PUT of the main resource (or of `status`) stores, given the stored `current`.
    /// Server-owned metadata is kept; the status subresource's part (or everything but it) is
    /// taken from `current`; a stale resourceVersion is a conflict.
    static func prepareUpdate(_ body: JSONValue, current: JSONValue, type: ResourceType, name: String,
                              subresource: String?) throws(APIError) -> JSONValue {
        guard case .object(var object) = body, case .object(let stored) = current else {
            throw .badRequest("the object provided is unrecognized (must be of type \(type.kind)): not a JSON object")
        }
        try checkTypeMeta(object, type: type)
        var metadata = object["metadata"]?.objectValue ?? [:]
        if let given = metadata["name"]?.stringValue, !given.isEmpty, given != name {
            throw .badRequest("the name of the object (\(given)) does not match the name on the URL (\(name))")
        }
        let storedMetadata = stored["metadata"]?.objectValue ?? [:]
        if let version = metadata["resourceVersion"]?.stringValue, !version.isEmpty,
           version != storedMetadata["resourceVersion"]?.stringValue {
            throw .conflict(type.groupResource, name)
        }
        if subresource == "status" {
            // Only status changes; everything else stays as stored.
            var updated = stored
            updated["status"] = object["status"]
            return .object(updated)
        }
        for key in ["name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                    "generation", "resourceVersion"] {
            metadata[key] = storedMetadata[key]
        }
        if storedMetadata["deletionTimestamp"] != nil {
            let before = Set(storedMetadata["finalizers"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            let after = Set(metadata["finalizers"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            if !after.isSubset(of: before) {
                throw .invalid(kind: type.kind, group: type.group, name: name,
                               [.forbidden(FieldPath("metadata.finalizers"), "no new finalizers can be added if the object is being deleted")])
            }
        }
        object["apiVersion"] = .string(type.apiVersion)
        object["kind"] = .string(type.kind)
        if type.subresources.contains("status") { object["status"] = stored["status"] }
        if type.tracksGeneration && specChanged(from: current, to: .object(object)) {
            metadata["generation"] = .integer((storedMetadata["generation"]?.int64Value ?? 0) + 1)
        }
        object["metadata"] = .object(metadata)
        return .object(object)
    }

    /// Everything but `metadata` and `status` is "spec" for generation purposes (as for CRDs).
    static func specChanged(from old: JSONValue, to new: JSONValue) -> Bool {
        func spec(_ value: JSONValue) -> [String: JSONValue] {
            var fields = value.objectValue ?? [:]
            for key in ["metadata", "status", "apiVersion", "kind"] { fields[key] = nil }
            return fields
        }
        return spec(old) != spec(new)
    }

    /// The finalizers still holding an object.
    static func finalizers(of object: JSONValue) -> [String] {
        object["metadata"]?["finalizers"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    static func isBeingDeleted(_ object: JSONValue) -> Bool {
        object["metadata"]?["deletionTimestamp"] != nil
    }

    /// The object marked for deletion (it stays until its finalizers are removed).
    static func markDeleted(_ object: JSONValue, now: Timestamp) -> JSONValue {
        guard case .object(var fields) = object else { return object }
        var metadata = fields["metadata"]?.objectValue ?? [:]
        if metadata["deletionTimestamp"] == nil {
            metadata["deletionTimestamp"] = .string(now.description)
            metadata["deletionGracePeriodSeconds"] = .integer(0)
        }
        fields["metadata"] = .object(metadata)
        return .object(fields)
    }

    /// What a DELETE does to `current`: preconditions checked; with no finalizers (and, for a
    /// namespace, no `spec.finalizers`) the object goes now; otherwise it is marked with a
    /// deletionTimestamp, plus the `orphan` or `foregroundDeletion` finalizer its propagation
    /// policy asks the garbage collector for. A namespace being marked turns `Terminating`.
    static func deletion(of current: JSONValue, type: ResourceType, options: DeleteOptions,
                         now: Timestamp) throws(APIError) -> StoreMutation {
        let metadata = current["metadata"]?.objectValue ?? [:]
        if let failure = options.preconditions?.failure(uid: metadata["uid"]?.stringValue,
                                                        resourceVersion: metadata["resourceVersion"]?.stringValue) {
            throw .conflict(type.groupResource, metadata["name"]?.stringValue ?? "", failure)
        }
        let policy = options.propagationPolicy ?? (options.orphanDependents == true ? .orphan : .background)
        var finalizers = finalizers(of: current)
        let extra = policy == .orphan ? "orphan" : policy == .foreground ? "foregroundDeletion" : nil
        let namespaceFinalizers = type.groupResource == .namespaces
            ? current["spec"]?["finalizers"]?.arrayValue ?? [] : []
        if finalizers.isEmpty && namespaceFinalizers.isEmpty && extra == nil {
            return .delete
        }
        if let extra, !finalizers.contains(extra) { finalizers.append(extra) }
        guard case .object(var fields) = markDeleted(current, now: now) else { return .unchanged }
        var marked = fields["metadata"]?.objectValue ?? [:]
        marked["finalizers"] = finalizers.isEmpty ? nil : .array(finalizers.map(JSONValue.string))
        fields["metadata"] = .object(marked)
        if type.groupResource == .namespaces {
            var status = fields["status"]?.objectValue ?? [:]
            status["phase"] = "Terminating"
            fields["status"] = .object(status)
        }
        let updated = JSONValue.object(fields)
        return updated == current ? .unchanged : .update(updated)
    }

    private static func checkTypeMeta(_ object: [String: JSONValue], type: ResourceType) throws(APIError) {
        if let apiVersion = object["apiVersion"]?.stringValue, !apiVersion.isEmpty, apiVersion != type.apiVersion {
            throw .badRequest("the API version in the data (\(apiVersion)) does not match the expected API version (\(type.apiVersion))")
        }
        if let kind = object["kind"]?.stringValue, !kind.isEmpty, kind != type.kind {
            throw .badRequest("the kind in the data (\(kind)) does not match the expected kind (\(type.kind))")
        }
    }

    /// Names are DNS subdomains, as for most kinds; namespaces are DNS labels.
    static func nameProblem(_ name: String, type: ResourceType) -> String? {
        let problems = type.resource == "namespaces" ? KubernetesName.labelProblems(name) : KubernetesName.subdomainProblems(name)
        return problems.isEmpty ? nil : problems.joined(separator: ", ")
    }

    private static func randomSuffix() -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<5).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }
}
