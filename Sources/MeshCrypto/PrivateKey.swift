import COpenSSL

/// A private key (with its public half) that certificates are issued for and signed with.
///
/// `@unchecked Sendable`: the `EVP_PKEY` is never modified after creation, and OpenSSL 3 allows
/// concurrent read-only use (signing, encoding) of one key from several threads.
public final class PrivateKey: @unchecked Sendable {
    /// The key types this module generates and signs with.
    public enum Algorithm: Hashable, Sendable, CustomStringConvertible {
        /// ECDSA on NIST P-256 (prime256v1): the default, small and fast.
        case ecdsaP256
        /// RSA with a modulus of `bits` bits (at least 2048).
        case rsa(bits: Int)

        public static let rsa2048 = Algorithm.rsa(bits: 2048)

        public var description: String {
            switch self {
            case .ecdsaP256: "ECDSA P-256"
            case .rsa(let bits): "RSA-\(bits)"
            }
        }
    }

    let handle: OpaquePointer
    public let algorithm: Algorithm

    /// Takes ownership of `handle`, also when it throws.
    private init(owning handle: OpaquePointer) throws(CryptoError) {
        let algorithm: Algorithm
        do {
            algorithm = try Self.algorithm(of: handle)
        } catch {
            EVP_PKEY_free(handle)
            throw error
        }
        self.handle = handle
        self.algorithm = algorithm
    }

    deinit {
        EVP_PKEY_free(handle)
    }

    /// A new random key.
    public static func generate(_ algorithm: Algorithm = .ecdsaP256) throws(CryptoError) -> PrivateKey {
        OpenSSLErrorQueue.clear()
        let typeName: String
        switch algorithm {
        case .ecdsaP256: typeName = "EC"
        case .rsa(let bits):
            guard bits >= 2048, bits <= 16384 else {
                throw CryptoError(.invalidRequest, "an RSA key needs 2048 to 16384 bits, not \(bits)")
            }
            typeName = "RSA"
        }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, typeName, nil) else {
            throw .openSSL(.keyGenerationFailed, "no \(typeName) key generator")
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1 else {
            throw .openSSL(.keyGenerationFailed, "cannot start \(algorithm) key generation")
        }
        let configured = switch algorithm {
        case .ecdsaP256: EVP_PKEY_CTX_set_group_name(context, "P-256")
        case .rsa(let bits): EVP_PKEY_CTX_set_rsa_keygen_bits(context, Int32(bits))
        }
        guard configured == 1 else {
            throw .openSSL(.keyGenerationFailed, "cannot configure \(algorithm) key generation")
        }
        var key: OpaquePointer?
        guard EVP_PKEY_generate(context, &key) == 1, let key else {
            throw .openSSL(.keyGenerationFailed, "\(algorithm) key generation failed")
        }
        return try PrivateKey(owning: key)
    }

    /// Reads a PEM private key: PKCS#8 (`PRIVATE KEY`) or the older `EC PRIVATE KEY` and
    /// `RSA PRIVATE KEY` forms. Encrypted keys are refused (never prompted for).
    public convenience init(pemEncoded pem: String) throws(CryptoError) {
        OpenSSLErrorQueue.clear()
        let bio = try MemoryBIO(copying: Array(pem.utf8), secure: true)
        // Without a callback OpenSSL would ask for a passphrase on the terminal.
        guard let key = PEM_read_bio_PrivateKey(bio.handle, nil, { _, _, _, _ in -1 }, nil) else {
            throw .openSSL(.invalidKey, "no readable, unencrypted PEM private key")
        }
        try self.init(owning: key)
    }

    /// The key as unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). Secret: store it 0600.
    public func pemEncoded() throws(CryptoError) -> String {
        OpenSSLErrorQueue.clear()
        let bio = try MemoryBIO(secure: true)
        guard PEM_write_bio_PKCS8PrivateKey(bio.handle, handle, nil, nil, 0, nil, nil) == 1 else {
            throw .openSSL(.encodingFailed, "cannot write the \(algorithm) private key as PKCS#8 PEM")
        }
        var bytes = bio.readAll()
        defer { OPENSSL_cleanse(&bytes, bytes.count) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The public half as PEM SubjectPublicKeyInfo (`-----BEGIN PUBLIC KEY-----`).
    public func publicKeyPEMEncoded() throws(CryptoError) -> String {
        OpenSSLErrorQueue.clear()
        let bio = try MemoryBIO()
        guard PEM_write_bio_PUBKEY(bio.handle, handle) == 1 else {
            throw .openSSL(.encodingFailed, "cannot write the \(algorithm) public key as PEM")
        }
        return String(decoding: bio.readAll(), as: UTF8.self)
    }

    private static func algorithm(of key: OpaquePointer) throws(CryptoError) -> Algorithm {
        switch EVP_PKEY_get_base_id(key) {
        case EVP_PKEY_EC:
            var name = [CChar](repeating: 0, count: 80)
            var length = 0
            guard EVP_PKEY_get_group_name(key, &name, name.count, &length) == 1 else {
                throw .openSSL(.unsupportedKey, "an EC key without a named curve")
            }
            let curve = String(decoding: name[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            // OpenSSL names P-256 "prime256v1"; accept the NIST spelling too.
            guard OBJ_sn2nid(curve) == NID_X9_62_prime256v1 || EC_curve_nist2nid(curve) == NID_X9_62_prime256v1 else {
                throw CryptoError(.unsupportedKey, "EC keys must use P-256, not \(curve)")
            }
            return .ecdsaP256
        case EVP_PKEY_RSA:
            let bits = Int(EVP_PKEY_get_bits(key))
            guard bits >= 2048 else {
                throw CryptoError(.unsupportedKey, "RSA keys need at least 2048 bits, not \(bits)")
            }
            return .rsa(bits: bits)
        case let other:
            let name = OBJ_nid2sn(other).map { String(cString: $0) } ?? "type \(other)"
            throw CryptoError(.unsupportedKey, "\(name) keys are not supported (use ECDSA P-256 or RSA)")
        }
    }
}
