/// What the API server does with fields it does not know or finds twice (`fieldValidation`).
public enum FieldValidation: String, Sendable, Hashable, CaseIterable {
    /// Fail the request.
    case strict = "Strict"
    /// Succeed, and return a `Warning` header per problem.
    case warn = "Warn"
    /// Drop the fields silently.
    case ignore = "Ignore"
}

/// The write a `WriteOptions` is for; it names the options' kind in the API server's errors.
public protocol WriteVerb: Sendable {
    /// `CreateOptions`, `UpdateOptions`, `PatchOptions`.
    static var optionsKind: String { get }
}

/// A POST that creates an object.
public enum CreateVerb: WriteVerb {
    public static let optionsKind = "CreateOptions"
}

/// A PUT that replaces an object.
public enum UpdateVerb: WriteVerb {
    public static let optionsKind = "UpdateOptions"
}

/// A PATCH; its options add `force` (see `PatchOptions`).
public enum PatchVerb: WriteVerb {
    public static let optionsKind = "PatchOptions"
}

/// The options every write shares (`metav1.CreateOptions`, `metav1.UpdateOptions`): `dryRun=All`,
/// `fieldManager` and `fieldValidation`.
public struct WriteOptions<Verb: WriteVerb>: QueryOptions {
    /// Validate and admit, but store nothing (`dryRun=All`).
    public var dryRun: Bool
    /// Who makes the change, recorded in `managedFields`; at most 128 printable characters.
    public var fieldManager: String
    public var fieldValidation: FieldValidation?

    public init(dryRun: Bool = false, fieldManager: String = "", fieldValidation: FieldValidation? = nil) {
        self.dryRun = dryRun
        self.fieldManager = fieldManager
        self.fieldValidation = fieldValidation
    }

    public var queryParameters: [String: [String]] {
        var parameters: [String: [String]] = [:]
        if dryRun { parameters["dryRun"] = [DryRun.all] }
        if !fieldManager.isEmpty { parameters["fieldManager"] = [fieldManager] }
        if let fieldValidation { parameters["fieldValidation"] = [fieldValidation.rawValue] }
        return parameters
    }

    /// Reads and validates the options: every `dryRun` must be `All`, `fieldValidation` one of
    /// Strict, Warn, Ignore (or empty), `fieldManager` short and printable.
    public init(query: [String: [String]]) throws(QueryOptionsError) {
        let reader = QueryReader(query: query)
        let dryRuns = reader.strings("dryRun")
        var errors = OptionRules.dryRun(dryRuns)
        var validation: FieldValidation?
        if let text = reader.string("fieldValidation"), !text.isEmpty {
            validation = FieldValidation(rawValue: text)
            if validation == nil {
                errors.append(.notSupported("fieldValidation", .string(text),
                                            supported: ["", "Ignore", "Warn", "Strict"]))
            }
        }
        self.init(dryRun: !dryRuns.isEmpty, fieldManager: reader.string("fieldManager") ?? "",
                  fieldValidation: validation)
        errors += validationErrors
        guard errors.isEmpty else { throw .invalid(kind: Verb.optionsKind, errors: errors) }
    }

    public var validationErrors: [FieldError] { OptionRules.fieldManager(fieldManager) }
}

/// The options of a create (`metav1.CreateOptions`).
public typealias CreateOptions = WriteOptions<CreateVerb>

/// The options of an update, a PUT (`metav1.UpdateOptions`).
public typealias UpdateOptions = WriteOptions<UpdateVerb>

/// The options of a patch (`metav1.PatchOptions`): those of every write, plus `force` for
/// server-side apply.
public struct PatchOptions: QueryOptions {
    /// Validate and admit, but store nothing (`dryRun=All`).
    public var dryRun: Bool
    /// Who makes the change; required for apply.
    public var fieldManager: String
    public var fieldValidation: FieldValidation?
    /// Apply only: take over fields other managers own instead of failing with a conflict.
    public var force: Bool?

    public init(dryRun: Bool = false, fieldManager: String = "", fieldValidation: FieldValidation? = nil,
                force: Bool? = nil) {
        self.dryRun = dryRun
        self.fieldManager = fieldManager
        self.fieldValidation = fieldValidation
        self.force = force
    }

    /// The options every write shares, as this patch has them.
    private var common: WriteOptions<PatchVerb> {
        WriteOptions(dryRun: dryRun, fieldManager: fieldManager, fieldValidation: fieldValidation)
    }

    public var queryParameters: [String: [String]] {
        var parameters = common.queryParameters
        if let force { parameters["force"] = [String(force)] }
        return parameters
    }

    /// Reads and validates the options as every write's, plus `force`; the rules that depend
    /// on the patch's type are `validationErrors(for:)`.
    public init(query: [String: [String]]) throws(QueryOptionsError) {
        let common = try WriteOptions<PatchVerb>(query: query)
        self.init(dryRun: common.dryRun, fieldManager: common.fieldManager, fieldValidation: common.fieldValidation,
                  force: QueryReader(query: query).bool("force"))
    }

    public var validationErrors: [FieldError] { common.validationErrors }

    /// The API server's rules for a patch of this type: `force` only for apply, and apply needs
    /// a `fieldManager`.
    public func validationErrors(for patchType: PatchType) -> [FieldError] {
        var errors: [FieldError] = []
        if patchType == .apply {
            if fieldManager.isEmpty { errors.append(.required("fieldManager", "is required for apply patch")) }
        } else if force != nil {
            errors.append(.forbidden("force", "may not be specified for non-apply patch"))
        }
        return errors + validationErrors
    }

    /// Throws `QueryOptionsError.invalid` when `validationErrors(for:)` finds anything.
    public func validate(for patchType: PatchType) throws(QueryOptionsError) {
        let errors = validationErrors(for: patchType)
        guard errors.isEmpty else { throw .invalid(kind: PatchVerb.optionsKind, errors: errors) }
    }
}
