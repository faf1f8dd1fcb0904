import StrictJSON

// The walks of structured-merge-diff over JSON values under `MergeRules`: the field set of a
// value, merging a configuration into an object, comparing two objects, removing items, and
// adding declared fields as members. Absent members are `nil`; JSON `null` is a value.

/// What changed from one object to another, as field sets.
struct Comparison {
    var added = FieldSet()
    var modified = FieldSet()
    var removed = FieldSet()

    var isSame: Bool { added.isEmpty && modified.isEmpty && removed.isEmpty }

    /// The comparison without the fields in `fields` and anything below them.
    func excluding(_ fields: FieldSet) -> Comparison {
        Comparison(added: added.subtractingRecursively(fields), modified: modified.subtractingRecursively(fields),
                   removed: removed.subtractingRecursively(fields))
    }

    /// The comparison of only the fields at or below `element` (a top-level field).
    func restricted(to element: FieldSet.PathElement) -> Comparison {
        func keep(_ set: FieldSet) -> FieldSet {
            var result = FieldSet()
            if set.members.contains(element) { result.insertMember(element) }
            result.setChild(element, set.subset(under: element))
            return result
        }
        return Comparison(added: keep(added), modified: keep(modified), removed: keep(removed))
    }
}

extension MergeRules {
    /// The fields of `value` that an applier of it would own: every scalar, every atomic list or
    /// map, every element of a set or map list, every map entry, every empty object or null, but
    /// not the objects holding declared fields (structured-merge-diff's `ToFieldSet`).
    public func fieldSet(of value: JSONValue) throws(FieldSetError) -> FieldSet {
        var set = FieldSet()
        try Self.collect(value, root, FieldSet.Path(), into: &set)
        return set
    }

    /// Problems that make `value` unusable as an apply configuration: an element of a `map` list
    /// without its keys, a non-scalar in a `set` list, a repeated key or value. Messages as the
    /// server words them, e.g. `.spec.routes: duplicate entries for key [name="a"]`.
    func configurationErrors(_ value: JSONValue) -> [String] {
        var errors: [String] = []
        Self.validate(value, root, FieldSet.Path(), into: &errors)
        return errors
    }

    /// `config` merged into `live`: scalars, atomic lists and atomic maps of `config` replace
    /// those of `live`; granular maps merge member by member; set and map lists merge element by
    /// element, in the order structured-merge-diff gives them. Nothing is removed.
    func merge(_ live: JSONValue?, _ config: JSONValue?) throws(FieldSetError) -> JSONValue {
        try Self.merge(live, config, root, FieldSet.Path()) ?? .null
    }

    /// The fields added, modified and removed from `old` to `new`; a container added or removed
    /// is itself listed, with everything below it.
    func compare(_ old: JSONValue, _ new: JSONValue) throws(FieldSetError) -> Comparison {
        var comparison = Comparison()
        try Self.compare(old, new, root, FieldSet.Path(), into: &comparison)
        return comparison
    }

    /// `value` without the members, map entries and list elements named in `set`. A granular
    /// container left empty becomes `null`, as in structured-merge-diff.
    func removing(_ set: FieldSet, from value: JSONValue) -> JSONValue {
        Self.remove(set, from: value, root)
    }

    /// `set` plus every declared field that has members below it (structured-merge-diff's
    /// `EnsureNamedFieldsAreMembers`), so that removing it removes the field, not just its leaves.
    func withNamedFieldsAsMembers(_ set: FieldSet) -> FieldSet {
        Self.ensureNamedFields(set, root)
    }

    // MARK: - Implementation

    private static func fail(_ path: FieldSet.Path, _ message: String) -> FieldSetError {
        FieldSetError(path.elements.isEmpty ? message : "\(path): \(message)")
    }

