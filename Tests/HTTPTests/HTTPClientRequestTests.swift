import Foundation
@testable import HTTP
import Testing

/// Methods, bodies, statuses, limits, concurrency and connection reuse.
@Suite struct HTTPClientRequestTests {
    let server: TestHTTPSServer
    let client: HTTPClient

    init() throws {
        server = try TestHTTPSServer.get()
        client = HTTPClient(configuration: .init(tls: .init(trustRoots: .file(server.path("ca.pem"))),
                                                 userAgent: "eventmesh-tests/1", maxResponseBytes: 4096))
    }

    func echo(_ response: HTTPResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    }

    @Test(arguments: [HTTPMethod.post, .put, .patch, .delete])
    func sendsMethodHeadersAndBody(method: HTTPMethod) async throws {
        let body = Array(#"{"spec":{"partitions":3}}"#.utf8)
        let request = HTTPRequest(method: method, url: server.url("/echo"),
                                  headers: ["Content-Type": "application/merge-patch+json", "X-Trace": "t1"], body: body)
        let echoed = try echo(try await client.send(request))
        #expect(echoed["method"] as? String == method.rawValue)
        #expect(echoed["body"] as? String == #"{"spec":{"partitions":3}}"#)
        let headers = try #require(echoed["headers"] as? [String: String])
        #expect(headers["Content-Type"] == "application/merge-patch+json")
        #expect(headers["X-Trace"] == "t1")
        #expect(headers["User-Agent"] == "eventmesh-tests/1")
        #expect(headers["Expect"] == nil)
    }

    @Test func binaryBodiesAreSentWhole() async throws {
        let body: [UInt8] = [0, 1, 2, 0, 255, 0]
        let echoed = try echo(try await client.send(HTTPRequest(method: .post, url: server.url("/echo"), body: body)))
        #expect(echoed["bodyLength"] as? Int == 6)
        let headers = try #require(echoed["headers"] as? [String: String])
        #expect(headers["Content-Type"] == nil, "libcurl's form content type must not be added")
    }

    @Test func errorStatusesAreResponsesWithHeaders() async throws {
        let response = try await client.send(HTTPRequest(url: server.url("/status?code=503&retryAfter=2")))
        #expect(response.status == 503)
        #expect(response.headers["retry-after"] == "2")
        #expect(response.bodyText == #"{"code": 503}"#)
    }

    @Test func aBodyOverTheLimitIsRefused() async throws {
        let error = await #expect(throws: HTTPError.self) { try await client.send(HTTPRequest(url: server.url("/bytes?n=5000"))) }
        #expect(error?.code == .responseTooLarge)
        let fits = try await client.send(HTTPRequest(url: server.url("/bytes?n=4096")))
        #expect(fits.body.count == 4096)
    }

    @Test func keptAliveConnectionsAreReused() async throws {
        let client = HTTPClient(configuration: .init(tls: .init(trustRoots: .file(server.path("ca.pem"))), maxIdleConnections: 1))
        let first = try await client.send(HTTPRequest(url: server.url("/echo")))
        let second = try await client.send(HTTPRequest(url: server.url("/echo")))
        #expect(first.metrics.newConnections == 1)
        #expect(second.metrics.newConnections == 0)
        #expect(try echo(first)["connectionId"] as? Int == echo(second)["connectionId"] as? Int)
    }

    @Test func requestsRunConcurrently() async throws {
        // The server answers 200 only when all eight requests are in flight at once.
        let group = UUID().uuidString
        let url = server.url("/barrier?n=8&group=\(group)")
        let client = self.client
        let statuses = try await withThrowingTaskGroup(of: Int.self) { tasks in
            for _ in 0..<8 { tasks.addTask { try await client.send(HTTPRequest(url: url)).status } }
            return try await tasks.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 8))
    }

    @Test func aClosedPortIsCouldNotConnect() async throws {
        let error = await #expect(throws: HTTPError.self) { try await client.send(HTTPRequest(url: "https://127.0.0.1:1/")) }
        #expect(error?.code == .couldNotConnect)
    }

    @Test func otherSchemesAreRefused() async throws {
        let error = await #expect(throws: HTTPError.self) { try await client.send(HTTPRequest(url: "file:///etc/passwd")) }
        #expect(error?.code == .invalidRequest)
    }

    @Test func errorsNeverCarryURLCredentials() {
        #expect(redactedURL("https://user:secret@host:8443/a?b=c") == "https://host:8443/a?b=c")
        #expect(redactedURL("https://host/a@b") == "https://host/a@b")
        #expect(redactedURL("no scheme") == "no scheme")
    }

    @Test func headersAreCaseInsensitiveAndOrdered() {
        var headers: HTTPHeaders = ["Accept": "a", "X-One": "1"]
        headers.add("x-one", "2")
        #expect(headers["ACCEPT"] == "a")
        #expect(headers.values(for: "X-ONE") == ["1", "2"])
        headers.set("X-One", "3")
        #expect(headers.values(for: "x-one") == ["3"])
        headers.remove("accept")
        #expect(!headers.contains("Accept"))
    }
}
