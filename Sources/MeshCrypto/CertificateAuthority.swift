import COpenSSL
import Foundation

/// A certificate together with its private key.
public struct IssuedCertificate: Sendable {
    public let certificate: Certificate
    public let key: PrivateKey

    /// Throws `.invalidRequest` when `key` is not the certificate's key.
    public init(certificate: Certificate, key: PrivateKey) throws(CryptoError) {
        guard certificate.matches(key) else {
            throw CryptoError(.invalidRequest, "the private key does not belong to certificate \(certificate)")
        }
        self.certificate = certificate
        self.key = key
    }
}

/// A self-signed CA that issues serving and client certificates (the local API server's CA).
public struct CertificateAuthority: Sendable {
    public let certificate: Certificate
    public let key: PrivateKey

    /// How far notBefore is moved into the past, so peers whose clocks lag a little accept a
    /// certificate issued just now.
    public static let clockSkewAllowance = Duration.seconds(5 * 60)
    /// Ten years, as for kubeadm's CAs.
    public static let defaultValidity = Duration.seconds(10 * 365 * 86_400)

    /// Uses an existing CA; throws `.invalidRequest` unless `certificate` is a CA that may sign
    /// certificates and `key` is its key.
    public init(certificate: Certificate, key: PrivateKey) throws(CryptoError) {
        guard certificate.isCA else {
            throw CryptoError(.invalidRequest, "certificate \(certificate) is not a CA (basicConstraints CA:FALSE or absent)")
        }
        if let usage = certificate.keyUsage, !usage.contains(.keyCertSign) {
            throw CryptoError(.invalidRequest, "CA certificate \(certificate) may not sign certificates (no keyCertSign)")
        }
        guard certificate.matches(key) else {
            throw CryptoError(.invalidRequest, "the private key does not belong to CA certificate \(certificate)")
        }
        self.certificate = certificate
        self.key = key
    }

    /// A new self-signed CA: basicConstraints critical CA:TRUE, keyUsage critical
    /// keyCertSign and cRLSign, subjectKeyIdentifier; signed with SHA-256.
    public static func generate(commonName: String, validity: Duration = defaultValidity,
                                keyAlgorithm: PrivateKey.Algorithm = .ecdsaP256,
                                now: Date = Date()) throws(CryptoError) -> CertificateAuthority {
        try CertificateProfile.validateNameAttribute(commonName, "commonName")
        guard validity > .zero else {
            throw CryptoError(.invalidRequest, "CA \"\(commonName)\" has a validity of \(validity)")
        }
        let key = try PrivateKey.generate(keyAlgorithm)
        let builder = try CertificateBuilder(describing: commonName)
        try builder.setRandomSerialNumber()
        try builder.setValidity(from: now - clockSkewAllowance, until: now + validity)
        try builder.setSubject(commonName: commonName, organizations: [])
        try builder.setIssuer(nil)
        try builder.setPublicKey(of: key)
        try builder.addExtension(NID_basic_constraints, "critical,CA:TRUE", issuer: nil)
        try builder.addExtension(NID_key_usage, "critical,keyCertSign,cRLSign", issuer: nil)
        try builder.addExtension(NID_subject_key_identifier, "hash", issuer: nil)
        return try CertificateAuthority(certificate: builder.sign(with: key), key: key)
    }

    /// Issues a leaf certificate for `key`'s public key: subject `O=… CN=…`, subjectAltName,
    /// extendedKeyUsage, keyUsage critical digitalSignature (plus keyEncipherment for RSA),
    /// basicConstraints critical CA:FALSE, subject and authority key identifiers, a random
    /// 128-bit serial, notBefore backdated by `clockSkewAllowance`, signed with SHA-256.
    /// The validity is cut to the CA's own, as a certificate cannot outlive its issuer.
    public func issue(_ profile: CertificateProfile, for key: PrivateKey,
                      now: Date = Date()) throws(CryptoError) -> Certificate {
        try profile.validate()
        guard certificate.isValid(at: now) else {
            throw CryptoError(.invalidRequest, "CA \(certificate) is not valid at \(now): "
                              + "\(certificate.notBefore) to \(certificate.notAfter)")
        }
        var keyUsage: KeyUsage = .digitalSignature
        if case .rsa = key.algorithm { keyUsage.insert(.keyEncipherment) }  // RSA key transport
        let extendedUsage = ExtendedKeyUsage.allCases.filter(profile.usages.contains).map(\.rawValue)

        let builder = try CertificateBuilder(describing: profile.commonName)
        try builder.setRandomSerialNumber()
        try builder.setValidity(from: max(now - Self.clockSkewAllowance, certificate.notBefore),
                                until: min(now + profile.validity, certificate.notAfter))
        try builder.setSubject(commonName: profile.commonName, organizations: profile.organizations)
        try builder.setIssuer(certificate)
        try builder.setPublicKey(of: key)
        try builder.addExtension(NID_basic_constraints, "critical,CA:FALSE", issuer: certificate)
        try builder.addExtension(NID_key_usage, "critical," + keyUsage.configurationNames.joined(separator: ","),
                                 issuer: certificate)
        try builder.addExtension(NID_ext_key_usage, extendedUsage.joined(separator: ","), issuer: certificate)
        try builder.addExtension(NID_subject_key_identifier, "hash", issuer: certificate)
        try builder.addExtension(NID_authority_key_identifier, "keyid:always", issuer: certificate)
        try builder.addSubjectAlternativeNames(dnsNames: profile.dnsNames, ipAddresses: profile.ipAddresses)
        return try builder.sign(with: self.key)
    }

    /// Generates a key of `keyAlgorithm` and issues a certificate for it.
    public func issue(_ profile: CertificateProfile, keyAlgorithm: PrivateKey.Algorithm = .ecdsaP256,
                      now: Date = Date()) throws(CryptoError) -> IssuedCertificate {
        try profile.validate()
        let key = try PrivateKey.generate(keyAlgorithm)
        return try IssuedCertificate(certificate: issue(profile, for: key, now: now), key: key)
    }
}

extension Date {
    static func + (date: Date, duration: Duration) -> Date {
        date.addingTimeInterval(duration.timeInterval)
    }

    static func - (date: Date, duration: Duration) -> Date {
        date.addingTimeInterval(-duration.timeInterval)
    }
}

extension Duration {
    var timeInterval: TimeInterval {
        TimeInterval(components.seconds) + TimeInterval(components.attoseconds) / 1e18
    }
}
