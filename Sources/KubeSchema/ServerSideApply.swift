import KubeCore
import StrictJSON

/// Server-side apply (`PATCH` with `application/apply-patch+yaml`) as kube-apiserver's field
/// manager and structured-merge-diff do it, on JSON values.
public enum ServerSideApply {
    /// The annotation `kubectl apply` (client-side) keeps its last configuration in.
    public static let lastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration"

    /// The object after `manager` applies `config` to `live` (nil: the object does not exist
    /// yet), with `metadata.managedFields` updated:
    ///
    /// - `config` is merged into the object under `rules` (see `MergeRules`), and the applier's
    ///   entry (operation `Apply`) becomes exactly the fields `config` sets, minus `apiVersion`,
    ///   `kind` and server-set metadata (`name`, `namespace`, `uid`, `resourceVersion`, …);
    /// - fields the applier set last time but not now are removed, unless another manager owns
    ///   them (structured-merge-diff's prune);
    /// - a field `config` changes or adds that another manager owns is a conflict, unless
    ///   `force`, which moves it to the applier; setting the value already there shares
    ///   ownership; fields removed are taken from everyone;
    /// - for `manager` `kubectl` without `force`, conflicts on fields whose live value still
    ///   matches the `last-applied-configuration` annotation are allowed (the server's upgrade
    ///   path from client-side apply), and that annotation, when present, is rewritten to
    ///   `config`;
    /// - with `hasStatusSubresource`, applying to the main resource leaves `status` as it was
    ///   and owns nothing in it; with `subresource` `status`, only `status` is applied;
    /// - the applier's `time` becomes `now` when the object changed; when it did not, the
    ///   result is `live` with only `managedFields` (perhaps) changed.
    ///
    /// The caller checks the request (`fieldManager` present, `name` matching), then defaults,
    /// validates and stores the result (defaults added then belong to no one).
    public static func apply(
        config: JSONValue, to live: JSONValue?, manager: String, force: Bool, apiVersion: String,
        rules: MergeRules, now: Timestamp, subresource: String? = nil, hasStatusSubresource: Bool = false
    ) throws(ApplyError) -> JSONValue {
        guard case .object = config else {
            throw .badRequest("apply configuration must be an object, not \(config.typeName)")
        }
        if let managedFields = config[path: "metadata", "managedFields"], managedFields != .null {
            throw .badRequest("metadata.managedFields must be nil")
        }
        let configVersion = config["apiVersion"]?.stringValue ?? ""
        guard configVersion == apiVersion else {
            throw .badRequest("Incorrect version specified in apply patch. Specified patch version: \(configVersion), expected: \(apiVersion)")
        }
        let errors = rules.configurationErrors(config)
        if !errors.isEmpty {
            let detail = errors.count == 1 ? errors[0] : "errors:\n" + errors.map { "  " + $0 }.joined(separator: "\n")
            throw .invalid("failed to create typed patch object: " + detail)
        }

        let liveObject = live ?? [:]
        let applier = Applier(
            config: config, liveObject: liveObject.removingManagedFields, manager: manager, apiVersion: apiVersion,
            rules: rules, subresource: subresource, hasStatusSubresource: hasStatusSubresource,
            managers: ManagedFields.index((try? ManagedFields.decode(liveObject[path: "metadata", "managedFields"])) ?? []))
        var result: JSONValue
        do {
            result = try applier.run(force: force, now: now)
        } catch .conflict(let conflict) where manager == "kubectl" && !force {
            // Upgrading from client-side apply: what the annotation says was applied, and the
            // object still holds, is the applier's to take.
            guard let allowed = allowedConflicts(live: liveObject, apiVersion: apiVersion, rules: rules) else {
                throw .conflict(conflict)
            }
            let remaining = conflict.conflicts.filter { !allowed.contains($0.path) }
            guard remaining.isEmpty else { throw .conflict(ApplyConflict(remaining)) }
            result = try applier.run(force: true, now: now)
        }
        if manager == "kubectl" {
            result = syncingLastApplied(result, config: config)
        }
        return result
    }

    /// One apply, with the live object's managers decoded.
    private struct Applier {
        let config: JSONValue
        let liveObject: JSONValue
        let manager: String
        let apiVersion: String
        let rules: MergeRules
        let subresource: String?
        let hasStatusSubresource: Bool
        let managers: [ManagerIdentity: ManagedFieldsEntry]

        func run(force: Bool, now: Timestamp) throws(ApplyError) -> JSONValue {
            do {
                return try attempt(force: force, now: now)
            } catch let error as FieldSetError {
                throw .invalid("failed to create typed live object: " + error.message)
            } catch let error as ApplyError {
                throw error
            } catch {
                throw .invalid(String(describing: error))
            }
        }

