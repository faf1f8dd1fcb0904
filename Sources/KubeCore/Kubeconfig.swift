import StrictJSON

/// A kubeconfig file (`apiVersion: v1`, `kind: Config`) as kubectl reads it: named clusters,
/// users and contexts, and the current context. `preferences` is ignored, as kubectl ignores it.
///
/// Empty strings count as unset, as in client-go. Relative file paths are resolved against the
/// file that holds them when it is parsed with an `origin` (see `Kubeconfig(parsing:origin:)`).
public struct Kubeconfig: Sendable, Equatable {
    public var clusters: [String: Cluster]
    public var users: [String: User]
    public var contexts: [String: Context]
    public var currentContext: String?

    public init(clusters: [String: Cluster] = [:], users: [String: User] = [:], contexts: [String: Context] = [:],
                currentContext: String? = nil) {
        self.clusters = clusters
        self.users = users
        self.contexts = contexts
        self.currentContext = currentContext
    }

    /// True when the file defines nothing (client-go's `IsConfigEmpty`).
    public var isEmpty: Bool { clusters.isEmpty && users.isEmpty && contexts.isEmpty && currentContext == nil }

    /// How to reach and trust one API server.
    public struct Cluster: Sendable, Equatable {
        public var server: String?
        /// The name the server's certificate must carry, when it is not the host of `server`.
        public var tlsServerName: String?
        public var insecureSkipTLSVerify: Bool
        /// A PEM file of certificate authorities.
        public var certificateAuthority: String?
        /// PEM bytes (`certificate-authority-data`, base64 in the file); wins over the file.
        public var certificateAuthorityData: [UInt8]?
        public var proxyURL: String?
        public var disableCompression: Bool
        /// `extensions`, by name; `client.authentication.k8s.io/exec` is handed to exec plugins.
        public var extensions: [String: JSONValue]
        /// The file this entry came from (client-go's `LocationOfOrigin`).
        public var origin: String?

        public init(server: String? = nil, tlsServerName: String? = nil, insecureSkipTLSVerify: Bool = false,
                    certificateAuthority: String? = nil, certificateAuthorityData: [UInt8]? = nil,
                    proxyURL: String? = nil, disableCompression: Bool = false, extensions: [String: JSONValue] = [:],
                    origin: String? = nil) {
            self.server = server
            self.tlsServerName = tlsServerName
            self.insecureSkipTLSVerify = insecureSkipTLSVerify
            self.certificateAuthority = certificateAuthority
            self.certificateAuthorityData = certificateAuthorityData
            self.proxyURL = proxyURL
            self.disableCompression = disableCompression
            self.extensions = extensions
            self.origin = origin
        }
    }

    /// Who the client is (`users[].user`, client-go's `AuthInfo`).
    public struct User: Sendable, Equatable {
        public var clientCertificate: String?
        public var clientCertificateData: [UInt8]?
        public var clientKey: String?
        public var clientKeyData: [UInt8]?
        public var token: String?
        /// A file holding the bearer token, re-read while the client runs.
        public var tokenFile: String?
        /// `as`, `as-uid`, `as-groups`, `as-user-extra`: impersonation.
        public var impersonate: String?
        public var impersonateUID: String?
        public var impersonateGroups: [String]
        public var impersonateUserExtra: [String: [String]]
        public var username: String?
        public var password: String?
        /// A legacy `auth-provider` (gcp, azure, oidc): recognised only to be refused clearly.
        public var authProvider: String?
        public var exec: ExecConfig?
        public var origin: String?

