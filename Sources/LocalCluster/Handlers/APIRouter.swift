import KubeCore
import StrictJSON

/// Routes a request to discovery, health, or the resource verbs.
struct APIRouter: Sendable {
    let discovery: Discovery
    let resources: ResourceHandler
    let openAPI: OpenAPI
    /// Pod logs, graceful pod deletion, scale (the workload runner's part of the API).
    var workloads: WorkloadEndpoints? = nil

    func handle(_ request: APIRequest) async -> APIResponse {
        let watch = ["true", "1"].contains(request.query("watch") ?? "")
        let info = RequestInfo.parse(method: request.method, path: request.path, watch: watch)
        if let workloads, let response = await workloads.handle(request, info) { return response }
        if info.isResourceRequest { return await resources.handle(request, info) }
        guard request.method == "GET" || request.method == "HEAD" else { return .error(.methodNotAllowed()) }
        let parts = request.path.split(separator: "/").map(String.init)
        switch parts.count {
        case 1 where ["healthz", "livez", "readyz"].contains(parts[0]):
            return .text("ok")
        case 1 where parts[0] == "version":
            return .json(Discovery.version)
        case 1 where parts[0] == "api":
            return .encoded(discovery.coreVersions)
        case 1 where parts[0] == "apis":
            return .encoded(discovery.groups)
        case 2 where parts[0] == "api":
            return discovery.resources(group: "", version: parts[1]).map { .encoded($0) } ?? .error(.noResource(request.path))
        case 2 where parts[0] == "apis":
            return discovery.group(parts[1]).map { .encoded($0) } ?? .error(.noResource(request.path))
        case 2 where parts == ["openapi", "v3"]:
            return .json(openAPI.root)
        case 4 where parts[0] == "openapi" && parts[1] == "v3" && parts[2] == "api",
             5 where parts[0] == "openapi" && parts[1] == "v3" && parts[2] == "apis":
            let group = parts.count == 5 ? parts[3] : ""
            return openAPI.document(group: group, version: parts[parts.count - 1]).map { .json($0) }
                ?? .error(.noResource(request.path))
        case 3 where parts[0] == "apis":
            return discovery.resources(group: parts[1], version: parts[2]).map { .encoded($0) } ?? .error(.noResource(request.path))
        default:
            return .error(.noResource(request.path))
        }
    }
}
