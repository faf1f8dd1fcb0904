import Foundation
import StrictJSON

/// What kubectl's flags override: `--cluster`, `--user`, `--namespace`, `--server`,
/// `--certificate-authority`, `--insecure-skip-tls-verify`, `--tls-server-name`, `--token`,
/// `--client-certificate`, `--client-key`, `--as`, `--as-group`. (`--context` is the `context`
/// argument of `Kubeconfig.resolve`.) Paths are used as given.
public struct KubeconfigOverrides: Sendable, Equatable {
    public var cluster: String?
    public var user: String?
    public var namespace: String?
    public var server: String?
    public var certificateAuthority: String?
    /// `true` also drops the cluster's certificate authority, as kubectl does.
    public var insecureSkipTLSVerify: Bool
    public var tlsServerName: String?
    public var token: String?
    public var clientCertificate: String?
    public var clientKey: String?
    public var impersonate: String?
    public var impersonateGroups: [String]

    public init(cluster: String? = nil, user: String? = nil, namespace: String? = nil, server: String? = nil,
                certificateAuthority: String? = nil, insecureSkipTLSVerify: Bool = false, tlsServerName: String? = nil,
                token: String? = nil, clientCertificate: String? = nil, clientKey: String? = nil,
                impersonate: String? = nil, impersonateGroups: [String] = []) {
        self.cluster = cluster
        self.user = user
        self.namespace = namespace
        self.server = server
        self.certificateAuthority = certificateAuthority
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.tlsServerName = tlsServerName
        self.token = token
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
        self.impersonate = impersonate
        self.impersonateGroups = impersonateGroups
    }
}

/// PEM material named by a path or held inline (a kubeconfig's `*-data`).
public enum KubeconfigMaterial: Sendable, Equatable {
    case file(String)
    case data([UInt8])
}

/// How the client proves who it is, besides a client certificate.
public enum KubeconfigAuthentication: Sendable, Equatable {
    case none
    case token(String)
    /// Re-read while the client runs (rotated tokens).
    case tokenFile(String)
    /// HTTP basic authentication (`username`/`password`; rare, and removed from kube-apiserver).
    case basic(username: String, password: String)
    /// A validated exec credential plugin (`apiVersion` v1 or v1beta1, a command).
    case exec(Kubeconfig.ExecConfig)
}

/// The settings for one client: a context, its cluster and user, with the overrides applied
/// and validated as kubectl validates them.
public struct ResolvedKubeconfig: Sendable, Equatable {
    public var contextName: String?
    public var clusterName: String?
    public var userName: String?
    /// The API server's base URL: scheme, host, port and path prefix, no trailing slash.
    public var server: String
    /// The context's namespace, or `default`.
    public var namespace: String
    /// `nil` trusts the system's certificate authorities.
    public var certificateAuthority: KubeconfigMaterial?
    public var insecureSkipTLSVerify: Bool
    public var tlsServerName: String?
    public var proxyURL: String?
    public var clientCertificate: KubeconfigMaterial?
    public var clientKey: KubeconfigMaterial?
    /// Always `.none` for an `http://` server: credentials never travel in clear (client-go).
    public var authentication: KubeconfigAuthentication
    public var impersonate: String?
    public var impersonateUID: String?
    public var impersonateGroups: [String]
    public var impersonateUserExtra: [String: [String]]
    /// The cluster's `client.authentication.k8s.io/exec` extension, for `provideClusterInfo`.
    public var execExtension: JSONValue?

