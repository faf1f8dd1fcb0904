import KubeCore
import KubeSchema
import StrictJSON

/// CustomResourceDefinitions: turning one into the resource types it defines, and the status
/// the API server gives it once its names are accepted.
enum CustomResourceDefinitions {
    static let resource = GroupResource(group: "apiextensions.k8s.io", resource: "customresourcedefinitions")

    /// The resource types of every served version of `crd` (empty when the spec is unusable).
    static func types(of crd: JSONValue) -> [ResourceType] {
        guard let name = crd["metadata"]?["name"]?.stringValue, let spec = crd["spec"],
              let group = spec["group"]?.stringValue, let names = spec["names"],
              let plural = names["plural"]?.stringValue, let kind = names["kind"]?.stringValue
        else { return [] }
        let strings = { (value: JSONValue?) in value?.arrayValue?.compactMap(\.stringValue) ?? [] }
        return (spec["versions"]?.arrayValue ?? []).compactMap { version -> ResourceType? in
            guard let versionName = version["name"]?.stringValue, version["served"]?.boolValue ?? true else { return nil }
            var subresources: Set<String> = []
            if version["subresources"]?["status"] != nil { subresources.insert("status") }
            if version["subresources"]?["scale"] != nil { subresources.insert("scale") }
            let columns = (version["additionalPrinterColumns"]?.arrayValue ?? []).compactMap { column -> PrinterColumnSpec? in
                guard let columnName = column["name"]?.stringValue, let path = column["jsonPath"]?.stringValue else { return nil }
                return PrinterColumnSpec(name: columnName, type: column["type"]?.stringValue ?? "string",
                                         format: column["format"]?.stringValue ?? "",
                                         description: column["description"]?.stringValue
                                            ?? "Custom resource definition column (in JSONPath format): \(path)",
                                         priority: Int(column["priority"]?.int64Value ?? 0), jsonPath: path)
            }
            let schema = version["schema"]?["openAPIV3Schema"]
            var type = ResourceType(group: group, version: versionName, resource: plural,
                                singular: names["singular"]?.stringValue ?? kind.lowercased(), kind: kind,
                                listKind: names["listKind"]?.stringValue ?? kind + "List",
                                namespaced: spec["scope"]?.stringValue != "Cluster",
                                shortNames: strings(names["shortNames"]), categories: strings(names["categories"]),
                                subresources: subresources, printerColumns: columns,
                                schema: schema, tracksGeneration: true, definedBy: name)
            type.structural = schema.flatMap { try? StructuralSchema($0) }
            return type
        }
    }

    /// Problems that make the API server refuse a CRD outright (422).
    static func validate(_ crd: JSONValue) -> [FieldError] {
        var errors: [FieldError] = []
        let spec = crd["spec"] ?? .null
        let group = spec["group"]?.stringValue ?? ""
        let plural = spec["names"]?["plural"]?.stringValue ?? ""
        if group.isEmpty { errors.append(.required(FieldPath("spec.group"))) }
        if plural.isEmpty { errors.append(.required(FieldPath("spec.names.plural"))) }
        if (spec["names"]?["kind"]?.stringValue ?? "").isEmpty { errors.append(.required(FieldPath("spec.names.kind"))) }
        if let name = crd["metadata"]?["name"]?.stringValue, !group.isEmpty, !plural.isEmpty, name != "\(plural).\(group)" {
            errors.append(.invalid(FieldPath("metadata.name"), .string(name), "must be spec.names.plural+\".\"+spec.group"))
        }
        let scope = spec["scope"]?.stringValue ?? ""
        if !["Namespaced", "Cluster"].contains(scope) {
            errors.append(.notSupported(FieldPath("spec.scope"), .string(scope), supported: ["Cluster", "Namespaced"]))
        }
        let versions = spec["versions"]?.arrayValue ?? []
        if versions.isEmpty { errors.append(.required(FieldPath("spec.versions"), "must have exactly one version marked as storage version")) }
        let storage = versions.filter { $0["storage"]?.boolValue == true }.count
        if !versions.isEmpty && storage != 1 {
            errors.append(.invalid(FieldPath("spec.versions"), .integer(Int64(storage)), "must have exactly one version marked as storage version"))
        }
        for (index, version) in versions.enumerated() {
            guard let schema = version["schema"]?["openAPIV3Schema"] else { continue }
            let path = StructuralSchema.schemaPath(version: index)
            do {
                errors += try StructuralSchema(schema).structuralViolations(at: path)
            } catch {
                errors.append(error.fieldError(under: path))
            }
        }
        return errors
    }

