import KubeCore

/// A failed API call, rendered as the `Status` the real API server sends for the same case
/// (codes, reasons, messages and details follow its wording, so clients react the same way).
struct APIError: Error, Sendable {
    var status: Status

    var code: Int { status.code ?? 500 }

    init(code: Int, reason: String, message: String, details: StatusDetails? = nil) {
        status = Status(message: message, reason: reason, details: details, code: code)
    }

    init(status: Status) {
        self.status = status
    }

    /// `configmaps` for the core group, `eventroutes.eventmesh.coldchain.io` otherwise.
    static func qualified(_ resource: GroupResource) -> String { resource.description }

    static func notFound(_ resource: GroupResource, _ name: String) -> APIError {
        APIError(code: 404, reason: "NotFound", message: "\(qualified(resource)) \"\(name)\" not found",
                 details: StatusDetails(name: name, group: nonEmpty(resource.group), kind: resource.resource))
    }

    static func alreadyExists(_ resource: GroupResource, _ name: String) -> APIError {
        APIError(code: 409, reason: "AlreadyExists", message: "\(qualified(resource)) \"\(name)\" already exists",
                 details: StatusDetails(name: name, group: nonEmpty(resource.group), kind: resource.resource))
    }

    /// A stale resourceVersion (optimistic concurrency) or a failed precondition.
    static func conflict(_ resource: GroupResource, _ name: String,
                         _ why: String = "the object has been modified; please apply your changes to the latest version and try again") -> APIError {
        APIError(code: 409, reason: "Conflict",
                 message: "Operation cannot be fulfilled on \(qualified(resource)) \"\(name)\": \(why)",
                 details: StatusDetails(name: name, group: nonEmpty(resource.group), kind: resource.resource))
    }

    /// 422 with one cause per field error, e.g. `EventRoute.eventmesh.coldchain.io "x" is invalid: [...]`.
    static func invalid(kind: String, group: String, name: String, _ errors: [FieldError]) -> APIError {
        let qualifiedKind = group.isEmpty ? kind : "\(kind).\(group)"
        let list = errors.map(\.description)
        let summary = list.count == 1 ? list[0] : "[\(list.joined(separator: ", "))]"
        return APIError(code: 422, reason: "Invalid", message: "\(qualifiedKind) \"\(name)\" is invalid: \(summary)",
                        details: StatusDetails(name: name, group: nonEmpty(group), kind: kind, causes: errors.map(\.cause)))
    }

    static func badRequest(_ message: String) -> APIError {
        APIError(code: 400, reason: "BadRequest", message: message)
    }

    static func methodNotAllowed() -> APIError {
        APIError(code: 405, reason: "MethodNotAllowed",
                 message: "the server does not allow this method on the requested resource")
    }

    static func unsupportedMediaType(accepted: [String], detail: String? = nil) -> APIError {
        APIError(code: 415, reason: "UnsupportedMediaType",
                 message: "the body of the request was in an unknown format - accepted media types include: "
                    + accepted.joined(separator: ", ") + (detail.map { " (\($0))" } ?? ""))
    }

    static func tooLarge(limit: Int) -> APIError {
        APIError(code: 413, reason: "RequestEntityTooLarge", message: "Request entity too large: limit is \(limit)")
    }

    static func unauthorized() -> APIError {
        APIError(code: 401, reason: "Unauthorized", message: "Unauthorized")
    }

    /// No such resource type or path (the server answers 404 with reason NotFound).
    static func noResource(_ path: String) -> APIError {
        APIError(code: 404, reason: "NotFound", message: "the server could not find the requested resource",
                 details: StatusDetails(causes: [StatusCause(reason: "UnexpectedServerResponse", message: "404 page not found")]))
    }

    /// A watch or list from a resourceVersion the server no longer keeps.
    static func expired(requested: UInt64, oldest: UInt64) -> APIError {
        APIError(code: 410, reason: "Expired", message: "too old resource version: \(requested) (\(oldest))")
    }

    /// A list `continue` token whose snapshot is gone; `restart` continues from the current state.
    static func continueExpired(restart: String) -> APIError {
        var error = APIError(code: 410, reason: "Expired", message: "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.")
        error.status.metadata.continue = restart
        return error
    }

    /// A read at a version the store has not reached.
    static func resourceVersionTooLarge(_ requested: UInt64, current: UInt64) -> APIError {
        APIError(code: 504, reason: "Timeout", message: "Too large resource version: \(requested), current: \(current)",
                 details: StatusDetails(causes: [StatusCause(reason: "ResourceVersionTooLarge", message: "Too large resource version")],
                                        retryAfterSeconds: 1))
    }

    /// Query or body options that do not read (400) or are not allowed (422 for `{kind}.meta.k8s.io`).
    static func options(_ error: QueryOptionsError) -> APIError {
        switch error {
        case .malformed: return .badRequest(error.description)
        case .invalid(let kind, let errors): return .invalid(kind: kind, group: QueryOptionsError.group, name: "", errors)
        }
    }

    static func `internal`(_ message: String) -> APIError {
        APIError(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)")
    }

    private static func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }
}
