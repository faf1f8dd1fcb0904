import Foundation
import HTTP
import Testing

/// TLS and authentication against a real HTTPS server with its own CA.
@Suite struct HTTPClientTLSTests {
    let server: TestHTTPSServer
    init() throws { server = try TestHTTPSServer.get() }

    func echo(_ response: HTTPResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    }

    @Test func trustsTheConfiguredCAFile() async throws {
        let client = HTTPClient(configuration: .init(tls: .init(trustRoots: .file(server.path("ca.pem")))))
        let response = try await client.send(HTTPRequest(url: server.url("/echo")))
        #expect(response.status == 200)
        #expect(try echo(response)["method"] as? String == "GET")
    }

    @Test func trustsAnInMemoryCA() async throws {
        let client = HTTPClient(configuration: .init(tls: .init(trustRoots: .pem(try server.pem("ca.pem")))))
        let response = try await client.send(HTTPRequest(url: server.url("/echo")))
        #expect(response.status == 200)
    }

    @Test func refusesAServerSignedByAnotherCA() async throws {
        let client = HTTPClient(configuration: .init(tls: .init(trustRoots: .pem(try server.pem("other-ca.pem")))))
        let error = await #expect(throws: HTTPError.self) { try await client.send(HTTPRequest(url: server.url("/echo"))) }
        #expect(error?.code == .tlsCertificateUntrusted)
    }

    @Test func refusesAnUnknownCAWithSystemRoots() async throws {
        let client = HTTPClient()
        let error = await #expect(throws: HTTPError.self) { try await client.send(HTTPRequest(url: server.url("/echo"))) }
        #expect(error?.code == .tlsCertificateUntrusted)
    }

    @Test func insecureSkipVerifyIsExplicit() async throws {
        let client = HTTPClient(configuration: .init(tls: .init(insecureSkipVerify: true)))
        let response = try await client.send(HTTPRequest(url: server.url("/echo")))
        #expect(response.status == 200)
    }

    @Test func clientCertificateRequiredButMissing() async throws {
        let client = HTTPClient(configuration: .init(tls: .init(trustRoots: .file(server.path("ca.pem")))))
        let error = await #expect(throws: HTTPError.self) {
            try await client.send(HTTPRequest(url: server.url("/echo", mtls: true)))
        }
        // With TLS 1.3 the server refuses after the client's side of the handshake is done: the
        // client reads its alert (handshake failed) or, when the server has already closed the
        // socket under load, a reset (connection closed). Either way the request did not go through.
        #expect(error?.code == .tlsHandshakeFailed || error?.code == .connectionClosed)
    }

    @Test(arguments: [false, true])
    func clientCertificateFromFileOrMemory(inMemory: Bool) async throws {
        let tls: TLSConfiguration = inMemory
            ? .init(trustRoots: .pem(try server.pem("ca.pem")), clientCertificate: .pem(try server.pem("client.pem")),
                    clientKey: .pem(try server.pem("client.key")))
            : .init(trustRoots: .file(server.path("ca.pem")), clientCertificate: .file(server.path("client.pem")),
                    clientKey: .file(server.path("client.key")))
        let client = HTTPClient(configuration: .init(tls: tls))
        let response = try await client.send(HTTPRequest(url: server.url("/echo", mtls: true)))
        #expect(response.status == 200)
        let subject = try #require(try echo(response)["clientSubject"] as? [String: String])
        #expect(subject["commonName"] == "eventmesh-test-client")
        #expect(subject["organizationName"] == "system:masters")
    }

    @Test func unreadableClientKeyIsAConfigurationError() async throws {
        let tls = TLSConfiguration(trustRoots: .file(server.path("ca.pem")), clientCertificate: .file(server.path("client.pem")),
                                   clientKey: .pem(Array("not a key".utf8)))
        let client = HTTPClient(configuration: .init(tls: tls))
        let error = await #expect(throws: HTTPError.self) {
            try await client.send(HTTPRequest(url: server.url("/echo", mtls: true)))
        }
        #expect(error?.code == .tlsConfigurationInvalid)
    }

    @Test func bearerTokenFromValueAndProvider() async throws {
        let tls = TLSConfiguration(trustRoots: .file(server.path("ca.pem")))
        let fixed = HTTPClient(configuration: .init(tls: tls, authentication: .bearerToken("abc123")))
        let headers1 = try #require(try echo(try await fixed.send(HTTPRequest(url: server.url("/echo"))))["headers"] as? [String: String])
        #expect(headers1["Authorization"] == "Bearer abc123")

        let rotated = HTTPClient(configuration: .init(tls: tls, authentication: .bearerTokenProvider { "rotated-token" }))
        let headers2 = try #require(try echo(try await rotated.send(HTTPRequest(url: server.url("/echo"))))["headers"] as? [String: String])
        #expect(headers2["Authorization"] == "Bearer rotated-token")
    }
}
