import Foundation
import KubeCore
import MeshAPI
import StrictJSON
import Testing

@Suite("Generated CustomResourceDefinitions")
struct CustomResourceDefinitionTests {
    static let kindNames = CustomResourceDefinitions.kinds.map(\.kind)

    static func openAPISchema(_ kind: String) throws -> JSONValue {
        let definition = try #require(CustomResourceDefinitions.kind(named: kind)).definition
        return try #require(definition[path: "spec", "versions"]?[0]?[path: "schema", "openAPIV3Schema"])
    }

    @Test func committedFilesAreUpToDate() throws {
        let files = CustomResourceDefinitions.renderedFiles()
        for (name, expected) in files.sorted(by: { $0.key < $1.key }) {
            let committed = try? Repository.read("crds/" + name)
            #expect(committed == expected, "crds/\(name) is out of date: run `make crds`")
        }
        let present = try FileManager.default.contentsOfDirectory(atPath: Repository.url("crds").path)
            .filter { $0.hasSuffix(".yaml") }
        #expect(Set(present) == Set(files.keys), "crds/ holds files the generator does not write: run `make crds`")
    }

    @Test func generationIsDeterministicAndReadsBack() throws {
        let first = CustomResourceDefinitions.renderedFiles()
        #expect(first == CustomResourceDefinitions.renderedFiles())
        for kind in CustomResourceDefinitions.kinds {
            let text = try #require(first[kind.fileName])
            #expect(try ManifestReader.documents(fromYAML: text) == [kind.definition])
        }
    }

    @Test("names, scope, categories, status subresource and printer columns", arguments: [
        ("MeshBroker", "meshbrokers", "mb", ["Type", "Ready", "Reason", "Age"]),
        ("EventRoute", "eventroutes", "er", ["Source", "Sink", "Ready", "Reason", "Age"]),
        ("ColdChainService", "coldchainservices", "ccs", ["Role", "Replicas", "Ready", "Reason", "Age"]),
        ("DynamoBinding", "dynamobindings", "ddb", ["Table", "Mode", "Ready", "Reason", "Age"]),
    ])
    func names(kind: String, plural: String, shortName: String, columns: [String]) throws {
        let meshKind = try #require(CustomResourceDefinitions.kind(named: kind))
        let crd = meshKind.definition
        #expect(crd[path: "metadata", "name"] == .string("\(plural).eventmesh.coldchain.io"))
        #expect(meshKind.fileName == "\(plural).eventmesh.coldchain.io.yaml")
        let spec = try #require(crd["spec"])
        #expect(spec["group"] == "eventmesh.coldchain.io")
        #expect(spec["scope"] == "Namespaced")
        #expect(spec[path: "names", "plural"] == .string(plural))
        #expect(spec[path: "names", "shortNames"] == [.string(shortName)])
        #expect(spec[path: "names", "categories"] == ["eventmesh"])
        #expect(spec[path: "names", "listKind"] == .string(kind + "List"))
        let version = try #require(spec["versions"]?[0])
        #expect(version["name"] == "v1alpha1" && version["served"] == true && version["storage"] == true)
        #expect(version[path: "subresources", "status"] == [:])
        let printed = (version["additionalPrinterColumns"]?.arrayValue ?? []).filter { $0["priority"] == nil }
        #expect(printed.compactMap { $0["name"]?.stringValue } == columns)
        let ready = try #require(printed.first { $0["name"] == "Ready" })
        #expect(ready["jsonPath"] == #".status.conditions[?(@.type=="Ready")].status"#)
        let conditions = try #require(try Self.openAPISchema(kind)[path: "properties", "status", "properties", "conditions"])
        #expect(conditions["x-kubernetes-list-type"] == "map")
        #expect(conditions["x-kubernetes-list-map-keys"] == ["type"])
    }

