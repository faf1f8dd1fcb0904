import Foundation
import HTTP
import KubeClient
import KubeCore
import Synchronization
import Testing

@Suite("ClientConfiguration from kubeconfig files")
struct ClientConfigurationKubeconfigTests {
    @Test func loadsAFileWithRelativePaths() throws {
        let directory = try TemporaryDirectory()
        try directory.write("certs/ca.pem", "CA")
        try directory.write("certs/me.crt", "CERT")
        try directory.write("certs/me.key", "KEY")
        try directory.write("config", """
            apiVersion: v1
            kind: Config
            current-context: dev
            clusters:
            - {name: dev, cluster: {server: "https://dev.example:6443", certificate-authority: certs/ca.pem}}
            users:
            - {name: me, user: {client-certificate: certs/me.crt, client-key: ./certs/me.key, as: jane}}
            contexts:
            - {name: dev, context: {cluster: dev, user: me, namespace: team-a}}
            """)
        let config = try ClientConfiguration.load(kubeconfigPaths: [directory.path("config")], environment: [:])
        #expect(config.server == "https://dev.example:6443")
        #expect(config.namespace == "team-a")
        #expect(config.contextName == "dev")
        #expect(config.tls == TLSConfiguration(trustRoots: .file(directory.path("certs/ca.pem")),
                                               clientCertificate: .file(directory.path("certs/me.crt")),
                                               clientKey: .file(directory.path("certs/me.key"))))
        #expect(config.authentication == nil)
        #expect(config.headers == ["Impersonate-User": "jane"])
        #expect(config.userAgent == ClientConfiguration.defaultUserAgent)
        #expect(config.userAgent.contains("eventmesh-kubeclient"))

        let http = config.httpConfiguration
        #expect(http.tls == config.tls)
        #expect(http.defaultHeaders == config.headers)
        #expect(http.userAgent == config.userAgent)
    }

    @Test func theKUBECONFIGListIsMergedAndMissingFilesSkipped() throws {
        let directory = try TemporaryDirectory()
        try directory.write("a", """
            clusters: [{name: shared, cluster: {server: "https://a.example"}}]
            users: [{name: u, user: {token: token-a}}]
            contexts: [{name: one, context: {cluster: shared, user: u}}]
            """)
        try directory.write("b", """
            current-context: two
            clusters: [{name: shared, cluster: {server: "https://b.example"}}]
            contexts: [{name: two, context: {cluster: shared, user: u, namespace: b-ns}}]
            """)
        let list = [directory.path("a"), directory.path("missing"), "", directory.path("b")].joined(separator: ":")
        let environment = ["KUBECONFIG": list, "HOME": directory.path("home")]
        let config = try ClientConfiguration.load(environment: environment)
        #expect(config.contextName == "two")
        #expect(config.server == "https://a.example")
        #expect(config.namespace == "b-ns")
        #expect(try bearerToken(config) == "token-a")

        let other = try ClientConfiguration.load(context: "one", environment: environment)
        #expect(other.namespace == "default")
        #expect(ClientConfiguration.defaultKubeconfigPaths(environment: environment)
            == [directory.path("a"), directory.path("missing"), directory.path("b")])
    }

    @Test func homeKubeConfigIsTheDefault() throws {
        let directory = try TemporaryDirectory()
        try directory.write(".kube/config", """
            current-context: home
            clusters: [{name: c, cluster: {server: "https://home.example"}}]
            contexts: [{name: home, context: {cluster: c}}]
            """)
        let config = try ClientConfiguration.load(environment: ["HOME": directory.path("")])
        #expect(config.server == "https://home.example")
        #expect(ClientConfiguration.defaultKubeconfigPaths(environment: ["HOME": "/h", "KUBECONFIG": ""]) == ["/h/.kube/config"])
    }

    @Test func loadErrors() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: KubeconfigError(reason: "invalid configuration: no configuration has been provided")) {
            try ClientConfiguration.load(environment: ["HOME": directory.path("")])
        }
        #expect(throws: ClientConfigurationError("stat \(directory.path("nope")): no such file or directory")) {
            try ClientConfiguration.load(kubeconfigPaths: [directory.path("nope")])
        }
        try directory.write("broken", "clusters:\n- name: c\n  cluster: {server: [x]}\n")
        #expect(throws: KubeconfigError(file: directory.path("broken"), field: "clusters[0].cluster.server",
                                        reason: "expected a string, found array")) {
            try ClientConfiguration.load(kubeconfigPaths: [directory.path("broken")])
        }
        try directory.write("config", """
            current-context: x
            clusters: [{name: c, cluster: {server: "https://c", certificate-authority: ca.pem}}]
            contexts: [{name: x, context: {cluster: c}}, {name: with-user, context: {cluster: c, user: u}}]
            users: [{name: u, user: {tokenFile: absent-token}}]
            """)
        #expect(throws: ClientConfigurationError("unable to read certificate-authority \(directory.path("ca.pem")) for c due to open \(directory.path("ca.pem")): no such file or directory")) {
            try ClientConfiguration.load(kubeconfigPaths: [directory.path("config")])
        }
        try directory.write("ca.pem", "CA")
        #expect(throws: ClientConfigurationError.self) {
            try ClientConfiguration.load(kubeconfigPaths: [directory.path("config")], context: "with-user")
        }
        #expect(throws: KubeconfigError(reason: "context \"z\" does not exist")) {
            try ClientConfiguration.load(kubeconfigPaths: [directory.path("config")], context: "z")
        }
    }

    @Test func settingsTheTransportCannotHonourAreRefused() throws {
        let directory = try TemporaryDirectory()
        try directory.write("config", """
            current-context: named
            clusters:
            - {name: named, cluster: {server: "https://10.0.0.1:6443", tls-server-name: api.internal}}
            - {name: same, cluster: {server: "https://API.internal:6443", tls-server-name: api.internal}}
            - {name: proxied, cluster: {server: "https://c", proxy-url: "http://proxy:3128"}}
            contexts:
            - {name: named, context: {cluster: named}}
            - {name: same, context: {cluster: same}}
            - {name: proxied, context: {cluster: proxied}}
            """)
        let path = directory.path("config")
        #expect(throws: ClientConfigurationError("tls-server-name \"api.internal\" of cluster \"named\" is not supported: the HTTP transport verifies the server's certificate against the host of https://10.0.0.1:6443")) {
            try ClientConfiguration.load(kubeconfigPaths: [path])
        }
        #expect(try ClientConfiguration.load(kubeconfigPaths: [path], context: "same").server == "https://API.internal:6443")
        #expect(throws: ClientConfigurationError("proxy-url \"http://proxy:3128\" of cluster \"proxied\" is not supported: set HTTPS_PROXY (and NO_PROXY) in the environment instead")) {
            try ClientConfiguration.load(kubeconfigPaths: [path], context: "proxied")
        }
    }

    @Test func inlineDataTokensBasicAuthAndOverrides() throws {
        let directory = try TemporaryDirectory()
        let ca = Data("CA PEM".utf8).base64EncodedString()
        try directory.write("config", """
            current-context: x
            clusters: [{name: c, cluster: {server: "https://c", certificate-authority-data: \(ca)}}]
            users:
            - {name: token, user: {token: s3cr3t}}
            - {name: basic, user: {username: admin, password: pw}}
            contexts:
            - {name: x, context: {cluster: c, user: token}}
            - {name: basic, context: {cluster: c, user: basic}}
            """)
        let path = directory.path("config")
        let config = try ClientConfiguration.load(kubeconfigPaths: [path])
        #expect(config.tls.trustRoots == .pem(Array("CA PEM".utf8)))
        #expect(try bearerToken(config) == "s3cr3t")

        let basic = try ClientConfiguration.load(kubeconfigPaths: [path], context: "basic")
        #expect(basic.authentication == nil)
        #expect(basic.httpConfiguration.defaultHeaders["Authorization"] == "Basic " + Data("admin:pw".utf8).base64EncodedString())

        let overridden = try ClientConfiguration.load(kubeconfigPaths: [path], overrides: KubeconfigOverrides(
            namespace: "flags", insecureSkipTLSVerify: true, token: "from-flag"))
        #expect(overridden.namespace == "flags")
        #expect(overridden.tls == TLSConfiguration(insecureSkipVerify: true))
        #expect(try bearerToken(overridden) == "from-flag")
    }

    @Test func aTokenFileIsReReadWhenItRotates() throws {
        let directory = try TemporaryDirectory()
        try directory.write("token", "first\n")
        try directory.write("config", """
            current-context: x
            clusters: [{name: c, cluster: {server: "https://c"}}]
            users: [{name: u, user: {tokenFile: token}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            """)
        let config = try ClientConfiguration.load(kubeconfigPaths: [directory.path("config")])
        #expect(try bearerToken(config) == "first")
        try directory.replace("token", "second")
        #expect(try bearerToken(config) == "second")
    }
}

// MARK: - Support

/// The token a configuration sends, whether fixed or from a provider.
func bearerToken(_ config: ClientConfiguration) throws -> String? {
    switch config.authentication {
    case nil: nil
    case .bearerToken(let token): token
    case .bearerTokenProvider(let provider): try provider()
    }
}

/// A directory removed when the test is done with it.
final class TemporaryDirectory: Sendable {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("kubeconfig-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func path(_ relative: String) -> String { relative.isEmpty ? root : root + "/" + relative }

    /// Writes `text` in place (creating the directories on the way).
    func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path(relative))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Rewrites an existing file in place (same inode), as an editor saving over it.
    func overwrite(_ relative: String, _ text: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path(relative)))
        defer { try? handle.close() }
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// Replaces the file by a new one, as the kubelet rotates projected tokens (a new inode).
    func replace(_ relative: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(relative)), options: .atomic)
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
}

/// A clock the test moves.
final class TestClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_900_000_000)) { current = Mutex(start) }
    var now: Date { current.withLock { $0 } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }
    var closure: @Sendable () -> Date { { self.now } }
}
