import KubeCore
import MeshCrypto
import StrictJSON

/// OpenAPI v3 (`/openapi/v3` and one document per group/version), built from the registry.
///
/// kubectl reads it to decide whether the server validates fields itself (the PATCH operation of
/// a kind lists a `fieldValidation` query parameter: then `apply` and `create` send
/// `fieldValidation=Strict` and need no client-side schema) and for `kubectl explain`, which looks
/// the kind up by its `x-kubernetes-group-version-kind` in `components.schemas`. CRD kinds carry
/// their `openAPIV3Schema`; built-in kinds carry an open object schema (this server does not
/// validate them field by field). `/openapi/v2` is not served: kubectl wants it as protobuf and
/// only falls back to it when v3 is missing.
struct OpenAPI: Sendable {
    let registry: ResourceRegistry

    static let objectMetaName = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
    static let listMetaName = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta"

    /// The root document: where each group/version's document lives, with a content hash so
    /// clients can cache it (kubectl keys its cache on the URL).
    var root: JSONValue {
        var paths: [String: JSONValue] = [:]
        for (group, version) in groupVersions {
            let document = self.document(group: group, version: version) ?? .null
            let hash = SHA256.hash(document.jsonBytes()).hexString.uppercased()
            let path = Self.path(group: group, version: version)
            paths[path] = ["serverRelativeURL": .string("/openapi/v3/\(path)?hash=\(hash)")]
        }
        return ["paths": .object(paths)]
    }

    /// `api/v1` or `apis/{group}/{version}`.
    static func path(group: String, version: String) -> String {
        group.isEmpty ? "api/\(version)" : "apis/\(group)/\(version)"
    }

    private var groupVersions: [(String, String)] {
        var seen: [(String, String)] = []
        for type in registry.all where !seen.contains(where: { $0 == (type.group, type.version) }) {
            seen.append((type.group, type.version))
        }
        return seen
    }

    /// The document of one group/version (`/openapi/v3/apis/{group}/{version}`), nil if not served.
    func document(group: String, version: String) -> JSONValue? {
        let types = registry.all.filter { $0.group == group && $0.version == version }
        guard !types.isEmpty else { return nil }
        var paths: [String: JSONValue] = [:]
        var schemas: [String: JSONValue] = [
            Self.objectMetaName: Self.objectMetaSchema,
            Self.listMetaName: Self.listMetaSchema,
        ]
        for type in types {
            let name = Self.schemaName(type)
            schemas[name] = Self.kindSchema(type)
            schemas[name + "List"] = Self.listSchema(type, itemSchema: name)
            for (path, item) in Self.operations(type, schemaName: name) { paths[path] = item }
        }
        return [
            "openapi": "3.0.0",
            "info": ["title": "Kubernetes", "version": .string(Discovery.version["gitVersion"]?.stringValue ?? "")],
            "paths": .object(paths),
            "components": [
                "schemas": .object(schemas),
                "securitySchemes": ["BearerToken": ["type": "apiKey", "name": "authorization", "in": "header",
                                                   "description": "Bearer Token authentication"]],
            ],
        ]
    }

    /// The component name the real server uses: the group reversed (`io.eventmesh.v1alpha1.EventRoute`);
    /// built-ins get the Go package names (`io.k8s.api.core.v1.ConfigMap`).
    static func schemaName(_ type: ResourceType) -> String {
        switch type.group {
        case "": return "io.k8s.api.core.v1.\(type.kind)"
        case "apiextensions.k8s.io": return "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.\(type.version).\(type.kind)"
        default:
            if type.group.hasSuffix(".k8s.io") || !type.group.contains(".") {
                let package = type.group.replacingOccurrences(of: ".k8s.io", with: "").replacingOccurrences(of: ".authorization", with: "")
                return "io.k8s.api.\(package).\(type.version).\(type.kind)"
            }
            return type.group.split(separator: ".").reversed().joined(separator: ".") + ".\(type.version).\(type.kind)"
        }
    }

    private static func gvk(_ type: ResourceType, kind: String? = nil) -> JSONValue {
        [["group": .string(type.group), "kind": .string(kind ?? type.kind), "version": .string(type.version)]]
    }

