/// A failed HTTP transfer: what went wrong, the curl code behind it and the URL (without credentials).
public struct HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of failure a caller can act on differently.
    public enum Code: String, Sendable, Equatable {
        /// The URL or the request could not be used (bad scheme, malformed URL, bad option).
        case invalidRequest
        case couldNotResolveHost
        case couldNotConnect
        /// The whole request, the connect phase or an idle stream exceeded its time limit.
        case timedOut
        /// The TLS handshake failed, including a server that refused the client certificate.
        case tlsHandshakeFailed
        /// The server's certificate is not trusted by the configured roots, or its name does not match.
        case tlsCertificateUntrusted
        /// A certificate, key or CA bundle given to the client could not be used.
        case tlsConfigurationInvalid
        /// The connection closed before the response was complete.
        case connectionClosed
        /// The response body exceeded the client's limit.
        case responseTooLarge
        /// A streamed line exceeded the line limit.
        case lineTooLong
        /// The transfer was cancelled by the caller.
        case cancelled
        /// Any other transport failure.
        case transport
    }

    public let code: Code
    /// libcurl's `CURLcode`, when the failure came from libcurl.
    public let curlCode: Int32?
    public let message: String
    /// The request URL with any user information removed.
    public let url: String

    public init(code: Code, curlCode: Int32? = nil, message: String, url: String) {
        self.code = code
        self.curlCode = curlCode
        self.message = message
        self.url = url
    }

    public var description: String {
        let curl = curlCode.map { " (curl \($0))" } ?? ""
        return "HTTP \(code.rawValue) for \(url): \(message)\(curl)"
    }
}

/// Strips `user:password@` from a URL so it can appear in errors and logs.
func redactedURL(_ url: String) -> String {
    guard let schemeEnd = url.range(of: "://") else { return url }
    let rest = url[schemeEnd.upperBound...]
    let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
    guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return url }
    return String(url[..<schemeEnd.upperBound]) + String(rest[rest.index(after: at)...])
}
