import StrictJSON

/// How a list is patched by a strategic merge patch.
public enum ListMergeStrategy: Sendable, Equatable {
    /// The patch's list replaces the original (lists without a patch strategy).
    case replace
    /// Elements are matched by this key and merged; unmatched ones are appended.
    case mergeByKey(String)
    /// A list of scalars treated as a set: the patch's values are added.
    case mergePrimitives
}

/// A strategic merge patch (`application/strategic-merge-patch+json`), as kubectl computes them
/// for built-in kinds: a JSON merge patch whose lists merge by key where the kind's Go types say
/// so, with the directives `$patch` (replace, delete, merge), `$retainKeys`,
/// `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>`.
public struct StrategicMergePatch: Sendable {
    public let patch: JSONValue
    /// The strategy of the list at a path of field names (list indexes are not part of it).
    public let strategy: @Sendable ([String]) -> ListMergeStrategy

    public init(_ patch: JSONValue, strategy: @escaping @Sendable ([String]) -> ListMergeStrategy = BuiltinMergeKeys.strategy) {
        self.patch = patch
        self.strategy = strategy
    }

    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    public func apply(to original: JSONValue) throws(Failure) -> JSONValue {
        guard case .object = patch else { throw Failure(description: "a strategic merge patch must be a JSON object") }
        return try merge(original, patch, path: []) ?? .object([:])
    }

    /// nil: the value is deleted.
    private func merge(_ original: JSONValue?, _ patch: JSONValue, path: [String]) throws(Failure) -> JSONValue? {
        guard case .object(var changes) = patch else { return patch }
        let directive = changes.removeValue(forKey: "$patch")?.stringValue
        switch directive {
        case "delete": return nil
        case "replace": return .object(changes.filter { !$0.key.hasPrefix("$") })
        case nil, "merge": break
        default: throw Failure(description: "unknown patch type: \(directive ?? "")")
        }
        var result = original?.objectValue ?? [:]
        let retain = changes.removeValue(forKey: "$retainKeys")?.arrayValue?.compactMap(\.stringValue)
        var orders: [String: [JSONValue]] = [:]
        var removals: [String: [JSONValue]] = [:]
        for (key, value) in changes {
            if key.hasPrefix("$setElementOrder/") {
                orders[String(key.dropFirst("$setElementOrder/".count))] = value.arrayValue ?? []
            } else if key.hasPrefix("$deleteFromPrimitiveList/") {
                removals[String(key.dropFirst("$deleteFromPrimitiveList/".count))] = value.arrayValue ?? []
            }
        }
        for (key, value) in changes where !key.hasPrefix("$") {
            let childPath = path + [key]
            if value.isNull {
                result[key] = nil
            } else if case .array(let elements) = value {
                result[key] = try mergeList(result[key]?.arrayValue, elements, path: childPath)
            } else if case .object = value {
                result[key] = try merge(result[key], value, path: childPath)
            } else {
                result[key] = value
            }
        }
        for (key, values) in removals {
            result[key] = result[key]?.arrayValue.map { list in .array(list.filter { !values.contains($0) }) }
        }
        for (key, order) in orders {
            guard let list = result[key]?.arrayValue else { continue }
            result[key] = .array(Self.ordered(list, by: order, strategy: strategy(path + [key])))
        }
        if let retain { result = result.filter { retain.contains($0.key) } }
        return .object(result)
    }

    private func mergeList(_ original: [JSONValue]?, _ patch: [JSONValue], path: [String]) throws(Failure) -> JSONValue {
        switch strategy(path) {
        case .replace:
            return .array(patch)
        case .mergePrimitives:
            var result = original ?? []
            for value in patch where !result.contains(value) { result.append(value) }
            return .array(result)
        case .mergeByKey(let key):
            if patch.contains(where: { $0["$patch"]?.stringValue == "replace" }) {
                return .array(patch.filter { $0["$patch"] == nil })
            }
            var result = original ?? []
            for element in patch {
                guard let identity = element[key] else {
                    throw Failure(description: "map: \(element.jsonString()) does not contain declared merge key: \(key)")
                }
                let index = result.firstIndex { $0[key] == identity }
                if element["$patch"]?.stringValue == "delete" {
                    if let index { result.remove(at: index) }
                    continue
                }
                if let index {
                    if let merged = try merge(result[index], element, path: path) { result[index] = merged } else { result.remove(at: index) }
                } else if let added = try merge(nil, element, path: path) {
                    result.append(added)
                }
            }
            return .array(result)
        }
    }

    /// `list` with the elements named in `order` in that order, then the others as they were.
    static func ordered(_ list: [JSONValue], by order: [JSONValue], strategy: ListMergeStrategy) -> [JSONValue] {
        let identity: (JSONValue) -> JSONValue? = { element in
            if case .mergeByKey(let key) = strategy { return element[key] }
            return element
        }
        let wanted = order.map { element -> JSONValue? in
            if case .mergeByKey(let key) = strategy { return element[key] }
            return element
        }
        var remaining = list
        var result: [JSONValue] = []
        for target in wanted {
            if let index = remaining.firstIndex(where: { identity($0) == target }) { result.append(remaining.remove(at: index)) }
        }
        return result + remaining
    }
}

/// The patch strategies of the built-in kinds' lists (their Go types' `patchMergeKey` tags),
/// by field name and, for `ports`, by what holds them.
public enum BuiltinMergeKeys {
    static let byName: [String: String] = [
        "containers": "name", "initContainers": "name", "ephemeralContainers": "name", "volumes": "name",
        "imagePullSecrets": "name", "hostAliases": "ip", "env": "name", "volumeMounts": "mountPath",
        "volumeDevices": "devicePath", "conditions": "type", "ownerReferences": "uid", "secrets": "name",
        "topologySpreadConstraints": "topologyKey", "resourceClaims": "name",
    ]

    public static func strategy(_ path: [String]) -> ListMergeStrategy {
        guard let field = path.last else { return .replace }
        if field == "finalizers" && path.count == 2 && path[0] == "metadata" { return .mergePrimitives }
        if field == "ports" {
            let inContainer = path.dropLast().contains { ["containers", "initContainers", "ephemeralContainers"].contains($0) }
            return .mergeByKey(inContainer ? "containerPort" : "port")
        }
        if let key = byName[field] { return .mergeByKey(key) }
        return .replace
    }
}
