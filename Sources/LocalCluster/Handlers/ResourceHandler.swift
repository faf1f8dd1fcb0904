import Foundation
import KubeCore
import KubeProtobuf
import KubeSchema
import StrictJSON

/// The verbs on resources: get, list, watch, create, update (and status), delete. Every change
/// is computed atomically inside the store from the current object.
struct ResourceHandler: Sendable {
    let store: ObjectStore
    let registry: ResourceRegistry
    var now: @Sendable () -> Timestamp = { .now() }
    /// Signs TokenRequests (`serviceaccounts/{name}/token`); nil serves none.
    var tokens: ServiceAccountTokens?
    /// How often a watch that allows bookmarks gets one (the real server: about a minute).
    var bookmarkInterval: Duration = .seconds(60)

    func handle(_ request: APIRequest, _ info: RequestInfo) async -> APIResponse {
        guard let verb = info.verb else { return .error(.methodNotAllowed()) }
        guard let type = registry.lookup(group: info.group, version: info.version, resource: info.resource) else {
            return .error(.noResource(request.path))
        }
        if let subresource = info.subresource, !type.subresources.contains(subresource) {
            return .error(.noResource(request.path))
        }
        if type.namespaced == false, info.namespace != nil {
            return .error(.noResource(request.path))
        }
        do {
            switch verb {
            case .get: return try await get(type, info, request)
            case .list: return try await list(type, info, request)
            case .watch: return try await watch(type, info, request)
            case .create: return try await create(type, info, request)
            case .update: return try await update(type, info, request)
            case .delete: return try await delete(type, info, request)
            case .patch: return try await patch(type, info, request)
            case .deletecollection: return try await deleteCollection(type, info, request)
            }
        } catch let error as APIError {
            return .error(error)
        } catch {
            return .error(.internal("\(error)"))
        }
    }

    private func key(_ type: ResourceType, _ info: RequestInfo) -> ObjectKey {
        ObjectKey(namespace: type.namespaced ? info.namespace ?? "" : "", name: info.name ?? "")
    }

    private func get(_ type: ResourceType, _ info: RequestInfo, _ request: APIRequest) async throws -> APIResponse {
        guard let object = await store.get(type.groupResource, key(type, info)) else {
            throw APIError.notFound(type.groupResource, info.name ?? "")
        }
        if TablePrinting.wantsTable(request) {
            return .json(TablePrinting.table(for: [object], type: type, resourceVersion: nil))
        }
        return .json(object)
    }

    private func list(_ type: ResourceType, _ info: RequestInfo, _ request: APIRequest) async throws -> APIResponse {
        let options = try listOptions(request)
        let filter = try ObjectFilter(request)
        let namespace = type.namespaced ? info.namespace : nil
        var snapshot: UInt64?
        var start: String?
        if !options.continue.isEmpty {
            let token = try ContinueToken(decoding: options.continue)
            snapshot = token.resourceVersion == 0 ? nil : token.resourceVersion
            start = token.start
        } else if let requested = UInt64(options.resourceVersion), requested > 0 {
            let current = await store.resourceVersion
            if requested > current { throw APIError.resourceVersionTooLarge(requested, current: current) }
            if options.resourceVersionMatch == .exact { snapshot = requested }
        }
        let objects: [JSONValue]
        let version: UInt64
        do {
            (objects, version) = try await store.list(type.groupResource, namespace: namespace, at: snapshot)
        } catch StoreError.expired {
            if start != nil {
                let restart = ContinueToken(resourceVersion: 0, start: start ?? "")
                throw APIError.continueExpired(restart: restart.encoded)
            }
            throw APIError.expired(requested: snapshot ?? 0, oldest: 0)
        }
        let page = ListPage(objects: objects, version: version, start: start, limit: Int(clamping: options.limit),
                            filter: filter, acrossNamespaces: namespace == nil && type.namespaced)
        if TablePrinting.wantsTable(request) {
            guard case .object(var table) = TablePrinting.table(for: page.items, type: type, resourceVersion: String(version))
            else { return .error(.internal("cannot render the table")) }
            table["metadata"] = page.metadata(resourceVersion: version)
            return .json(.object(table))
        }
        let list: JSONValue = ["kind": .string(type.listKind), "apiVersion": .string(type.apiVersion),
                               "metadata": page.metadata(resourceVersion: version), "items": .array(page.items)]
        return .json(list)
    }

    private func listOptions(_ request: APIRequest) throws -> ListOptions {
        do {
            return try ListOptions(query: request.query)
        } catch {
            throw APIError.options(error)
        }
    }