    private static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    /// The kind's schema: the CRD's with `apiVersion`, `kind` and `metadata` described as the real
    /// server adds them, or an open object for built-ins.
    static func kindSchema(_ type: ResourceType) -> JSONValue {
        var schema = type.schema?.objectValue ?? [
            "type": "object", "x-kubernetes-preserve-unknown-fields": true,
            "description": .string("\(type.kind) (\(type.apiVersion)), stored by eventmesh-local without field-level validation."),
        ]
        var properties = schema["properties"]?.objectValue ?? [:]
        properties["apiVersion"] = ["type": "string", "description": "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."]
        properties["kind"] = ["type": "string", "description": "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. In CamelCase."]
        properties["metadata"] = ["allOf": [ref(objectMetaName)], "default": [:],
                                  "description": "Standard object's metadata."]
        schema["properties"] = .object(properties)
        schema["type"] = "object"
        schema["x-kubernetes-group-version-kind"] = gvk(type)
        return .object(schema)
    }

    static func listSchema(_ type: ResourceType, itemSchema: String) -> JSONValue {
        [
            "type": "object", "required": ["items"],
            "description": .string("\(type.listKind) is a list of \(type.kind)"),
            "properties": [
                "apiVersion": ["type": "string"], "kind": ["type": "string"],
                "items": ["type": "array", "items": ref(itemSchema),
                          "description": .string("List of \(type.resource).")],
                "metadata": ["allOf": [ref(listMetaName)], "default": [:]],
            ],
            "x-kubernetes-group-version-kind": gvk(type, kind: type.listKind),
        ]
    }

    private static func query(_ name: String, _ description: String, type: String = "string") -> JSONValue {
        ["name": .string(name), "in": "query", "description": .string(description),
         "schema": ["type": .string(type), "uniqueItems": true]]
    }

    private static let dryRun = query("dryRun", "When present, indicates that modifications should not be persisted.")
    private static let fieldManager = query("fieldManager", "fieldManager is a name associated with the actor or entity that is making these changes.")
    private static let fieldValidation = query("fieldValidation", "fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values are: Ignore, Warn (the default), Strict.")
    private static let force = query("force", "Force is going to \"force\" Apply requests.", type: "boolean")
    private static let pretty = query("pretty", "If 'true', then the output is pretty printed.")

    /// The paths of one kind: collection, item and (when served) status, with the operations the
    /// server supports and the extensions clients look for.
    static func operations(_ type: ResourceType, schemaName: String) -> [String: JSONValue] {
        let base = "/" + path(group: type.group, version: type.version)
            + (type.namespaced ? "/namespaces/{namespace}" : "") + "/\(type.resource)"
        let kind = gvk(type)[0] ?? .null
        let json: (String) -> JSONValue = { name in ["application/json": ["schema": ref(name)]] }
        func operation(_ action: String, _ verb: String, body: Bool = false, parameters: [JSONValue] = [],
                       response: String, suffix: String = "") -> JSONValue {
            var op: [String: JSONValue] = [
                "operationId": .string("\(verb)\(type.kind)\(suffix)"),
                "x-kubernetes-action": .string(action),
                "x-kubernetes-group-version-kind": kind,
                "parameters": .array(parameters),
                "responses": ["200": ["description": "OK", "content": json(response)],
                              "401": ["description": "Unauthorized"]],
            ]
            if body { op["requestBody"] = ["required": true, "content": json(schemaName)] }
            return .object(op)
        }
        // Strategic merge patch is not listed: kubectl then computes patches for custom resources
        // as JSON merge patches (as with a real server) and, for built-ins, from its compiled-in
        // types rather than from these open schemas. The server still accepts it for built-ins.
        let patchBody: JSONValue = ["required": true, "content": [
            "application/json-patch+json": ["schema": ["type": "object"]],
            "application/merge-patch+json": ["schema": ["type": "object"]],
            "application/apply-patch+yaml": ["schema": ["type": "object"]],
        ]]
        func patch(suffix: String = "") -> JSONValue {
            guard case .object(var op) = operation("patch", "patch", parameters: [dryRun, fieldManager, fieldValidation, force],
                                                   response: schemaName, suffix: suffix) else { return .null }
            op["requestBody"] = patchBody
            return .object(op)
        }
        var common: [JSONValue] = [pretty]
        if type.namespaced {
            common.append(["name": "namespace", "in": "path", "required": true, "schema": ["type": "string", "uniqueItems": true],
                           "description": "object name and auth scope, such as for teams and projects"])
        }
        let name: JSONValue = ["name": "name", "in": "path", "required": true, "schema": ["type": "string", "uniqueItems": true],
                               "description": .string("name of the \(type.kind)")]
        var paths: [String: JSONValue] = [
            base: [
                "get": operation("list", "list", response: schemaName + "List"),
                "post": operation("post", "create", body: true, parameters: [dryRun, fieldManager, fieldValidation], response: schemaName),
                "delete": operation("deletecollection", "deleteCollection", response: "io.k8s.apimachinery.pkg.apis.meta.v1.Status"),
                "parameters": .array(common),
            ],
            base + "/{name}": [
                "get": operation("get", "read", response: schemaName),
                "put": operation("put", "replace", body: true, parameters: [dryRun, fieldManager, fieldValidation], response: schemaName),
                "patch": patch(),
                "delete": operation("delete", "delete", response: "io.k8s.apimachinery.pkg.apis.meta.v1.Status"),
                "parameters": .array(common + [name]),
            ],
        ]
        if type.subresources.contains("status") {
            paths[base + "/{name}/status"] = [
                "get": operation("get", "read", response: schemaName, suffix: "Status"),
                "put": operation("put", "replace", body: true, parameters: [dryRun, fieldManager, fieldValidation],
                                 response: schemaName, suffix: "Status"),
                "patch": patch(suffix: "Status"),
                "parameters": .array(common + [name]),
            ]
        }
        return paths
    }

