import MeshCrypto
import Testing

@Suite struct PrivateKeyTests {
    @Test(arguments: [PrivateKey.Algorithm.ecdsaP256, .rsa2048])
    func pkcs8PEMRoundTrip(algorithm: PrivateKey.Algorithm) throws {
        let key = try PrivateKey.generate(algorithm)
        #expect(key.algorithm == algorithm)
        let pem = try key.pemEncoded()
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(pem.hasSuffix("-----END PRIVATE KEY-----\n"))
        let imported = try PrivateKey(pemEncoded: pem)
        #expect(imported.algorithm == algorithm)
        #expect(try imported.pemEncoded() == pem)
        #expect(try imported.publicKeyPEMEncoded() == key.publicKeyPEMEncoded())
        #expect(try key.publicKeyPEMEncoded().hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
    }

    @Test func keysDiffer() throws {
        #expect(try PrivateKey.generate().publicKeyPEMEncoded() != PrivateKey.generate().publicKeyPEMEncoded())
    }

    @Test func weakRSAIsRefused() {
        let error = #expect(throws: CryptoError.self) { try PrivateKey.generate(.rsa(bits: 1024)) }
        #expect(error?.code == .invalidRequest)
    }

    @Test func unreadableKeysCarryOpenSSLsReason() {
        let error = #expect(throws: CryptoError.self) {
            try PrivateKey(pemEncoded: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
        }
        #expect(error?.code == .invalidKey)
        #expect(error?.openSSLErrors.isEmpty == false)
        #expect(throws: CryptoError.self) { try PrivateKey(pemEncoded: "") }
    }
}
