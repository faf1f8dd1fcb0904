import StrictJSON

/// A set of field paths of an object: what one field manager owns, or what changed between two
/// versions of an object. Modelled on structured-merge-diff's `fieldpath.Set`, the structure the
/// API server serializes as `metadata.managedFields[].fieldsV1`.
///
/// A path names a field (`f:spec`), a list element by its key fields (`k:{"name":"a"}`), a
/// set element by its value (`v:"x"`) or a list element by position (`i:0`). Membership is
/// exact: inserting `.spec.topic` does not make `.spec` a member.
public struct FieldSet: Sendable, Hashable, CustomStringConvertible {
    /// One step of a path.
    public enum PathElement: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
        /// A member of an object (struct field or map entry).
        case field(String)
        /// An element of a `map` list, named by its key fields.
        case key([String: JSONValue])
        /// An element of a `set` list, named by its value.
        case value(JSONValue)
        /// An element of a list, by position.
        case index(Int)

        public init(stringLiteral name: String) {
            self = .field(name)
        }

        /// The order structured-merge-diff sorts by: fields, then keys, then values, then indexes.
        public static func < (lhs: PathElement, rhs: PathElement) -> Bool {
            lhs.compare(rhs) < 0
        }

        func compare(_ other: PathElement) -> Int {
            switch (self, other) {
            case (.field(let a), .field(let b)): return a < b ? -1 : (a == b ? 0 : 1)
            case (.key(let a), .key(let b)): return JSONOrder.compareKeys(a, b)
            case (.value(let a), .value(let b)): return JSONOrder.compare(a, b)
            case (.index(let a), .index(let b)): return a < b ? -1 : (a == b ? 0 : 1)
            default: return rank < other.rank ? -1 : 1
            }
        }

        private var rank: Int {
            switch self {
            case .field: 0
            case .key: 1
            case .value: 2
            case .index: 3
            }
        }

        /// The key of this element in `fieldsV1`: `f:name`, `k:{"name":"a"}`, `v:"x"`, `i:0`.
        public var serialized: String {
            switch self {
            case .field(let name): "f:" + name
            case .key(let fields): "k:" + JSONValue.object(fields).jsonString()
            case .value(let value): "v:" + value.jsonString()
            case .index(let index): "i:" + String(index)
            }
        }

        /// Parses a `fieldsV1` key; nil for a well-formed key of a kind this version does not know
        /// (the server drops those too).
        public init?(serialized text: String) throws(FieldSetError) {
            let scalars = Array(text.unicodeScalars)
            guard scalars.count >= 2, scalars[1] == ":" else {
                throw FieldSetError("invalid fieldsV1 key \(JSONValue.string(text).jsonString())")
            }
            let rest = String(text.unicodeScalars.dropFirst(2))
            switch scalars[0] {
            case "f":
                self = .field(rest)
            case "k":
                guard let parsed = try? JSONValue(parsing: rest), case .object(let fields) = parsed else {
                    throw FieldSetError("invalid key element \(JSONValue.string(text).jsonString())")
                }
                self = .key(fields)
            case "v":
                guard let parsed = try? JSONValue(parsing: rest) else {
                    throw FieldSetError("invalid value element \(JSONValue.string(text).jsonString())")
                }
                self = .value(parsed)
            case "i":
                guard let index = Int(rest) else {
                    throw FieldSetError("invalid index element \(JSONValue.string(text).jsonString())")
                }
                self = .index(index)
            default:
                return nil
            }
        }

