/// What a request to the Kubernetes API asks for, parsed from its method, path and query the
/// way the real API server does (its request-info rules), so that every path kubectl and
/// client libraries build lands on the same resource here.
struct RequestInfo: Equatable, Sendable {
    enum Verb: String, Sendable {
        case get, list, watch, create, update, patch, delete, deletecollection
    }

    /// `true` for `/api/...` and `/apis/...`; `false` for discovery roots, `/version`, `/openapi/...`.
    var isResourceRequest: Bool
    /// The path as given, for non-resource requests.
    var path: String
    var verb: Verb?
    /// Empty for the core ("legacy") group served under `/api`.
    var group = ""
    var version = ""
    var namespace: String?
    var resource = ""
    var name: String?
    var subresource: String?

    /// Parses `method` + `path` (without the query); `watch` is the query's `watch` flag.
    static func parse(method: String, path: String, watch: Bool) -> RequestInfo {
        var info = RequestInfo(isResourceRequest: false, path: path)
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let prefix = parts.first, prefix == "api" || prefix == "apis" else { return info }
        parts.removeFirst()
        if prefix == "api" {
            // /api and /api/v1 are discovery; resources start at /api/v1/<resource>.
            guard parts.count >= 2 else { return info }
            info.version = parts.removeFirst()
        } else {
            // /apis, /apis/<group> and /apis/<group>/<version> are discovery.
            guard parts.count >= 3 else { return info }
            info.group = parts.removeFirst()
            info.version = parts.removeFirst()
        }
        info.isResourceRequest = true

        // /namespaces/<ns>/<resource>... addresses a namespaced resource; /namespaces/<ns> and
        // /namespaces/<ns>/{status,finalize} address the Namespace object itself.
        if parts.first == "namespaces", parts.count > 1 {
            info.namespace = parts[1]
            if parts.count > 2 && !["status", "finalize"].contains(parts[2]) {
                parts.removeFirst(2)
            }
        }
        if parts.first == "namespaces", parts.count >= 2, info.namespace == parts[1] {
            // The Namespace object: its namespace is not a scope.
            info.namespace = nil
        }
        info.resource = parts.first ?? ""
        info.name = parts.count > 1 ? parts[1] : nil
        info.subresource = parts.count > 2 ? parts[2...].joined(separator: "/") : nil

        switch method {
        case "GET", "HEAD": info.verb = info.name == nil ? (watch ? .watch : .list) : (watch ? .watch : .get)
        case "POST": info.verb = .create
        case "PUT": info.verb = .update
        case "PATCH": info.verb = .patch
        case "DELETE": info.verb = info.name == nil ? .deletecollection : .delete
        default: info.verb = nil
        }
        return info
    }
}
