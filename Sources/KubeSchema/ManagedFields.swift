import KubeCore
import StrictJSON

/// One entry of `metadata.managedFields`: the fields one manager owns through one kind of
/// operation (and API version, for updates, and subresource).
public struct ManagedFieldsEntry: Sendable, Hashable {
    public enum Operation: String, Sendable, Hashable {
        case apply = "Apply"
        case update = "Update"
    }

    public var manager: String
    public var operation: Operation
    /// The API version the fields are expressed in.
    public var apiVersion: String
    /// When the manager last changed the object (absent when it never did, e.g. an apply that
    /// only agreed with what others had set).
    public var time: Timestamp?
    /// `fieldsV1`, always of `fieldsType` `FieldsV1`.
    public var fields: FieldSet
    /// The subresource written through (`status`), if any.
    public var subresource: String?

    public init(manager: String, operation: Operation, apiVersion: String, time: Timestamp? = nil,
                fields: FieldSet, subresource: String? = nil) {
        self.manager = manager
        self.operation = operation
        self.apiVersion = apiVersion
        self.time = time
        self.fields = fields
        self.subresource = subresource
    }

    /// Reads an entry as the server does (`index` is the entry's position, for messages).
    public init(json: JSONValue, index: Int = 0) throws(ManagedFieldsError) {
        guard case .object(let members) = json else {
            throw ManagedFieldsError("managed fields entry \(index) must be an object")
        }
        func string(_ key: String) throws(ManagedFieldsError) -> String? {
            switch members[key] {
            case nil, .null?: return nil
            case .string(let text)?: return text
            default: throw ManagedFieldsError("\(key) of managed fields entry \(index) must be a string")
            }
        }
        guard let operation = try string("operation").flatMap(Operation.init(rawValue:)) else {
            throw ManagedFieldsError("operation must be `Apply` or `Update`")
        }
        guard let apiVersion = try string("apiVersion"), !apiVersion.isEmpty else {
            throw ManagedFieldsError("apiVersion must not be empty")
        }
        switch try string("fieldsType") ?? "" {
        case "FieldsV1": break
        case "": throw ManagedFieldsError("missing fieldsType in managed fields entry \(index)")
        case let other: throw ManagedFieldsError("invalid fieldsType \(JSONValue.string(other).jsonString()) in managed fields entry \(index)")
        }
        var fields = FieldSet()
        if let fieldsV1 = members["fieldsV1"], fieldsV1 != .null {
            do {
                fields = try FieldSet(fieldsV1: fieldsV1)
            } catch {
                throw ManagedFieldsError("error decoding versioned set of managed fields entry \(index): \(error.message)")
            }
        }
        var time: Timestamp?
        if let text = try string("time") {
            guard let parsed = Timestamp(rfc3339: text) else {
                throw ManagedFieldsError("time of managed fields entry \(index) is not an RFC 3339 time: \(text)")
            }
            time = parsed
        }
        let subresource = try string("subresource")
        self.init(manager: try string("manager") ?? "", operation: operation, apiVersion: apiVersion, time: time,
                  fields: fields, subresource: subresource?.isEmpty == true ? nil : subresource)
    }

    /// The entry as the server writes it (empty strings and a missing time left out).
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "operation": .string(operation.rawValue),
            "fieldsType": "FieldsV1",
            "fieldsV1": fields.fieldsV1,
        ]
        if !manager.isEmpty { members["manager"] = .string(manager) }
        if !apiVersion.isEmpty { members["apiVersion"] = .string(apiVersion) }
        if let time { members["time"] = .string(time.truncatedToSeconds.description) }
        if let subresource, !subresource.isEmpty { members["subresource"] = .string(subresource) }
        return .object(members)
    }

    /// Who this entry belongs to: entries with the same identity are one entry.
    var identity: ManagerIdentity {
        ManagerIdentity(manager: manager, operation: operation,
                        apiVersion: operation == .update ? apiVersion : nil, subresource: subresource)
    }
}

/// A field manager as the server tells entries apart: by name, operation and subresource, and
/// for updates also by API version (an applier keeps one entry whatever version it applies in).
struct ManagerIdentity: Hashable, Sendable {
    var manager: String
    var operation: ManagedFieldsEntry.Operation
    var apiVersion: String?
    var subresource: String?

