import COpenSSL
import Foundation

/// An X.509 certificate, read from PEM or issued by a `CertificateAuthority`.
///
/// The fields below are read once, when the certificate is created. `@unchecked Sendable`: the
/// `X509` is never modified after that, and OpenSSL 3 guards its internal caches with a lock.
public final class Certificate: @unchecked Sendable, Equatable, CustomStringConvertible {
    let handle: OpaquePointer

    /// The subject's first commonName (CN); Kubernetes reads it as the user name.
    public let commonName: String?
    /// The subject's organizationName (O) values; Kubernetes reads them as groups.
    public let organizations: [String]
    /// subjectAltName dNSName entries, in certificate order.
    public let dnsNames: [String]
    /// subjectAltName iPAddress entries, in certificate order.
    public let ipAddresses: [IPAddress]
    /// The start of the validity period (seconds precision).
    public let notBefore: Date
    /// The end of the validity period (seconds precision).
    public let notAfter: Date
    /// The serial number's magnitude, big-endian, without leading zero bytes.
    public let serialNumber: [UInt8]
    /// basicConstraints says CA:TRUE.
    public let isCA: Bool
    /// nil when the certificate has no keyUsage extension.
    public let keyUsage: KeyUsage?
    /// The TLS purposes in extendedKeyUsage; nil when the extension is absent (any purpose).
    public let extendedKeyUsage: Set<ExtendedKeyUsage>?
    /// subjectKeyIdentifier, when present.
    public let subjectKeyIdentifier: [UInt8]?
    /// authorityKeyIdentifier's keyIdentifier: the issuer's subjectKeyIdentifier.
    public let authorityKeyIdentifier: [UInt8]?

    /// Takes ownership of `handle`, also when it throws.
    init(owning handle: OpaquePointer) throws(CryptoError) {
        // `deinit` only runs once every stored property is set: free by hand until then.
        let fields: Fields
        do {
            fields = try Fields(handle)
        } catch {
            X509_free(handle)
            throw error
        }
        self.handle = handle
        commonName = fields.commonName
        organizations = fields.organizations
        dnsNames = fields.dnsNames
        ipAddresses = fields.ipAddresses
        notBefore = fields.notBefore
        notAfter = fields.notAfter
        serialNumber = fields.serialNumber
        isCA = fields.isCA
        keyUsage = fields.keyUsage
        extendedKeyUsage = fields.extendedKeyUsage
        subjectKeyIdentifier = fields.subjectKeyIdentifier
        authorityKeyIdentifier = fields.authorityKeyIdentifier
    }

    deinit {
        X509_free(handle)
    }

    /// Reads the first certificate of a PEM text (`-----BEGIN CERTIFICATE-----`).
    public convenience init(pemEncoded pem: String) throws(CryptoError) {
        OpenSSLErrorQueue.clear()
        let bio = try MemoryBIO(copying: Array(pem.utf8))
        guard let x509 = PEM_read_bio_X509(bio.handle, nil, nil, nil) else {
            throw .openSSL(.invalidCertificate, "no readable PEM certificate")
        }
        try self.init(owning: x509)
    }