    /// `crd` with the status of an established definition (names accepted, storage version recorded).
    /// Condition times are kept when the condition already holds, so a resync changes nothing.
    static func established(_ crd: JSONValue, now: Timestamp) -> JSONValue {
        guard case .object(var object) = crd, let names = crd["spec"]?["names"]?.objectValue else { return crd }
        var accepted = names
        if accepted["listKind"] == nil, let kind = names["kind"]?.stringValue { accepted["listKind"] = .string(kind + "List") }
        if accepted["singular"] == nil, let kind = names["kind"]?.stringValue { accepted["singular"] = .string(kind.lowercased()) }
        let old = crd["status"]?["conditions"]?.arrayValue ?? []
        func condition(_ type: String, _ reason: String, _ message: String) -> JSONValue {
            if let existing = old.first(where: { $0["type"]?.stringValue == type }), existing["status"] == "True" {
                return existing
            }
            return ["type": .string(type), "status": "True", "lastTransitionTime": .string(now.description),
                    "reason": .string(reason), "message": .string(message)]
        }
        let storage = crd["spec"]?["versions"]?.arrayValue?.first { $0["storage"]?.boolValue == true }?["name"]
        var stored = crd["status"]?["storedVersions"]?.arrayValue ?? []
        if let storage, !stored.contains(storage) { stored.append(storage) }
        object["status"] = [
            "conditions": [condition("NamesAccepted", "NoConflicts", "no conflicts found"),
                           condition("Established", "InitialNamesAccepted", "the initial names have been accepted")],
            "acceptedNames": .object(accepted),
            "storedVersions": .array(stored),
        ]
        return .object(object)
    }
}

/// Keeps the registry in step with the stored CRDs: registers their types, marks them
/// Established, and removes the types (and their objects) when a CRD goes.
struct CRDController: Sendable {
    let store: ObjectStore
    let registry: ResourceRegistry
    var now: @Sendable () -> Timestamp = { .now() }

    /// Runs until cancelled.
    func run() async throws {
        let watch = try await store.watch(CustomResourceDefinitions.resource, namespace: nil, after: nil)
        for await event in watch.events {
            let name = event.key.name
            switch event.kind {
            case .added, .modified:
                registry.replace(definedBy: name, with: CustomResourceDefinitions.types(of: event.object))
                let timestamp = now()
                _ = try? await store.mutate(CustomResourceDefinitions.resource, event.key) { current in
                    guard let current else { return .unchanged }
                    let updated = CustomResourceDefinitions.established(current, now: timestamp)
                    return updated == current ? .unchanged : .update(updated)
                }
            case .deleted:
                let removed = CustomResourceDefinitions.types(of: event.object)
                registry.replace(definedBy: name, with: [])
                await deleteObjects(of: removed)
            case .bookmark:
                continue
            }
        }
    }

    /// A CRD's objects go with it, as on a real cluster.
    private func deleteObjects(of types: [ResourceType]) async {
        guard let type = types.first else { return }
        let (items, _) = await store.list(type.groupResource)
        for item in items {
            let key = ObjectKey(namespace: item["metadata"]?["namespace"]?.stringValue ?? "",
                                name: item["metadata"]?["name"]?.stringValue ?? "")
            _ = try? await store.mutate(type.groupResource, key) { $0 == nil ? .unchanged : .delete }
        }
    }
}