    /// The server's identifier string (Go's JSON of the entry's identifying fields), which is
    /// what conflicts are sorted by.
    var sortKey: String {
        var text = "{"
        var parts: [String] = []
        if !manager.isEmpty { parts.append("\"manager\":" + JSONValue.string(manager).jsonString()) }
        parts.append("\"operation\":" + JSONValue.string(operation.rawValue).jsonString())
        if let apiVersion, !apiVersion.isEmpty { parts.append("\"apiVersion\":" + JSONValue.string(apiVersion).jsonString()) }
        if let subresource, !subresource.isEmpty { parts.append("\"subresource\":" + JSONValue.string(subresource).jsonString()) }
        text += parts.joined(separator: ",") + "}"
        return text
    }

    /// As conflict messages name it: `"alice"`, `"curl" using fixture.example.com/v1`,
    /// `"ctl" with subresource "status" using v1`.
    var printed: String {
        var text = JSONValue.string(manager).jsonString()
        if let subresource, !subresource.isEmpty { text += " with subresource " + JSONValue.string(subresource).jsonString() }
        if operation == .update { text += " using " + (apiVersion ?? "") }
        return text
    }
}

/// `metadata.managedFields` that cannot be read.
public struct ManagedFieldsError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Field ownership bookkeeping for writes other than apply, and the encoding shared with apply.
public enum ManagedFields {
    /// Fields never owned by the manager making a change: type and identity metadata, and
    /// fields the server sets (exact paths: `metadata.labels` below `metadata` stays owned).
    static let strippedFields = FieldSet([
        ["apiVersion"], ["kind"], ["metadata"], ["metadata", "name"], ["metadata", "namespace"],
        ["metadata", "creationTimestamp"], ["metadata", "selfLink"], ["metadata", "uid"],
        ["metadata", "clusterName"], ["metadata", "generation"], ["metadata", "managedFields"],
        ["metadata", "resourceVersion"],
    ] as [FieldSet.Path])

    /// The entries of a `metadata.managedFields` value (nil or `null`: none).
    public static func decode(_ value: JSONValue?) throws(ManagedFieldsError) -> [ManagedFieldsEntry] {
        switch value {
        case nil, .null?:
            return []
        case .array(let elements)?:
            var entries: [ManagedFieldsEntry] = []
            for (index, element) in elements.enumerated() {
                entries.append(try ManagedFieldsEntry(json: element, index: index))
            }
            return entries
        default:
            throw ManagedFieldsError("managedFields must be a list")
        }
    }

    /// The `metadata.managedFields` value for `entries`, in the server's order (appliers first,
    /// then oldest first, then by manager, API version and subresource); nil when there are none.
    public static func encode(_ entries: some Sequence<ManagedFieldsEntry>) -> JSONValue? {
        let sorted = entries.sorted { p, q in
            if p.operation != q.operation { return p.operation.rawValue < q.operation.rawValue }
            let pSeconds = p.time?.secondsSinceEpoch ?? 0, qSeconds = q.time?.secondsSinceEpoch ?? 0
            if pSeconds != qSeconds { return pSeconds < qSeconds }
            if p.manager != q.manager { return p.manager < q.manager }
            if p.apiVersion != q.apiVersion { return p.apiVersion < q.apiVersion }
            return (p.subresource ?? "") < (q.subresource ?? "")
        }
        return sorted.isEmpty ? nil : .array(sorted.map(\.json))
    }

    /// The manager name the server uses when a request has no `fieldManager`: the User-Agent up
    /// to its first `/` (`kubectl/v1.32.0 (linux/amd64) …` gives `kubectl`), without unprintable
    /// characters, cut to 128 bytes.
    public static func defaultManager(userAgent: String) -> String {
        let prefix = userAgent.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        var result = String.UnicodeScalarView()
        var length = 0
        for scalar in prefix.unicodeScalars where scalar.isGoPrintable {
            let width = UTF8.width(scalar)
            if length + width > 128 { break }
            result.append(scalar)
            length += width
        }
        return String(result)
    }