    /// Reads a DER-encoded certificate.
    public convenience init(derEncoded der: [UInt8]) throws(CryptoError) {
        OpenSSLErrorQueue.clear()
        let x509 = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor = buffer.baseAddress
            return d2i_X509(nil, &cursor, buffer.count)
        }
        guard let x509 else { throw .openSSL(.invalidCertificate, "no readable DER certificate") }
        try self.init(owning: x509)
    }

    /// The certificate as PEM (`-----BEGIN CERTIFICATE-----`).
    public func pemEncoded() throws(CryptoError) -> String {
        OpenSSLErrorQueue.clear()
        let bio = try MemoryBIO()
        guard PEM_write_bio_X509(bio.handle, handle) == 1 else {
            throw .openSSL(.encodingFailed, "cannot write the certificate of \(self) as PEM")
        }
        return String(decoding: bio.readAll(), as: UTF8.self)
    }

    /// The certificate's DER bytes.
    public func derEncoded() throws(CryptoError) -> [UInt8] {
        OpenSSLErrorQueue.clear()
        let length = i2d_X509(handle, nil)
        guard length > 0 else { throw .openSSL(.encodingFailed, "cannot write the certificate of \(self) as DER") }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_X509(handle, &cursor)
        }
        guard written == length else { throw .openSSL(.encodingFailed, "DER encoding of \(self) changed length") }
        return der
    }

    /// True when `issuer`'s subject is this certificate's issuer and `issuer`'s public key
    /// verifies this certificate's signature. Checks neither validity dates nor the chain.
    public func verify(issuedBy issuer: Certificate) -> Bool {
        defer { OpenSSLErrorQueue.clear() }
        guard X509_NAME_cmp(X509_get_issuer_name(handle), X509_get_subject_name(issuer.handle)) == 0,
              let issuerKey = X509_get0_pubkey(issuer.handle)
        else { return false }
        return X509_verify(handle, issuerKey) == 1
    }

    /// True when `key` is the private half of this certificate's public key.
    public func matches(_ key: PrivateKey) -> Bool {
        defer { OpenSSLErrorQueue.clear() }
        return X509_check_private_key(handle, key.handle) == 1
    }

    /// True when `date` lies within notBefore...notAfter.
    public func isValid(at date: Date) -> Bool {
        notBefore <= date && date <= notAfter
    }

    /// True when the subjectAltNames name every one of `dnsNames` (case-insensitively, exactly:
    /// wildcards are not expanded) and `ipAddresses`.
    public func covers(dnsNames wanted: [String], ipAddresses wantedAddresses: [IPAddress]) -> Bool {
        let names = Set(dnsNames.map { $0.lowercased() })
        return wanted.allSatisfy { names.contains($0.lowercased()) }
            && Set(wantedAddresses).isSubset(of: Set(ipAddresses))
    }

    /// Same encoded certificate.
    public static func == (lhs: Certificate, rhs: Certificate) -> Bool {
        X509_cmp(lhs.handle, rhs.handle) == 0
    }

    /// `CN=…, serial …`, for messages.
    public var description: String {
        "CN=\(commonName ?? "(none)"), serial \(serialNumber.hexString)"
    }
}

/// The decoded fields of an `X509`, read once.
private struct Fields {
    var commonName: String?
    var organizations: [String]
    var dnsNames: [String]
    var ipAddresses: [IPAddress]
    var notBefore: Date
    var notAfter: Date
    var serialNumber: [UInt8]
    var isCA: Bool
    var keyUsage: KeyUsage?
    var extendedKeyUsage: Set<ExtendedKeyUsage>?
    var subjectKeyIdentifier: [UInt8]?
    var authorityKeyIdentifier: [UInt8]?

    init(_ handle: OpaquePointer) throws(CryptoError) {
        // Computes OpenSSL's extension cache; malformed or repeated extensions mark it invalid.
        let flags = X509_get_extension_flags(handle)
        guard flags & UInt32(EXFLAG_INVALID) == 0 else {
            throw .openSSL(.invalidCertificate, "the certificate has malformed or duplicate extensions")
        }
        let subject = X509_get_subject_name(handle)
        commonName = try Self.entries(NID_commonName, of: subject).first
        organizations = try Self.entries(NID_organizationName, of: subject)
        (dnsNames, ipAddresses) = try Self.subjectAlternativeNames(of: handle)
        notBefore = try Self.date(X509_get0_notBefore(handle), "notBefore")
        notAfter = try Self.date(X509_get0_notAfter(handle), "notAfter")
        serialNumber = try Self.magnitude(of: X509_get0_serialNumber(handle))
        isCA = flags & UInt32(EXFLAG_CA) != 0
        keyUsage = flags & UInt32(EXFLAG_KUSAGE) != 0 ? KeyUsage(rawValue: X509_get_key_usage(handle)) : nil
        if flags & UInt32(EXFLAG_XKUSAGE) != 0 {
            let purposes = X509_get_extended_key_usage(handle)
            var usages = Set<ExtendedKeyUsage>()
            if purposes & UInt32(XKU_SSL_SERVER) != 0 { usages.insert(.serverAuth) }
            if purposes & UInt32(XKU_SSL_CLIENT) != 0 { usages.insert(.clientAuth) }
            extendedKeyUsage = usages
        } else {
            extendedKeyUsage = nil
        }
        subjectKeyIdentifier = X509_get0_subject_key_id(handle).map(Self.bytes(of:))
        authorityKeyIdentifier = X509_get0_authority_key_id(handle).map(Self.bytes(of:))
    }

