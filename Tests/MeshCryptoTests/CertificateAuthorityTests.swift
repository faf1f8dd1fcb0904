import Foundation
import MeshCrypto
import Testing

@Suite struct CertificateAuthorityTests {
    /// A whole second, as certificate times have no fractions.
    let now = Date(timeIntervalSince1970: 1_780_000_000)
    let day = Duration.seconds(86_400)

    @Test func generatedCAIsSelfSignedWithCAExtensions() throws {
        let ca = try CertificateAuthority.generate(commonName: "eventmesh-test-ca", validity: day * 30, now: now)
        let certificate = ca.certificate
        #expect(certificate.commonName == "eventmesh-test-ca")
        #expect(certificate.organizations.isEmpty)
        #expect(certificate.isCA)
        #expect(certificate.keyUsage == [.keyCertSign, .cRLSign])
        #expect(certificate.extendedKeyUsage == nil)
        #expect(certificate.subjectKeyIdentifier?.count == 20)
        #expect(certificate.dnsNames.isEmpty && certificate.ipAddresses.isEmpty)
        #expect(certificate.notBefore == now.addingTimeInterval(-300))
        #expect(certificate.notAfter == now.addingTimeInterval(30 * 86_400))
        #expect(certificate.verify(issuedBy: certificate))
        #expect(certificate.matches(ca.key))
        #expect(ca.key.algorithm == .ecdsaP256)
    }

