import StrictJSON

/// The API's answer when a call fails (and for some deletions): `kind: Status`, as the API server
/// writes it and clients read it.
public struct Status: Codable, Sendable, Hashable, Error, CustomStringConvertible {
    public var kind = "Status"
    public var apiVersion = "v1"
    public var metadata = ListMeta()
    /// "Success" or "Failure".
    public var status: String?
    public var message: String?
    /// CamelCase machine-readable reason: NotFound, AlreadyExists, Conflict, Invalid, Expired, ...
    public var reason: String?
    public var details: StatusDetails?
    public var code: Int?

    public init(status: String? = "Failure", message: String? = nil, reason: String? = nil,
                details: StatusDetails? = nil, code: Int? = nil) {
        self.status = status
        self.message = message
        self.reason = reason
        self.details = details
        self.code = code
    }

    public var description: String {
        "\(code.map(String.init) ?? "?") \(reason ?? "Unknown"): \(message ?? "")"
    }
}

/// Which object a `Status` is about, and for `Invalid`, every field that was wrong.
public struct StatusDetails: Codable, Sendable, Hashable {
    public var name: String?
    public var group: String?
    /// The resource (plural, e.g. `eventroutes`) or the kind, as the server chose.
    public var kind: String?
    public var uid: String?
    public var causes: [StatusCause]?
    public var retryAfterSeconds: Int?

    public init(name: String? = nil, group: String? = nil, kind: String? = nil, uid: String? = nil,
                causes: [StatusCause]? = nil, retryAfterSeconds: Int? = nil) {
        self.name = name
        self.group = group
        self.kind = kind
        self.uid = uid
        self.causes = causes
        self.retryAfterSeconds = retryAfterSeconds
    }
}

public struct StatusCause: Codable, Sendable, Hashable {
    /// e.g. FieldValueInvalid, FieldValueRequired, FieldValueNotSupported, FieldManagerConflict.
    public var reason: String?
    public var message: String?
    /// The field path, e.g. `spec.source.kafka.partitions`.
    public var field: String?

    public init(reason: String? = nil, message: String? = nil, field: String? = nil) {
        self.reason = reason
        self.message = message
        self.field = field
    }
}

/// The `metadata` of lists (and of Status): the collection's version and the next page's token.
public struct ListMeta: Codable, Sendable, Hashable {
    public var resourceVersion: String?
    public var `continue`: String?
    public var remainingItemCount: Int64?

    public init(resourceVersion: String? = nil, continue: String? = nil, remainingItemCount: Int64? = nil) {
        self.resourceVersion = resourceVersion
        self.continue = `continue`
        self.remainingItemCount = remainingItemCount
    }
}

extension FieldError {
    /// This error as a `Status` cause.
    public var cause: StatusCause {
        StatusCause(reason: type.rawValue, message: message, field: field.description)
    }
}
