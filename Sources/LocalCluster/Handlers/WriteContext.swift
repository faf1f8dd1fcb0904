import KubeCore
import StrictJSON
import Synchronization
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
    /// What the body was: a patch (JSON, merge, apply) reports unknown fields differently.
    var isPatch: Bool
    /// Warnings for the client (unknown fields with `fieldValidation=Warn`), sent as `Warning` headers.
    let warnings = WarningCollector()

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
        isPatch = request.method == "PATCH"
    }

    /// A custom resource as the CRD's structural schema makes it: unknown fields pruned (an
    /// error with `fieldValidation=Strict`, a warning with `Warn`), defaults applied, then
    /// validated (422 naming every field). Built-in kinds pass through.
    func admitCustom(_ object: JSONValue, name: String) throws -> JSONValue {
        guard let schema = type.structural else { return object }
        let (pruned, unknown) = schema.prune(object)
        if !unknown.isEmpty {
            switch fieldValidation {
            case "Strict":
                if isPatch {
                    throw APIError.invalid(kind: "", group: "", name: "",
                                           [SchemaMessages.strictPatchError(patchedObject: object, unknownFields: unknown)])
                }
                throw APIError.badRequest(SchemaMessages.strictBadRequest(kind: type.kind, version: type.version,
                                                                          targetKind: type.kind, unknownFields: unknown))
            case "Ignore":
                break
            default:
                warnings.add(SchemaMessages.unknownFieldWarnings(unknown))
            }
        }
        let defaulted = schema.applyDefaults(to: pruned)
        let errors = schema.validate(defaulted)
        if !errors.isEmpty { throw APIError.invalid(kind: type.kind, group: type.group, name: name, errors) }
        return defaulted
    }
}

/// Warnings gathered while a write is computed (inside the store's atomic mutation).
final class WarningCollector: Sendable {
    private let texts = Mutex<[String]>([])
    func add(_ more: [String]) { texts.withLock { $0 += more } }
    var all: [String] { texts.withLock { $0 } }

    /// `response` with one `Warning: 299 - "..."` header per warning.
    func attach(to response: APIResponse) -> APIResponse {
        var response = response
        for text in all { response.headers.append(("Warning", SchemaMessages.warningHeader(text))) }
        return response
    }
}
