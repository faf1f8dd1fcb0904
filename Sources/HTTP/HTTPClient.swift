import CCurl
import Foundation

/// The project's one HTTP transport, built on libcurl.
///
/// Each transfer runs `curl_easy_perform` on a thread of its own, never on Swift's cooperative
/// pool. Easy handles return to a pool after each request, keeping their connections alive for
/// the next one. Streams hand their body over through a bounded buffer.
public final class HTTPClient: Sendable {
    public let configuration: HTTPClientConfiguration
    private let pool: HandlePool

    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration()) {
        CurlRuntime.initialize()
        self.configuration = configuration
        self.pool = HandlePool(capacity: configuration.maxIdleConnections)
    }

    /// Sends a request and reads the whole response (up to `maxResponseBytes`).
    /// Non-2xx statuses are responses, not errors; transport failures throw `HTTPError`.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let transfer = Transfer(url: request.url, sink: .buffer(limit: configuration.maxResponseBytes),
                                idleTimeout: request.idleTimeout)
        let handle = try pool.checkout()
        do {
            try configure(handle, for: request, transfer: transfer)
        } catch {
            pool.checkin(handle)
            throw error
        }
        let started = ContinuousClock.now
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<Void, HTTPError>, Never>) in
                Self.runOnTransferThread { continuation.resume(returning: transfer.perform(on: handle)) }
            }
        } onCancel: {
            transfer.cancel()
        }
        let metrics = Self.metrics(of: handle, since: started)
        pool.checkin(handle)
        if case .failure(let error) = result {
            if error.code == .cancelled { throw CancellationError() }
            throw error
        }
        return HTTPResponse(status: transfer.status, headers: transfer.headers, body: transfer.body, metrics: metrics)
    }

    /// Sends a request and returns as soon as the status and headers have arrived; the body is
    /// read from `response.body` with back-pressure. Dropping or cancelling the body ends the transfer.
    public func stream(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        let channel = BodyChannel(capacity: configuration.streamBufferBytes)
        let transfer = Transfer(url: request.url, sink: .stream(channel), idleTimeout: request.idleTimeout)
        let handle = try pool.checkout()
        do {
            try configure(handle, for: request, transfer: transfer)
        } catch {
            pool.checkin(handle)
            throw error
        }
        let lifetime = StreamLifetime(channel: channel)
        let head = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponseHead, any Error>) in
                transfer.onHead { result in
                    switch result {
                    case .success(let head): continuation.resume(returning: head)
                    case .failure(let error) where error.code == .cancelled: continuation.resume(throwing: CancellationError())
                    case .failure(let error): continuation.resume(throwing: error)
                    }
                }
                let pool = self.pool
                Self.runOnTransferThread {
                    _ = transfer.perform(on: handle)
                    pool.checkin(handle)
                }
            }
        } onCancel: {
            transfer.cancel()
        }
        return HTTPStreamingResponse(head: head, body: HTTPBody(lifetime: lifetime))
    }

    // MARK: -

    private static func runOnTransferThread(_ work: @escaping @Sendable () -> Void) {
        let thread = Thread(block: work)
        thread.name = "eventmesh-http"
        thread.start()
    }

    private static func metrics(of handle: EasyHandle, since start: ContinuousClock.Instant) -> HTTPTransferMetrics {
        HTTPTransferMetrics(newConnections: handle.longInfo(CURLINFO_NUM_CONNECTS), totalTime: .now - start)
    }

    private func configure(_ handle: EasyHandle, for request: HTTPRequest, transfer: Transfer) throws {
        do {
            try applyOptions(handle, for: request, transfer: transfer)
        } catch let error as HTTPError {
            throw HTTPError(code: error.code, curlCode: error.curlCode, message: error.message,
                            url: redactedURL(request.url))
        }
    }

    private func applyOptions(_ handle: EasyHandle, for request: HTTPRequest, transfer: Transfer) throws {
        try handle.set(CURLOPT_URL, request.url)
        try handle.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try handle.set(CURLOPT_NOSIGNAL, true)
        try handle.set(CURLOPT_FOLLOWLOCATION, false)
        try handle.set(CURLOPT_TCP_KEEPALIVE, true)
        try handle.set(CURLOPT_SUPPRESS_CONNECT_HEADERS, true)
        try handle.set(CURLOPT_USERAGENT, configuration.userAgent)
        try handle.set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout))
        let timeout = request.timeout ?? configuration.defaultTimeout
        try handle.set(CURLOPT_TIMEOUT_MS, timeout.map(Self.milliseconds) ?? 0)

        switch request.method {
        case .get:
            try handle.set(CURLOPT_HTTPGET, true)
        case .head:
            try handle.set(CURLOPT_NOBODY, true)
        case .post:
            try handle.set(CURLOPT_POST, true)
        default:
            try handle.set(CURLOPT_CUSTOMREQUEST, request.method.rawValue)
        }
        if let body = request.body ?? (request.method == .post ? [] : nil) {
            // COPYPOSTFIELDS copies the bytes, so the request may go away; the size comes first
            // so that binary bodies with NUL bytes are sent whole.
            try handle.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(body.count))
            try body.withUnsafeBytes { bytes in
                try handle.set(CURLOPT_COPYPOSTFIELDS, pointer: UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!))
            }
        }

        let headerList = CurlHeaderList(try headerLines(for: request))
        transfer.headerList = headerList
        try handle.set(CURLOPT_HTTPHEADER, pointer: UnsafeMutableRawPointer(headerList.raw))

        try applyTLS(handle)
        try transfer.attach(to: handle)
    }

    private func headerLines(for request: HTTPRequest) throws -> [String] {
        var headers = request.headers
        for (name, value) in configuration.defaultHeaders where !headers.contains(name) {
            headers.add(name, value)
        }
        if !headers.contains("Authorization"), let authentication = configuration.authentication {
            switch authentication {
            case .bearerToken(let token):
                headers.add("Authorization", "Bearer \(token)")
            case .bearerTokenProvider(let provider):
                headers.add("Authorization", "Bearer \(try provider())")
            }
        }
        var lines = headers.map { "\($0.name): \($0.value)" }
        // An empty value removes a header libcurl would add by itself.
        if request.body != nil && !headers.contains("Content-Type") { lines.append("Content-Type:") }
        lines.append("Expect:")
        return lines
    }

    private func applyTLS(_ handle: EasyHandle) throws {
        let tls = configuration.tls
        switch tls.trustRoots {
        case nil:
            break
        case .file(let path):
            try handle.set(CURLOPT_CAINFO, path)
            try handle.set(CURLOPT_CAPATH, nil as String?)
        case .pem(let bytes):
            // Only the given roots are trusted: the system bundle and directory are switched off.
            try handle.set(CURLOPT_CAINFO, nil as String?)
            try handle.set(CURLOPT_CAPATH, nil as String?)
            try handle.set(CURLOPT_CAINFO_BLOB, blob: bytes)
        }
        switch tls.clientCertificate {
        case nil: break
        case .file(let path): try handle.set(CURLOPT_SSLCERT, path)
        case .pem(let bytes): try handle.set(CURLOPT_SSLCERT_BLOB, blob: bytes)
        }
        if tls.clientCertificate != nil { try handle.set(CURLOPT_SSLCERTTYPE, "PEM") }
        switch tls.clientKey {
        case nil: break
        case .file(let path): try handle.set(CURLOPT_SSLKEY, path)
        case .pem(let bytes): try handle.set(CURLOPT_SSLKEY_BLOB, blob: bytes)
        }
        if tls.clientKey != nil { try handle.set(CURLOPT_SSLKEYTYPE, "PEM") }
        if tls.insecureSkipVerify {
            try handle.set(CURLOPT_SSL_VERIFYPEER, false)
            try handle.set(CURLOPT_SSL_VERIFYHOST, 0)
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