    private static func entries(_ nid: Int32, of name: OpaquePointer?) throws(CryptoError) -> [String] {
        guard let name else { return [] }
        var values: [String] = []
        var index: Int32 = -1
        while true {
            index = X509_NAME_get_index_by_NID(name, nid, index)
            guard index >= 0 else { break }
            guard let entry = X509_NAME_get_entry(name, index), let data = X509_NAME_ENTRY_get_data(entry) else {
                continue
            }
            var utf8: UnsafeMutablePointer<UInt8>?
            let length = ASN1_STRING_to_UTF8(&utf8, data)
            guard length >= 0, let utf8 else {
                throw .openSSL(.invalidCertificate, "an unreadable \(String(cString: OBJ_nid2sn(nid))) in the subject")
            }
            values.append(String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self))
            CRYPTO_free(utf8, #fileID, #line)
        }
        return values
    }

    private static func subjectAlternativeNames(of x509: OpaquePointer) throws(CryptoError)
        -> (dns: [String], ip: [IPAddress])
    {
        var critical: Int32 = 0
        guard let raw = X509_get_ext_d2i(x509, NID_subject_alt_name, &critical, nil) else {
            // -1: absent; -2: present more than once; otherwise present but undecodable.
            if critical == -1 { return ([], []) }
            throw .openSSL(.invalidCertificate, "an unreadable subjectAltName extension")
        }
        let names = OpaquePointer(raw)
        defer { GENERAL_NAMES_free(names) }
        var dns: [String] = []
        var ips: [IPAddress] = []
        for index in 0..<OPENSSL_sk_num(names) {
            guard let element = OPENSSL_sk_value(names, index) else { continue }
            var type: Int32 = 0
            let value = GENERAL_NAME_get0_value(element.assumingMemoryBound(to: GENERAL_NAME.self), &type)
            guard let value else { continue }
            let string = value.assumingMemoryBound(to: ASN1_STRING.self)
            switch type {
            case GEN_DNS:
                dns.append(String(decoding: bytes(of: string), as: UTF8.self))
            case GEN_IPADD:
                guard let address = IPAddress(bytes: bytes(of: string)) else {
                    throw CryptoError(.invalidCertificate, "an iPAddress subjectAltName of \(ASN1_STRING_length(string)) bytes")
                }
                ips.append(address)
            default:
                continue  // email, URI, ...: not used by Kubernetes TLS.
            }
        }
        return (dns, ips)
    }

    private static func date(_ time: UnsafePointer<ASN1_TIME>?, _ field: String) throws(CryptoError) -> Date {
        var parts = tm()
        guard let time, ASN1_TIME_to_tm(time, &parts) == 1 else {
            throw .openSSL(.invalidCertificate, "an unreadable \(field) time")
        }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    private static func magnitude(of integer: UnsafePointer<ASN1_INTEGER>?) throws(CryptoError) -> [UInt8] {
        guard let integer, let number = ASN1_INTEGER_to_BN(integer, nil) else {
            throw .openSSL(.invalidCertificate, "an unreadable serial number")
        }
        defer { BN_free(number) }
        var bytes = [UInt8](repeating: 0, count: Int((BN_num_bits(number) + 7) / 8))
        BN_bn2bin(number, &bytes)
        return bytes
    }

    private static func bytes(of string: UnsafePointer<ASN1_STRING>) -> [UInt8] {
        let count = Int(ASN1_STRING_length(string))
        guard count > 0, let data = ASN1_STRING_get0_data(string) else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: count))
    }
}
