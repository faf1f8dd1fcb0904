import Foundation
import KubeCore
import StrictJSON
import Testing

@Suite("Kubeconfig parsing")
struct KubeconfigParsingTests {
    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    @Test func readsEveryField() throws {
        let yaml = """
            apiVersion: v1
            kind: Config
            current-context: dev
            preferences: {colors: true}
            clusters:
            - name: dev-cluster
              cluster:
                server: https://dev.example:6443
                tls-server-name: api.dev.example
                certificate-authority-data: \(Self.base64("CA PEM"))
                proxy-url: http://proxy.example:3128
                disable-compression: true
                extensions:
                - name: client.authentication.k8s.io/exec
                  extension: {audience: dev}
                - name: other
                  extension: 3
            - name: lab
              cluster:
                server: https://lab.example
                insecure-skip-tls-verify: true
                certificate-authority: /etc/lab/ca.pem
            users:
            - name: alice
              user:
                client-certificate-data: \(Self.base64("CERT PEM"))
                client-key-data: \(Self.base64("KEY PEM"))
                token: t0k3n
                tokenFile: /var/run/token
                as: bob
                as-uid: "1234"
                as-groups: [devs, ops]
                as-user-extra: {scopes: [read, write]}
                username: alice
                password: secret
                future-field: ignored
            - name: plugin
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: aws
                  args: [eks, get-token, --cluster-name, dev]
                  env:
                  - {name: AWS_PROFILE, value: dev}
                  - {name: EMPTY}
                  installHint: install the AWS CLI
                  provideClusterInfo: true
                  interactiveMode: Never
            - name: legacy
              user:
                auth-provider: {name: gcp, config: {cmd-path: gcloud}}
            contexts:
            - name: dev
              context: {cluster: dev-cluster, user: alice, namespace: team-a}
            - name: bare
              context: {}
            """
        let config = try Kubeconfig(parsing: yaml, origin: "/home/me/.kube/config")
        #expect(config.currentContext == "dev")
        #expect(config.clusters["dev-cluster"] == Kubeconfig.Cluster(
            server: "https://dev.example:6443", tlsServerName: "api.dev.example",
            certificateAuthorityData: Array("CA PEM".utf8), proxyURL: "http://proxy.example:3128",
            disableCompression: true,
            extensions: ["client.authentication.k8s.io/exec": ["audience": "dev"], "other": 3],
            origin: "/home/me/.kube/config"))
        #expect(config.clusters["lab"] == Kubeconfig.Cluster(
            server: "https://lab.example", insecureSkipTLSVerify: true, certificateAuthority: "/etc/lab/ca.pem",
            origin: "/home/me/.kube/config"))
        #expect(config.users["alice"] == Kubeconfig.User(
            clientCertificateData: Array("CERT PEM".utf8), clientKeyData: Array("KEY PEM".utf8), token: "t0k3n",
            tokenFile: "/var/run/token", impersonate: "bob", impersonateUID: "1234", impersonateGroups: ["devs", "ops"],
            impersonateUserExtra: ["scopes": ["read", "write"]], username: "alice", password: "secret",
            origin: "/home/me/.kube/config"))
        #expect(config.users["plugin"]?.exec == Kubeconfig.ExecConfig(
            command: "aws", arguments: ["eks", "get-token", "--cluster-name", "dev"],
            environment: [.init(name: "AWS_PROFILE", value: "dev"), .init(name: "EMPTY", value: "")],
            apiVersion: "client.authentication.k8s.io/v1", installHint: "install the AWS CLI",
            provideClusterInfo: true, interactiveMode: "Never"))
        #expect(config.users["legacy"]?.authProvider == "gcp")
        #expect(config.contexts["dev"] == Kubeconfig.Context(cluster: "dev-cluster", user: "alice", namespace: "team-a",
                                                              origin: "/home/me/.kube/config"))
        #expect(config.contexts["bare"] == Kubeconfig.Context(origin: "/home/me/.kube/config"))
    }

    @Test func readsJSONAndTreatsEmptyStringsAsUnset() throws {
        let json = """
            {"apiVersion": "v1", "kind": "Config", "current-context": "",
             "clusters": [{"name": "c", "cluster": {"server": "https://c", "certificate-authority": "", "tls-server-name": null}}],
             "users": [{"name": "u", "user": {"token": ""}}],
             "contexts": [{"name": "x", "context": {"cluster": "c", "user": "u", "namespace": ""}}]}
            """
        let config = try Kubeconfig(parsing: json)
        #expect(config.currentContext == nil)
        #expect(config.clusters["c"] == Kubeconfig.Cluster(server: "https://c"))
        #expect(config.users["u"] == Kubeconfig.User())
        #expect(config.contexts["x"] == Kubeconfig.Context(cluster: "c", user: "u"))
    }

    @Test func emptyFilesAndCommentsAreEmptyConfigs() throws {
        #expect(try Kubeconfig(parsing: "").isEmpty)
        #expect(try Kubeconfig(parsing: "# nothing here\n").isEmpty)
        #expect(try Kubeconfig(parsing: "apiVersion: v1\nkind: Config\npreferences: {}\n").isEmpty)
        #expect(try Kubeconfig(parsing: "clusters: []\ncontexts: null\n").isEmpty)
    }

    @Test func inlineDataMayBeWrappedOverLines() throws {
        let encoded = Self.base64(String(repeating: "certificate bytes ", count: 10))
        let wrapped = stride(from: 0, to: encoded.count, by: 64).map { start in
            let from = encoded.index(encoded.startIndex, offsetBy: start)
            return String(encoded[from..<encoded.index(from, offsetBy: min(64, encoded.count - start))])
        }.joined(separator: "\n")
        let yaml = "clusters:\n- name: c\n  cluster:\n    certificate-authority-data: |\n"
            + wrapped.split(separator: "\n").map { "      \($0)\n" }.joined()
        let config = try Kubeconfig(parsing: yaml)
        #expect(config.clusters["c"]?.certificateAuthorityData == Array(String(repeating: "certificate bytes ", count: 10).utf8))
    }

    @Test("relative paths resolve against the file that holds them", arguments: [
        ("ca.pem", "/etc/kube/ca.pem"),
        ("./certs/ca.pem", "/etc/kube/certs/ca.pem"),
        ("../shared/ca.pem", "/etc/shared/ca.pem"),
        ("/abs/ca.pem", "/abs/ca.pem"),
    ])
    func relativePaths(written: String, resolved: String) throws {
        let yaml = """
            clusters:
            - {name: c, cluster: {server: "https://c", certificate-authority: "\(written)"}}
            users:
            - name: u
              user: {client-certificate: "\(written)", client-key: "\(written)", tokenFile: "\(written)"}
            """
        let config = try Kubeconfig(parsing: yaml, origin: "/etc/kube/config")
        #expect(config.clusters["c"]?.certificateAuthority == resolved)
        let user = try #require(config.users["u"])
        #expect([user.clientCertificate, user.clientKey, user.tokenFile] == [resolved, resolved, resolved])
    }

    @Test func execCommandsResolveOnlyWhenTheyHoldASlash() throws {
        let yaml = """
            users:
            - {name: path, user: {exec: {command: kubelogin}}}
            - {name: relative, user: {exec: {command: ./bin/plugin}}}
            - {name: nested, user: {exec: {command: tools/plugin}}}
            - {name: absolute, user: {exec: {command: /usr/bin/plugin}}}
            """
        let config = try Kubeconfig(parsing: yaml, origin: "/home/me/.kube/config")
        #expect(config.users["path"]?.exec?.command == "kubelogin")
        #expect(config.users["relative"]?.exec?.command == "/home/me/.kube/bin/plugin")
        #expect(config.users["nested"]?.exec?.command == "/home/me/.kube/tools/plugin")
        #expect(config.users["absolute"]?.exec?.command == "/usr/bin/plugin")
    }

    @Test func withoutAnOriginPathsStayAsWritten() throws {
        let config = try Kubeconfig(parsing: "users: [{name: u, user: {client-key: key.pem}}]")
        #expect(config.users["u"]?.clientKey == "key.pem")
        #expect(config.users["u"]?.origin == nil)
    }

    @Test("errors name the file and the field", arguments: [
        ("clusters:\n- name: c\n  cluster: {server: 6443}\n",
         "/k/config: clusters[0].cluster.server: expected a string, found integer"),
        ("clusters:\n- name: c\n  cluster: {insecure-skip-tls-verify: \"yes\"}\n",
         "/k/config: clusters[0].cluster.insecure-skip-tls-verify: expected true or false, found string"),
        ("clusters:\n- name: c\n  cluster: {certificate-authority-data: \"not base64!\"}\n",
         "/k/config: clusters[0].cluster.certificate-authority-data: illegal base64 data"),
        ("users:\n- name: a\n  user: {}\n- name: b\n  user: {exec: {args: [one, 2]}}\n",
         "/k/config: users[1].user.exec.args[1]: expected a string, found integer"),
        ("users:\n- name: a\n  user: {exec: {env: [{name: A, value: 1}]}}\n",
         "/k/config: users[0].user.exec.env[0].value: expected a string, found integer"),
        ("contexts:\n- name: a\n  context: {}\n- name: a\n  context: {}\n",
         "/k/config: contexts[1].name: duplicate name \"a\" in contexts"),
        ("users:\n- user: {token: x}\n", "/k/config: users[0].name: required"),
        ("clusters: {c: {server: x}}\n", "/k/config: clusters: expected a list, found object"),
        ("contexts:\n- name: a\n  context: [x]\n", "/k/config: contexts[0].context: expected an object, found array"),
        ("kind: Pod\n", "/k/config: kind: expected \"Config\", found \"Pod\""),
        ("apiVersion: v2\nkind: Config\n", "/k/config: apiVersion: no kind \"Config\" is registered for version \"v2\""),
        ("- a\n- b\n", "/k/config: expected an object, found array"),
        ("kind: Config\n---\nkind: Config\n", "/k/config: expected one YAML document, found 2"),
    ])
    func errors(yaml: String, message: String) {
        #expect(throws: KubeconfigError.self) { try Kubeconfig(parsing: yaml, origin: "/k/config") }
        do {
            _ = try Kubeconfig(parsing: yaml, origin: "/k/config")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func malformedYAMLNamesTheFile() {
        do {
            _ = try Kubeconfig(parsing: "clusters: [\n", origin: "/k/broken")
            Issue.record("expected an error")
        } catch {
            #expect(error.file == "/k/broken")
            #expect(error.description.hasPrefix("/k/broken: cannot parse YAML"))
        }
    }

    @Test func pathsAreCleanedLexically() {
        #expect(KubeconfigPath.clean("/a/./b/../c//d/") == "/a/c/d")
        #expect(KubeconfigPath.clean("/../x") == "/x")
        #expect(KubeconfigPath.clean("a/../../b") == "../b")
        #expect(KubeconfigPath.clean("./") == ".")
        #expect(KubeconfigPath.directory(of: "/config") == "/")
        #expect(KubeconfigPath.directory(of: "config") == ".")
        #expect(KubeconfigPath.resolve("x.pem", against: ".") == "x.pem")
    }
}
