import KubeCore
import KubeSchema

/// What a create, update or patch needs besides the body: who writes (the field manager),
/// where (subresource), when, and how (dry run, field validation).
struct WriteContext: Sendable {
    var type: ResourceType
    var subresource: String?
    /// `fieldManager`, or the name the server derives from the User-Agent.
    var manager: String
    var now: Timestamp
    var dryRun: Bool
    /// `Strict`, `Warn` (the default) or `Ignore`.
    var fieldValidation: String
    /// False for server-side apply, which keeps managedFields itself.
    var recordsManagedFields = true
    /// How lists and maps merge for field ownership: the CRD's schema, or the built-in rules.
    var rules: MergeRules

    init(type: ResourceType, info: RequestInfo, request: APIRequest, now: Timestamp) throws {
        self.type = type
        subresource = info.subresource
        self.now = now
        manager = request.query("fieldManager").flatMap { $0.isEmpty ? nil : $0 }
            ?? ManagedFields.defaultManager(userAgent: request.header("User-Agent") ?? "")
        guard manager.count <= 128 else {
            throw APIError.invalid(kind: "PatchOptions", group: "meta.k8s.io", name: "",
                                   [.tooLong(FieldPath("fieldManager"), maxLength: 128)])
        }
        let dryRuns = request.query["dryRun"] ?? []
        guard dryRuns.allSatisfy({ $0 == "All" }) else {
            throw APIError.invalid(kind: "CreateOptions", group: "meta.k8s.io", name: "",
                                   [.notSupported(FieldPath("dryRun"), .string(dryRuns.first { $0 != "All" } ?? ""), supported: ["All"])])
        }
        dryRun = !dryRuns.isEmpty
        fieldValidation = request.query("fieldValidation") ?? "Warn"
        guard ["Strict", "Warn", "Ignore", ""].contains(fieldValidation) else {
            throw APIError.badRequest("fieldValidation must be one of \"Ignore\", \"Warn\", or \"Strict\"")
        }
        rules = type.schema.map { MergeRules(openAPIV3Schema: $0) } ?? .builtIn
    }
}