    @Test("the schemas are structural and every property is described", arguments: kindNames)
    func structural(kind: String) throws {
        var problems: [String] = []
        StructuralRules.check(try Self.openAPISchema(kind), path: "", isRoot: true, problems: &problems)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test("every key a fully populated instance emits is declared (nothing is pruned)", arguments: kindNames)
    func nothingIsPruned(kind: String) throws {
        let schema = try Self.openAPISchema(kind)
        let instances = try #require(try FullyPopulated.instances()[kind])
        var undeclared: [String] = []
        var covered: Set<String> = []
        for instance in instances {
            var withoutMetadata = instance
            withoutMetadata["metadata"] = nil
            SchemaCoverage.walk(withoutMetadata, schema: schema, path: "", undeclared: &undeclared, covered: &covered)
        }
        #expect(undeclared.isEmpty, "pruned by the API server: \(undeclared)")
        var declared: Set<String> = []
        SchemaCoverage.declaredPaths(schema, path: "", into: &declared)
        let missing = declared.subtracting(covered).filter { !$0.hasPrefix(".metadata") }.sorted()
        #expect(missing.isEmpty, "declared in the schema but never produced by the Swift types: \(missing)")
    }

    @Test("fully populated instances round-trip through JSON", arguments: kindNames)
    func roundTrip(kind: String) throws {
        for instance in try #require(try FullyPopulated.instances()[kind]) {
            let object = try #require(try MeshObject(manifest: instance))
            let again: JSONValue = switch object {
            case .meshBroker(let value): try JSONValue(encoding: value)
            case .eventRoute(let value): try JSONValue(encoding: value)
            case .coldChainService(let value): try JSONValue(encoding: value)
            case .dynamoBinding(let value): try JSONValue(encoding: value)
            }
            #expect(again == instance)
        }
    }
}

/// Kubernetes' rules for structural schemas, and this project's: a description everywhere.
enum StructuralRules {
    static let forbiddenInJunctors: Set<String> = ["type", "description", "default", "additionalProperties", "nullable"]

