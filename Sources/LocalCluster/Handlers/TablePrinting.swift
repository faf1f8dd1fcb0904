import Foundation
import KubeCore
import StrictJSON

/// The small JSONPath dialect of printer columns: `.a.b`, `[0]`, `[*]`, and filters
/// `[?(@.type=="Ready")]`. The values found are joined with "," as the API server does.
struct ColumnPath: Sendable {
    private enum Step: Sendable {
        case field(String)
        case index(Int)
        case all
        case filter(field: [String], equals: String)
    }

    private let steps: [Step]

    /// nil when the path is outside the dialect (the column then stays empty).
    init?(_ text: String) {
        var steps: [Step] = []
        var rest = Substring(text.hasPrefix("{") && text.hasSuffix("}") ? String(text.dropFirst().dropLast()) : text)
        while !rest.isEmpty {
            if rest.hasPrefix(".") {
                rest = rest.dropFirst()
                let name = rest.prefix { $0 != "." && $0 != "[" }
                guard !name.isEmpty else { return nil }
                steps.append(.field(String(name)))
                rest = rest.dropFirst(name.count)
            } else if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]") else { return nil }
                let inside = rest[rest.index(after: rest.startIndex)..<close]
                rest = rest[rest.index(after: close)...]
                if inside == "*" {
                    steps.append(.all)
                } else if let index = Int(inside) {
                    steps.append(.index(index))
                } else if inside.hasPrefix("?(@."), inside.hasSuffix(")"), let equals = inside.range(of: "==") {
                    let field = inside[inside.index(inside.startIndex, offsetBy: 4)..<equals.lowerBound]
                    var value = inside[equals.upperBound..<inside.index(before: inside.endIndex)]
                    value = value.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))[...]
                    steps.append(.filter(field: field.split(separator: ".").map(String.init), equals: String(value)))
                } else {
                    return nil
                }
            } else {
                return nil
            }
        }
        self.steps = steps
    }

    func values(in object: JSONValue) -> [JSONValue] {
        var current = [object]
        for step in steps {
            current = current.flatMap { value -> [JSONValue] in
                switch step {
                case .field(let name): return value[name].map { [$0] } ?? []
                case .index(let index): return value[index].map { [$0] } ?? []
                case .all: return value.arrayValue ?? value.objectValue.map { Array($0.values) } ?? []
                case .filter(let field, let expected):
                    return (value.arrayValue ?? []).filter { element in
                        var found: JSONValue? = element
                        for name in field { found = found?[name] }
                        return found.map(ColumnPath.text) == expected
                    }
                }
            }
        }
        return current
    }

    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return number.int64Value.map(String.init) ?? String(number.doubleValue)
        case .null: return ""
        default: return value.jsonString()
        }
    }
}

/// `as=Table` output: what `kubectl get` prints, computed by the server from printer columns.
enum TablePrinting {
    /// True when the Accept header asks for a meta.k8s.io Table.
    static func wantsTable(_ request: APIRequest) -> Bool {
        guard let accept = request.header("Accept") else { return false }
        return accept.split(separator: ",").contains { $0.contains("as=Table") && $0.contains("g=meta.k8s.io") }
    }

    static func columns(of type: ResourceType) -> [PrinterColumnSpec] {
        let name = PrinterColumnSpec(
            name: "Name", type: "string", format: "name",
            description: "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: http://kubernetes.io/docs/user-guide/identifiers#names",
            jsonPath: ".metadata.name")
        let age = PrinterColumnSpec(
            name: "Age", type: "date", description: "CreationTimestamp is a timestamp representing the server time when this object was created.",
            jsonPath: ".metadata.creationTimestamp")
        if type.definedBy == nil, let builtin = BuiltinColumns.columns(for: type.groupResource) {
            return builtin.map { column in
                var column = column
                if column.description.isEmpty { column.description = column.name == "Name" ? name.description : column.name }
                if column.name == "Name" { column.format = "name" }
                if column.name == "Age" { column.description = age.description }
                return column
            }
        }
        return [name] + (type.printerColumns.isEmpty ? [age] : type.printerColumns)
    }

    /// The Table for `objects`, with each row carrying the object's metadata (PartialObjectMetadata).
    static func table(for objects: [JSONValue], type: ResourceType, resourceVersion: String?, now: Date = Date()) -> JSONValue {
        let columns = columns(of: type)
        let paths = columns.map { ColumnPath($0.jsonPath) }
        let definitions: [JSONValue] = columns.map {
            ["name": .string($0.name), "type": .string($0.type), "format": .string($0.format),
             "description": .string($0.description), "priority": .integer(Int64($0.priority))]
        }
        let rows: [JSONValue] = objects.map { object in
            let cells: [JSONValue] = zip(columns, paths).map { column, path in
                if let computed = column.computed { return computed.value(of: object, now: now) }
                let values = path?.values(in: object) ?? []
                guard !values.isEmpty else { return .null }
                if column.type == "date", let first = values.first?.stringValue, let time = Timestamp(rfc3339: first) {
                    return .string(humanDuration(now.timeIntervalSince(time.date)))
                }
                if values.count == 1, column.type == "integer" || column.type == "number" || column.type == "boolean" {
                    return values[0]
                }
                return .string(values.map(ColumnPath.text).joined(separator: ","))
            }
            return ["cells": .array(cells),
                    "object": ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                               "metadata": object["metadata"] ?? [:]]]
        }
        var metadata: [String: JSONValue] = [:]
        if let resourceVersion { metadata["resourceVersion"] = .string(resourceVersion) }
        return ["kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": .object(metadata),
                "columnDefinitions": .array(definitions), "rows": .array(rows)]
    }

    /// Kubernetes' short ages: 45s, 3m20s, 5h, 3d4h, 2y.
    static func humanDuration(_ seconds: TimeInterval) -> String {
        let total = max(0, Int(seconds))
        switch total {
        case ..<120: return "\(total)s"
        case ..<600: return total % 60 == 0 ? "\(total / 60)m" : "\(total / 60)m\(total % 60)s"
        case ..<10_800: return "\(total / 60)m"
        case ..<28_800: let minutes = (total / 60) % 60; return minutes == 0 ? "\(total / 3600)h" : "\(total / 3600)h\(minutes)m"
        case ..<172_800: return "\(total / 3600)h"
        case ..<691_200: let hours = (total / 3600) % 24; return hours == 0 ? "\(total / 86_400)d" : "\(total / 86_400)d\(hours)h"
        case ..<63_072_000: return "\(total / 86_400)d"
        default: return "\(total / 31_536_000)y"
        }
    }
}
