import Foundation
import HTTP
import KubeCore

/// Where and how the client talks to one API server: the result of reading a kubeconfig
/// (`load`) or the pod's service account (`inCluster`), or of picking one (`automatic`).
public struct ClientConfiguration: Sendable {
    /// The API server's base URL (`https://host:port`, maybe with a path prefix), no trailing slash.
    public var server: String
    /// The default namespace: the context's, the pod's, or `default`.
    public var namespace: String
    public var tls: TLSConfiguration
    /// A bearer token, or a provider that re-reads a token file or runs an exec plugin.
    public var authentication: HTTPAuthentication?
    /// Sent with every request: basic authentication and impersonation (`Impersonate-*`).
    public var headers: HTTPHeaders
    public var userAgent: String
    /// The kubeconfig context this came from; nil in-cluster or without a context.
    public var contextName: String?

    public init(server: String, namespace: String = "default", tls: TLSConfiguration = TLSConfiguration(),
                authentication: HTTPAuthentication? = nil, headers: HTTPHeaders = [:],
                userAgent: String = ClientConfiguration.defaultUserAgent, contextName: String? = nil) {
        self.server = server
        self.namespace = namespace
        self.tls = tls
        self.authentication = authentication
        self.headers = headers
        self.userAgent = userAgent
        self.contextName = contextName
    }

    /// The transport's settings for this server (its timeouts and limits at their defaults).
    public var httpConfiguration: HTTPClientConfiguration {
        HTTPClientConfiguration(tls: tls, authentication: authentication, userAgent: userAgent, defaultHeaders: headers)
    }

    /// client-go's form: `<program>/<version> (<os>/<arch>) eventmesh-kubeclient`.
    public static let defaultUserAgent: String = {
        let program = (CommandLine.arguments.first.map { KubeconfigPath.clean($0) }?.split(separator: "/").last)
            .map(String.init) ?? "eventmesh"
        #if arch(x86_64)
        let arch = "amd64"
        #elseif arch(arm64)
        let arch = "arm64"
        #else
        let arch = "unknown"
        #endif
        #if os(Linux)
        let system = "linux"
        #else
        let system = "darwin"
        #endif
        return "\(program.isEmpty ? "eventmesh" : program)/0.1.0 (\(system)/\(arch)) eventmesh-kubeclient"
    }()

    /// The service account's files in a pod.
    public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// What an operator wants, in controller-runtime's order: the kubeconfig when `KUBECONFIG` is
    /// set; else the pod's service account when `KUBERNETES_SERVICE_HOST` is set and its token
    /// exists; else `~/.kube/config`.
    public static func automatic(environment: [String: String] = ProcessInfo.processInfo.environment,
                                 serviceAccountDirectory: String = Self.serviceAccountDirectory) throws -> ClientConfiguration {
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            return try load(environment: environment)
        }
        if let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
           FileManager.default.fileExists(atPath: serviceAccountDirectory + "/token") {
            return try inCluster(directory: serviceAccountDirectory, environment: environment)
        }
        return try load(environment: environment)
    }
}

/// A configuration that cannot be loaded: a file that cannot be read, a setting this client
/// cannot honour. (Kubeconfig content errors are `KubeconfigError`s, exec plugin failures
/// `ExecCredentialError`s.)
public struct ClientConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
