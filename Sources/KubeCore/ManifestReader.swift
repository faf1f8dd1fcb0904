import Foundation
import StrictJSON
import Yams

/// A manifest that could not be read, with the document it was in.
public struct ManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Zero-based index of the YAML document in the stream, when known.
    public var document: Int?
    public var reason: String

    public init(document: Int? = nil, reason: String) {
        self.document = document
        self.reason = reason
    }

    public var description: String {
        guard let document else { return reason }
        return "document \(document): \(reason)"
    }
}

/// Reads Kubernetes manifests the way kubectl does: a YAML stream becomes JSON values, one per
/// non-empty document, with YAML 1.1 scalars (`yes`, `on`, `0x1F`, `1_000`) resolved as Go's
/// YAML library resolves them and timestamps kept as strings.
public enum ManifestReader {
    /// Every non-empty document of a YAML (or JSON) text; documents holding only comments or
    /// `null` are skipped, as kubectl skips them.
    public static func documents(fromYAML text: String) throws(ManifestError) -> [JSONValue] {
        var documents: [JSONValue] = []
        let nodes: YamlSequence<Node>
        do {
            nodes = try Yams.compose_all(yaml: text, .basic)
        } catch {
            throw ManifestError(reason: String(describing: error))
        }
        var iterator = nodes.makeIterator()
        var index = 0
        while let node = iterator.next() {
            let value: JSONValue
            do {
                value = try YAMLToJSON.convert(node)
            } catch {
                throw ManifestError(document: index, reason: error.reason)
            }
            if !value.isNull { documents.append(value) }
            index += 1
        }
        if let error = iterator.error {
            throw ManifestError(document: index, reason: String(describing: error))
        }
        return documents
    }

    /// The objects of a YAML stream: like `documents(fromYAML:)`, with every `v1` `List` replaced
    /// by its items (as `kubectl apply` does). A document that is not an object is an error.
    public static func objects(fromYAML text: String) throws(ManifestError) -> [JSONValue] {
        var objects: [JSONValue] = []
        for (index, document) in try documents(fromYAML: text).enumerated() {
            guard document.objectValue != nil else {
                throw ManifestError(document: index, reason: "expected an object, found \(document.typeName)")
            }
            if document["kind"] == "List", document["apiVersion"] == "v1" {
                for item in document["items"]?.arrayValue ?? [] {
                    guard item.objectValue != nil else {
                        throw ManifestError(document: index, reason: "a List item is not an object")
                    }
                    objects.append(item)
                }
            } else {
                objects.append(document)
            }
        }
        return objects
    }

    /// Decodes a YAML text holding exactly one document into a `Decodable` type.
    public static func decode<T: Decodable>(_ type: T.Type, fromYAML text: String) throws -> T {
        let documents = try documents(fromYAML: text)
        guard documents.count == 1 else {
            throw ManifestError(reason: "expected exactly one document, found \(documents.count)")
        }
        // A whole number written `3.0` is an integer to the API server's schema validation too.
        return try documents[0].decode(as: T.self, integers: .wholeNumbers)
    }
}

/// YAML node → JSON value, following go-yaml v2 (which sigs.k8s.io/yaml and so kubectl use).
enum YAMLToJSON {
    struct Failure: Error {
        var reason: String
    }