    /// `new` with `metadata.managedFields` brought up to date after a write that is not an apply
    /// (create, update, merge/JSON/strategic patch), as the API server's field manager does:
    ///
    /// - the starting entries are those `new` carries when it carries a readable, non-empty list
    ///   (a client may edit them; `[]` or `[{}]` clears them), else those of `old`; writes
    ///   through a subresource always start from `old`'s;
    /// - the fields added or changed from `old` to `new` go to the entry of `manager` (operation
    ///   `Update`, `apiVersion`, `subresource`), merged with what it already had, and its `time`
    ///   becomes `now`; they and the removed fields are taken from every other entry; empty
    ///   entries are dropped; `apiVersion`, `kind` and server-set metadata are never owned;
    /// - with `hasStatusSubresource`, a write to the main resource owns nothing in `status`, and
    ///   a write through `status` owns nothing outside it;
    /// - if the objects cannot be compared under `rules`, managed fields are dropped.
    ///
    /// `old` is nil for a create. Pass `new` as it will be stored, defaults applied (defaulted
    /// fields belong to the writer, as on the real server).
    public static func recordUpdate(
        old: JSONValue?, new: JSONValue, manager: String, apiVersion: String, subresource: String? = nil,
        rules: MergeRules = .builtIn, hasStatusSubresource: Bool = false, now: Timestamp
    ) -> JSONValue {
        let requested = new[path: "metadata", "managedFields"]
        var managers: [ManagerIdentity: ManagedFieldsEntry]
        if subresource == nil, isReset(requested) {
            managers = [:]
        } else if subresource == nil, let entries = try? decode(requested), !entries.isEmpty {
            managers = index(entries)
        } else {
            managers = index((try? decode(old?[path: "metadata", "managedFields"])) ?? [])
        }

        let oldObject = (old ?? [:]).removingManagedFields
        let newObject = new.removingManagedFields
        guard let fullComparison = try? rules.compare(oldObject, newObject) else { return newObject }
        let comparison = fullComparison.scoped(subresource: subresource, hasStatusSubresource: hasStatusSubresource)

        let changed = comparison.added.union(comparison.modified)
        for (identity, var entry) in managers {
            entry.fields = entry.fields.subtracting(changed).subtracting(comparison.removed)
            managers[identity] = entry.fields.isEmpty ? nil : entry
        }
        let owned = changed.subtracting(strippedFields)
        if !owned.isEmpty {
            let identity = ManagerIdentity(manager: manager, operation: .update, apiVersion: apiVersion, subresource: subresource)
            managers[identity] = ManagedFieldsEntry(
                manager: manager, operation: .update, apiVersion: apiVersion, time: now.truncatedToSeconds,
                fields: owned.union(managers[identity]?.fields ?? FieldSet()), subresource: subresource)
        }
        return newObject.settingManagedFields(encode(managers.values))
    }

    /// Entries by identity; a later entry with the same identity replaces an earlier one.
    static func index(_ entries: [ManagedFieldsEntry]) -> [ManagerIdentity: ManagedFieldsEntry] {
        var result: [ManagerIdentity: ManagedFieldsEntry] = [:]
        for entry in entries { result[entry.identity] = entry }
        return result
    }

    /// Whether a requested `managedFields` asks for a reset: `[]`, or one entry with nothing set.
    private static func isReset(_ value: JSONValue?) -> Bool {
        guard case .array(let elements)? = value else { return false }
        if elements.isEmpty { return true }
        guard elements.count == 1, case .object(let members) = elements[0] else { return false }
        return members.values.allSatisfy { $0 == .null || $0 == "" }
    }
}

extension Comparison {
    /// The part of a comparison a write may own: with a status subresource, the main resource
    /// owns nothing in `status` and the `status` subresource nothing else.
    func scoped(subresource: String?, hasStatusSubresource: Bool) -> Comparison {
        switch subresource {
        case nil: hasStatusSubresource ? excluding(FieldSet([["status"]])) : self
        case "status": restricted(to: "status")
        default: self
        }
    }
}

extension JSONValue {
    /// The object without `metadata.managedFields`.
    var removingManagedFields: JSONValue {
        guard case .object(var members) = self, case .object(var metadata)? = members["metadata"],
              metadata["managedFields"] != nil
        else { return self }
        metadata["managedFields"] = nil
        members["metadata"] = .object(metadata)
        return .object(members)
    }

    /// The object with `metadata.managedFields` set to `value` (removed when nil).
    func settingManagedFields(_ value: JSONValue?) -> JSONValue {
        guard case .object(var members) = self else { return self }
        if value == nil, members["metadata"] == nil { return self }
        var metadata = members["metadata"]?.objectValue ?? [:]
        metadata["managedFields"] = value
        members["metadata"] = .object(metadata)
        return .object(members)
    }
}