    private func watch(_ type: ResourceType, _ info: RequestInfo, _ request: APIRequest) async throws -> APIResponse {
        let options = try listOptions(request)
        let filter = try ObjectFilter(request)
        let from = UInt64(options.resourceVersion)
        if options.sendInitialEvents == true {
            guard options.resourceVersionMatch == .notOlderThan, options.allowWatchBookmarks else {
                throw APIError.invalid(kind: "ListOptions", group: "meta.k8s.io", name: "", [
                    .forbidden(FieldPath("sendInitialEvents"), "sendInitialEvents is forbidden for watch unless resourceVersionMatch is set to NotOlderThan and allowWatchBookmarks is true"),
                ])
            }
        }
        let subscription: WatchSubscription
        do {
            // sendInitialEvents: the current state as ADDED, then a BOOKMARK marking its end.
            subscription = try await store.watch(type.groupResource, namespace: type.namespaced ? info.namespace : nil,
                                                 after: options.sendInitialEvents == true ? nil : from,
                                                 initialEventsEnd: options.sendInitialEvents == true)
        } catch StoreError.expired(let requested, let oldest) {
            // As the real server does: 200, then one ERROR event carrying a 410 Status.
            let status = try JSONValue(encoding: APIError.expired(requested: requested, oldest: oldest).status)
            let line: JSONValue = ["type": "ERROR", "object": status]
            return .stream(AsyncStream { continuation in
                continuation.yield(line.jsonBytes() + [UInt8(ascii: "\n")])
                continuation.finish()
            })
        }
        let timeout = options.timeoutSeconds.map { Duration.seconds($0) } ?? .seconds(1800)
        let bookmarks = options.allowWatchBookmarks
        let asTable = TablePrinting.wantsTable(request)
        let interval = bookmarkInterval
        let store = store
        let lines = AsyncStream<[UInt8]> { continuation in
            let forwarding = Task {
                var firstTable = true
                for await event in subscription.events {
                    if filter.isEmpty && !asTable && event.kind != .bookmark, let encoded = event.encodedObject {
                        // The common case: the committed bytes, framed, with no re-encoding.
                        continuation.yield(Array(#"{"type":""#.utf8) + Array(event.kind.rawValue.utf8)
                                           + Array(#"","object":"#.utf8) + encoded + Array("}\n".utf8))
                        continue
                    }
                    guard let (kind, object) = filter.view(event) else { continue }
                    if kind == .bookmark && !bookmarks && object["metadata"]?["annotations"] == nil { continue }
                    var shown = object
                    if asTable && kind != .bookmark, case .object(var table) = TablePrinting.table(for: [object], type: type, resourceVersion: nil) {
                        // As newer servers do: column definitions with the first event only.
                        if !firstTable { table["columnDefinitions"] = [] }
                        firstTable = false
                        shown = .object(table)
                    }
                    if kind == .bookmark {
                        shown = ["kind": .string(type.kind), "apiVersion": .string(type.apiVersion),
                                 "metadata": object["metadata"] ?? [:]]
                    }
                    let line: JSONValue = ["type": .string(kind.rawValue), "object": shown]
                    continuation.yield(line.jsonBytes() + [UInt8(ascii: "\n")])
                }
                continuation.finish()
            }
            let ticker = Task {
                // Periodic bookmarks, and one just before the watch's own timeoutSeconds ends it.
                let clock = ContinuousClock()
                let end = clock.now + timeout
                while !Task.isCancelled {
                    let next = min(clock.now + interval, end - .milliseconds(250))
                    if next > clock.now { try await Task.sleep(until: next) }
                    if bookmarks { await store.sendBookmark(to: subscription.id) }
                    if clock.now >= end - .milliseconds(250) { break }
                }
                try await Task.sleep(until: end)
                forwarding.cancel()
                continuation.finish()
            }
            continuation.onTermination = { _ in
                forwarding.cancel()
                ticker.cancel()
            }
        }
        return .stream(lines)
    }

    private func create(_ type: ResourceType, _ info: RequestInfo, _ request: APIRequest) async throws -> APIResponse {
        if info.subresource == "token", type.resource == "serviceaccounts", let name = info.name, let tokens {
            guard let account = await store.get(type.groupResource, key(type, info)) else {
                throw APIError.notFound(type.groupResource, name)
            }
            return .json(try tokens.answer(try parseBody(request, type: type), serviceAccount: account), status: 201)
        }
        guard info.name == nil, info.subresource == nil else { return .error(.methodNotAllowed()) }
        let body = try parseBody(request, type: type)
        let write = try WriteContext(type: type, info: info, request: request, now: now())
        if type.namespaced, let namespace = info.namespace, type.resource != "namespaces" {
            try await requireActiveNamespace(namespace)
        }
        let object = try admitCreate(body, namespace: info.namespace, write)
        let name = object["metadata"]?["name"]?.stringValue ?? ""
        let key = ObjectKey(namespace: type.namespaced ? info.namespace ?? "" : "", name: name)
        do {
            let stored = try await store.mutate(type.groupResource, key) { current in
                if current != nil { throw StoreError.alreadyExists }
                return write.dryRun ? .unchanged : .create(object)
            }
            return write.warnings.attach(to: .json(stored ?? object, status: 201))
        } catch StoreError.alreadyExists {
            throw APIError.alreadyExists(type.groupResource, name)
        }
    }

    private func update(_ type: ResourceType, _ info: RequestInfo, _ request: APIRequest) async throws -> APIResponse {
        guard let name = info.name else { return .error(.methodNotAllowed()) }
        let body = try parseBody(request, type: type)
        let write = try WriteContext(type: type, info: info, request: request, now: now())
        var staged: JSONValue?
        let stored = try await store.mutate(type.groupResource, key(type, info)) { current in
            guard let current else { throw APIError.notFound(type.groupResource, name) }
            return try stageUpdate(body, current: current, name: name, write, staged: &staged)
        }
        return write.warnings.attach(to: .json(write.dryRun ? staged ?? .null : stored ?? .null))
    }

    /// JSON merge patch, JSON patch, (for built-in kinds) strategic merge patch, and server-side
    /// apply, computed atomically from the stored object, then the same rules as an update.
    private func patch(_ type: ResourceType, _ info: RequestInfo, _ request: APIRequest) async throws -> APIResponse {
        guard let name = info.name else { return .error(.methodNotAllowed()) }
        // Custom resources take no strategic merge patch, as on a real server.
        let supported: [PatchType] = type.definedBy == nil ? [.json, .merge, .apply, .strategicMerge] : [.json, .merge, .apply]
        guard let patchType = request.header("Content-Type").flatMap(PatchType.init(contentType:)),
              supported.contains(patchType)
        else {
            throw APIError.unsupportedMediaType(accepted: supported.map(\.rawValue))
        }
        if patchType == .apply { return try await apply(type, info, request, name: name) }
        let write = try WriteContext(type: type, info: info, request: request, now: now())
        let document: JSONValue
        do {
            document = try JSONValue(parsing: request.body)
        } catch {
            throw APIError.badRequest("error decoding patch: \(error)")
        }
        let jsonPatch: JSONPatch?
        do {
            jsonPatch = patchType == .json ? try JSONPatch(parsing: document) : nil
        } catch {
            throw APIError.badRequest("\(error)")
        }
        var staged: JSONValue?
        let stored = try await store.mutate(type.groupResource, key(type, info)) { current in
            guard let current else { throw APIError.notFound(type.groupResource, name) }
            let patched: JSONValue
            if let jsonPatch {
                do { patched = try jsonPatch.apply(to: current) } catch {
                    throw APIError(code: 422, reason: "Invalid", message: "the server rejected our request due to an error in our request: \(error)")
                }
            } else if patchType == .strategicMerge {
                do { patched = try StrategicMergePatch(document).apply(to: current) } catch {
                    throw APIError(code: 422, reason: "Invalid", message: "the server rejected our request due to an error in our request: \(error)")
                }
            } else {
                patched = JSONMergePatch(document).apply(to: current)
            }
            return try stageUpdate(patched, current: current, name: name, write, staged: &staged)
        }
        return write.warnings.attach(to: .json(write.dryRun ? staged ?? .null : stored ?? .null))
    }

    /// Server-side apply (`application/apply-patch+yaml`): the manager's configuration merged into
    /// the live object with field ownership; creates the object when it does not exist.
    private func apply(_ type: ResourceType, _ info: RequestInfo, _ request: APIRequest, name: String) async throws -> APIResponse {
        var write = try WriteContext(type: type, info: info, request: request, now: now())
        guard let manager = request.query("fieldManager"), !manager.isEmpty else {
            throw APIError.invalid(kind: "PatchOptions", group: "meta.k8s.io", name: "",
                                   [.required(FieldPath("fieldManager"), "is required for apply patch")])
        }
        write.manager = manager
        write.recordsManagedFields = false
        let force = ["true", "1"].contains(request.query("force") ?? "")
        let config: JSONValue
        do {
            let documents = try ManifestReader.documents(fromYAML: String(decoding: request.body, as: UTF8.self))
            guard documents.count == 1, case .object = documents[0] else {
                throw ManifestError(reason: "an apply patch must be exactly one object")
            }
            config = documents[0]
        } catch {
            throw APIError.badRequest("error decoding YAML: \(error)")
        }
        if let given = config["metadata"]?["name"]?.stringValue, given != name {
            throw APIError.badRequest("the name of the object (\(given)) does not match the name on the URL (\(name))")
        }
        if type.namespaced, let namespace = info.namespace, type.resource != "namespaces" {
            try await requireActiveNamespace(namespace)
        }
        let rules = type.schema.map { MergeRules(openAPIV3Schema: $0) } ?? .builtIn
        let hasStatus = type.subresources.contains("status")
        var created = false
        var staged: JSONValue?
        let stored = try await store.mutate(type.groupResource, key(type, info)) { current in
            let applied: JSONValue
            do {
                applied = try ServerSideApply.apply(config: config, to: current, manager: manager, force: force,
                                                    apiVersion: type.apiVersion, rules: rules, now: write.now,
                                                    subresource: info.subresource, hasStatusSubresource: hasStatus)
            } catch let error as ApplyError {
                throw APIError(status: error.status)
            }
            guard let current else {
                guard info.subresource == nil else { throw APIError.notFound(type.groupResource, name) }
                var named = applied
                named["metadata"]?["name"] = .string(name)
                let object = try admitCreate(named, namespace: info.namespace, write)
                created = true
                staged = object
                return write.dryRun ? .unchanged : .create(object)
            }
            return try stageUpdate(applied, current: current, name: name, write, staged: &staged)
        }
        return write.warnings.attach(to: .json(write.dryRun ? staged ?? .null : stored ?? .null, status: created ? 201 : 200))
    }

    /// A new object as it will be stored: the create rules, defaults, validation, managed fields.
    private func admitCreate(_ body: JSONValue, namespace: String?, _ write: WriteContext) throws -> JSONValue {
        let type = write.type
        var object = BuiltinDefaults.apply(to: try ObjectLifecycle.prepareCreate(body, type: type, namespace: namespace, now: write.now),
                                           type: type)
        object = try write.admitCustom(object, name: object["metadata"]?["name"]?.stringValue ?? "")
        try validate(object, type: type, name: object["metadata"]?["name"]?.stringValue ?? "")
        if write.recordsManagedFields {
            object = ManagedFields.recordUpdate(old: nil, new: object, manager: write.manager, apiVersion: type.apiVersion,
                                                rules: write.rules, hasStatusSubresource: type.subresources.contains("status"),
                                                now: write.now)
        }
        return object
    }

    /// What an update (PUT or PATCH) of `current` to `candidate` stores: the update rules, then
    /// defaults, validation and managed fields; removing the last finalizer of an object being
    /// deleted deletes it. `staged` gets the result (what a dry run answers with).
    private func stageUpdate(_ candidate: JSONValue, current: JSONValue, name: String, _ write: WriteContext,
                             staged: inout JSONValue?) throws -> StoreMutation {
        let type = write.type
        var updated = BuiltinDefaults.apply(
            to: try ObjectLifecycle.prepareUpdate(candidate, current: current, type: type, name: name, subresource: write.subresource),
            type: type)
        updated = try write.admitCustom(updated, name: name)
        try validate(updated, type: type, name: name)
        if write.recordsManagedFields {
            updated = ManagedFields.recordUpdate(old: current, new: updated, manager: write.manager, apiVersion: type.apiVersion,
                                                 subresource: write.subresource, rules: write.rules,
                                                 hasStatusSubresource: type.subresources.contains("status"), now: write.now)
        }
        staged = updated
        if write.dryRun { return .unchanged }
        if ObjectLifecycle.isBeingDeleted(updated) && ObjectLifecycle.finalizers(of: updated).isEmpty {
            return .delete
        }
        return updated == current ? .unchanged : .update(updated)
    }

    private func delete(_ type: ResourceType, _ info: RequestInfo, _ request: APIRequest) async throws -> APIResponse {
        let name = info.name ?? ""
        let options = try deleteOptions(request)
        let timestamp = now()
        var outcome: StoreMutation = .unchanged
        let result = try await store.mutate(type.groupResource, key(type, info)) { current in
            guard let current else { throw APIError.notFound(type.groupResource, name) }
            outcome = try ObjectLifecycle.deletion(of: current, type: type, options: options, now: timestamp)
            return options.dryRun ? .unchanged : outcome
        }
        guard case .delete = outcome, type.definedBy == nil, let result else { return .json(result ?? .null) }
        // Built-in kinds answer an immediate deletion with a Status; custom ones with the object.
        let details = StatusDetails(name: name, group: type.group.isEmpty ? nil : type.group, kind: type.resource,
                                    uid: result["metadata"]?["uid"]?.stringValue)
        return .encoded(Status(status: "Success", details: details))
    }

    /// Deletes every object the selectors pick (in the namespace, or all), each as a DELETE
    /// with the same options would, and answers with the list of what was deleted or marked.
    private func deleteCollection(_ type: ResourceType, _ info: RequestInfo, _ request: APIRequest) async throws -> APIResponse {
        let options = try deleteOptions(request)
        let filter = try ObjectFilter(request)
        let timestamp = now()
        let (items, _) = await store.list(type.groupResource, namespace: type.namespaced ? info.namespace : nil)
        var deleted: [JSONValue] = []
        for item in items where filter.matches(item) {
            let key = ObjectKey(namespace: item["metadata"]?["namespace"]?.stringValue ?? "",
                                name: item["metadata"]?["name"]?.stringValue ?? "")
            let result = try? await store.mutate(type.groupResource, key) { current in
                guard let current else { return .unchanged }
                let outcome = try ObjectLifecycle.deletion(of: current, type: type, options: options, now: timestamp)
                return options.dryRun ? .unchanged : outcome
            }
            if let result { deleted.append(result) }
        }
        let list: JSONValue = ["kind": .string(type.listKind), "apiVersion": .string(type.apiVersion),
                               "metadata": ["resourceVersion": .string(String(await store.resourceVersion))],
                               "items": .array(deleted)]
        return .json(list)
    }

    /// Delete options from the body (a DeleteOptions object) or, without one, from the query.
    private func deleteOptions(_ request: APIRequest) throws -> DeleteOptions {
        do {
            guard !request.body.isEmpty else { return try DeleteOptions(query: request.query) }
            let body: JSONValue
            do { body = try JSONValue(parsing: request.body) } catch {
                throw APIError.badRequest("the body of the request was in an unknown format: \(error)")
            }
            return try DeleteOptions(body: body)
        } catch let error as QueryOptionsError {
            throw APIError.options(error)
        }
    }

    /// Kind-specific validation: 422 with every problem.
    private func validate(_ object: JSONValue, type: ResourceType, name: String) throws {
        var errors: [FieldError] = []
        if type.groupResource == CustomResourceDefinitions.resource {
            errors = CustomResourceDefinitions.validate(object)
        }
        if !errors.isEmpty { throw APIError.invalid(kind: type.kind, group: type.group, name: name, errors) }
    }

    /// The request body as JSON: JSON itself, or the protobuf kubectl's generators send for
    /// built-in kinds (`kubectl create configmap|secret|namespace|token|...`). Other media types
    /// get 415.
    private func parseBody(_ request: APIRequest, type: ResourceType) throws -> JSONValue {
        let mediaType = (request.header("Content-Type") ?? "application/json")
            .split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        if KubeProtobuf.isProtobuf(contentType: mediaType) {
            do {
                return try KubeProtobuf.decode(request.body)
            } catch .unsupportedKind(let apiVersion, let kind) {
                throw APIError.unsupportedMediaType(accepted: ["application/json"],
                                                    detail: "protobuf bodies of \(apiVersion) \(kind) are not supported; send JSON")
            } catch {
                throw APIError.badRequest("the object provided is unrecognized (must be of type \(type.kind)): \(error)")
            }
        }
        guard mediaType == "application/json" || mediaType.isEmpty || mediaType == "*/*" else {
            throw APIError.unsupportedMediaType(accepted: ["application/json", KubeProtobuf.mediaType])
        }
        do {
            return try JSONValue(parsing: request.body)
        } catch {
            throw APIError.badRequest("the object provided is unrecognized (must be of type \(type.kind)): couldn't get version/kind; json parse error: \(error)")
        }
    }

    private func requireActiveNamespace(_ namespace: String) async throws {
        let namespaces = GroupResource(group: "", resource: "namespaces")
        guard let object = await store.get(namespaces, ObjectKey(namespace: "", name: namespace)) else {
            throw APIError.notFound(namespaces, namespace)
        }
        if ObjectLifecycle.isBeingDeleted(object) {
            throw APIError(code: 403, reason: "Forbidden",
                           message: "unable to create new content in namespace \(namespace) because it is being terminated")
        }
    }
}