    @Test func serverCertificateSaysWhatWasAsked() throws {
        let ca = try CertificateAuthority.generate(commonName: "eventmesh-test-ca", now: now)
        let addresses = try ["127.0.0.1", "::1", "fd00:10::7"].map { try #require(IPAddress($0)) }
        let profile = CertificateProfile.server(commonName: "eventmesh-apiserver",
                                                dnsNames: ["localhost", "api.eventmesh.test", "*.svc.cluster.local"],
                                                ipAddresses: addresses, validity: day * 90)
        let issued = try ca.issue(profile, now: now)
        let certificate = issued.certificate

        #expect(certificate.commonName == "eventmesh-apiserver")
        #expect(certificate.dnsNames == ["localhost", "api.eventmesh.test", "*.svc.cluster.local"])
        #expect(certificate.ipAddresses == addresses)
        #expect(certificate.ipAddresses.map(\.description) == ["127.0.0.1", "::1", "fd00:10::7"])
        #expect(certificate.extendedKeyUsage == [.serverAuth])
        #expect(certificate.keyUsage == [.digitalSignature])
        #expect(!certificate.isCA)
        #expect(certificate.authorityKeyIdentifier == ca.certificate.subjectKeyIdentifier)
        #expect(certificate.subjectKeyIdentifier != nil)
        #expect(certificate.notBefore == now.addingTimeInterval(-300))
        #expect(certificate.notAfter == now.addingTimeInterval(90 * 86_400))
        #expect(certificate.matches(issued.key))
        #expect(!certificate.matches(ca.key))
        #expect(certificate.covers(dnsNames: ["LOCALHOST"], ipAddresses: [.loopbackV6]))
        #expect(!certificate.covers(dnsNames: ["other.test"], ipAddresses: []))
    }

    @Test func clientCertificateCarriesUserAndGroups() throws {
        let ca = try CertificateAuthority.generate(commonName: "eventmesh-test-ca", now: now)
        let profile = CertificateProfile.client(commonName: "eventmesh-admin",
                                                organizations: ["system:masters", "cold-chain:operators"])
        let certificate = try ca.issue(profile, now: now).certificate
        #expect(certificate.commonName == "eventmesh-admin")
        #expect(certificate.organizations == ["system:masters", "cold-chain:operators"])
        #expect(certificate.extendedKeyUsage == [.clientAuth])
        #expect(certificate.dnsNames.isEmpty && certificate.ipAddresses.isEmpty)
    }

    @Test func bothUsagesAndAnRSAKey() throws {
        let ca = try CertificateAuthority.generate(commonName: "eventmesh-rsa-ca", keyAlgorithm: .rsa2048, now: now)
        #expect(ca.key.algorithm == .rsa(bits: 2048))
        let profile = CertificateProfile(commonName: "system:node:worker-1", organizations: ["system:nodes"],
                                         dnsNames: ["worker-1"], usages: [.serverAuth, .clientAuth])
        let issued = try ca.issue(profile, keyAlgorithm: .rsa2048, now: now)
        #expect(issued.key.algorithm == .rsa2048)
        #expect(issued.certificate.extendedKeyUsage == [.serverAuth, .clientAuth])
        // RSA keys may also encipher (RSA key transport); EC keys only sign.
        #expect(issued.certificate.keyUsage == [.digitalSignature, .keyEncipherment])
        #expect(issued.certificate.verify(issuedBy: ca.certificate))
    }

    @Test func serialNumbersAreRandomPositive128BitValues() throws {
        let ca = try CertificateAuthority.generate(commonName: "eventmesh-test-ca", now: now)
        let key = try PrivateKey.generate()
        let serials = try (0..<8).map { _ in
            try ca.issue(.client(commonName: "user"), for: key, now: now).serialNumber
        }
        #expect(Set(serials).count == serials.count)
        for serial in serials {
            #expect((1...16).contains(serial.count))
            #expect(serial.contains { $0 != 0 })
        }
    }

    @Test func verifyRecognisesOnlyTheIssuingCA() throws {
        let ca = try CertificateAuthority.generate(commonName: "eventmesh-test-ca", now: now)
        let sameName = try CertificateAuthority.generate(commonName: "eventmesh-test-ca", now: now)
        let otherName = try CertificateAuthority.generate(commonName: "another-ca", now: now)
        let leaf = try ca.issue(.client(commonName: "user"), now: now).certificate
        #expect(leaf.verify(issuedBy: ca.certificate))
        #expect(!leaf.verify(issuedBy: sameName.certificate))  // same issuer name, other key
        #expect(!leaf.verify(issuedBy: otherName.certificate))
        #expect(!ca.certificate.verify(issuedBy: otherName.certificate))
    }

    @Test func leafValidityStopsAtTheCAsExpiry() throws {
        let ca = try CertificateAuthority.generate(commonName: "short-lived-ca", validity: day * 10, now: now)
        let leaf = try ca.issue(.client(commonName: "user", validity: day * 365), now: now).certificate
        #expect(leaf.notAfter == ca.certificate.notAfter)
        #expect(leaf.notBefore >= ca.certificate.notBefore)
    }

    @Test func anExpiredCAIssuesNothing() throws {
        let ca = try CertificateAuthority.generate(commonName: "short-lived-ca", validity: day, now: now)
        let error = #expect(throws: CryptoError.self) {
            try ca.issue(.client(commonName: "user"), now: now + 2 * 86_400)
        }
        #expect(error?.code == .invalidRequest)
    }

