import KubeCore
import KubeSchema
import StrictJSON

/// One column of `kubectl get` for a resource (a CRD's additionalPrinterColumns, or a built-in's).
struct PrinterColumnSpec: Sendable, Equatable {
    var name: String
    var type: String
    var format: String = ""
    var description: String
    var priority: Int = 0
    /// A JSONPath (without braces) into the object, e.g. `.spec.topic`.
    var jsonPath: String
    /// Set for built-in columns computed from the whole object (then `jsonPath` is unused).
    var computed: ComputedColumn? = nil
}

/// A resource type the server serves: a built-in kind or a version of a CRD.
struct ResourceType: Sendable, Equatable {
    var group: String
    var version: String
    /// Plural, lower case: the path segment (`eventroutes`).
    var resource: String
    var singular: String
    var kind: String
    var listKind: String
    var namespaced: Bool
    var shortNames: [String] = []
    var categories: [String] = []
    /// Subresources beyond the object itself: "status", "log" (pods), "scale".
    var subresources: Set<String> = []
    /// Columns for Table output besides NAME; empty means NAME and AGE (as for built-ins without columns).
    var printerColumns: [PrinterColumnSpec] = []
    /// The OpenAPI v3 schema of the object, for validation, defaulting and `kubectl explain`.
    var schema: JSONValue?
    /// `schema` read as a structural schema (custom resources), parsed once when the CRD is.
    var structural: StructuralSchema?
    /// Whether changes to anything but metadata and status bump `metadata.generation`.
    var tracksGeneration = true
    /// The CRD this type comes from, if any.
    var definedBy: String?

    var groupResource: GroupResource { GroupResource(group: group, resource: resource) }
    var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
    var groupVersion: String { apiVersion }

    /// Every type serves every verb, listed in the real server's order.
    var verbs: [String] { APIResource.allVerbs }
}