    static func convert(_ node: Node) throws(Failure) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            return try convert(scalar)
        case .sequence(let sequence):
            var elements: [JSONValue] = []
            for element in sequence { elements.append(try convert(element)) }
            return .array(elements)
        case .mapping(let mapping):
            return .object(try convert(mapping))
        case .alias:
            throw Failure(reason: "unresolved YAML alias")
        }
    }

    private static func convert(_ mapping: Node.Mapping) throws(Failure) -> [String: JSONValue] {
        var members: [String: JSONValue] = [:]
        var mergeSources: [Node] = []
        for (key, value) in mapping {
            if case .scalar(let scalar) = key, scalar.string == "<<", scalar.style == .plain {
                mergeSources.append(value)
                continue
            }
            members[try keyString(key)] = try convert(value)
        }
        // Merged keys never override explicit ones; among several merged maps the first wins.
        for source in mergeSources {
            let maps: [Node]
            switch source {
            case .mapping: maps = [source]
            case .sequence(let sequence): maps = Array(sequence)
            default: throw Failure(reason: "a merge key (<<) needs a mapping or a list of mappings")
            }
            for map in maps {
                guard case .mapping(let merged) = map else {
                    throw Failure(reason: "a merge key (<<) needs a mapping or a list of mappings")
                }
                for (key, value) in try convert(merged) where members[key] == nil {
                    members[key] = value
                }
            }
        }
        return members
    }

    /// JSON keys are strings; scalar YAML keys are turned into their JSON text, as sigs.k8s.io/yaml does.
    private static func keyString(_ key: Node) throws(Failure) -> String {
        guard case .scalar(let scalar) = key else {
            throw Failure(reason: "a mapping key must be a scalar")
        }
        switch try convert(scalar, isKey: true) {
        case .string(let text): return text
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(.integer(let integer)): return String(integer)
        case .number(.double(let double)): return String(describing: double)
        case .array, .object: throw Failure(reason: "a mapping key must be a scalar")
        }
    }

    /// The explicit tag of a scalar, or "" when it has none and is plain (so its type is resolved
    /// from its text). Yams resolves the tags of mapping keys while checking for duplicates, so a
    /// plain key reads as `!!str` by then; its style still tells it was plain.
    private static func tagName(of scalar: Node.Scalar, isKey: Bool) -> String {
        let name = scalar.tag.rawValue
        if isKey, scalar.style == .plain, name == Tag.Name.str.rawValue { return "" }
        return name
    }

    private static func convert(_ scalar: Node.Scalar, isKey: Bool = false) throws(Failure) -> JSONValue {
        let text = scalar.string
        switch tagName(of: scalar, isKey: isKey) {
        case "":
            return try resolvePlain(text)
        case Tag.Name.int.rawValue:
            guard case .number(.integer) = try resolvePlain(text) else { throw Failure(reason: "invalid !!int \(text)") }
            return try resolvePlain(text)
        case Tag.Name.float.rawValue:
            let value = try resolvePlain(text)
            guard let double = value.doubleValue else { throw Failure(reason: "invalid !!float \(text)") }
            return .double(double)
        case Tag.Name.bool.rawValue:
            guard case .bool(let flag) = try resolvePlain(text) else { throw Failure(reason: "invalid !!bool \(text)") }
            return .bool(flag)
        case Tag.Name.null.rawValue:
            return .null
        default:
            // Quoted and block scalars, !!str, !!timestamp, !!binary and local tags stay strings.
            return .string(text)
        }
    }

    /// Resolves an untagged plain scalar the way go-yaml v2 does.
    static func resolvePlain(_ text: String) throws(Failure) -> JSONValue {
        switch text {
        case "", "~", "null", "Null", "NULL":
            return .null
        case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON":
            return .bool(true)
        case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF":
            return .bool(false)
        case ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
            throw Failure(reason: "\(text) has no JSON representation")
        default:
            break
        }
        guard let first = text.unicodeScalars.first, "0123456789+-.".unicodeScalars.contains(first) else {
            return .string(text)
        }
        let plain = text.replacingOccurrences(of: "_", with: "")
        if let integer = parseGoInteger(plain) { return .integer(integer) }
        if isYAMLFloat(plain), let double = Double(plain) { return .double(double) }
        if let unsigned = UInt64(plain) { return .double(Double(unsigned)) }
        return .string(text)
    }

    /// Go's `strconv.ParseInt(text, 0, 64)`: sign, then 0x / 0o / 0b prefixes, or a leading 0 for octal.
    private static func parseGoInteger(_ text: String) -> Int64? {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        var radix = 10
        let lower = digits.lowercased()
        if lower.hasPrefix("0x") {
            radix = 16; digits = digits.dropFirst(2)
        } else if lower.hasPrefix("0o") {
            radix = 8; digits = digits.dropFirst(2)
        } else if lower.hasPrefix("0b") {
            radix = 2; digits = digits.dropFirst(2)
        } else if digits.count > 1, digits.first == "0" {
            radix = 8; digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isHexDigit }),
              let magnitude = UInt64(digits, radix: radix)
        else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        return Int64(exactly: magnitude)
    }

    /// go-yaml's `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
    private static func isYAMLFloat(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        func digits() -> Int {
            var count = 0
            while let next = scalars.first, ("0"..."9").contains(next) { scalars = scalars.dropFirst(); count += 1 }
            return count
        }
        if let sign = scalars.first, sign == "+" || sign == "-" { scalars = scalars.dropFirst() }
        if scalars.first == "." {
            scalars = scalars.dropFirst()
            guard digits() > 0 else { return false }
        } else {
            guard digits() > 0 else { return false }
            if scalars.first == "." {
                scalars = scalars.dropFirst()
                _ = digits()
            }
        }
        if let exponent = scalars.first, exponent == "e" || exponent == "E" {
            scalars = scalars.dropFirst()
            if let sign = scalars.first, sign == "+" || sign == "-" { scalars = scalars.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return scalars.isEmpty
    }
}