        public init(clientCertificate: String? = nil, clientCertificateData: [UInt8]? = nil, clientKey: String? = nil,
                    clientKeyData: [UInt8]? = nil, token: String? = nil, tokenFile: String? = nil,
                    impersonate: String? = nil, impersonateUID: String? = nil, impersonateGroups: [String] = [],
                    impersonateUserExtra: [String: [String]] = [:], username: String? = nil, password: String? = nil,
                    authProvider: String? = nil, exec: ExecConfig? = nil, origin: String? = nil) {
            self.clientCertificate = clientCertificate
            self.clientCertificateData = clientCertificateData
            self.clientKey = clientKey
            self.clientKeyData = clientKeyData
            self.token = token
            self.tokenFile = tokenFile
            self.impersonate = impersonate
            self.impersonateUID = impersonateUID
            self.impersonateGroups = impersonateGroups
            self.impersonateUserExtra = impersonateUserExtra
            self.username = username
            self.password = password
            self.authProvider = authProvider
            self.exec = exec
            self.origin = origin
        }
    }

    /// An exec credential plugin (`users[].user.exec`).
    public struct ExecConfig: Sendable, Equatable {
        public enum InteractiveMode: String, Sendable, Equatable {
            case never = "Never", ifAvailable = "IfAvailable", always = "Always"
        }

        public struct EnvironmentVariable: Sendable, Equatable {
            public var name: String
            public var value: String
            public init(name: String, value: String) {
                self.name = name
                self.value = value
            }
        }

        /// A name looked up in `PATH`, or a path (relative ones resolved against the kubeconfig).
        public var command: String?
        public var arguments: [String]
        /// Added to the client's environment, in order.
        public var environment: [EnvironmentVariable]
        public var apiVersion: String?
        public var installHint: String?
        public var provideClusterInfo: Bool
        /// As written; `nil` when absent (required for v1, `IfAvailable` for v1beta1).
        public var interactiveMode: String?

        public init(command: String? = nil, arguments: [String] = [], environment: [EnvironmentVariable] = [],
                    apiVersion: String? = nil, installHint: String? = nil, provideClusterInfo: Bool = false,
                    interactiveMode: String? = nil) {
            self.command = command
            self.arguments = arguments
            self.environment = environment
            self.apiVersion = apiVersion
            self.installHint = installHint
            self.provideClusterInfo = provideClusterInfo
            self.interactiveMode = interactiveMode
        }
    }

    /// A cluster, a user and a default namespace under one name.
    public struct Context: Sendable, Equatable {
        public var cluster: String?
        public var user: String?
        public var namespace: String?
        public var origin: String?

        public init(cluster: String? = nil, user: String? = nil, namespace: String? = nil, origin: String? = nil) {
            self.cluster = cluster
            self.user = user
            self.namespace = namespace
            self.origin = origin
        }
    }

    /// Several files merged as kubectl merges the `KUBECONFIG` list: for each cluster, user and
    /// context name the first file that defines it wins (entries are never merged field by
    /// field), and the first file that sets `current-context` wins.
    public static func merged(_ configs: [Kubeconfig]) -> Kubeconfig {
        var result = Kubeconfig()
        for config in configs {
            result.clusters.merge(config.clusters) { first, _ in first }
            result.users.merge(config.users) { first, _ in first }
            result.contexts.merge(config.contexts) { first, _ in first }
            if result.currentContext == nil { result.currentContext = config.currentContext }
        }
        return result
    }
}

/// A kubeconfig that cannot be read or used, worded as kubectl words it where kubectl has words.
public struct KubeconfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file at fault, when one is.
    public var file: String?
    /// The field at fault (`users[0].user.exec.command`), when one is.
    public var field: String?
    public var reason: String

    public init(file: String? = nil, field: String? = nil, reason: String) {
        self.file = file
        self.field = field
        self.reason = reason
    }

    public var description: String {
        [file, field, reason].compactMap { $0 }.joined(separator: ": ")
    }

    /// client-go's aggregate: `invalid configuration: a` or `invalid configuration: [a, b]`.
    static func invalid(_ problems: [String]) -> KubeconfigError {
        KubeconfigError(reason: "invalid configuration: "
            + (problems.count == 1 ? problems[0] : "[" + problems.joined(separator: ", ") + "]"))
    }
}