        /// As the server prints it in conflicts: `.name`, `[name="a",port=80]`, `[="x"]`, `[0]`.
        public var description: String {
            switch self {
            case .field(let name):
                return "." + name
            case .key(let fields):
                let parts = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\(JSONOrder.goString($0.value))" }
                return "[" + parts.joined(separator: ",") + "]"
            case .value(let value):
                return "[=" + JSONOrder.goString(value) + "]"
            case .index(let index):
                return "[\(index)]"
            }
        }
    }

    /// A path from the object's root; rendered as the server renders it: `.spec.partitions`.
    public struct Path: Sendable, Hashable, CustomStringConvertible, ExpressibleByArrayLiteral {
        public var elements: [PathElement]

        public init(_ elements: [PathElement] = []) {
            self.elements = elements
        }

        public init(arrayLiteral elements: PathElement...) {
            self.elements = elements
        }

        public func appending(_ element: PathElement) -> Path {
            Path(elements + [element])
        }

        public var description: String { elements.map(\.description).joined() }
    }

    /// The elements directly below the root that are members.
    public private(set) var members: Set<PathElement> = []
    /// The subsets below each element that has member descendants (never empty).
    public private(set) var children: [PathElement: FieldSet] = [:]

    public init() {}

    public init(_ paths: some Sequence<Path>) {
        for path in paths { insert(path) }
    }

    public var isEmpty: Bool { members.isEmpty && children.isEmpty }

    /// The number of member paths.
    public var count: Int { children.values.reduce(members.count) { $0 + $1.count } }

    /// Adds a path (its parents are not added). The empty path (the whole object) is never tracked.
    public mutating func insert(_ path: Path) {
        insert(path.elements[...])
    }

    private mutating func insert(_ elements: ArraySlice<PathElement>) {
        guard let first = elements.first else { return }
        if elements.count == 1 {
            members.insert(first)
        } else {
            children[first, default: FieldSet()].insert(elements.dropFirst())
        }
    }

    public func contains(_ path: Path) -> Bool {
        var set = self
        for (position, element) in path.elements.enumerated() {
            if position == path.elements.count - 1 { return set.members.contains(element) }
            guard let next = set.children[element] else { return false }
            set = next
        }
        return false
    }

    /// The paths below `element`, without it (structured-merge-diff's `WithPrefix`).
    public func subset(under element: PathElement) -> FieldSet {
        children[element] ?? FieldSet()
    }

    public func union(_ other: FieldSet) -> FieldSet {
        var result = self
        result.members.formUnion(other.members)
        for (element, subset) in other.children {
            result.children[element] = result.children[element].map { $0.union(subset) } ?? subset
        }
        return result
    }

    public func intersection(_ other: FieldSet) -> FieldSet {
        var result = FieldSet()
        result.members = members.intersection(other.members)
        for (element, subset) in children {
            guard let otherSubset = other.children[element] else { continue }
            result.setChild(element, subset.intersection(otherSubset))
        }
        return result
    }

    /// The paths of `self` not in `other`; exact: removing `.spec` keeps `.spec.topic`.
    public func subtracting(_ other: FieldSet) -> FieldSet {
        var result = FieldSet()
        result.members = members.subtracting(other.members)
        for (element, subset) in children {
            if let otherSubset = other.children[element] {
                result.setChild(element, subset.subtracting(otherSubset))
            } else {
                result.children[element] = subset
            }
        }
        return result
    }

    /// The paths of `self` neither in `other` nor below a member of `other`.
    public func subtractingRecursively(_ other: FieldSet) -> FieldSet {
        var result = FieldSet()
        result.members = members.subtracting(other.members)
        for (element, subset) in children where !other.members.contains(element) {
            if let otherSubset = other.children[element] {
                result.setChild(element, subset.subtractingRecursively(otherSubset))
            } else {
                result.children[element] = subset
            }
        }
        return result
    }

    /// The member paths that have no member below them.
    public var leaves: FieldSet {
        var result = FieldSet()
        result.members = members.filter { children[$0] == nil }
        for (element, subset) in children { result.setChild(element, subset.leaves) }
        return result
    }

    /// Every member path, in the server's order: at each level the members, then each child's
    /// paths, both sorted.
    public var paths: [Path] {
        var result: [Path] = []
        collect(prefix: Path(), into: &result)
        return result
    }

    private func collect(prefix: Path, into result: inout [Path]) {
        for member in members.sorted() { result.append(prefix.appending(member)) }
        for (element, subset) in children.sorted(by: { $0.key < $1.key }) {
            subset.collect(prefix: prefix.appending(element), into: &result)
        }
    }

    mutating func setChild(_ element: PathElement, _ subset: FieldSet) {
        children[element] = subset.isEmpty ? nil : subset
    }

    mutating func insertMember(_ element: PathElement) {
        members.insert(element)
    }

    /// One path per line.
    public var description: String { paths.map(\.description).joined(separator: "\n") }
}

// MARK: - fieldsV1

/// A malformed `fieldsV1` document or an object that does not fit its merge rules.
public struct FieldSetError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

extension FieldSet {
    /// Reads the `fieldsV1` form: nested objects keyed by serialized path elements, where `"."`
    /// marks the node itself as a member and a leaf is `{}`. Keys of unknown kinds are ignored.
    public init(fieldsV1: JSONValue) throws(FieldSetError) {
        guard case .object(let members) = fieldsV1 else {
            throw FieldSetError("fieldsV1 must be an object, not \(fieldsV1.typeName)")
        }
        self = try Self.read(members).set ?? FieldSet()
    }

    /// The subset described by `node`, and whether the node is itself a member (it says `"."`
    /// or has nothing below it).
    private static func read(_ node: [String: JSONValue]) throws(FieldSetError) -> (set: FieldSet?, isMember: Bool) {
        var set: FieldSet?
        var isMember = false
        for (key, value) in node {
            if key == "." {
                isMember = true
                continue
            }
            guard let element = try PathElement(serialized: key) else { continue }
            let below: [String: JSONValue]
            switch value {
            case .object(let members): below = members
            case .null: below = [:]
            default: throw FieldSetError("fieldsV1 member \(JSONValue.string(key).jsonString()) must be an object")
            }
            let (grandchildren, childIsMember) = try read(below)
            if childIsMember { set = set ?? FieldSet(); set!.members.insert(element) }
            if let grandchildren { set = set ?? FieldSet(); set!.children[element] = grandchildren }
        }
        if set == nil { isMember = true }
        return (set, isMember)
    }