    @Test func anExistingCAMustBeACAWithItsOwnKey() throws {
        let ca = try CertificateAuthority.generate(commonName: "eventmesh-test-ca", now: now)
        let leaf = try ca.issue(.client(commonName: "user"), now: now)
        let notCA = #expect(throws: CryptoError.self) {
            try CertificateAuthority(certificate: leaf.certificate, key: leaf.key)
        }
        #expect(notCA?.code == .invalidRequest)
        let wrongKey = #expect(throws: CryptoError.self) {
            try CertificateAuthority(certificate: ca.certificate, key: leaf.key)
        }
        #expect(wrongKey?.code == .invalidRequest)
        #expect(throws: CryptoError.self) { try IssuedCertificate(certificate: leaf.certificate, key: ca.key) }
        let reused = try CertificateAuthority(certificate: ca.certificate, key: ca.key)
        #expect(try reused.issue(.client(commonName: "user"), now: now).certificate.verify(issuedBy: ca.certificate))
    }

    @Test func certificatePEMAndDERRoundTrip() throws {
        let ca = try CertificateAuthority.generate(commonName: "eventmesh-test-ca", now: now)
        let original = try ca.issue(.server(commonName: "api", dnsNames: ["localhost"], ipAddresses: [.loopbackV4]),
                                    now: now).certificate
        let pem = try original.pemEncoded()
        #expect(pem.hasPrefix("-----BEGIN CERTIFICATE-----\n"))
        #expect(pem.hasSuffix("-----END CERTIFICATE-----\n"))
        let fromPEM = try Certificate(pemEncoded: pem)
        let fromDER = try Certificate(derEncoded: original.derEncoded())
        for copy in [fromPEM, fromDER] {
            #expect(copy == original)
            #expect(try copy.pemEncoded() == pem)
            #expect(copy.commonName == original.commonName)
            #expect(copy.dnsNames == original.dnsNames && copy.ipAddresses == original.ipAddresses)
            #expect(copy.serialNumber == original.serialNumber)
            #expect(copy.notBefore == original.notBefore && copy.notAfter == original.notAfter)
            #expect(copy.verify(issuedBy: ca.certificate))
        }
        #expect(fromPEM != ca.certificate)
    }

    @Test func unreadableCertificatesCarryOpenSSLsReason() throws {
        let garbage = #expect(throws: CryptoError.self) { try Certificate(pemEncoded: "not a certificate") }
        #expect(garbage?.code == .invalidCertificate)
        #expect(garbage?.openSSLErrors.isEmpty == false)

        let truncated = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIQ\n-----END CERTIFICATE-----\n"
        let error = #expect(throws: CryptoError.self) { try Certificate(pemEncoded: truncated) }
        #expect(error?.code == .invalidCertificate)
        #expect(error?.description.contains("OpenSSL:") == true)
        #expect(throws: CryptoError.self) { try Certificate(derEncoded: [0x30, 0x03, 0x02, 0x01]) }
    }

    @Test(arguments: [
        CertificateProfile.client(commonName: ""),
        .client(commonName: String(repeating: "x", count: 65)),
        .client(commonName: "user", organizations: [""]),
        .client(commonName: "line\nbreak"),
        .client(commonName: "user", validity: .zero),
        CertificateProfile(commonName: "user", usages: []),
        .server(commonName: "api", dnsNames: ["a.test,IP:10.0.0.1"], ipAddresses: []),
        .server(commonName: "api", dnsNames: [""], ipAddresses: []),
        .server(commonName: "api", dnsNames: ["with space.test"], ipAddresses: []),
        .server(commonName: "api", dnsNames: ["-leading.test"], ipAddresses: []),
        .server(commonName: "api", dnsNames: ["double..dot"], ipAddresses: []),
        .server(commonName: "api", dnsNames: ["bücher.test"], ipAddresses: []),
        .server(commonName: "api", dnsNames: ["a.*.test"], ipAddresses: []),
    ])
    func invalidProfilesAreRefusedBeforeOpenSSL(profile: CertificateProfile) throws {
        let ca = try CertificateAuthority.generate(commonName: "eventmesh-test-ca", now: now)
        let error = #expect(throws: CryptoError.self) { try ca.issue(profile, now: now) }
        #expect(error?.code == .invalidRequest)
    }

    @Test func validNamesPass() throws {
        let profile = CertificateProfile.server(
            commonName: "système-api",  // CN is UTF8String: non-ASCII is fine there
            dnsNames: ["kubernetes.default.svc.cluster.local", "*.eventmesh.test", "node_1.local", "localhost"],
            ipAddresses: [])
        try profile.validate()
    }

    @Test func ipAddressesParseAndCompareByValue() throws {
        #expect(IPAddress("::1") == .loopbackV6)
        #expect(IPAddress("0:0:0:0:0:0:0:1") == .loopbackV6)
        #expect(IPAddress("127.0.0.1") == .loopbackV4)
        #expect(IPAddress("10.1.2.3")?.bytes == [10, 1, 2, 3])
        #expect(IPAddress("FD00::0010")?.description == "fd00::10")
        #expect(IPAddress("::ffff:10.0.0.1")?.isIPv6 == true)
        for invalid in ["", "1.2.3", "256.0.0.1", "localhost", "fe80::1%eth0", " 10.0.0.1"] {
            #expect(IPAddress(invalid) == nil, "\(invalid)")
        }
        #expect(IPAddress(bytes: [1, 2, 3]) == nil)
    }
}