    /// The path element naming `element` (at `index`) of a list of `type`.
    private static func pathElement(
        of element: JSONValue, at index: Int, type: MergeRules.ListType, keyDefaults: [String: JSONValue]
    ) -> Result<FieldSet.PathElement, FieldSetError> {
        switch type {
        case .atomic:
            return .success(.index(index))
        case .set:
            switch element {
            case .object: return .failure(FieldSetError("associative list without keys has an element that's a map type"))
            case .array: return .failure(FieldSetError("not supported: associative list with lists as elements"))
            case .null: return .failure(FieldSetError("associative list without keys has an element that's an explicit null"))
            default: return .success(.value(element))
            }
        case .map(let keys):
            guard case .object(let members) = element else {
                return .failure(FieldSetError(element == .null
                    ? "associative list with keys may not have a null element"
                    : "associative list with keys may not have non-map elements"))
            }
            var key: [String: JSONValue] = [:]
            for name in keys {
                guard let value = members[name] ?? keyDefaults[name] else {
                    return .failure(FieldSetError(
                        "associative list with keys has an element that omits key field \(JSONValue.string(name).jsonString()) (and doesn't have default value)"))
                }
                key[name] = value
            }
            return .success(.key(key))
        }
    }

    /// The elements of a granular list with their path elements; a repeated element is ignored.
    private static func elements(
        _ list: [JSONValue], type: MergeRules.ListType, keyDefaults: [String: JSONValue], path: FieldSet.Path
    ) throws(FieldSetError) -> [(element: FieldSet.PathElement, value: JSONValue)] {
        var result: [(element: FieldSet.PathElement, value: JSONValue)] = []
        var seen: Set<FieldSet.PathElement> = []
        for (index, value) in list.enumerated() {
            switch pathElement(of: value, at: index, type: type, keyDefaults: keyDefaults) {
            case .success(let element):
                if seen.insert(element).inserted { result.append((element, value)) }
            case .failure(let error):
                throw fail(path, "element \(index): \(error.message)")
            }
        }
        return result
    }

