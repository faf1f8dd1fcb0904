import COpenSSL
import Foundation

/// An `X509` being filled in and then signed; owns it until `sign` hands it to a `Certificate`.
final class CertificateBuilder {
    private var handle: OpaquePointer?
    private let subjectName: String

    init(describing subjectName: String) throws(CryptoError) {
        OpenSSLErrorQueue.clear()
        guard let x509 = X509_new() else { throw .openSSL(.issuanceFailed, "cannot allocate a certificate") }
        handle = x509
        self.subjectName = subjectName
        guard X509_set_version(x509, Int(X509_VERSION_3)) == 1 else { throw failure("cannot set version 3") }
    }

    deinit {
        if let handle { X509_free(handle) }
    }

    private var x509: OpaquePointer {
        guard let handle else { preconditionFailure("CertificateBuilder used after sign()") }
        return handle
    }

    private func failure(_ what: String) -> CryptoError {
        .openSSL(.issuanceFailed, "\(what) for \"\(subjectName)\"")
    }

    /// A random positive 128-bit serial number (RFC 5280 allows up to 20 octets).
    func setRandomSerialNumber() throws(CryptoError) {
        var bytes = [UInt8](repeating: 0, count: 16)
        guard RAND_bytes(&bytes, Int32(bytes.count)) == 1 else {
            throw .openSSL(.randomnessUnavailable, "no random serial number for \"\(subjectName)\"")
        }
        if bytes.allSatisfy({ $0 == 0 }) { bytes[15] = 1 }  // zero is not a valid serial number
        // The bytes are read as an unsigned magnitude: the serial is positive whatever the top bit.
        guard let number = BN_bin2bn(bytes, Int32(bytes.count), nil) else { throw failure("cannot make a serial number") }
        defer { BN_free(number) }
        guard BN_to_ASN1_INTEGER(number, X509_get_serialNumber(x509)) != nil else {
            throw failure("cannot set the serial number")
        }
    }

    func setValidity(from notBefore: Date, until notAfter: Date) throws(CryptoError) {
        guard ASN1_TIME_set(X509_getm_notBefore(x509), time_t(notBefore.timeIntervalSince1970.rounded(.down))) != nil,
              ASN1_TIME_set(X509_getm_notAfter(x509), time_t(notAfter.timeIntervalSince1970.rounded(.down))) != nil
        else { throw failure("cannot set the validity period") }
    }

    /// Sets the subject to `O=… CN=…`; OpenSSL copies the strings.
    func setSubject(commonName: String, organizations: [String]) throws(CryptoError) {
        let name = X509_get_subject_name(x509)
        for (nid, value) in organizations.map({ (NID_organizationName, $0) }) + [(NID_commonName, commonName)] {
            let bytes = Array(value.utf8)
            guard X509_NAME_add_entry_by_NID(name, nid, MBSTRING_UTF8, bytes, Int32(bytes.count), -1, 0) == 1 else {
                throw failure("cannot add \(String(cString: OBJ_nid2sn(nid)))=\(value) to the subject")
            }
        }
    }

    /// The issuer is `issuer`'s subject, or this certificate's own subject when nil (self-signed).
    func setIssuer(_ issuer: Certificate?) throws(CryptoError) {
        let name = issuer.map { X509_get_subject_name($0.handle) } ?? X509_get_subject_name(x509)
        guard X509_set_issuer_name(x509, name) == 1 else { throw failure("cannot set the issuer name") }
    }

    func setPublicKey(of key: PrivateKey) throws(CryptoError) {
        guard X509_set_pubkey(x509, key.handle) == 1 else { throw failure("cannot set the public key") }
    }

    /// Adds an extension from OpenSSL's configuration syntax. Only module-made constants reach
    /// `value` (never caller text), so nothing can be injected through it. The key identifier
    /// extensions read the issuer (`issuer`, or this certificate when nil) and the public key.
    func addExtension(_ nid: Int32, _ value: String, issuer: Certificate?) throws(CryptoError) {
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, issuer?.handle ?? x509, x509, nil, nil, 0)
        guard let extensionHandle = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
            throw failure("cannot make the \(String(cString: OBJ_nid2sn(nid))) extension \"\(value)\"")
        }
        defer { X509_EXTENSION_free(extensionHandle) }
        guard X509_add_ext(x509, extensionHandle, -1) == 1 else {
            throw failure("cannot add the \(String(cString: OBJ_nid2sn(nid))) extension")
        }
    }

    /// Adds subjectAltName from structures rather than configuration text, so a caller's names
    /// cannot smuggle in other entries (a comma in a "DNS:" value, say).
    func addSubjectAlternativeNames(dnsNames: [String], ipAddresses: [IPAddress]) throws(CryptoError) {
        guard !dnsNames.isEmpty || !ipAddresses.isEmpty else { return }
        guard let names = GENERAL_NAMES_new() else { throw failure("cannot allocate subjectAltName") }
        defer { GENERAL_NAMES_free(names) }
        let entries = dnsNames.map { (GEN_DNS, Array($0.utf8)) } + ipAddresses.map { (GEN_IPADD, $0.bytes) }
        for (type, bytes) in entries {
            guard let value = ASN1_STRING_type_new(type == GEN_DNS ? V_ASN1_IA5STRING : V_ASN1_OCTET_STRING) else {
                throw failure("cannot allocate a subjectAltName entry")
            }
            guard ASN1_STRING_set(value, bytes, Int32(bytes.count)) == 1, let entry = GENERAL_NAME_new() else {
                ASN1_STRING_free(value)
                throw failure("cannot fill a subjectAltName entry")
            }
            GENERAL_NAME_set0_value(entry, type, UnsafeMutableRawPointer(value))  // entry owns value now
            guard OPENSSL_sk_push(names, UnsafeRawPointer(entry)) > 0 else {
                GENERAL_NAME_free(entry)
                throw failure("cannot collect subjectAltName entries")
            }
        }
        guard X509_add1_ext_i2d(x509, NID_subject_alt_name, UnsafeMutableRawPointer(names), 0,
                                UInt(X509V3_ADD_DEFAULT)) == 1
        else { throw failure("cannot add the subjectAltName extension") }
    }

    /// Signs with SHA-256 and hands the finished `X509` over to a `Certificate`.
    func sign(with key: PrivateKey) throws(CryptoError) -> Certificate {
        guard X509_sign(x509, key.handle, EVP_sha256()) > 0 else { throw failure("cannot sign the certificate") }
        let signed = x509
        handle = nil
        return try Certificate(owning: signed)
    }
}
