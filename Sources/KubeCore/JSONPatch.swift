import StrictJSON

/// Why a JSON patch could not be read or applied: which operation (by index), at which
/// pointer, and what went wrong.
public struct JSONPatchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Problem: Sendable, Hashable {
        /// The patch document is not an array of operation objects, or an operation lacks a member.
        case invalidDocument(String)
        case unknownOperation(String)
        case invalidPointer(JSONPointerError)
        /// The target (or, to add, its parent) does not exist.
        case pathNotFound
        /// The pointer goes through a value that is neither an object nor an array.
        case notAContainer
        /// An array token that is not `0`, digits without a leading zero, or (to add) `-`.
        case invalidArrayIndex(String)
        case indexOutOfBounds(index: Int, count: Int)
        /// A `test` found another value (`actual`).
        case testFailed(expected: JSONValue, actual: JSONValue)
        /// A `move` whose `from` contains its `path`.
        case moveIntoOwnChild
        /// A `remove` of the whole document.
        case removeRoot
        /// More operations than `JSONPatch.maximumOperations`.
        case tooManyOperations(Int)
    }

    /// The index of the operation in the patch; nil for a problem of the whole document.
    public var index: Int?
    /// The operation's name (`add`, `test`...), when known.
    public var operation: String?
    /// The pointer where it failed (`path`, or `from` for move and copy).
    public var path: String
    public var problem: Problem

    public init(index: Int?, operation: String?, path: String, problem: Problem) {
        self.index = index
        self.operation = operation
        self.path = path
        self.problem = problem
    }

    public var description: String {
        let reason = switch problem {
        case .invalidDocument(let why): why
        case .unknownOperation(let name): "unknown operation \"\(name)\""
        case .invalidPointer(let error): error.description
        case .pathNotFound: "no value at this path"
        case .notAContainer: "the path goes through a value that is not an object or an array"
        case .invalidArrayIndex(let token): "\"\(token)\" is not an array index"
        case .indexOutOfBounds(let index, let count): "index \(index) is out of bounds for an array of \(count)"
        case .testFailed(let expected, let actual): "test failed: expected \(expected.jsonString()), found \(actual.jsonString())"
        case .moveIntoOwnChild: "cannot move a value into one of its own children"
        case .removeRoot: "cannot remove the whole document"
        case .tooManyOperations(let count): "the allowed maximum operations in a JSON patch is \(JSONPatch.maximumOperations), got \(count)"
        }
        guard let index else { return "JSON patch: \(reason)" }
        let where_ = path.isEmpty ? "the document root" : "\"\(path)\""
        return "JSON patch operation \(index) (\(operation ?? "?")) at \(where_): \(reason)"
    }
}

/// One operation of a JSON patch (RFC 6902).
public enum JSONPatchOperation: Sendable, Hashable {
    case add(path: JSONPointer, value: JSONValue)
    case remove(path: JSONPointer)
    case replace(path: JSONPointer, value: JSONValue)
    case move(from: JSONPointer, path: JSONPointer)
    case copy(from: JSONPointer, path: JSONPointer)
    case test(path: JSONPointer, value: JSONValue)

    /// The `op` member: `add`, `remove`, `replace`, `move`, `copy` or `test`.
    public var name: String {
        switch self {
        case .add: "add"
        case .remove: "remove"
        case .replace: "replace"
        case .move: "move"
        case .copy: "copy"
        case .test: "test"
        }
    }

    /// The `path` member.
    public var path: JSONPointer {
        switch self {
        case .add(let path, _), .remove(let path), .replace(let path, _), .test(let path, _),
             .move(_, let path), .copy(_, let path):
            path
        }
    }

    /// The operation as a member of a patch document.
    public var json: JSONValue {
        var members: [String: JSONValue] = ["op": .string(name), "path": .string(path.description)]
        switch self {
        case .add(_, let value), .replace(_, let value), .test(_, let value): members["value"] = value
        case .move(let from, _), .copy(let from, _): members["from"] = .string(from.description)
        case .remove: break
        }
        return .object(members)
    }
}

