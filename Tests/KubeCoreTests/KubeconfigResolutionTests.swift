import Foundation
import KubeCore
import StrictJSON
import Testing

@Suite("Kubeconfig resolution")
struct KubeconfigResolutionTests {
    static let config = try! Kubeconfig(parsing: """
        current-context: dev
        clusters:
        - name: dev
          cluster:
            server: https://dev.example:6443/
            certificate-authority-data: \(Data("DEV CA".utf8).base64EncodedString())
            extensions:
            - {name: client.authentication.k8s.io/exec, extension: {audience: dev}}
        - name: prod
          cluster: {server: "https://prod.example/k8s/clusters/c-1?x=1#f", certificate-authority: ca.pem}
        - name: plain
          cluster: {server: "http://127.0.0.1:8080"}
        - name: bare
          cluster: {server: "prod.example:6443", insecure-skip-tls-verify: true}
        - name: empty
          cluster: {tls-server-name: x}
        users:
        - name: alice
          user: {client-certificate: alice.crt, client-key: alice.key}
        - name: tokens
          user: {token: inline, tokenFile: token.txt}
        - name: bearer
          user: {token: b3ar3r}
        - name: basic
          user: {username: admin, password: "p:w"}
        - name: plugin
          user:
            exec: {apiVersion: client.authentication.k8s.io/v1, command: get-token, interactiveMode: Never}
        - name: cert-and-plugin
          user:
            client-certificate-data: \(Data("CERT".utf8).base64EncodedString())
            client-key-data: \(Data("KEY".utf8).base64EncodedString())
            exec: {apiVersion: client.authentication.k8s.io/v1, command: get-token, interactiveMode: Never}
        - name: impersonator
          user:
            token: t
            as: jane
            as-uid: u-1
            as-groups: [devs, "system:authenticated"]
            as-user-extra: {"scopes/x": [a, b], reason: [why]}
        contexts:
        - {name: dev, context: {cluster: dev, user: alice, namespace: team-a}}
        - {name: prod, context: {cluster: prod, user: tokens}}
        - {name: plain, context: {cluster: plain, user: bearer}}
        - {name: bare, context: {cluster: bare, user: basic}}
        - {name: plugin, context: {cluster: dev, user: plugin}}
        - {name: both, context: {cluster: dev, user: cert-and-plugin}}
        - {name: impersonating, context: {cluster: dev, user: impersonator}}
        - {name: orphan, context: {cluster: missing, user: alice}}
        - {name: no-server, context: {cluster: empty, user: alice}}
        - {name: no-cluster, context: {user: alice}}
        - {name: no-user, context: {cluster: dev, user: nobody}}
        """, origin: "/home/me/.kube/config")

