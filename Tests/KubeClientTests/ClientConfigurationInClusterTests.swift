import Foundation
import HTTP
import KubeClient
import KubeCore
import Testing

@Suite("ClientConfiguration in a pod")
struct ClientConfigurationInClusterTests {
    static let service = ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"]

    /// A service account directory as the kubelet projects it.
    static func serviceAccount(token: String = "token-1", namespace: String? = "operators",
                               ca: String? = "CA") throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("token", token)
        if let namespace { try directory.write("namespace", namespace) }
        if let ca { try directory.write("ca.crt", ca) }
        return directory
    }

    @Test func readsTheServiceAccount() throws {
        let directory = try Self.serviceAccount()
        let config = try ClientConfiguration.inCluster(directory: directory.path(""), environment: Self.service)
        #expect(config.server == "https://10.96.0.1:443")
        #expect(config.namespace == "operators")
        #expect(config.tls == TLSConfiguration(trustRoots: .file(directory.path("ca.crt"))))
        #expect(config.contextName == nil)
        #expect(try bearerToken(config) == "token-1")
    }

    @Test func theTokenIsReReadWhenTheKubeletRotatesIt() throws {
        let directory = try Self.serviceAccount()
        let clock = TestClock()
        let config = try ClientConfiguration.inCluster(directory: directory.path(""), environment: Self.service,
                                                       now: clock.closure)
        #expect(try bearerToken(config) == "token-1")
        try directory.replace("token", "token-2")
        #expect(try bearerToken(config) == "token-2")
        try directory.replace("token", "token-3\n")
        #expect(try bearerToken(config) == "token-3")
    }

    @Test func anUnchangedLookingFileIsStillReReadEveryMinute() throws {
        let directory = try TemporaryDirectory()
        let fixed = Date(timeIntervalSince1970: 1_700_000_000)
        try directory.write("token", "aaaa")
        try FileManager.default.setAttributes([.modificationDate: fixed], ofItemAtPath: directory.path("token"))
        let clock = TestClock()
        let source = try TokenFileSource(path: directory.path("token"), now: clock.closure)
        #expect(source.token() == "aaaa")
        // Rewritten in place with the same size and modification time: nothing tells it changed.
        try directory.overwrite("token", "bbbb")
        try FileManager.default.setAttributes([.modificationDate: fixed], ofItemAtPath: directory.path("token"))
        clock.advance(by: 59)
        #expect(source.token() == "aaaa")
        clock.advance(by: 1)
        #expect(source.token() == "bbbb")
    }

    @Test func aVanishedOrEmptiedTokenKeepsTheLastGoodOne() throws {
        let directory = try Self.serviceAccount()
        let source = try TokenFileSource(path: directory.path("token"))
        #expect(source.token() == "token-1")
        try FileManager.default.removeItem(atPath: directory.path("token"))
        #expect(source.token() == "token-1")
        try directory.write("token", "  \n")
        #expect(source.token() == "token-1")
        try directory.replace("token", "token-2")
        #expect(source.token() == "token-2")
    }

    @Test func namespaceAndCertificateAuthorityFallbacks() throws {
        let directory = try Self.serviceAccount(namespace: nil, ca: nil)
        let config = try ClientConfiguration.inCluster(directory: directory.path(""), environment: Self.service)
        #expect(config.namespace == "default")
        #expect(config.tls.trustRoots == nil)
        let other = try Self.serviceAccount()
        let named = try ClientConfiguration.inCluster(
            directory: other.path(""),
            environment: Self.service.merging(["POD_NAMESPACE": "from-env"]) { $1 })
        #expect(named.namespace == "from-env")
    }

    @Test func anIPv6ServiceHostIsBracketed() throws {
        let directory = try Self.serviceAccount()
        let config = try ClientConfiguration.inCluster(
            directory: directory.path(""), environment: ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "6443"])
        #expect(config.server == "https://[fd00::1]:6443")
    }

    @Test func errors() throws {
        let directory = try Self.serviceAccount()
        #expect(throws: ClientConfigurationError("unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined")) {
            try ClientConfiguration.inCluster(directory: directory.path(""), environment: ["KUBERNETES_SERVICE_HOST": "10.0.0.1"])
        }
        let empty = try TemporaryDirectory()
        do {
            _ = try ClientConfiguration.inCluster(directory: empty.path(""), environment: Self.service)
            Issue.record("expected an error")
        } catch let error as ClientConfigurationError {
            #expect(error.message.hasPrefix("cannot read token file \(empty.path("token")): "))
        }
        try empty.write("token", "\n")
        #expect(throws: ClientConfigurationError("read empty token from file \"\(empty.path("token"))\"")) {
            try ClientConfiguration.inCluster(directory: empty.path(""), environment: Self.service)
        }
    }

    @Test func automaticPrefersKUBECONFIGThenThePodThenHome() throws {
        let account = try Self.serviceAccount()
        let home = try TemporaryDirectory()
        try home.write(".kube/config", """
            current-context: home
            clusters: [{name: c, cluster: {server: "https://home.example"}}]
            contexts: [{name: home, context: {cluster: c}}]
            """)
        try home.write("explicit", """
            current-context: explicit
            clusters: [{name: c, cluster: {server: "https://explicit.example"}}]
            contexts: [{name: explicit, context: {cluster: c}}]
            """)
        let pod = Self.service.merging(["HOME": home.path("")]) { $1 }
        #expect(try ClientConfiguration.automatic(environment: pod, serviceAccountDirectory: account.path("")).server
            == "https://10.96.0.1:443")
        let explicit = pod.merging(["KUBECONFIG": home.path("explicit")]) { $1 }
        #expect(try ClientConfiguration.automatic(environment: explicit, serviceAccountDirectory: account.path("")).server
            == "https://explicit.example")
        // A service host without a token is not a pod this client can use.
        #expect(try ClientConfiguration.automatic(environment: pod, serviceAccountDirectory: home.path("none")).server
            == "https://home.example")
        #expect(try ClientConfiguration.automatic(environment: ["HOME": home.path("")],
                                                  serviceAccountDirectory: account.path("")).server == "https://home.example")
    }
}
