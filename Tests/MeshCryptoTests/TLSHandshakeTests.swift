import Foundation
import MeshCrypto
import Testing

/// Real TLS 1.3 handshakes with mutual authentication between `openssl s_server` and
/// `openssl s_client` / `curl`, using the files `TLSMaterial` writes.
@Suite struct TLSHandshakeTests {
    /// A running `openssl s_server` that demands a client certificate signed by `ca.crt`.
    private func withServer(in folder: ScratchFolder,
                            _ body: (UInt16) async throws -> Void) async throws {
        // The free port is only free when asked: another process may bind it first. Retry then.
        var attempt = 0
        while true {
            attempt += 1
            let port = try Loopback.freePort()
            let server = try TestCommand([
                "openssl", "s_server", "-accept", "127.0.0.1:\(port)",
                "-cert", folder.file("server.crt"), "-key", folder.file("server.key"),
                "-Verify", "1", "-verify_return_error", "-CAfile", folder.file("ca.crt"), "-www",
            ], in: folder)
            do {
                try await Loopback.waitUntilAccepting(port: port, server: server, timeout: .seconds(15))
            } catch {
                await server.stop()
                if attempt < 3, !server.isRunning, server.errorOutput.contains("in use") { continue }
                throw error
            }
            do {
                try await body(port)
            } catch {
                await server.stop()
                throw error
            }
            await server.stop()
            return
        }
    }

    @Test(arguments: [PrivateKey.Algorithm.ecdsaP256, .rsa2048])
    func clientAndServerAuthenticateEachOther(algorithm: PrivateKey.Algorithm) async throws {
        let folder = try ScratchFolder("tls-handshake")
        defer { folder.remove() }
        _ = try TLSMaterial.loadOrGenerate(in: folder.path, configuration: .init(keyAlgorithm: algorithm))

        try await withServer(in: folder) { port in
            let client = try await TestCommand.run([
                "openssl", "s_client", "-connect", "127.0.0.1:\(port)", "-CAfile", folder.file("ca.crt"),
                "-cert", folder.file("admin.crt"), "-key", folder.file("admin.key"),
                "-verify_return_error", "-verify_ip", "127.0.0.1", "-ign_eof",
            ], input: "GET / HTTP/1.0\r\n\r\n", in: folder, timeout: .seconds(30))
            #expect(client.status == 0, "\(client.output)")
            #expect(client.output.contains("Verify return code: 0 (ok)"), "\(client.output)")
            #expect(client.output.contains("HTTP/1.0 200 ok"), "\(client.output)")
            // s_server's status page shows the client certificate it accepted.
            #expect(client.output.contains("Client certificate"), "\(client.output)")
            #expect(client.output.contains("eventmesh-admin"), "\(client.output)")

            // curl checks the host name against the subjectAltName DNS entry.
            let curl = try await TestCommand.run([
                "curl", "--silent", "--show-error", "--max-time", "20",
                "--resolve", "localhost:\(port):127.0.0.1", "--cacert", folder.file("ca.crt"),
                "--cert", folder.file("admin.crt"), "--key", folder.file("admin.key"),
                "https://localhost:\(port)/",
            ], in: folder)
            #expect(curl.status == 0, "\(curl.output)")
            #expect(curl.output.contains("Client certificate"), "\(curl.output)")
        }
    }

    @Test func strangersAreRefusedBothWays() async throws {
        let folder = try ScratchFolder("tls-refused")
        defer { folder.remove() }
        _ = try TLSMaterial.loadOrGenerate(in: folder.path)
        let otherCA = try CertificateAuthority.generate(commonName: "eventmesh-local-ca")
        let stranger = try otherCA.issue(.client(commonName: "eventmesh-admin", organizations: ["system:masters"]))
        try folder.write(otherCA.certificate.pemEncoded(), to: "other-ca.crt")
        try folder.write(stranger.certificate.pemEncoded(), to: "stranger.crt")
        try folder.write(stranger.key.pemEncoded(), to: "stranger.key")

        try await withServer(in: folder) { port in
            // The client does not trust a server certificate from another CA.
            let distrustful = try await TestCommand.run([
                "openssl", "s_client", "-connect", "127.0.0.1:\(port)", "-CAfile", folder.file("other-ca.crt"),
                "-cert", folder.file("admin.crt"), "-key", folder.file("admin.key"), "-verify_return_error",
            ], in: folder, timeout: .seconds(30))
            #expect(distrustful.status != 0, "\(distrustful.output)")
            #expect(!distrustful.output.contains("Verify return code: 0 (ok)"))

            // The server refuses a client certificate from another CA, and no certificate at all.
            for clientCertificate in [["--cert", folder.file("stranger.crt"), "--key", folder.file("stranger.key")], []] {
                let refused = try await TestCommand.run([
                    "curl", "--silent", "--show-error", "--max-time", "20", "--cacert", folder.file("ca.crt"),
                ] + clientCertificate + ["https://127.0.0.1:\(port)/"], in: folder)
                #expect(refused.status != 0, "\(refused.output)")
                #expect(!refused.output.contains("Client certificate"))
            }
        }
    }
}
