import COpenSSL

/// The X.509 keyUsage bits this module issues and reads.
public struct KeyUsage: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    // OpenSSL's KU_* flag values, so `X509_get_key_usage` maps over directly.
    public static let digitalSignature = KeyUsage(rawValue: UInt32(KU_DIGITAL_SIGNATURE))
    public static let keyEncipherment = KeyUsage(rawValue: UInt32(KU_KEY_ENCIPHERMENT))
    public static let keyCertSign = KeyUsage(rawValue: UInt32(KU_KEY_CERT_SIGN))
    public static let cRLSign = KeyUsage(rawValue: UInt32(KU_CRL_SIGN))

    /// The names `X509V3_EXT_conf_nid` understands, in a fixed order.
    var configurationNames: [String] {
        var names: [String] = []
        if contains(.digitalSignature) { names.append("digitalSignature") }
        if contains(.keyEncipherment) { names.append("keyEncipherment") }
        if contains(.keyCertSign) { names.append("keyCertSign") }
        if contains(.cRLSign) { names.append("cRLSign") }
        return names
    }
}

/// The extendedKeyUsage purposes of TLS certificates.
public enum ExtendedKeyUsage: String, Hashable, Sendable, CaseIterable {
    /// A TLS server (the API server's serving certificate).
    case serverAuth
    /// A TLS client (admin, service-account and component client certificates).
    case clientAuth
}