    public init(contextName: String? = nil, clusterName: String? = nil, userName: String? = nil, server: String,
                namespace: String = "default", certificateAuthority: KubeconfigMaterial? = nil,
                insecureSkipTLSVerify: Bool = false, tlsServerName: String? = nil, proxyURL: String? = nil,
                clientCertificate: KubeconfigMaterial? = nil, clientKey: KubeconfigMaterial? = nil,
                authentication: KubeconfigAuthentication = .none, impersonate: String? = nil,
                impersonateUID: String? = nil, impersonateGroups: [String] = [],
                impersonateUserExtra: [String: [String]] = [:], execExtension: JSONValue? = nil) {
        self.contextName = contextName
        self.clusterName = clusterName
        self.userName = userName
        self.server = server
        self.namespace = namespace
        self.certificateAuthority = certificateAuthority
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.tlsServerName = tlsServerName
        self.proxyURL = proxyURL
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
        self.authentication = authentication
        self.impersonate = impersonate
        self.impersonateUID = impersonateUID
        self.impersonateGroups = impersonateGroups
        self.impersonateUserExtra = impersonateUserExtra
        self.execExtension = execExtension
    }

    /// True for an `https://` server.
    public var isSecure: Bool { server.hasPrefix("https://") }

    /// The server's host name (without brackets for IPv6 literals).
    public var serverHost: String? { URLComponents(string: server)?.host }

