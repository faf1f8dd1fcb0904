import StrictJSON

/// What happens to the dependents (objects with an owner reference) of a deleted object.
public enum PropagationPolicy: String, Sendable, Hashable, CaseIterable {
    /// Delete the dependents first; the owner goes once they are gone.
    case foreground = "Foreground"
    /// Delete the owner now; the garbage collector deletes the dependents afterwards.
    case background = "Background"
    /// Delete the owner and leave the dependents.
    case orphan = "Orphan"
}

/// Conditions a delete must meet, checked against the stored object (`metav1.Preconditions`).
public struct Preconditions: Sendable, Hashable {
    public var uid: String?
    public var resourceVersion: String?

    public init(uid: String? = nil, resourceVersion: String? = nil) {
        self.uid = uid
        self.resourceVersion = resourceVersion
    }

    /// Why the object fails these preconditions (the message of the server's 409 Conflict), or nil.
    public func failure(uid actualUID: String?, resourceVersion actualVersion: String?) -> String? {
        if let uid, uid != (actualUID ?? "") {
            return "Precondition failed: UID in precondition: \(uid), UID in object meta: \(actualUID ?? "")"
        }
        if let resourceVersion, resourceVersion != (actualVersion ?? "") {
            return "Precondition failed: ResourceVersion in precondition: \(resourceVersion), ResourceVersion in object meta: \(actualVersion ?? "")"
        }
        return nil
    }
}

/// The options of a delete or a deletecollection (`metav1.DeleteOptions`). Clients send them as
/// a JSON body (`body`); the API server also reads them from the query when there is no body.
public struct DeleteOptions: QueryOptions {
    /// Seconds before the object is deleted; 0 means now.
    public var gracePeriodSeconds: Int64?
    public var preconditions: Preconditions?
    /// Deprecated form of `propagationPolicy: Orphan`; the two may not both be set.
    public var orphanDependents: Bool?
    public var propagationPolicy: PropagationPolicy?
    /// Validate, but delete nothing (`dryRun: ["All"]`).
    public var dryRun: Bool

    public init(gracePeriodSeconds: Int64? = nil, preconditions: Preconditions? = nil,
                orphanDependents: Bool? = nil, propagationPolicy: PropagationPolicy? = nil, dryRun: Bool = false) {
        self.gracePeriodSeconds = gracePeriodSeconds
        self.preconditions = preconditions
        self.orphanDependents = orphanDependents
        self.propagationPolicy = propagationPolicy
        self.dryRun = dryRun
    }

    /// The JSON body client-go sends: `{"kind":"DeleteOptions","apiVersion":"v1",...}` with only
    /// the options that are set.
    public var body: JSONValue {
        var members: [String: JSONValue] = ["kind": "DeleteOptions", "apiVersion": "v1"]
        if let gracePeriodSeconds { members["gracePeriodSeconds"] = .integer(gracePeriodSeconds) }
        if let preconditions {
            var fields: [String: JSONValue] = [:]
            if let uid = preconditions.uid { fields["uid"] = .string(uid) }
            if let version = preconditions.resourceVersion { fields["resourceVersion"] = .string(version) }
            members["preconditions"] = .object(fields)
        }
        if let orphanDependents { members["orphanDependents"] = .bool(orphanDependents) }
        if let propagationPolicy { members["propagationPolicy"] = .string(propagationPolicy.rawValue) }
        if dryRun { members["dryRun"] = [.string(DryRun.all)] }
        return .object(members)
    }

