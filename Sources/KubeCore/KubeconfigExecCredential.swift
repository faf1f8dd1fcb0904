import Foundation
import StrictJSON

/// A failure of an exec credential plugin, worded as client-go words it.
public struct ExecCredentialError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// What an exec credential plugin printed (`ExecCredential.status`): a bearer token and/or a
/// client certificate and key (PEM), valid until `expirationTimestamp` when one is given.
public struct ExecCredential: Sendable, Equatable {
    public var token: String?
    public var clientCertificateData: String?
    public var clientKeyData: String?
    /// nil: valid until the configuration is loaded again.
    public var expirationTimestamp: Timestamp?

    public init(token: String? = nil, clientCertificateData: String? = nil, clientKeyData: String? = nil,
                expirationTimestamp: Timestamp? = nil) {
        self.token = token
        self.clientCertificateData = clientCertificateData
        self.clientKeyData = clientKeyData
        self.expirationTimestamp = expirationTimestamp
    }

    /// Reads a plugin's standard output, checked as client-go checks it: an `ExecCredential` of
    /// the configured `apiVersion` with a status holding a token or a certificate and key.
    public init(pluginOutput: some Collection<UInt8>, apiVersion: String) throws(ExecCredentialError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: pluginOutput)
        } catch {
            throw ExecCredentialError("decoding stdout: \(error)")
        }
        guard let object = value.objectValue else {
            throw ExecCredentialError("decoding stdout: expected an ExecCredential object, found \(value.typeName)")
        }
        let returnedVersion = object["apiVersion"]?.stringValue ?? ""
        guard returnedVersion == apiVersion else {
            throw ExecCredentialError("exec plugin is configured to use API version \(apiVersion), plugin returned version \(returnedVersion)")
        }
        let kind = object["kind"]?.stringValue ?? ""
        guard kind == "ExecCredential" else {
            throw ExecCredentialError("decoding stdout: expected kind \"ExecCredential\", found \"\(kind)\"")
        }
        guard let status = object["status"], !status.isNull else {
            throw ExecCredentialError("exec plugin didn't return a status field")
        }
        guard let fields = status.objectValue else {
            throw ExecCredentialError("decoding stdout: status: expected an object, found \(status.typeName)")
        }
        func string(_ key: String) throws(ExecCredentialError) -> String? {
            guard let field = fields[key], !field.isNull else { return nil }
            guard let text = field.stringValue else {
                throw ExecCredentialError("decoding stdout: status.\(key): expected a string, found \(field.typeName)")
            }
            return text.isEmpty ? nil : text
        }
        token = try string("token")
        clientCertificateData = try string("clientCertificateData")
        clientKeyData = try string("clientKeyData")
        if let text = try string("expirationTimestamp") {
            guard let timestamp = Timestamp(rfc3339: text) else {
                throw ExecCredentialError("decoding stdout: status.expirationTimestamp: not an RFC 3339 time: \(text)")
            }
            expirationTimestamp = timestamp
        } else {
            expirationTimestamp = nil
        }
        guard token != nil || clientCertificateData != nil || clientKeyData != nil else {
            throw ExecCredentialError("exec plugin didn't return a token or cert/key pair")
        }
        guard (clientCertificateData == nil) == (clientKeyData == nil) else {
            throw ExecCredentialError("exec plugin returned only certificate or key, not both")
        }
    }

    /// client-go's rule: expired once `now` is past the expiration; never without one.
    public func isExpired(at now: Date) -> Bool {
        guard let expirationTimestamp else { return false }
        return now > expirationTimestamp.date
    }
}

/// The cluster as an exec plugin sees it with `provideClusterInfo: true` (`spec.cluster`).
public struct ExecClusterInfo: Sendable, Equatable {
    public var server: String
    public var tlsServerName: String?
    public var insecureSkipTLSVerify: Bool
    /// The CA's PEM bytes, read from the file when the kubeconfig names one.
    public var certificateAuthorityData: [UInt8]?
    public var proxyURL: String?
    /// The cluster's `client.authentication.k8s.io/exec` extension.
    public var config: JSONValue?

    public init(server: String, tlsServerName: String? = nil, insecureSkipTLSVerify: Bool = false,
                certificateAuthorityData: [UInt8]? = nil, proxyURL: String? = nil, config: JSONValue? = nil) {
        self.server = server
        self.tlsServerName = tlsServerName
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.certificateAuthorityData = certificateAuthorityData
        self.proxyURL = proxyURL
        self.config = config
    }

    var json: JSONValue {
        var object: [String: JSONValue] = ["server": .string(server)]
        if let tlsServerName { object["tls-server-name"] = .string(tlsServerName) }
        if insecureSkipTLSVerify { object["insecure-skip-tls-verify"] = true }
        if let certificateAuthorityData {
            object["certificate-authority-data"] = .string(Data(certificateAuthorityData).base64EncodedString())
        }
        if let proxyURL { object["proxy-url"] = .string(proxyURL) }
        if let config, !config.isNull { object["config"] = config }
        return .object(object)
    }
}

extension Kubeconfig.ExecConfig {
    /// The mode in force: as written, or `IfAvailable` for v1beta1 when absent.
    public var effectiveInteractiveMode: InteractiveMode {
        interactiveMode.flatMap(InteractiveMode.init(rawValue:)) ?? .ifAvailable
    }

    /// The `KUBERNETES_EXEC_INFO` a plugin reads: an `ExecCredential` holding only its spec.
    public func execInfo(interactive: Bool, cluster: ExecClusterInfo?) -> String {
        var spec: [String: JSONValue] = ["interactive": .bool(interactive)]
        if provideClusterInfo, let cluster { spec["cluster"] = cluster.json }
        let info: JSONValue = ["kind": "ExecCredential", "apiVersion": .string(apiVersion ?? ""), "spec": .object(spec)]
        return info.jsonString()
    }
}