    /// Headers every request carries: `Authorization: Basic …` for basic authentication and
    /// `Impersonate-User/-Uid/-Group/-Extra-*` for impersonation.
    public var requestHeaders: [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        if case .basic(let username, let password) = authentication {
            headers.append(("Authorization", "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()))
        }
        if let impersonate {
            headers.append(("Impersonate-User", impersonate))
            if let impersonateUID { headers.append(("Impersonate-Uid", impersonateUID)) }
            headers += impersonateGroups.map { ("Impersonate-Group", $0) }
            for key in impersonateUserExtra.keys.sorted() {
                headers += impersonateUserExtra[key, default: []].map { ("Impersonate-Extra-" + URLEncoding.pathSegment(key), $0) }
            }
        }
        return headers
    }
}

extension Kubeconfig {
    /// The client settings of `context` (nil: `current-context`) with `overrides` applied, as
    /// client-go's `DirectClientConfig` builds them.
    ///
    /// Errors read as client-go's: `context "x" does not exist` (an explicit context; kubectl
    /// 1.32 prints `context was not found for specified context: x` for it), `invalid
    /// configuration: context was not found for specified context: x` (a missing current
    /// context), `auth info "u" does not exist` (`--user` naming nothing), `invalid
    /// configuration: no server found for cluster "y"` (a missing cluster or server), and the
    /// validation of the chosen user and cluster (both CA forms, a client certificate without a
    /// key, more than one authentication method, an incomplete exec plugin), all problems at
    /// once as `invalid configuration: [a, b]`. Unlike kubectl there is no fallback to
    /// `http://localhost:8080`, and the namespace must be a DNS label.
    public func resolve(context requested: String? = nil, overrides: KubeconfigOverrides = .init())
        throws(KubeconfigError) -> ResolvedKubeconfig {
        let requested = requested.flatMap { $0.isEmpty ? nil : $0 }
        let contextName = requested ?? currentContext
        if let name = overrides.user, users[name] == nil {
            throw KubeconfigError(reason: "auth info \"\(name)\" does not exist")
        }
        var problems: [String] = []
        var context = Context()
        if let contextName {
            if let found = contexts[contextName] {
                context = found
            } else if requested != nil {
                throw KubeconfigError(reason: "context \"\(contextName)\" does not exist")
            } else {
                problems.append("context was not found for specified context: \(contextName)")
            }
        }
        let clusterName = overrides.cluster ?? context.cluster
        let userName = overrides.user ?? context.user
        let cluster = Self.apply(overrides, to: clusterName.flatMap { clusters[$0] } ?? Cluster())
        let user = Self.apply(overrides, to: userName.flatMap { users[$0] } ?? User())
        problems += Self.problems(user: userName ?? "", user)
        problems += Self.problems(cluster: clusterName, cluster, contextName: contextName, config: self)

        let namespace = overrides.namespace ?? context.namespace ?? "default"
        if !KubernetesName.labelProblems(namespace).isEmpty {
            problems.append("namespace \"\(namespace)\" for context \"\(contextName ?? "")\" does not conform to the kubernetes DNS_LABEL rules")
        }
        var server: String?
        if let raw = cluster.server {
            let defaultTLS = cluster.certificateAuthority != nil || cluster.certificateAuthorityData != nil
                || cluster.insecureSkipTLSVerify || user.clientCertificate != nil || user.clientCertificateData != nil
            do throws(KubeconfigError) {
                server = try Self.normalizedServer(raw, defaultTLS: defaultTLS)
            } catch {
                problems.append("\(error.reason) for cluster \"\(clusterName ?? "")\"")
            }
        }
        guard problems.isEmpty, let server else { throw .invalid(problems) }

        var resolved = ResolvedKubeconfig(
            contextName: contexts[contextName ?? ""] == nil ? nil : contextName, clusterName: clusterName,
            userName: userName, server: server, namespace: namespace,
            certificateAuthority: Self.material(cluster.certificateAuthorityData, cluster.certificateAuthority),
            insecureSkipTLSVerify: cluster.insecureSkipTLSVerify, tlsServerName: cluster.tlsServerName,
            proxyURL: cluster.proxyURL,
            clientCertificate: Self.material(user.clientCertificateData, user.clientCertificate),
            clientKey: Self.material(user.clientKeyData, user.clientKey),
            impersonate: user.impersonate, impersonateUID: user.impersonateUID,
            impersonateGroups: user.impersonateGroups, impersonateUserExtra: user.impersonateUserExtra,
            execExtension: cluster.extensions["client.authentication.k8s.io/exec"])
        guard resolved.isSecure else { return resolved }
        // client-go's precedence: a token, then basic authentication; an exec plugin only when
        // neither nor a client certificate is set. With both `tokenFile` and `token` the file
        // wins (client-go falls back to the inline token only while the file cannot be read;
        // here an unreadable file fails the load).
        if let tokenFile = user.tokenFile {
            resolved.authentication = .tokenFile(tokenFile)
        } else if let token = user.token {
            resolved.authentication = .token(token)
        } else if user.username != nil || user.password != nil {
            resolved.authentication = .basic(username: user.username ?? "", password: user.password ?? "")
        } else if let exec = user.exec, resolved.clientCertificate == nil {
            resolved.authentication = .exec(exec)
        }
        return resolved
    }

    /// The exec plugin API versions this client speaks.
    public static let execAPIVersions = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"]

    private static func material(_ data: [UInt8]?, _ file: String?) -> KubeconfigMaterial? {
        if let data { return .data(data) }
        return file.map(KubeconfigMaterial.file)
    }

    /// client-go's `getCluster` override rules: set fields replace, and a CA or an insecure
    /// override replaces the CA, its data and the insecure flag together.
    private static func apply(_ overrides: KubeconfigOverrides, to cluster: Cluster) -> Cluster {
        var cluster = cluster
        if let server = overrides.server { cluster.server = server }
        if let name = overrides.tlsServerName { cluster.tlsServerName = name }
        if overrides.insecureSkipTLSVerify || overrides.certificateAuthority != nil {
            cluster.insecureSkipTLSVerify = overrides.insecureSkipTLSVerify
            cluster.certificateAuthority = overrides.certificateAuthority
            cluster.certificateAuthorityData = nil
        }
        return cluster
    }

    private static func apply(_ overrides: KubeconfigOverrides, to user: User) -> User {
        var user = user
        if let token = overrides.token {
            user.token = token
            user.tokenFile = nil
        }
        if let certificate = overrides.clientCertificate {
            user.clientCertificate = certificate
            user.clientCertificateData = nil
        }
        if let key = overrides.clientKey {
            user.clientKey = key
            user.clientKeyData = nil
        }
        if let impersonate = overrides.impersonate { user.impersonate = impersonate }
        if !overrides.impersonateGroups.isEmpty { user.impersonateGroups = overrides.impersonateGroups }
        return user
    }

    /// client-go's `validateAuthInfo`, plus the refusal of what this client does not do.
    private static func problems(user name: String, _ user: User) -> [String] {
        var problems: [String] = []
        var methods: [String] = []
        if user.token != nil { methods.append("token") }
        if user.username != nil || user.password != nil { methods.append("basicAuth") }
        if user.clientCertificate != nil || user.clientCertificateData != nil {
            if user.clientCertificate != nil && user.clientCertificateData != nil {
                problems.append("client-cert-data and client-cert are both specified for \(name). client-cert-data will override.")
            }
            if user.clientKey != nil && user.clientKeyData != nil {
                problems.append("client-key-data and client-key are both specified for \(name); client-key-data will override")
            }
            if user.clientKey == nil && user.clientKeyData == nil {
                problems.append("client-key-data or client-key must be specified for \(name) to use the clientCert authentication method.")
            }
        } else if user.clientKey != nil || user.clientKeyData != nil {
            problems.append("client-cert-data or client-cert must be specified for \(name) to use the clientCert authentication method.")
        }
        if let exec = user.exec {
            if exec.command == nil {
                problems.append("command must be specified for \(name) to use exec authentication plugin")
            }
            if let version = exec.apiVersion {
                if !execAPIVersions.contains(version) {
                    problems.append("exec plugin: invalid apiVersion \"\(version)\"")
                }
            } else {
                problems.append("apiVersion must be specified for \(name) to use exec authentication plugin")
            }
            if exec.environment.contains(where: { $0.name.isEmpty }) {
                problems.append("env variable name must be specified for \(name) to use exec authentication plugin")
            }
            switch exec.interactiveMode {
            case nil where exec.apiVersion == "client.authentication.k8s.io/v1":
                problems.append("interactiveMode must be specified for \(name) to use exec authentication plugin")
            case nil:
                break
            case let mode?:
                if ExecConfig.InteractiveMode(rawValue: mode) == nil {
                    problems.append("invalid interactiveMode for \(name): \"\(mode)\"")
                }
            }
        }
        if let provider = user.authProvider {
            problems.append("auth-provider \"\(provider)\" of \(name) is not supported: use an exec credential plugin")
        }
        if methods.count > 1 {
            problems.append("more than one authentication method found for \(name); found [\(methods.joined(separator: " "))], only one is allowed")
        }
        return problems
    }

    /// client-go's `validateClusterInfo`, plus its transport's refusal of a CA with insecure.
    private static func problems(cluster name: String?, _ cluster: Cluster, contextName: String?,
                                 config: Kubeconfig) -> [String] {
        var problems: [String] = []
        if cluster.server == nil {
            if let name {
                problems.append("no server found for cluster \"\(name)\"")
            } else if let contextName, config.contexts[contextName] != nil {
                problems.append("cluster was not specified for context \"\(contextName)\"")
            } else if contextName == nil {
                problems.append(config.isEmpty ? "no configuration has been provided"
                                               : "no context chosen: current-context is not set and no context was given")
            }
        }
        if cluster.certificateAuthority != nil && cluster.certificateAuthorityData != nil {
            problems.append("certificate-authority-data and certificate-authority are both specified for \(name ?? ""). certificate-authority-data will override.")
        }
        if cluster.insecureSkipTLSVerify && (cluster.certificateAuthority != nil || cluster.certificateAuthorityData != nil) {
            problems.append("specifying a root certificates file with the insecure flag is not allowed")
        }
        return problems
    }

    /// A server URL as client-go's `DefaultServerURL` reads it: a bare `host:port` gets
    /// `https://` when TLS is configured, else `http://`; the query and fragment are dropped.
    static func normalizedServer(_ raw: String, defaultTLS: Bool) throws(KubeconfigError) -> String {
        var text = raw
        if !text.contains("://") { text = (defaultTLS ? "https://" : "http://") + text }
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = String(text[..<cut]) }
        while text.hasSuffix("/") { text.removeLast() }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty
        else { throw KubeconfigError(reason: "invalid server URL \"\(raw)\"") }
        guard scheme == "https" || scheme == "http" else {
            throw KubeconfigError(reason: "unsupported scheme \"\(scheme)\" in server URL \"\(raw)\"")
        }
        return text
    }
}
