import KubeCore
import StrictJSON

/// Who made a request, as authentication established it.
struct RequestUser: Sendable, Equatable {
    var name: String
    var groups: [String]

    static let anonymous = RequestUser(name: "system:anonymous", groups: ["system:unauthenticated"])
}

/// One HTTP request to the API, with the body already read (bounded by the server).
struct APIRequest: Sendable {
    var method: String
    /// The path without the query, percent-decoding left to the router.
    var path: String
    var query: [String: [String]]
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    var user: RequestUser?

    func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }

    /// The first value of a query parameter.
    func query(_ name: String) -> String? { query[name]?.first }

    /// Splits a request target (`/api/v1/pods?limit=5&labelSelector=a%3Db`) into path and query.
    static func splitTarget(_ target: String) -> (path: String, query: [String: [String]]) {
        guard let mark = target.firstIndex(of: "?") else { return (URLEncoding.decode(target) ?? target, [:]) }
        let path = target[..<mark]
        return (URLEncoding.decode(path) ?? String(path), URLEncoding.parseQuery(target[target.index(after: mark)...]))
    }
}

/// What the server sends back: a whole body, or a stream of chunks (watches, logs).
struct APIResponse: Sendable {
    enum Body: Sendable {
        case bytes([UInt8])
        case stream(AsyncStream<[UInt8]>)
    }

    var status: Int
    var headers: [(name: String, value: String)]
    var body: Body

    static func json(_ value: JSONValue, status: Int = 200) -> APIResponse {
        APIResponse(status: status, headers: [("Content-Type", "application/json")], body: .bytes(value.jsonBytes()))
    }

    static func encoded(_ value: some Encodable, status: Int = 200) -> APIResponse {
        do {
            return .json(try JSONValue(encoding: value), status: status)
        } catch {
            return .error(.internal("cannot encode the response: \(error)"))
        }
    }

    static func error(_ error: APIError) -> APIResponse { .encoded(error.status, status: error.code) }

    static func text(_ text: String, status: Int = 200) -> APIResponse {
        APIResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: .bytes(Array(text.utf8)))
    }

    static func stream(_ chunks: AsyncStream<[UInt8]>, contentType: String = "application/json") -> APIResponse {
        APIResponse(status: 200, headers: [("Content-Type", contentType)], body: .stream(chunks))
    }
}
