import Foundation
import KubeCore
import Logging
import MeshCrypto
import StrictJSON

/// `eventmesh-local`: a Kubernetes-API-compatible control plane on one machine.
///
/// State lives in `stateDirectory`: the TLS material (CA, serving and admin pairs, made on first
/// start), the object log (so objects and resourceVersions survive a restart) and the admin token.
public struct LocalControlPlane: Sendable {
    public struct Configuration: Sendable {
        public var stateDirectory: String
        public var host = "127.0.0.1"
        /// 0 picks a free port (tests).
        public var port = 6443
        /// Where to write a kubeconfig for the admin user; nil writes none.
        public var kubeconfigPath: String?
        /// Changes kept for watches that resume; older resourceVersions get 410 Gone.
        public var historyCapacity = 10_000
        /// How pods run as local processes (images, restart backoff, grace periods).
        public var workloads = WorkloadSettings()

        public init(stateDirectory: String, host: String = "127.0.0.1", port: Int = 6443, kubeconfigPath: String? = nil) {
            self.stateDirectory = stateDirectory
            self.host = host
            self.port = port
            self.kubeconfigPath = kubeconfigPath
        }
    }

    public let configuration: Configuration
    let material: TLSMaterial
    let store: ObjectStore
    let registry: ResourceRegistry
    let adminToken: String
    let serviceAccountTokens: ServiceAccountTokens
    var logger = Logger(label: "eventmesh-local")

    /// Loads or creates the state; does not listen yet.
    public init(configuration: Configuration) async throws {
        self.configuration = configuration
        let state = URL(fileURLWithPath: configuration.stateDirectory, isDirectory: true)
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        material = try TLSMaterial.loadOrGenerate(in: state.appendingPathComponent("pki").path)
        store = try ObjectStore(logURL: state.appendingPathComponent("objects.log"), historyCapacity: configuration.historyCapacity)
        registry = ResourceRegistry()
        adminToken = try Self.loadOrCreateToken(at: state.appendingPathComponent("admin.token"))
        serviceAccountTokens = try ServiceAccountTokens.load(from: state.appendingPathComponent("service-accounts.key"))
        try await Self.ensureSystemNamespaces(in: store)
    }

    /// Serves until the task is cancelled. `onReady` gets the bound port once it listens.
    public func run(onReady: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let server = APIServer(host: configuration.host, port: configuration.port,
                               certificateChainPEM: Array(try material.server.certificate.pemEncoded().utf8),
                               privateKeyPEM: Array(try material.server.key.pemEncoded().utf8),
                               clientCAPEM: Array(try material.certificateAuthority.certificate.pemEncoded().utf8))
        let configuration = self.configuration
        let material = self.material
        let token = adminToken
        let tokens = serviceAccountTokens
        let logger = logger
        // Built once: every request is routed by the same router.
        let router = APIRouter(discovery: Discovery(registry: registry, serverAddress: "\(configuration.host):\(configuration.port)"),
                               resources: ResourceHandler(store: store, registry: registry, tokens: serviceAccountTokens),
                               openAPI: OpenAPI(registry: registry),
                               workloads: WorkloadEndpoints(store: store, stateDirectory: configuration.stateDirectory))
        let controllers = CRDController(store: store, registry: registry)
        let collector = GarbageCollector(store: store, registry: registry)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await controllers.run() }
            group.addTask { await collector.run() }
            group.addTask { await WorkloadRunner(store: store, registry: registry, configuration: configuration).run() }
            group.addTask {
                try await server.run(authenticate: { certificate, authorization in
                    Self.authenticate(certificate: certificate, authorization: authorization, adminToken: token,
                                      serviceAccounts: tokens)
                }, onBound: { port in
                    if let path = configuration.kubeconfigPath {
                        do {
                            try Self.writeKubeconfig(to: path, server: "https://\(configuration.host):\(port)", material: material)
                        } catch {
                            logger.error("cannot write the kubeconfig to \(path): \(error)")
                        }
                    }
                    logger.info("eventmesh-local listening on https://\(configuration.host):\(port)")
                    onReady(port)
                }, handler: { request in
                    await router.handle(request)
                })
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// A client certificate the TLS layer verified names the user (CN) and groups (O); the
    /// admin token stands for the admin; anything else is unauthenticated.
    static func authenticate(certificate: Certificate?, authorization: String?, adminToken: String,
                             serviceAccounts: ServiceAccountTokens? = nil) -> RequestUser? {
        if let certificate {
            return RequestUser(name: certificate.commonName ?? "", groups: certificate.organizations + ["system:authenticated"])
        }
        if authorization == "Bearer \(adminToken)" {
            return RequestUser(name: "eventmesh-admin", groups: ["system:masters", "system:authenticated"])
        }
        if let authorization, authorization.hasPrefix("Bearer "),
           let claims = serviceAccounts?.verify(String(authorization.dropFirst("Bearer ".count))) {
            return claims.user
        }
        return nil
    }

    /// The admin kubeconfig: the cluster's CA and the admin client certificate, inline.
    static func writeKubeconfig(to path: String, server: String, material: TLSMaterial) throws {
        func base64(_ pem: String) -> JSONValue { .string(Data(pem.utf8).base64EncodedString()) }
        let config: JSONValue = [
            "apiVersion": "v1", "kind": "Config", "current-context": "eventmesh-local", "preferences": [:],
            "clusters": [["name": "eventmesh-local", "cluster": [
                "server": .string(server),
                "certificate-authority-data": base64(try material.certificateAuthority.certificate.pemEncoded()),
            ]]],
            "users": [["name": "eventmesh-admin", "user": [
                "client-certificate-data": base64(try material.admin.certificate.pemEncoded()),
                "client-key-data": base64(try material.admin.key.pemEncoded()),
            ]]],
            "contexts": [["name": "eventmesh-local", "context": [
                "cluster": "eventmesh-local", "user": "eventmesh-admin", "namespace": "default",
            ]]],
        ]
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(YAMLWriter.write(config).utf8).write(to: url, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    private static func loadOrCreateToken(at url: URL) throws -> String {
        if let existing = try? String(contentsOf: url, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
           existing.count >= 32 {
            return existing
        }
        let token = SecureRandom.bytes(32).hexString
        try Data(token.utf8).write(to: url, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        return token
    }

    /// `default`, `kube-system` and `kube-public` exist from the first start, as on any cluster.
    private static func ensureSystemNamespaces(in store: ObjectStore) async throws {
        let namespaces = GroupResource(group: "", resource: "namespaces")
        let type = BuiltinResources.core[0]
        for name in ["default", "kube-system", "kube-public"] {
            let body: JSONValue = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)],
                                   "spec": ["finalizers": ["kubernetes"]], "status": ["phase": "Active"]]
            let object = try ObjectLifecycle.prepareCreate(body, type: type, namespace: nil, now: .now())
            try await store.mutate(namespaces, ObjectKey(namespace: "", name: name)) { current in
                current == nil ? .create(object) : .unchanged
            }
        }
    }
}
