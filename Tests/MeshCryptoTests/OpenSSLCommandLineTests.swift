import Foundation
import MeshCrypto
import Testing

/// The files this module writes, read by the real `openssl` command line.
@Suite struct OpenSSLCommandLineTests {
    /// `openssl x509 -text` with its line breaks and indentation folded to single spaces.
    private func text(of file: String, in folder: ScratchFolder) async throws -> String {
        let result = try await TestCommand.run(["openssl", "x509", "-noout", "-text", "-in", folder.file(file)], in: folder)
        #expect(result.status == 0, "\(result.output)")
        return result.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test(arguments: [PrivateKey.Algorithm.ecdsaP256, .rsa2048])
    func opensslVerifiesTheChainAndReadsTheExtensions(algorithm: PrivateKey.Algorithm) async throws {
        let folder = try ScratchFolder("openssl-cli")
        defer { folder.remove() }
        let configuration = TLSMaterial.Configuration(serverDNSNames: ["localhost", "api.eventmesh.test"],
                                                      serverIPAddresses: [.loopbackV4, .loopbackV6],
                                                      keyAlgorithm: algorithm)
        _ = try TLSMaterial.loadOrGenerate(in: folder.path, configuration: configuration)
        let otherCA = try CertificateAuthority.generate(commonName: "eventmesh-local-ca")
        try folder.write(otherCA.certificate.pemEncoded(), to: "other-ca.crt")

        for leaf in ["server.crt", "admin.crt"] {
            let verified = try await TestCommand.run(
                ["openssl", "verify", "-CAfile", folder.file("ca.crt"), folder.file(leaf)], in: folder)
            #expect(verified.status == 0 && verified.output.contains(": OK"), "\(verified.output)")
            let refused = try await TestCommand.run(
                ["openssl", "verify", "-CAfile", folder.file("other-ca.crt"), folder.file(leaf)], in: folder)
            #expect(refused.status != 0, "\(refused.output)")
        }
        let purpose = try await TestCommand.run(["openssl", "verify", "-purpose", "sslserver", "-CAfile",
                                                  folder.file("ca.crt"), folder.file("admin.crt")], in: folder)
        #expect(purpose.status != 0, "a client certificate must not pass as a server: \(purpose.output)")

        let signature = algorithm == .ecdsaP256 ? "ecdsa-with-SHA256" : "sha256WithRSAEncryption"
        let server = try await text(of: "server.crt", in: folder)
        for expected in [
            "Subject: CN = eventmesh-apiserver", "Issuer: CN = eventmesh-local-ca",
            "X509v3 Subject Alternative Name: DNS:localhost, DNS:api.eventmesh.test, "
                + "IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1",
            "X509v3 Extended Key Usage: TLS Web Server Authentication X509v3",
            "X509v3 Basic Constraints: critical CA:FALSE",
            "X509v3 Key Usage: critical Digital Signature" + (algorithm == .rsa2048 ? ", Key Encipherment" : ""),
            "X509v3 Subject Key Identifier:", "X509v3 Authority Key Identifier:",
            "Signature Algorithm: \(signature)", "Version: 3 (0x2)",
        ] {
            #expect(server.contains(expected), "server.crt lacks \"\(expected)\": \(server)")
        }
        let admin = try await text(of: "admin.crt", in: folder)
        for expected in ["Subject: O = system:masters, CN = eventmesh-admin",
                         "X509v3 Extended Key Usage: TLS Web Client Authentication"] {
            #expect(admin.contains(expected), "admin.crt lacks \"\(expected)\": \(admin)")
        }
        #expect(!admin.contains("Subject Alternative Name"))
        let ca = try await text(of: "ca.crt", in: folder)
        for expected in ["Subject: CN = eventmesh-local-ca", "X509v3 Basic Constraints: critical CA:TRUE",
                         "X509v3 Key Usage: critical Certificate Sign, CRL Sign", "X509v3 Subject Key Identifier:"] {
            #expect(ca.contains(expected), "ca.crt lacks \"\(expected)\": \(ca)")
        }
    }

    @Test(arguments: [PrivateKey.Algorithm.ecdsaP256, .rsa2048])
    func opensslAcceptsTheKeys(algorithm: PrivateKey.Algorithm) async throws {
        let folder = try ScratchFolder("openssl-pkey")
        defer { folder.remove() }
        let key = try PrivateKey.generate(algorithm)
        try folder.write(key.pemEncoded(), to: "key.pem")
        let checked = try await TestCommand.run(["openssl", "pkey", "-check", "-noout", "-in", folder.file("key.pem")],
                                                 in: folder)
        #expect(checked.status == 0 && checked.output.contains("Key is valid"), "\(checked.output)")
        let publicKey = try await TestCommand.run(["openssl", "pkey", "-pubout", "-in", folder.file("key.pem")], in: folder)
        #expect(publicKey.status == 0)
        #expect(publicKey.output == (try key.publicKeyPEMEncoded()))
    }

    @Test func keysMadeByOpenSSLAreReadOrRefused() async throws {
        let folder = try ScratchFolder("openssl-keys")
        defer { folder.remove() }
        func generate(_ arguments: [String], _ file: String) async throws -> String {
            let result = try await TestCommand.run(["openssl"] + arguments + ["-out", folder.file(file)], in: folder)
            #expect(result.status == 0, "\(result.output)")
            return try folder.read(file)
        }
        // The traditional SEC 1 form (BEGIN EC PRIVATE KEY) and PKCS#8 RSA.
        let sec1 = try await generate(["ecparam", "-name", "prime256v1", "-genkey", "-noout"], "sec1.pem")
        #expect(sec1.contains("BEGIN EC PRIVATE KEY"))
        #expect(try PrivateKey(pemEncoded: sec1).algorithm == .ecdsaP256)
        let rsa = try await generate(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072"], "rsa.pem")
        #expect(try PrivateKey(pemEncoded: rsa).algorithm == .rsa(bits: 3072))

        // Encrypted: refused at once, never a passphrase prompt.
        let encrypted = try await generate(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                                            "-aes-256-cbc", "-pass", "pass:secret"], "encrypted.pem")
        #expect(encrypted.contains("ENCRYPTED PRIVATE KEY"))
        let encryptedError = #expect(throws: CryptoError.self) { try PrivateKey(pemEncoded: encrypted) }
        #expect(encryptedError?.code == .invalidKey)

        for (arguments, file) in [(["genpkey", "-algorithm", "ED25519"], "ed25519.pem"),
                                  (["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"], "p384.pem")] {
            let pem = try await generate(arguments, file)
            let error = #expect(throws: CryptoError.self) { try PrivateKey(pemEncoded: pem) }
            #expect(error?.code == .unsupportedKey, "\(file)")
        }
    }

    @Test func aCertificateMadeByOpenSSLIsRead() async throws {
        let folder = try ScratchFolder("openssl-cert")
        defer { folder.remove() }
        let made = try await TestCommand.run([
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", folder.file("key.pem"), "-out", folder.file("cert.pem"), "-days", "2",
            "-subj", "/O=team-a/O=team-b/CN=made-by-openssl",
            "-addext", "subjectAltName=DNS:example.test,IP:192.0.2.7,IP:2001:db8::1",
        ], in: folder)
        #expect(made.status == 0, "\(made.output)")
        let certificate = try Certificate(pemEncoded: folder.read("cert.pem"))
        #expect(certificate.commonName == "made-by-openssl")
        #expect(certificate.organizations == ["team-a", "team-b"])
        #expect(certificate.dnsNames == ["example.test"])
        #expect(certificate.ipAddresses.map(\.description) == ["192.0.2.7", "2001:db8::1"])
        #expect(certificate.isCA)  // `req -x509` marks its certificates CA:TRUE
        #expect(certificate.matches(try PrivateKey(pemEncoded: folder.read("key.pem"))))
        #expect(certificate.verify(issuedBy: certificate))
        let lifetime = certificate.notAfter.timeIntervalSince(certificate.notBefore)
        #expect(lifetime == 2 * 86_400)
    }
}