    /// Reads and validates a request body. Unknown members are ignored and any `apiVersion` is
    /// accepted (clients send `v1`, `meta.k8s.io/v1` or the resource's own group version), but a
    /// `kind` must say `DeleteOptions`.
    public init(body: JSONValue) throws(QueryOptionsError) {
        guard case .object(let members) = body else {
            throw .malformed(parameter: "body", value: body.jsonString(), reason: "expected an object")
        }
        let field = BodyField(members: members)
        if let kind = try field.string("kind"), kind != "DeleteOptions" {
            throw .malformed(parameter: "kind", value: kind, reason: "expected DeleteOptions")
        }
        self.init(gracePeriodSeconds: try field.integer("gracePeriodSeconds"),
                  orphanDependents: try field.bool("orphanDependents"))
        if let conditions = members["preconditions"], conditions != .null {
            guard case .object(let fields) = conditions else {
                throw .malformed(parameter: "preconditions", value: conditions.jsonString(), reason: "expected an object")
            }
            let precondition = BodyField(members: fields, prefix: "preconditions.")
            preconditions = Preconditions(uid: try precondition.string("uid"),
                                          resourceVersion: try precondition.string("resourceVersion"))
        }
        var dryRuns: [String] = []
        if let values = members["dryRun"], values != .null {
            guard let array = values.arrayValue, array.allSatisfy({ $0.stringValue != nil }) else {
                throw .malformed(parameter: "dryRun", value: values.jsonString(), reason: "expected an array of strings")
            }
            dryRuns = array.compactMap(\.stringValue)
        }
        try finish(policy: try field.string("propagationPolicy"), dryRuns: dryRuns)
    }

    public var queryParameters: [String: [String]] {
        var parameters: [String: [String]] = [:]
        if let gracePeriodSeconds { parameters["gracePeriodSeconds"] = [String(gracePeriodSeconds)] }
        if let orphanDependents { parameters["orphanDependents"] = [String(orphanDependents)] }
        if let propagationPolicy { parameters["propagationPolicy"] = [propagationPolicy.rawValue] }
        if dryRun { parameters["dryRun"] = [DryRun.all] }
        return parameters
    }

    /// Reads and validates the query form: `gracePeriodSeconds`, `orphanDependents`,
    /// `propagationPolicy` and `dryRun` (preconditions travel only in a body).
    public init(query: [String: [String]]) throws(QueryOptionsError) {
        let reader = QueryReader(query: query)
        self.init(gracePeriodSeconds: try reader.int64("gracePeriodSeconds"),
                  orphanDependents: reader.bool("orphanDependents"))
        try finish(policy: reader.string("propagationPolicy"), dryRuns: reader.strings("dryRun"))
    }

    /// The API server's rules (apimachinery's `ValidateDeleteOptions`), plus a non-negative grace period.
    public var validationErrors: [FieldError] {
        var errors = OptionRules.nonNegative(gracePeriodSeconds, "gracePeriodSeconds")
        if orphanDependents != nil, let propagationPolicy {
            errors.append(.invalid("propagationPolicy", .string(propagationPolicy.rawValue),
                                   "orphanDependents and deletionPropagation cannot be both set"))
        }
        return errors
    }

    /// Sets the policy and dry run (unknown values are 422 NotSupported), then validates.
    private mutating func finish(policy: String?, dryRuns: [String]) throws(QueryOptionsError) {
        var errors = OptionRules.dryRun(dryRuns)
        dryRun = !dryRuns.isEmpty
        if let policy {
            propagationPolicy = PropagationPolicy(rawValue: policy)
            if propagationPolicy == nil {
                errors.append(.notSupported("propagationPolicy", .string(policy),
                                            supported: PropagationPolicy.allCases.map(\.rawValue) + ["nil"]))
            }
        }
        errors += validationErrors
        guard errors.isEmpty else { throw .invalid(kind: "DeleteOptions", errors: errors) }
    }
}

/// Typed reads of a body's members: absent and `null` are nil, another JSON type is malformed.
private struct BodyField {
    let members: [String: JSONValue]
    var prefix = ""

    func string(_ name: String) throws(QueryOptionsError) -> String? {
        try read(name, "a string") { $0.stringValue }
    }

    func integer(_ name: String) throws(QueryOptionsError) -> Int64? {
        try read(name, "an integer") { value in
            if case .number(.integer(let integer)) = value { return integer }
            return nil
        }
    }

    func bool(_ name: String) throws(QueryOptionsError) -> Bool? {
        try read(name, "a boolean") { $0.boolValue }
    }

    private func read<T>(_ name: String, _ expected: String, _ convert: (JSONValue) -> T?) throws(QueryOptionsError) -> T? {
        guard let value = members[name], value != .null else { return nil }
        guard let converted = convert(value) else {
            throw .malformed(parameter: prefix + name, value: value.jsonString(), reason: "expected \(expected)")
        }
        return converted
    }
}