/// A JSON patch (RFC 6902, `application/json-patch+json`): operations applied in order, all or
/// nothing.
public struct JSONPatch: Sendable, Hashable {
    /// The most operations a patch may hold, as the Kubernetes API server allows.
    public static let maximumOperations = 10_000

    public var operations: [JSONPatchOperation]

    public init(_ operations: [JSONPatchOperation]) {
        self.operations = operations
    }

    /// Reads a patch document: an array of operation objects. Members an operation does not use
    /// are ignored; `value` must be present (it may be `null`) for add, replace and test.
    public init(parsing document: JSONValue) throws(JSONPatchError) {
        guard case .array(let elements) = document else {
            throw JSONPatchError(index: nil, operation: nil, path: "", problem: .invalidDocument("a JSON patch must be an array"))
        }
        guard elements.count <= Self.maximumOperations else {
            throw JSONPatchError(index: nil, operation: nil, path: "", problem: .tooManyOperations(elements.count))
        }
        var operations: [JSONPatchOperation] = []
        operations.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            operations.append(try Self.operation(element, index: index))
        }
        self.init(operations)
    }

    /// Reads a patch document from its JSON text.
    public init(json bytes: some Collection<UInt8>) throws(JSONPatchError) {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: bytes)
        } catch {
            throw JSONPatchError(index: nil, operation: nil, path: "", problem: .invalidDocument(error.description))
        }
        try self.init(parsing: document)
    }

    /// The patch as a document.
    public var json: JSONValue { .array(operations.map(\.json)) }

    /// The document with every operation applied; the first failure stops and is thrown.
    public func apply(to document: JSONValue) throws(JSONPatchError) -> JSONValue {
        var result = document
        for (index, operation) in operations.enumerated() {
            try Self.apply(operation, to: &result, index: index)
        }
        return result
    }

    private static func operation(_ element: JSONValue, index: Int) throws(JSONPatchError) -> JSONPatchOperation {
        func fail(_ problem: JSONPatchError.Problem, op: String? = nil, path: String = "") -> JSONPatchError {
            JSONPatchError(index: index, operation: op, path: path, problem: problem)
        }
        guard case .object(let members) = element else { throw fail(.invalidDocument("an operation must be an object")) }
        guard let name = members["op"]?.stringValue else { throw fail(.invalidDocument("missing string member \"op\"")) }
        guard let pathText = members["path"]?.stringValue else {
            throw fail(.invalidDocument("missing string member \"path\""), op: name)
        }
        func pointer(_ text: String) throws(JSONPatchError) -> JSONPointer {
            do {
                return try JSONPointer(parsing: text)
            } catch {
                throw fail(.invalidPointer(error), op: name, path: text)
            }
        }
        let path = try pointer(pathText)
        func value() throws(JSONPatchError) -> JSONValue {
            guard let value = members["value"] else { throw fail(.invalidDocument("missing member \"value\""), op: name, path: pathText) }
            return value
        }
        func from() throws(JSONPatchError) -> JSONPointer {
            guard let text = members["from"]?.stringValue else {
                throw fail(.invalidDocument("missing string member \"from\""), op: name, path: pathText)
            }
            return try pointer(text)
        }
        switch name {
        case "add": return .add(path: path, value: try value())
        case "remove": return .remove(path: path)
        case "replace": return .replace(path: path, value: try value())
        case "move": return .move(from: try from(), path: path)
        case "copy": return .copy(from: try from(), path: path)
        case "test": return .test(path: path, value: try value())
        default: throw fail(.unknownOperation(name), op: name, path: pathText)
        }
    }

    private static func apply(_ operation: JSONPatchOperation, to document: inout JSONValue, index: Int) throws(JSONPatchError) {
        func fail(_ problem: JSONPatchError.Problem, at pointer: JSONPointer) -> JSONPatchError {
            JSONPatchError(index: index, operation: operation.name, path: pointer.description, problem: problem)
        }
        func read(_ pointer: JSONPointer) throws(JSONPatchError) -> JSONValue {
            do {
                return try pointer.resolve(in: document)
            } catch {
                throw fail(error.problem, at: pointer)
            }
        }
        func edit(_ pointer: JSONPointer, _ change: EditKind) throws(JSONPatchError) {
            do {
                try Self.edit(&document, pointer.tokens[...], change)
            } catch {
                throw fail(error.problem, at: pointer)
            }
        }
        switch operation {
        case .add(let path, let value):
            if path.tokens.isEmpty { document = value } else { try edit(path, .add(value)) }
        case .remove(let path):
            guard !path.tokens.isEmpty else { throw fail(.removeRoot, at: path) }
            try edit(path, .remove)
        case .replace(let path, let value):
            if path.tokens.isEmpty { document = value } else { try edit(path, .replace(value)) }
        case .move(let from, let path):
            let value = try read(from)
            guard from != path else { return }
            guard !from.isProperPrefix(of: path) else { throw fail(.moveIntoOwnChild, at: from) }
            try edit(from, .remove)
            if path.tokens.isEmpty { document = value } else { try edit(path, .add(value)) }
        case .copy(let from, let path):
            let value = try read(from)
            if path.tokens.isEmpty { document = value } else { try edit(path, .add(value)) }
        case .test(let path, let expected):
            let actual = try read(path)
            guard jsonEqual(actual, expected) else { throw fail(.testFailed(expected: expected, actual: actual), at: path) }
        }
    }

    private enum EditKind {
        case add(JSONValue)
        case replace(JSONValue)
        case remove
    }

    /// Changes the member or element named by the last token, walking there in place (each level
    /// is taken out of its parent while it changes, so nothing is copied).
    private static func edit(_ value: inout JSONValue, _ tokens: ArraySlice<String>, _ change: EditKind) throws(JSONPointerResolution) {
        guard let token = tokens.first else { return }
        let isLast = tokens.count == 1
        switch value {
        case .object(var members):
            value = .null
            defer { value = .object(members) }
            if isLast {
                switch change {
                case .add(let new):
                    members[token] = new
                case .replace(let new):
                    guard members[token] != nil else { throw .notFound }
                    members[token] = new
                case .remove:
                    guard members.removeValue(forKey: token) != nil else { throw .notFound }
                }
            } else {
                guard var child = members.removeValue(forKey: token) else { throw .notFound }
                defer { members[token] = child }
                try edit(&child, tokens.dropFirst(), change)
            }
        case .array(var elements):
            value = .null
            defer { value = .array(elements) }
            if isLast, case .add(let new) = change {
                if token == "-" {
                    elements.append(new)
                    return
                }
                guard let index = JSONPointer.arrayIndex(token) else { throw .invalidIndex(token) }
                guard index <= elements.count else { throw .indexOutOfBounds(index: index, count: elements.count) }
                elements.insert(new, at: index)
                return
            }
            let index = try JSONPointer.existingIndex(token, count: elements.count)
            if isLast {
                if case .replace(let new) = change { elements[index] = new } else { elements.remove(at: index) }
            } else {
                var child = elements[index]
                elements[index] = .null
                defer { elements[index] = child }
                try edit(&child, tokens.dropFirst(), change)
            }
        default:
            throw .notAContainer
        }
    }
}

/// JSON equality as RFC 6902's `test` defines it: numbers by value (`1` equals `1.0`), objects
/// regardless of member order, arrays element by element.
func jsonEqual(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.number(.integer(let left)), .number(.integer(let right))):
        return left == right
    case (.number(let left), .number(let right)):
        return left.doubleValue == right.doubleValue
    case (.array(let left), .array(let right)):
        return left.count == right.count && zip(left, right).allSatisfy { jsonEqual($0, $1) }
    case (.object(let left), .object(let right)):
        return left.count == right.count && left.allSatisfy { key, value in right[key].map { jsonEqual(value, $0) } ?? false }
    default:
        return lhs == rhs
    }
}

extension JSONPointerResolution {
    /// The patch problem this failure to reach a value is.
    var problem: JSONPatchError.Problem {
        switch self {
        case .notFound: .pathNotFound
        case .notAContainer: .notAContainer
        case .invalidIndex(let token): .invalidArrayIndex(token)
        case .indexOutOfBounds(let index, let count): .indexOutOfBounds(index: index, count: count)
        }
    }
}