        private func attempt(force: Bool, now: Timestamp) throws -> JSONValue {
            var managers = self.managers
            let scopedConfig = scoped(config)
            let merged = try rules.merge(liveObject, scopedConfig)

            let identity = ManagerIdentity(manager: manager, operation: .apply, apiVersion: nil, subresource: subresource)
            let applied = try scopedSet(rules.fieldSet(of: scopedConfig))
            let previous = managers[identity]
            managers[identity] = ManagedFieldsEntry(manager: manager, operation: .apply, apiVersion: apiVersion,
                                                   time: previous?.time, fields: applied, subresource: subresource)
            var object = merged
            if let last = previous?.fields, !last.isEmpty {
                object = try prune(merged, last: last, managers: managers)
            }
            object = reset(object)

            let comparison = try rules.compare(liveObject, object)
                .scoped(subresource: subresource, hasStatusSubresource: hasStatusSubresource)
            let changed = comparison.added.union(comparison.modified)
            var conflicts: [ApplyConflict.Conflict] = []
            for (other, entry) in managers where other != identity {
                for path in entry.fields.intersection(changed).paths {
                    conflicts.append(ApplyConflict.Conflict(
                        manager: other.manager, operation: other.operation, apiVersion: other.apiVersion,
                        subresource: other.subresource, path: path))
                }
            }
            if !conflicts.isEmpty && !force { throw ApplyError.conflict(ApplyConflict(conflicts)) }
            for (other, var entry) in managers where other != identity {
                entry.fields = entry.fields.subtracting(changed).subtracting(comparison.removed)
                managers[other] = entry.fields.isEmpty ? nil : entry
            }

            let objectChanged = !JSONOrder.equal(liveObject, object)
            if var entry = managers[identity] {
                entry.fields = entry.fields.subtracting(ManagedFields.strippedFields)
                if objectChanged { entry.time = now.truncatedToSeconds }
                managers[identity] = entry.fields.isEmpty ? nil : entry
            }
            return (objectChanged ? object : liveObject).settingManagedFields(ManagedFields.encode(managers.values))
        }

        /// The part of the configuration this write applies.
        private func scoped(_ value: JSONValue) -> JSONValue {
            guard case .object(var members) = value else { return value }
            switch subresource {
            case nil:
                if hasStatusSubresource { members["status"] = nil }
            case "status":
                members = members.filter { $0.key == "status" }
            default:
                break
            }
            return .object(members)
        }

        private func scopedSet(_ set: FieldSet) -> FieldSet {
            Comparison(added: set).scoped(subresource: subresource, hasStatusSubresource: hasStatusSubresource).added
        }

        /// The object with what this write may not change put back from the live object.
        private func reset(_ object: JSONValue) -> JSONValue {
            switch subresource {
            case nil where hasStatusSubresource:
                var result = object
                result["status"] = liveObject["status"]
                return result
            case "status":
                var result = liveObject
                result["status"] = object["status"]
                return result
            default:
                return object
            }
        }

        /// structured-merge-diff's prune: remove what the applier set last time and not now,
        /// then put back what someone else (or the new configuration) owns, and anything that
        /// was never the applier's.
        private func prune(
            _ merged: JSONValue, last: FieldSet, managers: [ManagerIdentity: ManagedFieldsEntry]
        ) throws(FieldSetError) -> JSONValue {
            let lastSet = rules.withNamedFieldsAsMembers(last)
            let firstPass = rules.removing(lastSet, from: merged)
            let owned = rules.withNamedFieldsAsMembers(managers.values.reduce(FieldSet()) { $0.union($1.fields) })
            let mergedSet = rules.withNamedFieldsAsMembers(try rules.fieldSet(of: merged))
            let firstSet = rules.withNamedFieldsAsMembers(try rules.fieldSet(of: firstPass))
            let ownedBack = rules.removing(mergedSet.subtracting(firstSet.union(owned)), from: merged)
            let ownedBackSet = rules.withNamedFieldsAsMembers(try rules.fieldSet(of: ownedBack))
            return rules.removing(mergedSet.subtracting(ownedBackSet).intersection(lastSet), from: merged)
        }
    }

    /// The fields of the last-applied annotation whose values the live object still holds; nil
    /// when there is no usable annotation (absent, unreadable, or of another API version).
    private static func allowedConflicts(live: JSONValue, apiVersion: String, rules: MergeRules) -> FieldSet? {
        guard let text = live[path: "metadata", "annotations", lastAppliedAnnotation]?.stringValue, !text.isEmpty,
              let lastApplied = try? JSONValue(parsing: text), case .object = lastApplied,
              lastApplied["apiVersion"]?.stringValue == apiVersion,
              let fields = try? rules.fieldSet(of: lastApplied),
              let comparison = try? rules.compare(lastApplied, live)
        else { return nil }
        return fields.subtracting(comparison.modified).subtracting(comparison.added).subtracting(comparison.removed)
    }