    static func check(_ node: JSONValue, path: String, isRoot: Bool = false, problems: inout [String]) {
        let intOrString = node["x-kubernetes-int-or-string"] == true
        if node["type"] == nil, !intOrString { problems.append("\(path): no type") }
        if node["x-kubernetes-preserve-unknown-fields"] != nil { problems.append("\(path): preserves unknown fields") }
        if !isRoot, node["description"]?.stringValue?.isEmpty != false { problems.append("\(path): no description") }
        if let value = node["default"] { checkDefault(value, node: node, path: path, problems: &problems) }
        for rule in node["x-kubernetes-validations"]?.arrayValue ?? [] {
            if rule["rule"]?.stringValue?.isEmpty != false || rule["message"]?.stringValue?.isEmpty != false {
                problems.append("\(path): CEL rule without expression or message")
            }
        }
        if node["x-kubernetes-list-type"] == "map" {
            let required = Set(node[path: "items", "required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            for key in node["x-kubernetes-list-map-keys"]?.arrayValue?.compactMap(\.stringValue) ?? []
            where !required.contains(key) {
                problems.append("\(path): list-map key \(key) is not required")
            }
        }
        for junctor in ["allOf", "anyOf", "oneOf", "not"] {
            guard let value = node[junctor] else { continue }
            let alternatives = value.arrayValue ?? [value]
            if intOrString, junctor == "anyOf", value == [["type": "integer"], ["type": "string"]] { continue }
            for alternative in alternatives {
                checkJunctor(alternative, structural: node, path: "\(path).\(junctor)", problems: &problems)
            }
        }
        for (name, property) in node["properties"]?.objectValue ?? [:] {
            if isRoot, name == "metadata" {
                let allowed = property.objectValue.map { Set($0.keys).isSubset(of: ["type", "properties"]) } ?? false
                if !allowed || property["type"] != "object" { problems.append(".metadata: more than type and name rules") }
                continue
            }
            check(property, path: "\(path).\(name)", problems: &problems)
        }
        if let items = node["items"] { check(items, path: "\(path)[]", problems: &problems) }
        if let values = node["additionalProperties"], values.objectValue != nil {
            check(values, path: "\(path){}", problems: &problems)
        }
    }

    /// Inside junctors: no types, descriptions or defaults, and only fields the node declares.
    static func checkJunctor(_ node: JSONValue, structural: JSONValue, path: String, problems: inout [String]) {
        for key in node.objectValue?.keys.sorted() ?? [] {
            if forbiddenInJunctors.contains(key) || key.hasPrefix("x-kubernetes-") {
                problems.append("\(path): \(key) inside a junctor")
            }
        }
        for (name, nested) in node["properties"]?.objectValue ?? [:] {
            guard let declared = structural[path: "properties", name] else {
                problems.append("\(path).\(name): not declared outside the junctor")
                continue
            }
            checkJunctor(nested, structural: declared, path: "\(path).\(name)", problems: &problems)
        }
        for junctor in ["allOf", "anyOf", "oneOf", "not"] {
            guard let value = node[junctor] else { continue }
            for alternative in value.arrayValue ?? [value] {
                checkJunctor(alternative, structural: structural, path: "\(path).\(junctor)", problems: &problems)
            }
        }
    }

    static func checkDefault(_ value: JSONValue, node: JSONValue, path: String, problems: inout [String]) {
        let type = node["type"]?.stringValue
        let typeMatches = switch (type, value) {
        case ("string", .string), ("boolean", .bool), ("object", .object), ("array", .array): true
        case ("integer", .number(.integer)), ("number", .number): true
        default: false
        }
        if !typeMatches { problems.append("\(path): default \(value.jsonString()) is not a \(type ?? "?")") }
        if let options = node["enum"]?.arrayValue, !options.contains(value) {
            problems.append("\(path): default \(value.jsonString()) is not in the enum")
        }
        if let pattern = node["pattern"]?.stringValue, let text = value.stringValue,
           let regex = try? Regex(pattern), (try? regex.firstMatch(in: text)) == nil {
            problems.append("\(path): default \(text) does not match \(pattern)")
        }
        if let minimum = node["minimum"]?.doubleValue, let number = value.doubleValue, number < minimum {
            problems.append("\(path): default below minimum")
        }
        if let maximum = node["maximum"]?.doubleValue, let number = value.doubleValue, number > maximum {
            problems.append("\(path): default above maximum")
        }
    }
}

/// Walks instances alongside a schema: paths use `[]` for list items and `{}` for map values.
enum SchemaCoverage {
    static func walk(_ value: JSONValue, schema: JSONValue, path: String, undeclared: inout [String],
                     covered: inout Set<String>) {
        covered.insert(path)
        switch value {
        case .object(let members):
            let properties = schema["properties"]?.objectValue
            let values = schema["additionalProperties"]
            for (key, member) in members {
                if let property = properties?[key] {
                    walk(member, schema: property, path: "\(path).\(key)", undeclared: &undeclared, covered: &covered)
                } else if let values, values.objectValue != nil {
                    walk(member, schema: values, path: "\(path){}", undeclared: &undeclared, covered: &covered)
                } else {
                    undeclared.append("\(path).\(key)")
                }
            }
        case .array(let elements):
            guard let items = schema["items"] else { return }
            for element in elements {
                walk(element, schema: items, path: "\(path)[]", undeclared: &undeclared, covered: &covered)
            }
        default:
            return
        }
    }

    static func declaredPaths(_ schema: JSONValue, path: String, into paths: inout Set<String>) {
        paths.insert(path)
        for (name, property) in schema["properties"]?.objectValue ?? [:] {
            declaredPaths(property, path: "\(path).\(name)", into: &paths)
        }
        if let items = schema["items"] { declaredPaths(items, path: "\(path)[]", into: &paths) }
        if let values = schema["additionalProperties"], values.objectValue != nil {
            declaredPaths(values, path: "\(path){}", into: &paths)
        }
    }
}
