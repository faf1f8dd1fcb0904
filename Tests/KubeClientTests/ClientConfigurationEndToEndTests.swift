import Foundation
import HTTP
import KubeClient
import KubeCore
import LocalCluster
import StrictJSON
import Testing

/// The configurations in use against a control plane started in this process: the kubeconfig
/// eventmesh-local writes, a service account's token in a pod-like directory, an exec plugin.
@Suite("ClientConfiguration against eventmesh-local", .serialized)
struct ClientConfigurationEndToEndTests {
    final class Cluster: Sendable {
        let directory: TemporaryDirectory
        let kubeconfig: String
        let port: Int
        let task: Task<Void, any Error>

        init() async throws {
            directory = try TemporaryDirectory()
            kubeconfig = directory.path("kubeconfig")
            let plane = try await LocalControlPlane(configuration: .init(
                stateDirectory: directory.path("state"), port: 0, kubeconfigPath: kubeconfig))
            let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
            task = Task { try await plane.run(onReady: { continuation.yield($0) }) }
            var iterator = ports.makeAsyncIterator()
            port = try #require(await iterator.next())
        }

        deinit { task.cancel() }

        /// The cluster's CA, from the kubeconfig it wrote.
        func certificateAuthority() throws -> [UInt8] {
            let config = try Kubeconfig(parsing: String(contentsOfFile: kubeconfig, encoding: .utf8))
            return try #require(config.clusters["eventmesh-local"]?.certificateAuthorityData)
        }

        /// A token for a new service account `name` in `default`, made with the admin kubeconfig.
        func serviceAccountToken(_ name: String) async throws -> String {
            let admin = try ClientConfiguration.load(kubeconfigPaths: [kubeconfig])
            let account: JSONValue = ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": .string(name)]]
            #expect(try await send(admin, "/api/v1/namespaces/default/serviceaccounts", method: .post, body: account).status == 201)
            let request: JSONValue = ["apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": [:]]
            let response = try await send(admin, "/api/v1/namespaces/default/serviceaccounts/\(name)/token", method: .post, body: request)
            #expect(response.status == 201)
            return try #require(try JSONValue(parsing: response.body)["status"]?["token"]?.stringValue)
        }
    }

    static func send(_ config: ClientConfiguration, _ path: String, method: HTTPMethod = .get,
                     body: JSONValue? = nil) async throws -> HTTPResponse {
        let client = HTTPClient(configuration: config.httpConfiguration)
        return try await client.send(HTTPRequest(method: method, url: config.server + path,
                                                 headers: ["Content-Type": "application/json"], body: body?.jsonBytes()))
    }

    static func namespaceNames(_ response: HTTPResponse) throws -> Set<String> {
        Set(try JSONValue(parsing: response.body)["items"]?.arrayValue?.compactMap { $0["metadata"]?["name"]?.stringValue } ?? [])
    }

    @Test func theKubeconfigEventmeshLocalWritesLoadsAndWorks() async throws {
        let cluster = try await Cluster()
        let config = try ClientConfiguration.load(kubeconfigPaths: [cluster.kubeconfig])
        #expect(config.server == "https://127.0.0.1:\(cluster.port)")
        #expect(config.contextName == "eventmesh-local")
        #expect(config.namespace == "default")
        #expect(config.tls.trustRoots == .pem(try cluster.certificateAuthority()))
        #expect(config.authentication == nil)
        let response = try await Self.send(config, "/api/v1/namespaces")
        #expect(response.status == 200)
        #expect(try Self.namespaceNames(response).isSuperset(of: ["default", "kube-system", "kube-public"]))

        let automatic = try ClientConfiguration.automatic(environment: ["KUBECONFIG": cluster.kubeconfig])
        #expect(try await Self.send(automatic, "/api/v1/namespaces").status == 200)
    }

    @Test func aServiceAccountTokenInAPodDirectoryWorksAndRotates() async throws {
        let cluster = try await Cluster()
        let token = try await cluster.serviceAccountToken("operator")
        let pod = try TemporaryDirectory()
        try pod.write("token", "not-a-valid-token")
        try pod.write("ca.crt", String(decoding: try cluster.certificateAuthority(), as: UTF8.self))
        try pod.write("namespace", "default")
        let config = try ClientConfiguration.inCluster(
            directory: pod.path(""),
            environment: ["KUBERNETES_SERVICE_HOST": "127.0.0.1", "KUBERNETES_SERVICE_PORT": String(cluster.port)])
        #expect(config.server == "https://127.0.0.1:\(cluster.port)")
        #expect(try await Self.send(config, "/api/v1/namespaces").status == 401)

        try pod.replace("token", token)
        let response = try await Self.send(config, "/api/v1/namespaces")
        #expect(response.status == 200)
        #expect(try Self.namespaceNames(response).contains("default"))
    }

    @Test func anExecPluginTokenWorks() async throws {
        let cluster = try await Cluster()
        let token = try await cluster.serviceAccountToken("plugin-user")
        let work = try TemporaryDirectory()
        try work.write("sa-token", token)
        try work.write("config", """
            current-context: exec
            clusters:
            - name: local
              cluster:
                server: https://127.0.0.1:\(cluster.port)
                certificate-authority-data: \(Data(try cluster.certificateAuthority()).base64EncodedString())
            users:
            - name: plugin
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: \(TemporaryDirectory.fixtures)/exec-token.sh
                  interactiveMode: IfAvailable
                  env:
                  - {name: TOKEN_FILE, value: \(work.path("sa-token"))}
                  - {name: RUN_LOG, value: \(work.path("runs"))}
            contexts:
            - {name: exec, context: {cluster: local, user: plugin, namespace: kube-system}}
            """)
        let config = try ClientConfiguration.load(kubeconfigPaths: [work.path("config")])
        #expect(config.namespace == "kube-system")
        let response = try await Self.send(config, "/api/v1/namespaces/kube-system")
        #expect(response.status == 200)
        #expect(try JSONValue(parsing: response.body)["metadata"]?["name"] == "kube-system")
    }
}