    /// The `fieldsV1` form of this set, as the server writes it.
    public var fieldsV1: JSONValue { .object(fieldsV1Members(includeSelf: false)) }

    private func fieldsV1Members(includeSelf: Bool) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        if includeSelf && !isEmpty { result["."] = [:] }
        for member in members where children[member] == nil { result[member.serialized] = [:] }
        for (element, subset) in children {
            result[element.serialized] = .object(subset.fieldsV1Members(includeSelf: members.contains(element)))
        }
        return result
    }

    /// The compact `fieldsV1` JSON text with members in the server's order (`"."` first, then
    /// path elements sorted as structured-merge-diff sorts them), byte for byte what the API
    /// server sends. `fieldsV1` as a `JSONValue` loses that order (its writer sorts keys).
    public var fieldsV1JSON: String {
        var text = ""
        writeFieldsV1(includeSelf: false, into: &text)
        return text
    }

    private func writeFieldsV1(includeSelf: Bool, into text: inout String) {
        text += "{"
        var first = true
        func separate() {
            if !first { text += "," }
            first = false
        }
        if includeSelf && !isEmpty {
            separate()
            text += #"".":{}"#
        }
        for element in members.union(children.keys).sorted() {
            separate()
            text += JSONValue.string(element.serialized).jsonString() + ":"
            if let subset = children[element] {
                subset.writeFieldsV1(includeSelf: members.contains(element), into: &text)
            } else {
                text += "{}"
            }
        }
        text += "}"
    }
}

// MARK: - JSON value order and equality

/// structured-merge-diff's view of JSON values: a total order (numbers, strings, booleans,
/// lists, maps, null), numeric equality across integers and doubles, and Go's `%v` rendering.
enum JSONOrder {
    static func compare(_ lhs: JSONValue, _ rhs: JSONValue) -> Int {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)):
            if case .integer(let x) = a, case .integer(let y) = b { return x < y ? -1 : (x == y ? 0 : 1) }
            let x = a.doubleValue, y = b.doubleValue
            return x < y ? -1 : (x == y ? 0 : 1)
        case (.string(let a), .string(let b)):
            return a < b ? -1 : (a == b ? 0 : 1)
        case (.bool(let a), .bool(let b)):
            return a == b ? 0 : (a ? 1 : -1)
        case (.array(let a), .array(let b)):
            for (x, y) in zip(a, b) {
                let order = compare(x, y)
                if order != 0 { return order }
            }
            return a.count < b.count ? -1 : (a.count == b.count ? 0 : 1)
        case (.object(let a), .object(let b)):
            return compareKeys(a, b)
        default:
            return rank(lhs) < rank(rhs) ? -1 : (rank(lhs) == rank(rhs) ? 0 : 1)
        }
    }

    /// Key field lists compare as sorted (name, value) sequences.
    static func compareKeys(_ lhs: [String: JSONValue], _ rhs: [String: JSONValue]) -> Int {
        let a = lhs.sorted { $0.key < $1.key }, b = rhs.sorted { $0.key < $1.key }
        for (x, y) in zip(a, b) {
            if x.key != y.key { return x.key < y.key ? -1 : 1 }
            let order = compare(x.value, y.value)
            if order != 0 { return order }
        }
        return a.count < b.count ? -1 : (a.count == b.count ? 0 : 1)
    }

    private static func rank(_ value: JSONValue) -> Int {
        switch value {
        case .number: 0
        case .string: 1
        case .bool: 2
        case .array: 3
        case .object: 4
        case .null: 5
        }
    }

    /// Deep equality where `1` equals `1.0`.
    static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)):
            if case .integer(let x) = a, case .integer(let y) = b { return x == y }
            return a.doubleValue == b.doubleValue
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { equal(value, $0) } ?? false }
        default:
            return lhs == rhs
        }
    }

    /// Go's rendering in field paths: strings quoted, numbers and booleans bare.
    static func goString(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(.integer(let integer)): return String(integer)
        case .number(.double(let double)):
            if double.rounded() == double, abs(double) < 1e21 { return String(Int64(double)) }
            return String(describing: double)
        case .string: return value.jsonString()
        case .array(let elements): return "[" + elements.map(goString).joined(separator: ",") + "]"
        case .object(let members):
            return members.sorted { $0.key < $1.key }.map { "\($0.key)=\(goString($0.value))" }.joined()
        }
    }
}
