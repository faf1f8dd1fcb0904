import Foundation
import MeshCrypto
import Testing

@Suite struct TLSMaterialTests {
    let now = Date(timeIntervalSince1970: 1_780_000_000)
    typealias File = TLSMaterial.File

    @Test func firstStartGeneratesAndWritesEverything() throws {
        let folder = try ScratchFolder("tls-first")
        defer { folder.remove() }
        let pki = folder.file("nested/pki")  // missing parents are created
        let material = try TLSMaterial.loadOrGenerate(in: pki, now: now)

        #expect(material.caOrigin == .generated(because: .missing(file: File.caCertificate)))
        #expect(material.serverOrigin == .generated(because: .issuerReplaced))
        #expect(material.adminOrigin == .generated(because: .issuerReplaced))

        let ca = material.certificateAuthority.certificate
        #expect(ca.isCA && ca.commonName == "eventmesh-local-ca")
        #expect(material.server.certificate.verify(issuedBy: ca))
        #expect(material.server.certificate.covers(dnsNames: ["localhost"], ipAddresses: [.loopbackV4, .loopbackV6]))
        #expect(material.server.certificate.extendedKeyUsage == [.serverAuth])
        #expect(material.admin.certificate.verify(issuedBy: ca))
        #expect(material.admin.certificate.commonName == "eventmesh-admin")
        #expect(material.admin.certificate.organizations == ["system:masters"])
        #expect(material.admin.certificate.extendedKeyUsage == [.clientAuth])

        for (name, mode) in [(File.caKey, 0o600), (File.serverKey, 0o600), (File.adminKey, 0o600),
                             (File.caCertificate, 0o644), (File.serverCertificate, 0o644),
                             (File.adminCertificate, 0o644)] {
            let attributes = try FileManager.default.attributesOfItem(atPath: "\(pki)/\(name)")
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == mode, "\(name)")
        }
        // Atomic writes leave no temporary files behind.
        let files = try FileManager.default.contentsOfDirectory(atPath: pki).sorted()
        #expect(files == ["admin.crt", "admin.key", "ca.crt", "ca.key", "server.crt", "server.key"])
        #expect(try Certificate(pemEncoded: String(contentsOfFile: "\(pki)/\(File.serverCertificate)", encoding: .utf8))
                == material.server.certificate)
    }

    @Test func secondStartLoadsTheSameFiles() throws {
        let folder = try ScratchFolder("tls-second")
        defer { folder.remove() }
        let first = try TLSMaterial.loadOrGenerate(in: folder.path, now: now)
        let second = try TLSMaterial.loadOrGenerate(in: folder.path, now: now + 86_400)

        #expect([second.caOrigin, second.serverOrigin, second.adminOrigin] == [.loaded, .loaded, .loaded])
        #expect(second.certificateAuthority.certificate == first.certificateAuthority.certificate)
        #expect(second.server.certificate == first.server.certificate)
        #expect(second.admin.certificate == first.admin.certificate)
        #expect(try second.server.key.pemEncoded() == first.server.key.pemEncoded())
    }

    @Test func newHostsReissueOnlyTheServingCertificate() throws {
        let folder = try ScratchFolder("tls-hosts")
        defer { folder.remove() }
        let first = try TLSMaterial.loadOrGenerate(in: folder.path, now: now)
        var configuration = TLSMaterial.Configuration()
        configuration.serverDNSNames = ["localhost", "api.eventmesh.test"]
        configuration.serverIPAddresses = [.loopbackV4, try #require(IPAddress("10.96.0.1"))]
        let second = try TLSMaterial.loadOrGenerate(in: folder.path, configuration: configuration, now: now)

        #expect(second.caOrigin == .loaded)
        #expect(second.serverOrigin == .generated(because: .hostsNotCovered(
            dnsNames: ["api.eventmesh.test"], ipAddresses: [try #require(IPAddress("10.96.0.1"))])))
        #expect(second.adminOrigin == .loaded)
        #expect(second.certificateAuthority.certificate == first.certificateAuthority.certificate)
        #expect(second.server.certificate.dnsNames == ["localhost", "api.eventmesh.test"])
        #expect(second.server.certificate.verify(issuedBy: first.certificateAuthority.certificate))

        // Fewer hosts than the certificate covers is still covered: nothing changes.
        configuration.serverDNSNames = ["api.eventmesh.test"]
        let third = try TLSMaterial.loadOrGenerate(in: folder.path, configuration: configuration, now: now)
        #expect(third.serverOrigin == .loaded)
    }

    @Test func leavesNearExpiryAreRenewedUnderTheSameCA() throws {
        let folder = try ScratchFolder("tls-renew")
        defer { folder.remove() }
        let first = try TLSMaterial.loadOrGenerate(in: folder.path, now: now)
        // 340 days on, the one-year leaves are inside the 30-day renewal window; the CA is not.
        let later = now + 340 * 86_400
        let second = try TLSMaterial.loadOrGenerate(in: folder.path, now: later)
        #expect(second.caOrigin == .loaded)
        #expect(second.serverOrigin == .generated(because: .expiring(notAfter: first.server.certificate.notAfter)))
        #expect(second.adminOrigin == .generated(because: .expiring(notAfter: first.admin.certificate.notAfter)))
        #expect(second.server.certificate.notAfter > first.server.certificate.notAfter)
    }

    @Test func anExpiringCAReplacesEverything() throws {
        let folder = try ScratchFolder("tls-ca-expiry")
        defer { folder.remove() }
        let first = try TLSMaterial.loadOrGenerate(in: folder.path, now: now)
        let later = now + 10 * 365 * 86_400
        let second = try TLSMaterial.loadOrGenerate(in: folder.path, now: later)
        #expect(second.caOrigin == .generated(because: .expiring(notAfter: first.certificateAuthority.certificate.notAfter)))
        #expect(second.serverOrigin == .generated(because: .issuerReplaced))
        #expect(!second.server.certificate.verify(issuedBy: first.certificateAuthority.certificate))
        #expect(second.server.certificate.verify(issuedBy: second.certificateAuthority.certificate))
    }

    @Test func aCertificateFromTheFutureIsReplaced() throws {
        let folder = try ScratchFolder("tls-future")
        defer { folder.remove() }
        let first = try TLSMaterial.loadOrGenerate(in: folder.path, now: now)
        let second = try TLSMaterial.loadOrGenerate(in: folder.path, now: now - 86_400)
        #expect(second.caOrigin == .generated(because: .notYetValid(notBefore: first.certificateAuthority.certificate.notBefore)))
    }

    @Test func damagedOrMismatchedFilesAreReplaced() throws {
        let folder = try ScratchFolder("tls-damaged")
        defer { folder.remove() }
        let first = try TLSMaterial.loadOrGenerate(in: folder.path, now: now)

        try folder.write("-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n", to: File.serverKey)
        try FileManager.default.removeItem(atPath: folder.file(File.adminCertificate))
        let second = try TLSMaterial.loadOrGenerate(in: folder.path, now: now)
        #expect(second.caOrigin == .loaded)
        guard case .generated(because: .unreadable(file: File.serverKey, let error)) = second.serverOrigin else {
            Issue.record("server: \(second.serverOrigin)")
            return
        }
        #expect(error.code == .invalidKey && !error.openSSLErrors.isEmpty)
        #expect(second.adminOrigin == .generated(because: .missing(file: File.adminCertificate)))

        // Someone else's key next to our certificate.
        try folder.write(try PrivateKey.generate().pemEncoded(), to: File.adminKey)
        let third = try TLSMaterial.loadOrGenerate(in: folder.path, now: now)
        #expect(third.adminOrigin == .generated(because: .keyMismatch))
        #expect(third.serverOrigin == .loaded)
        #expect(third.certificateAuthority.certificate == first.certificateAuthority.certificate)
    }

    @Test func aServingCertificateFromAnotherCAIsReplaced() throws {
        let folder = try ScratchFolder("tls-foreign")
        defer { folder.remove() }
        _ = try TLSMaterial.loadOrGenerate(in: folder.path, now: now)
        let foreignCA = try CertificateAuthority.generate(commonName: "eventmesh-local-ca", now: now)
        let foreign = try foreignCA.issue(TLSMaterial.Configuration().serverProfile, now: now)
        try folder.write(foreign.certificate.pemEncoded(), to: File.serverCertificate)
        try folder.write(foreign.key.pemEncoded(), to: File.serverKey)
        let second = try TLSMaterial.loadOrGenerate(in: folder.path, now: now)
        #expect(second.serverOrigin == .generated(because: .notIssuedByCA))
    }

    @Test func adminIdentityChangesReissueTheAdminCertificate() throws {
        let folder = try ScratchFolder("tls-admin")
        defer { folder.remove() }
        _ = try TLSMaterial.loadOrGenerate(in: folder.path, now: now)
        var configuration = TLSMaterial.Configuration()
        configuration.adminOrganizations = ["system:masters", "eventmesh:admins"]
        let second = try TLSMaterial.loadOrGenerate(in: folder.path, configuration: configuration, now: now)
        #expect(second.adminOrigin == .generated(because: .subjectChanged))
        #expect(second.admin.certificate.organizations == ["system:masters", "eventmesh:admins"])
        #expect(second.serverOrigin == .loaded)
    }

    @Test func rsaMaterialWorksToo() throws {
        let folder = try ScratchFolder("tls-rsa")
        defer { folder.remove() }
        let configuration = TLSMaterial.Configuration(keyAlgorithm: .rsa2048)
        let material = try TLSMaterial.loadOrGenerate(in: folder.path, configuration: configuration, now: now)
        #expect(material.server.key.algorithm == .rsa2048)
        #expect(material.server.certificate.keyUsage == [.digitalSignature, .keyEncipherment])
    }

    @Test func impossibleConfigurationsAndFoldersFailClearly() throws {
        let folder = try ScratchFolder("tls-invalid")
        defer { folder.remove() }
        let tooEager = TLSMaterial.Configuration(leafValidity: .seconds(86_400), renewBefore: .seconds(2 * 86_400))
        let configurationError = #expect(throws: CryptoError.self) {
            try TLSMaterial.loadOrGenerate(in: folder.path, configuration: tooEager, now: now)
        }
        #expect(configurationError?.code == .invalidRequest)

        let noHosts = TLSMaterial.Configuration(serverDNSNames: [], serverIPAddresses: [])
        #expect(throws: CryptoError.self) { try TLSMaterial.loadOrGenerate(in: folder.path, configuration: noHosts) }

        try folder.write("a file, not a folder", to: "blocker")
        let folderError = #expect(throws: CryptoError.self) {
            try TLSMaterial.loadOrGenerate(in: folder.file("blocker/pki"), now: now)
        }
        #expect(folderError?.code == .fileSystem)
    }
}