    static let listMetaSchema: JSONValue = [
        "type": "object",
        "description": "ListMeta describes metadata that synthetic resources must have, including lists and various status objects.",
        "properties": [
            "continue": ["type": "string", "description": "continue may be set if the user set a limit on the number of items returned."],
            "remainingItemCount": ["type": "integer", "format": "int64", "description": "The number of subsequent items in the list which are not included in this list response."],
            "resourceVersion": ["type": "string", "description": "String that identifies the server's internal version of this object."],
            "selfLink": ["type": "string", "description": "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system."],
        ],
    ]

    static let objectMetaSchema: JSONValue = {
        let string = { (description: String) -> JSONValue in ["type": "string", "description": .string(description)] }
        let stringMap = { (description: String) -> JSONValue in
            ["type": "object", "additionalProperties": ["type": "string", "default": ""], "description": .string(description)]
        }
        return [
            "type": "object",
            "description": "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
            "properties": [
                "annotations": stringMap("Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata."),
                "creationTimestamp": string("CreationTimestamp is a timestamp representing the server time when this object was created."),
                "deletionGracePeriodSeconds": ["type": "integer", "format": "int64", "description": "Number of seconds allowed for this object to gracefully terminate before it will be removed from the system."],
                "deletionTimestamp": string("DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted."),
                "finalizers": ["type": "array", "items": ["type": "string", "default": ""], "x-kubernetes-list-type": "set",
                               "description": "Must be empty before the object is deleted from the registry."],
                "generateName": string("GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided."),
                "generation": ["type": "integer", "format": "int64", "description": "A sequence number representing a specific generation of the desired state."],
                "labels": stringMap("Map of string keys and values that can be used to organize and categorize (scope and select) objects."),
                "managedFields": ["type": "array", "items": ["type": "object", "x-kubernetes-preserve-unknown-fields": true],
                                  "description": "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow."],
                "name": string("Name must be unique within a namespace."),
                "namespace": string("Namespace defines the space within which each name must be unique."),
                "ownerReferences": ["type": "array", "items": ["type": "object", "x-kubernetes-preserve-unknown-fields": true],
                                    "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["uid"],
                                    "description": "List of objects depended by this object."],
                "resourceVersion": string("An opaque value that represents the internal version of this object."),
                "selfLink": string("Deprecated: selfLink is a legacy read-only field that is no longer populated by the system."),
                "uid": string("UID is the unique in time and space value for this object."),
            ],
        ]
    }()
}