    @Test func currentContext() throws {
        let resolved = try Self.config.resolve()
        #expect(resolved == ResolvedKubeconfig(
            contextName: "dev", clusterName: "dev", userName: "alice", server: "https://dev.example:6443",
            namespace: "team-a", certificateAuthority: .data(Array("DEV CA".utf8)),
            clientCertificate: .file("/home/me/.kube/alice.crt"), clientKey: .file("/home/me/.kube/alice.key"),
            execExtension: ["audience": "dev"]))
        #expect(resolved.serverHost == "dev.example")
    }

    @Test func namedContextWithDefaultNamespaceAndPathPrefix() throws {
        let resolved = try Self.config.resolve(context: "prod")
        #expect(resolved.server == "https://prod.example/k8s/clusters/c-1")
        #expect(resolved.namespace == "default")
        #expect(resolved.certificateAuthority == .file("/home/me/.kube/ca.pem"))
        // A token file wins over an inline token: it is the one that rotates.
        #expect(resolved.authentication == .tokenFile("/home/me/.kube/token.txt"))
    }

    @Test func serverWithoutSchemeGetsHTTPSWhenTLSIsConfigured() throws {
        let resolved = try Self.config.resolve(context: "bare")
        #expect(resolved.server == "https://prod.example:6443")
        #expect(resolved.insecureSkipTLSVerify)
        #expect(resolved.authentication == .basic(username: "admin", password: "p:w"))
        #expect(resolved.requestHeaders.map { "\($0.name): \($0.value)" }
            == ["Authorization: Basic " + Data("admin:p:w".utf8).base64EncodedString()])
    }

    @Test func credentialsNeverGoToAnHTTPServer() throws {
        let resolved = try Self.config.resolve(context: "plain")
        #expect(resolved.server == "http://127.0.0.1:8080")
        #expect(!resolved.isSecure)
        #expect(resolved.authentication == .none)
    }

    @Test func execOnlyWithoutAClientCertificate() throws {
        let plugin = try Self.config.resolve(context: "plugin")
        #expect(plugin.authentication == .exec(Kubeconfig.ExecConfig(
            command: "get-token", apiVersion: "client.authentication.k8s.io/v1", interactiveMode: "Never")))
        let both = try Self.config.resolve(context: "both")
        #expect(both.authentication == .none)
        #expect(both.clientCertificate == .data(Array("CERT".utf8)))
        #expect(both.clientKey == .data(Array("KEY".utf8)))
    }

    @Test func impersonationHeaders() throws {
        let resolved = try Self.config.resolve(context: "impersonating")
        #expect(resolved.authentication == .token("t"))
        #expect(resolved.requestHeaders.map { "\($0.name): \($0.value)" } == [
            "Impersonate-User: jane", "Impersonate-Uid: u-1",
            "Impersonate-Group: devs", "Impersonate-Group: system:authenticated",
            "Impersonate-Extra-reason: why", "Impersonate-Extra-scopes%2Fx: a", "Impersonate-Extra-scopes%2Fx: b",
        ])
    }

    @Test func aContextsMissingUserMeansNoCredentials() throws {
        let resolved = try Self.config.resolve(context: "no-user")
        #expect(resolved.userName == "nobody")
        #expect(resolved.authentication == .none)
        #expect(resolved.clientCertificate == nil)
    }

    // MARK: overrides

    @Test func overridesReplaceWhatTheyName() throws {
        let resolved = try Self.config.resolve(context: "dev", overrides: KubeconfigOverrides(
            cluster: "prod", user: "bearer", namespace: "other", server: "https://override.example:443"))
        #expect(resolved.contextName == "dev")
        #expect(resolved.clusterName == "prod")
        #expect(resolved.userName == "bearer")
        #expect(resolved.server == "https://override.example:443")
        #expect(resolved.namespace == "other")
        #expect(resolved.certificateAuthority == .file("/home/me/.kube/ca.pem"))
        #expect(resolved.authentication == .token("b3ar3r"))
    }

    @Test func insecureOverrideDropsTheCertificateAuthority() throws {
        let resolved = try Self.config.resolve(overrides: KubeconfigOverrides(insecureSkipTLSVerify: true))
        #expect(resolved.insecureSkipTLSVerify)
        #expect(resolved.certificateAuthority == nil)
        let withCA = try Self.config.resolve(overrides: KubeconfigOverrides(certificateAuthority: "/etc/ca.pem"))
        #expect(withCA.certificateAuthority == .file("/etc/ca.pem"))
    }

    @Test func tokenAndCertificateOverrides() throws {
        let resolved = try Self.config.resolve(context: "prod", overrides: KubeconfigOverrides(
            tlsServerName: "api.internal", token: "flag-token", clientCertificate: "/c.crt", clientKey: "/c.key",
            impersonate: "ops", impersonateGroups: ["g"]))
        #expect(resolved.authentication == .token("flag-token"))
        #expect(resolved.tlsServerName == "api.internal")
        #expect(resolved.clientCertificate == .file("/c.crt"))
        #expect(resolved.clientKey == .file("/c.key"))
        #expect(resolved.requestHeaders.map(\.name) == ["Impersonate-User", "Impersonate-Group"])
    }

    @Test func aServerOverrideWorksWithoutAnyKubeconfig() throws {
        let resolved = try Kubeconfig().resolve(overrides: KubeconfigOverrides(server: "https://10.0.0.1", token: "t"))
        #expect(resolved.server == "https://10.0.0.1")
        #expect(resolved.contextName == nil)
        #expect(resolved.authentication == .token("t"))
    }

    // MARK: errors

    static let errorCases: [(String?, KubeconfigOverrides, String)] = [
        ("nope", .init(), "context \"nope\" does not exist"),
        (nil, .init(user: "ghost"), "auth info \"ghost\" does not exist"),
        (nil, .init(cluster: "ghost"), "invalid configuration: no server found for cluster \"ghost\""),
        ("orphan", .init(), "invalid configuration: no server found for cluster \"missing\""),
        ("no-server", .init(), "invalid configuration: no server found for cluster \"empty\""),
        ("no-cluster", .init(), "invalid configuration: cluster was not specified for context \"no-cluster\""),
        ("dev", .init(namespace: "Team_A"),
         "invalid configuration: namespace \"Team_A\" for context \"dev\" does not conform to the kubernetes DNS_LABEL rules"),
        ("dev", .init(server: "ftp://dev.example"),
         "invalid configuration: unsupported scheme \"ftp\" in server URL \"ftp://dev.example\" for cluster \"dev\""),
        ("dev", .init(server: "https://"), "invalid configuration: invalid server URL \"https://\" for cluster \"dev\""),
    ]

    @Test(arguments: 0..<errorCases.count)
    func errors(_ index: Int) {
        let (context, overrides, message) = Self.errorCases[index]
        do {
            let resolved = try Self.config.resolve(context: context, overrides: overrides)
            Issue.record("expected \(message), resolved \(resolved.server)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("configuration problems are all reported, as kubectl reports them", arguments: [
        ("""
         current-context: gone
         contexts: [{name: other, context: {}}]
         """, "invalid configuration: context was not found for specified context: gone"),
        ("", "invalid configuration: no configuration has been provided"),
        ("clusters: [{name: c, cluster: {server: \"https://c\"}}]",
         "invalid configuration: no context chosen: current-context is not set and no context was given"),
        ("""
         current-context: x
         contexts: [{name: x, context: {cluster: both, user: two}}]
         clusters: [{name: both, cluster: {server: "https://b", certificate-authority: /ca, certificate-authority-data: YWJj}}]
         users: [{name: two, user: {token: t, username: x, client-certificate: /c}}]
         """, """
         invalid configuration: [client-key-data or client-key must be specified for two to use the clientCert \
         authentication method., more than one authentication method found for two; found [token basicAuth], only one \
         is allowed, certificate-authority-data and certificate-authority are both specified for both. \
         certificate-authority-data will override.]
         """),
        ("""
         current-context: x
         contexts: [{name: x, context: {cluster: c, user: u}}]
         clusters: [{name: c, cluster: {server: "https://c", insecure-skip-tls-verify: true, certificate-authority: /ca}}]
         users: [{name: u, user: {client-certificate-data: YWJj, client-certificate: /c, client-key-data: YWJj, client-key: /k}}]
         """, """
         invalid configuration: [client-cert-data and client-cert are both specified for u. client-cert-data will \
         override., client-key-data and client-key are both specified for u; client-key-data will override, specifying \
         a root certificates file with the insecure flag is not allowed]
         """),
        ("""
         current-context: x
         contexts: [{name: x, context: {cluster: c, user: u}}]
         clusters: [{name: c, cluster: {server: "https://c"}}]
         users: [{name: u, user: {client-key: /k, auth-provider: {name: oidc}}}]
         """, """
         invalid configuration: [client-cert-data or client-cert must be specified for u to use the clientCert \
         authentication method., auth-provider "oidc" of u is not supported: use an exec credential plugin]
         """),
        ("""
         current-context: x
         contexts: [{name: x, context: {cluster: c, user: u}}]
         clusters: [{name: c, cluster: {server: "https://c"}}]
         users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, env: [{value: v}]}}}]
         """, """
         invalid configuration: [command must be specified for u to use exec authentication plugin, env variable name \
         must be specified for u to use exec authentication plugin, interactiveMode must be specified for u to use exec \
         authentication plugin]
         """),
        ("""
         current-context: x
         contexts: [{name: x, context: {cluster: c, user: u}}]
         clusters: [{name: c, cluster: {server: "https://c"}}]
         users: [{name: u, user: {exec: {command: p, interactiveMode: Sometimes}}}]
         """, """
         invalid configuration: [apiVersion must be specified for u to use exec authentication plugin, invalid \
         interactiveMode for u: "Sometimes"]
         """),
        ("""
         current-context: x
         contexts: [{name: x, context: {cluster: c, user: u}}]
         clusters: [{name: c, cluster: {server: "https://c"}}]
         users: [{name: u, user: {exec: {command: p, apiVersion: client.authentication.k8s.io/v1alpha1}}}]
         """, "invalid configuration: exec plugin: invalid apiVersion \"client.authentication.k8s.io/v1alpha1\""),
    ])
    func validation(yaml: String, message: String) throws {
        let config = try Kubeconfig(parsing: yaml)
        #expect(throws: KubeconfigError(reason: message)) { try config.resolve() }
    }

    @Test func v1beta1PluginsDefaultToIfAvailable() throws {
        let config = try Kubeconfig(parsing: """
            current-context: x
            contexts: [{name: x, context: {cluster: c, user: u}}]
            clusters: [{name: c, cluster: {server: "https://c"}}]
            users: [{name: u, user: {exec: {command: p, apiVersion: client.authentication.k8s.io/v1beta1}}}]
            """)
        guard case .exec(let exec) = try config.resolve().authentication else {
            Issue.record("expected an exec plugin")
            return
        }
        #expect(exec.interactiveMode == nil)
        #expect(exec.effectiveInteractiveMode == .ifAvailable)
    }
}