    /// After an apply by `kubectl`, an existing last-applied annotation is replaced by `config`
    /// (without that annotation) as Go encodes it; dropped if annotations would exceed 256 KiB.
    private static func syncingLastApplied(_ object: JSONValue, config: JSONValue) -> JSONValue {
        guard case .object(var annotations)? = object[path: "metadata", "annotations"],
              let current = annotations[lastAppliedAnnotation]?.stringValue, !current.isEmpty
        else { return object }
        var applied = config
        if case .object(var configAnnotations)? = config[path: "metadata", "annotations"] {
            configAnnotations[lastAppliedAnnotation] = nil
            applied["metadata"]?["annotations"] = .object(configAnnotations)
        }
        annotations[lastAppliedAnnotation] = .string(goJSON(applied) + "\n")
        let size = annotations.reduce(0) { $0 + $1.key.utf8.count + ($1.value.stringValue?.utf8.count ?? 0) }
        if size > 256 * 1024 { annotations[lastAppliedAnnotation] = nil }
        var result = object
        result["metadata"]?["annotations"] = .object(annotations)
        return result
    }

    /// Compact JSON with sorted keys and `<`, `>`, `&` escaped, as Go's encoder writes it.
    private static func goJSON(_ value: JSONValue) -> String {
        var text = ""
        for character in value.jsonString() {
            switch character {
            case "<": text += "\\u003c"
            case ">": text += "\\u003e"
            case "&": text += "\\u0026"
            default: text.append(character)
            }
        }
        return text
    }
}

/// Why an apply was refused.
public enum ApplyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Fields owned by other managers would change (409).
    case conflict(ApplyConflict)
    /// A malformed request (400): a configuration carrying `managedFields`, of the wrong API
    /// version, or not an object.
    case badRequest(String)
    /// A configuration or live object that does not fit its merge rules, e.g. a `map` list
    /// element without its key (the server answers 500 with this message).
    case invalid(String)

    /// The `Status` the server answers with.
    public var status: Status {
        switch self {
        case .conflict(let conflict):
            conflict.status
        case .badRequest(let message):
            Status(message: message, reason: "BadRequest", code: 400)
        case .invalid(let message):
            Status(message: message, code: 500)
        }
    }

    public var description: String { status.message ?? "" }
}

/// Fields an apply would change that other managers own: the server's 409.
public struct ApplyConflict: Error, Sendable, Hashable, CustomStringConvertible {
    /// One field owned by another manager.
    public struct Conflict: Sendable, Hashable {
        public var manager: String
        public var operation: ManagedFieldsEntry.Operation
        /// The owner's API version, for an `Update` owner.
        public var apiVersion: String?
        public var subresource: String?
        public var path: FieldSet.Path

        public init(manager: String, operation: ManagedFieldsEntry.Operation, apiVersion: String? = nil,
                    subresource: String? = nil, path: FieldSet.Path) {
            self.manager = manager
            self.operation = operation
            self.apiVersion = operation == .update ? apiVersion : nil
            self.subresource = subresource
            self.path = path
        }

        /// The field as the server prints it, e.g. `.spec.partitions`.
        public var field: String { path.description }

        var identity: ManagerIdentity {
            ManagerIdentity(manager: manager, operation: operation, apiVersion: apiVersion, subresource: subresource)
        }

        /// The owner as the server names it: `"alice"`, `"curl" using fixture.example.com/v1`.
        public var owner: String { identity.printed }
    }

    /// The conflicts, by owner (sorted as the server sorts managers), then field.
    public let conflicts: [Conflict]

    public init(_ conflicts: [Conflict]) {
        let owners = Dictionary(grouping: conflicts, by: \.identity)
        self.conflicts = owners.keys.sorted { $0.sortKey < $1.sortKey }.flatMap { owner in
            let byPath = Dictionary(owners[owner]!.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
            return FieldSet(byPath.keys).paths.compactMap { byPath[$0] }
        }
    }

    /// `Apply failed with 1 conflict: conflict with "alice": .spec.partitions`, or for several,
    /// a line per owner (`conflicts with "alice":`) followed by `- .spec.x` lines.
    public var message: String {
        if conflicts.count == 1 {
            return "Apply failed with 1 conflict: conflict with \(conflicts[0].owner): \(conflicts[0].field)"
        }
        var lines: [String] = []
        var previous: ManagerIdentity?
        for conflict in conflicts {
            if conflict.identity != previous {
                lines.append("conflicts with \(conflict.owner):")
                previous = conflict.identity
            }
            lines.append("- \(conflict.field)")
        }
        return "Apply failed with \(conflicts.count) conflicts: " + lines.joined(separator: "\n")
    }

    /// One `FieldManagerConflict` cause per field.
    public var causes: [StatusCause] {
        conflicts.map { StatusCause(reason: "FieldManagerConflict", message: "conflict with \($0.owner)", field: $0.field) }
    }

    /// The 409 `Conflict` status.
    public var status: Status {
        Status(message: message, reason: "Conflict", details: StatusDetails(causes: causes), code: 409)
    }

    public var description: String { message }
}
