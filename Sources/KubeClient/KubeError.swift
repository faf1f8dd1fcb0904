import HTTP
import KubeCore
import StrictJSON

/// A failed Kubernetes API call, by what a caller does about it. API answers carry the
/// server's `Status` (reason, message, causes); transport failures carry the `HTTPError`.
public enum KubeError: Error, Sendable, CustomStringConvertible {
    case badRequest(Status)
    case unauthorized(Status)
    case forbidden(Status)
    case notFound(Status)
    case methodNotAllowed(Status)
    case alreadyExists(Status)
    /// A stale resourceVersion or a failed precondition (409 Conflict).
    case conflict(Status)
    /// A resourceVersion older than the server keeps (410, or a watch `ERROR` event with 410).
    case gone(Status)
    case unsupportedMediaType(Status)
    /// 422: `status.details.causes` names each field.
    case invalid(Status)
    /// 429, with the server's `Retry-After` when it sent one.
    case tooManyRequests(Status, retryAfterSeconds: Int?)
    /// 5xx (and 504 server timeouts).
    case server(Status, code: Int)
    /// Any other status code.
    case unexpected(Status, code: Int)
    case transport(HTTPError)
    /// The answer could not be read as what was asked for.
    case decoding(String)

    /// The error for an HTTP answer with `code` and `body` (a Status when the server sent one).
    public init(code: Int, body: [UInt8], retryAfter: String? = nil) {
        let status = (try? JSONValue(parsing: body).decode(as: Status.self))
            .flatMap { $0.kind == "Status" ? $0 : nil }
            ?? Status(message: String(decoding: body.prefix(512), as: UTF8.self), reason: Self.reason(for: code), code: code)
        self.init(status: status, code: code, retryAfter: retryAfter)
    }

    public init(status: Status, code: Int, retryAfter: String? = nil) {
        switch code {
        case 400: self = .badRequest(status)
        case 401: self = .unauthorized(status)
        case 403: self = .forbidden(status)
        case 404: self = .notFound(status)
        case 405: self = .methodNotAllowed(status)
        case 409: self = status.reason == "AlreadyExists" ? .alreadyExists(status) : .conflict(status)
        case 410: self = .gone(status)
        case 415: self = .unsupportedMediaType(status)
        case 422: self = .invalid(status)
        case 429: self = .tooManyRequests(status, retryAfterSeconds: retryAfter.flatMap { Int($0) } ?? status.details?.retryAfterSeconds)
        case 500...599: self = .server(status, code: code)
        default: self = .unexpected(status, code: code)
        }
    }

    public var status: Status? {
        switch self {
        case .badRequest(let s), .unauthorized(let s), .forbidden(let s), .notFound(let s), .methodNotAllowed(let s),
             .alreadyExists(let s), .conflict(let s), .gone(let s), .unsupportedMediaType(let s), .invalid(let s),
             .tooManyRequests(let s, _), .server(let s, _), .unexpected(let s, _):
            return s
        case .transport, .decoding:
            return nil
        }
    }

    /// The HTTP status code, for API answers.
    public var code: Int? { status?.code }

    /// The field errors of a 422 (empty otherwise).
    public var causes: [StatusCause] { status?.details?.causes ?? [] }

    /// Worth retrying as is: throttling, server errors, and connections that failed or dropped.
    public var isTransient: Bool {
        switch self {
        case .tooManyRequests, .server: return true
        case .transport(let error): return [.couldNotConnect, .connectionClosed, .timedOut].contains(error.code)
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .transport(let error): return "\(error)"
        case .decoding(let message): return "cannot read the API server's answer: \(message)"
        default:
            let status = self.status
            return "\(status?.reason ?? "Error") (\(status?.code ?? 0)): \(status?.message ?? "")"
        }
    }

    static func reason(for code: Int) -> String {
        switch code {
        case 400: "BadRequest"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "NotFound"
        case 405: "MethodNotAllowed"
        case 409: "Conflict"
        case 410: "Gone"
        case 415: "UnsupportedMediaType"
        case 422: "Invalid"
        case 429: "TooManyRequests"
        case 503: "ServiceUnavailable"
        case 504: "Timeout"
        default: code >= 500 ? "InternalError" : "Unknown"
        }
    }
}
