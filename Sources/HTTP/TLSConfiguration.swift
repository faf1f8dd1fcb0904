/// PEM material given either as a file path or as bytes held in memory (kubeconfig `*-data`).
public enum PEMSource: Sendable, Equatable {
    case file(String)
    case pem([UInt8])
}

/// How the client authenticates servers and itself.
public struct TLSConfiguration: Sendable, Equatable {
    /// The certificate authorities to trust; `nil` uses the system's bundle.
    public var trustRoots: PEMSource?
    public var clientCertificate: PEMSource?
    public var clientKey: PEMSource?
    /// Skips verification of the server's certificate and name. Only for explicit user opt-in.
    public var insecureSkipVerify: Bool

    public init(trustRoots: PEMSource? = nil, clientCertificate: PEMSource? = nil, clientKey: PEMSource? = nil,
                insecureSkipVerify: Bool = false) {
        self.trustRoots = trustRoots
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
        self.insecureSkipVerify = insecureSkipVerify
    }
}

/// Credentials added to every request as an `Authorization` header.
public enum HTTPAuthentication: Sendable {
    case bearerToken(String)
    /// Asked before every request, so a rotated token file is picked up.
    case bearerTokenProvider(@Sendable () throws -> String)
}

/// Settings shared by every request of one client.
public struct HTTPClientConfiguration: Sendable {
    public var tls: TLSConfiguration
    public var authentication: HTTPAuthentication?
    public var userAgent: String
    public var connectTimeout: Duration
    /// Used when a request sets no `timeout`; `nil` means no limit.
    public var defaultTimeout: Duration?
    /// Largest body `send` accepts before failing with `responseTooLarge`.
    public var maxResponseBytes: Int
    /// Bytes a stream may hold before the transfer waits for its consumer.
    public var streamBufferBytes: Int
    /// Idle connections (easy handles) kept for reuse.
    public var maxIdleConnections: Int
    /// Headers added to every request unless the request sets them.
    public var defaultHeaders: HTTPHeaders

    public init(tls: TLSConfiguration = TLSConfiguration(), authentication: HTTPAuthentication? = nil,
                userAgent: String = "eventmesh-http/0.1", connectTimeout: Duration = .seconds(10),
                defaultTimeout: Duration? = .seconds(60), maxResponseBytes: Int = 64 << 20,
                streamBufferBytes: Int = 1 << 20, maxIdleConnections: Int = 16, defaultHeaders: HTTPHeaders = [:]) {
        self.tls = tls
        self.authentication = authentication
        self.userAgent = userAgent
        self.connectTimeout = connectTimeout
        self.defaultTimeout = defaultTimeout
        self.maxResponseBytes = maxResponseBytes
        self.streamBufferBytes = streamBufferBytes
        self.maxIdleConnections = maxIdleConnections
        self.defaultHeaders = defaultHeaders
    }
}
