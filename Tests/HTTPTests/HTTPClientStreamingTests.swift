import Foundation
@testable import HTTP
import Testing

/// Streaming bodies, stalls, broken connections and cancellation against the real server.
@Suite struct HTTPClientStreamingTests {
    let server: TestHTTPSServer
    let client: HTTPClient

    init() throws {
        server = try TestHTTPSServer.get()
        client = HTTPClient(configuration: .init(tls: .init(trustRoots: .file(server.path("ca.pem"))),
                                                 defaultTimeout: nil, streamBufferBytes: 64 << 10))
    }

    @Test func streamsTenThousandChunkedLinesInOrder() async throws {
        let response = try await client.stream(HTTPRequest(url: server.url("/lines?count=10000")))
        #expect(response.status == 200)
        #expect(response.headers["transfer-encoding"] == "chunked")
        var expected = 0
        for try await line in response.body.lines() {
            #expect(String(decoding: line, as: UTF8.self) == "line \(expected)")
            expected += 1
        }
        #expect(expected == 10_000)
    }

    @Test func aSlowConsumerHoldsBackTheTransfer() async throws {
        let response = try await client.stream(HTTPRequest(url: server.url("/lines?count=200000&perChunk=500")))
        let channel = response.body.lifetime.channel
        // Read nothing until the transfer thread is blocked on the full buffer.
        let deadline = ContinuousClock.now + .seconds(20)
        while !channel.backPressure.producerWaiting {
            #expect(ContinuousClock.now < deadline, "the producer never blocked")
            if ContinuousClock.now >= deadline { return }
            await Task.yield()
        }
        let state = channel.backPressure
        #expect(state.bufferedBytes >= 64 << 10)
        // At most one chunk beyond the capacity (libcurl hands over up to 16 KiB at a time).
        #expect(state.peakBufferedBytes <= (64 << 10) + CURL_MAX_WRITE_SIZE_BYTES)
        var count = 0
        for try await _ in response.body.lines() { count += 1 }
        #expect(count == 200_000)
        #expect(channel.backPressure.peakBufferedBytes <= (64 << 10) + CURL_MAX_WRITE_SIZE_BYTES)
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        let error = await #expect(throws: HTTPError.self) {
            try await client.send(HTTPRequest(url: server.url("/stall-head?seconds=20"), timeout: .milliseconds(700)))
        }
        #expect(error?.code == .timedOut)
    }

    @Test func aStreamThatGoesQuietFailsWithIdleTimeout() async throws {
        let response = try await client.stream(HTTPRequest(url: server.url("/stall-body?seconds=20"),
                                                           idleTimeout: .seconds(2)))
        #expect(response.status == 200)
        var lines: [String] = []
        let error = await #expect(throws: HTTPError.self) {
            for try await line in response.body.lines() { lines.append(String(decoding: line, as: UTF8.self)) }
        }
        #expect(lines == ["first"])
        #expect(error?.code == .timedOut)
    }

    @Test func aServerClosingMidStreamIsAConnectionError() async throws {
        let response = try await client.stream(HTTPRequest(url: server.url("/close-mid")))
        var lines: [String] = []
        let error = await #expect(throws: HTTPError.self) {
            for try await line in response.body.lines() { lines.append(String(decoding: line, as: UTF8.self)) }
        }
        #expect(lines == ["line 0", "line 1", "line 2"])
        #expect(error?.code == .connectionClosed)
    }

    @Test func cancellingTheConsumerEndsTheStream() async throws {
        let response = try await client.stream(HTTPRequest(url: server.url("/stall-body?seconds=20")))
        let reader = Task {
            var seen = 0
            for try await _ in response.body { seen += 1 }
            return seen
        }
        reader.cancel()
        await #expect(throws: CancellationError.self) { try await reader.value }
    }

    @Test func cancellingBeforeTheHeadArrives() async throws {
        let client = self.client
        let url = server.url("/stall-head?seconds=20")
        let request = Task { try await client.stream(HTTPRequest(url: url)) }
        request.cancel()
        await #expect(throws: CancellationError.self) { try await request.value }
    }
}

/// libcurl's largest write-callback chunk (CURL_MAX_WRITE_SIZE).
let CURL_MAX_WRITE_SIZE_BYTES = 16384