    private static func validate(_ value: JSONValue, _ shape: Shape, _ path: FieldSet.Path, into errors: inout [String]) {
        switch shape.kind(of: value) {
        case .leaf:
            return
        case .object(let object):
            guard !object.atomic, case .object(let members) = value else { return }
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                validate(member, object.child(name).shape, path.appending(.field(name)), into: &errors)
            }
        case .list(let type, let item, let keyDefaults):
            guard type != .atomic, case .array(let list) = value else { return }
            var seen: Set<FieldSet.PathElement> = []
            for (index, element) in list.enumerated() {
                switch pathElement(of: element, at: index, type: type, keyDefaults: keyDefaults) {
                case .success(let pathElement):
                    if !seen.insert(pathElement).inserted {
                        errors.append(fail(path, "duplicate entries for key \(pathElement)").message)
                    }
                    validate(element, item, path.appending(pathElement), into: &errors)
                case .failure(let error):
                    errors.append(fail(path, "element \(index): \(error.message)").message)
                }
            }
        }
    }

    private static func collect(
        _ value: JSONValue, _ shape: Shape, _ path: FieldSet.Path, into set: inout FieldSet
    ) throws(FieldSetError) {
        switch shape.kind(of: value) {
        case .leaf:
            set.insert(path)
        case .object(let object):
            if object.atomic {
                set.insert(path)
                return
            }
            guard case .object(let members) = value else { return }
            for (name, member) in members {
                let (childShape, declared) = object.child(name)
                let childPath = path.appending(.field(name))
                try collect(member, childShape, childPath, into: &set)
                if member == .null || member == [:] || !declared { set.insert(childPath) }
            }
        case .list(let type, let item, let keyDefaults):
            if type == .atomic {
                set.insert(path)
                return
            }
            guard case .array(let list) = value else { return }
            for (element, child) in try elements(list, type: type, keyDefaults: keyDefaults, path: path) {
                let childPath = path.appending(element)
                try collect(child, item, childPath, into: &set)
                set.insert(childPath)
            }
        }
    }

    /// The merge of one node; nil only when both sides are absent.
    private static func merge(
        _ lhs: JSONValue?, _ rhs: JSONValue?, _ shape: Shape, _ path: FieldSet.Path
    ) throws(FieldSetError) -> JSONValue? {
        // The right-hand side decides how the node is handled; a left-hand side of another
        // type is then treated as absent below this node.
        switch shape.kind(of: rhs ?? lhs) {
        case .leaf:
            return rhs ?? lhs
        case .object(let object):
            let left = lhs?.objectValue ?? [:], right = rhs?.objectValue ?? [:]
            // Atomic, or nothing on either side: a leaf, which keeps `{}` apart from `null`.
            if object.atomic || (left.isEmpty && right.isEmpty) { return rhs ?? lhs }
            var result: [String: JSONValue] = [:]
            for name in Set(left.keys).union(right.keys) {
                result[name] = try merge(left[name], right[name], object.child(name).shape, path.appending(.field(name)))
            }
            return .object(result)
        case .list(let type, let item, let keyDefaults):
            let left = lhs?.arrayValue ?? [], right = rhs?.arrayValue ?? []
            if type == .atomic || (left.isEmpty && right.isEmpty) { return rhs ?? lhs }
            return .array(try mergeList(left, right, type: type, item: item, keyDefaults: keyDefaults, path: path))
        }
    }

    /// structured-merge-diff's list merge order: walk both lists, keeping the live order for
    /// elements the configuration does not mention and the configuration's order for the rest.
    private static func mergeList(
        _ lhs: [JSONValue], _ rhs: [JSONValue], type: MergeRules.ListType, item: Shape,
        keyDefaults: [String: JSONValue], path: FieldSet.Path
    ) throws(FieldSetError) -> [JSONValue] {
        let left = try elements(lhs, type: type, keyDefaults: keyDefaults, path: path)
        let right = try elements(rhs, type: type, keyDefaults: keyDefaults, path: path)
        let leftValues = Dictionary(left.map { ($0.element, $0.value) }, uniquingKeysWith: { first, _ in first })
        let rightValues = Dictionary(right.map { ($0.element, $0.value) }, uniquingKeysWith: { first, _ in first })
        var shared = right.map(\.element).filter { leftValues[$0] != nil }[...]
        var nextShared = shared.popFirst()
        var result: [JSONValue] = []
        func add(_ element: FieldSet.PathElement) throws(FieldSetError) {
            if let merged = try merge(leftValues[element], rightValues[element], item, path.appending(element)) {
                result.append(merged)
            }
        }
        var l = 0, r = 0
        while l < left.count || r < right.count {
            if l < left.count && r < right.count {
                let element = left[l].element
                if element == right[r].element {
                    try add(element)
                    l += 1
                    r += 1
                    nextShared = shared.popFirst()
                    continue
                }
                if rightValues[element] != nil, let next = nextShared, next != element {
                    l += 1  // a shared element, placed where the configuration has it
                    continue
                }
            }
            if l < left.count, rightValues[left[l].element] == nil {
                try add(left[l].element)
                l += 1
                continue
            }
            guard r < right.count else { break }
            let element = right[r].element
            try add(element)
            r += 1
            if element == nextShared { nextShared = shared.popFirst() }
        }
        return result
    }

    private static func compare(
        _ lhs: JSONValue?, _ rhs: JSONValue?, _ shape: Shape, _ path: FieldSet.Path, into comparison: inout Comparison
    ) throws(FieldSetError) {
        let rightKind = shape.kind(of: rhs ?? lhs)
        if let lhs, rhs != nil {
            let leftKind = shape.kind(of: lhs)
            if leftKind.tag != rightKind.tag {
                // A change of type: the old side is walked as if the new one were absent below it.
                try compare(lhs, rhs, leftKind, path, into: &comparison)
            }
        }
        try compare(lhs, rhs, rightKind, path, into: &comparison)
    }

    private static func compare(
        _ lhs: JSONValue?, _ rhs: JSONValue?, _ kind: Shape.Kind, _ path: FieldSet.Path, into comparison: inout Comparison
    ) throws(FieldSetError) {
        func leaf() {
            if lhs == nil {
                comparison.added.insert(path)
            } else if rhs == nil {
                comparison.removed.insert(path)
            } else if !JSONOrder.equal(lhs!, rhs!) {
                comparison.modified.insert(path)
            }
        }
        func container() {
            if lhs == nil {
                comparison.added.insert(path)
            } else if rhs == nil {
                comparison.removed.insert(path)
            }
        }
        switch kind {
        case .leaf:
            leaf()
        case .object(let object):
            let left = lhs?.objectValue, right = rhs?.objectValue
            if object.atomic || ((left ?? [:]).isEmpty && (right ?? [:]).isEmpty) {
                leaf()
                return
            }
            for name in Set((left ?? [:]).keys).union((right ?? [:]).keys) {
                try compare(left?[name], right?[name], object.child(name).shape, path.appending(.field(name)),
                            into: &comparison)
            }
            container()
        case .list(let type, let item, let keyDefaults):
            let left = lhs?.arrayValue, right = rhs?.arrayValue
            if type == .atomic || ((left ?? []).isEmpty && (right ?? []).isEmpty) {
                leaf()
                return
            }
            let leftElements = try elements(left ?? [], type: type, keyDefaults: keyDefaults, path: path)
            let rightElements = try elements(right ?? [], type: type, keyDefaults: keyDefaults, path: path)
            let leftValues = Dictionary(leftElements.map { ($0.element, $0.value) }, uniquingKeysWith: { first, _ in first })
            let rightValues = Dictionary(rightElements.map { ($0.element, $0.value) }, uniquingKeysWith: { first, _ in first })
            for element in Set(leftValues.keys).union(rightValues.keys) {
                try compare(leftValues[element], rightValues[element], item, path.appending(element), into: &comparison)
            }
            container()
        }
    }

    private static func remove(_ set: FieldSet, from value: JSONValue, _ shape: Shape) -> JSONValue {
        switch shape.kind(of: value) {
        case .leaf:
            return value
        case .object(let object):
            guard !object.atomic, case .object(let members) = value, !members.isEmpty else { return .null }
            var result: [String: JSONValue] = [:]
            for (name, member) in members {
                let element = FieldSet.PathElement.field(name)
                if set.members.contains(element) { continue }
                let below = set.subset(under: element)
                result[name] = below.isEmpty ? member : remove(below, from: member, object.child(name).shape)
            }
            return result.isEmpty ? .null : .object(result)
        case .list(let type, let item, let keyDefaults):
            guard type != .atomic, case .array(let list) = value, !list.isEmpty else { return .null }
            var result: [JSONValue] = []
            for (index, element) in list.enumerated() {
                guard case .success(let pathElement) = pathElement(of: element, at: index, type: type, keyDefaults: keyDefaults) else {
                    result.append(element)
                    continue
                }
                if set.members.contains(pathElement) { continue }
                let below = set.subset(under: pathElement)
                result.append(below.isEmpty ? element : remove(below, from: element, item))
            }
            return result.isEmpty ? .null : .array(result)
        }
    }

    private static func ensureNamedFields(_ set: FieldSet, _ shape: Shape?) -> FieldSet {
        var result = FieldSet()
        for member in set.members { result.insertMember(member) }
        let object = shape?.objectShape
        for (element, subset) in set.children {
            var childShape: Shape?
            switch element {
            case .field(let name):
                if let object {
                    let (fieldShape, declared) = object.child(name)
                    if declared { result.insertMember(element) }
                    childShape = fieldShape
                }
            case .key:
                if case .list(_, let item, _)? = shape { childShape = item }
            case .value, .index:
                childShape = nil
            }
            result.setChild(element, ensureNamedFields(subset, childShape))
        }
        return result
    }
}

extension FieldSet {
    /// The fields an applier of `value` would own under `rules`; see `MergeRules.fieldSet(of:)`.
    public init(of value: JSONValue, rules: MergeRules) throws(FieldSetError) {
        self = try rules.fieldSet(of: value)
    }
}
