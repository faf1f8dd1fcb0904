import Foundation
import KubeCore
@testable import LocalCluster
import StrictJSON
import Testing

/// Fuzzing the request decoding: thousands of generated and mutated requests (paths, queries,
/// headers, bodies) go through the router of a live store. Every answer must be a well-formed
/// HTTP answer — a JSON Status for every error — and the server must keep serving afterwards.
@Suite struct RequestFuzzTests {
    /// A small deterministic generator (SplitMix64), so a failure reproduces from its seed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let paths = [
        "/api/v1/namespaces/default/configmaps", "/api/v1/namespaces/default/configmaps/c1", "/api/v1/namespaces",
        "/api/v1/namespaces/default", "/apis/apps/v1/namespaces/default/deployments/d/status", "/api/v1/configmaps",
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", "/apis", "/api", "/openapi/v3", "/openapi/v3/api/v1",
        "/apis/coordination.k8s.io/v1/namespaces/default/leases/l", "/api/v1/namespaces/default/pods/p/log",
        "/apis/apps/v1/namespaces/default/deployments/d/scale", "/version", "/healthz",
    ]
    static let queries = [
        "", "watch=true&timeoutSeconds=0", "limit=2", "limit=-1", "limit=abc", "continue=%%%", "continue=e30",
        "labelSelector=a%3Db", "labelSelector=a+in+(", "fieldSelector=metadata.name%3D", "fieldSelector=spec.x%3D%3D1",
        "resourceVersion=999999999", "resourceVersion=abc", "resourceVersionMatch=Bogus", "propagationPolicy=Nope",
        "dryRun=All", "dryRun=Some", "gracePeriodSeconds=x", "sendInitialEvents=true", "fieldManager=%00",
    ]
    static let contentTypes = [
        "application/json", "application/merge-patch+json", "application/json-patch+json",
        "application/strategic-merge-patch+json", "application/apply-patch+yaml", "application/vnd.kubernetes.protobuf",
        "text/plain", "", "application/json; charset=utf-8",
    ]
    static let bodies: [String] = [
        #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c1"},"data":{"k":"v"}}"#,
        #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"g-"}}"#,
        #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"fz"}}"#,
        #"[{"op":"replace","path":"/data/k","value":"w"}]"#, #"[{"op":"move","from":"/a","path":"/a/b"}]"#,
        #"{"metadata":{"labels":{"x":"y"},"finalizers":["a/b"]}}"#, #"{"metadata":null}"#, #"{"kind":"Pod"}"#,
        #"{"propagationPolicy":"Foreground"}"#, #"{"preconditions":{"uid":"nope"}}"#, "null", "[]", "\"text\"", "",
        String(repeating: "[", count: 10_000), "{\"a\":" + String(repeating: "1", count: 5000) + "}",
        #"{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"xs.f.io"},"spec":{"group":"f.io","scope":"Namespaced","names":{"plural":"xs","kind":"X"},"versions":[{"name":"v1","served":true,"storage":true}]}}"#,
    ]

    func mutate(_ bytes: [UInt8], _ generator: inout Generator) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 0...3, using: &generator) where !bytes.isEmpty {
            let index = Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
            case 1: bytes.remove(at: index)
            case 2: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: index)
            default: bytes = Array(bytes[..<index])
            }
        }
        return bytes
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func everyRequestGetsAWellFormedAnswer(seed: UInt64) async throws {
        let store = try ObjectStore()
        let registry = ResourceRegistry()
        let router = APIRouter(discovery: Discovery(registry: registry, serverAddress: "127.0.0.1:1"),
                               resources: ResourceHandler(store: store, registry: registry), openAPI: OpenAPI(registry: registry))
        var generator = Generator(state: seed)
        for _ in 0..<1_500 {
            var target = Self.paths.randomElement(using: &generator)! + "?" + Self.queries.randomElement(using: &generator)!
            if Bool.random(using: &generator) { target = String(decoding: mutate(Array(target.utf8), &generator), as: UTF8.self) }
            let (path, query) = APIRequest.splitTarget(target)
            let method = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "BREW"].randomElement(using: &generator)!
            var body = Array(Self.bodies.randomElement(using: &generator)!.utf8)
            if Bool.random(using: &generator) { body = mutate(body, &generator) }
            let request = APIRequest(method: method, path: path, query: query,
                                     headers: [("Content-Type", Self.contentTypes.randomElement(using: &generator)!),
                                               ("Accept", Bool.random(using: &generator) ? "application/json;as=Table;v=v1;g=meta.k8s.io" : "*/*")],
                                     body: body, user: RequestUser(name: "fuzz", groups: ["system:masters"]))
            let response = await router.handle(request)
            #expect((200..<600).contains(response.status))
            switch response.body {
            case .bytes(let bytes):
                if response.status >= 400 {
                    let status = try? JSONValue(parsing: bytes)
                    #expect(status?["kind"] == "Status" && status?["code"]?.int64Value == Int64(response.status),
                            "\(method) \(target): \(String(decoding: bytes.prefix(200), as: UTF8.self))")
                }
            case .stream(let chunks):
                // Watches and logs: read what is there now, then let go.
                let reader = Task { for await _ in chunks {} }
                reader.cancel()
            }
        }
        // Still serving, with a consistent store.
        let (items, _) = await store.list(GroupResource(group: "", resource: "configmaps"))
        let health = await router.handle(APIRequest(method: "GET", path: "/healthz", query: [:], headers: [], body: [], user: nil))
        #expect(health.status == 200)
        #expect(items.allSatisfy { $0["metadata"]?["resourceVersion"]?.stringValue != nil })
    }
}
