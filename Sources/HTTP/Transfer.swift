import CCurl
import Foundation
import Synchronization

/// The state of one request while libcurl performs it on its own thread.
///
/// Callback state (`body`, `status`, `headers`, `abortReason`) is touched only by the transfer
/// thread; `cancelRequested` and the head hand-over cross threads and are synchronized.
final class Transfer: @unchecked Sendable {
    enum Sink {
        case buffer(limit: Int)
        case stream(BodyChannel)
    }

    enum AbortReason {
        case cancelled
        case idle(Duration)
        case tooLarge(Int)
    }

    let url: String
    let sink: Sink
    let idleTimeout: Duration?
    var headerList: CurlHeaderList?

    private(set) var body: [UInt8] = []
    private(set) var status = 0
    private(set) var headers = HTTPHeaders()
    private var headComplete = false
    private var lastActivity = ContinuousClock.now
    private(set) var abortReason: AbortReason?
    let errorBuffer: UnsafeMutablePointer<CChar>

    private let cancelRequested = Atomic<Bool>(false)
    private let headHandler = Mutex<(@Sendable (Result<HTTPResponseHead, HTTPError>) -> Void)?>(nil)

    init(url: String, sink: Sink, idleTimeout: Duration?) {
        self.url = redactedURL(url)
        self.sink = sink
        self.idleTimeout = idleTimeout
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit { errorBuffer.deallocate() }

    /// Asks the transfer to stop; it notices within about a second, or at once in a callback.
    func cancel() {
        cancelRequested.store(true, ordering: .relaxed)
        if case .stream(let channel) = sink { channel.abandon() }
    }

    /// Registers who gets the status and headers of a streamed response, exactly once.
    func onHead(_ handler: @escaping @Sendable (Result<HTTPResponseHead, HTTPError>) -> Void) {
        headHandler.withLock { $0 = handler }
    }

    func deliverHead(_ result: Result<HTTPResponseHead, HTTPError>) {
        let handler = headHandler.withLock { handler -> (@Sendable (Result<HTTPResponseHead, HTTPError>) -> Void)? in
            defer { handler = nil }
            return handler
        }
        handler?(result)
    }

    /// Installs the callbacks; `self` must outlive `curl_easy_perform` (the caller holds it).
    func attach(to handle: EasyHandle) throws {
        let me = Unmanaged.passUnretained(self).toOpaque()
        try handle.set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        guard emc_setopt_write_function(handle.raw, transferWriteCallback) == CURLE_OK,
              emc_setopt_header_function(handle.raw, transferHeaderCallback) == CURLE_OK,
              emc_setopt_xferinfo_function(handle.raw, transferProgressCallback) == CURLE_OK
        else {
            throw HTTPError(code: .transport, message: "could not install libcurl callbacks", url: url)
        }
        try handle.set(CURLOPT_WRITEDATA, pointer: me)
        try handle.set(CURLOPT_HEADERDATA, pointer: me)
        try handle.set(CURLOPT_XFERINFODATA, pointer: me)
        try handle.set(CURLOPT_NOPROGRESS, false)
    }

    /// Runs the transfer to its end on the calling thread (never a cooperative-pool thread).
    func perform(on handle: EasyHandle) -> Result<Void, HTTPError> {
        lastActivity = .now
        let code = curl_easy_perform(handle.raw)
        let result: Result<Void, HTTPError> = code == CURLE_OK ? .success(()) : .failure(error(for: code))
        if status == 0 { status = handle.longInfo(CURLINFO_RESPONSE_CODE) }
        switch result {
        case .success:
            deliverHead(.success(HTTPResponseHead(status: status, headers: headers)))
        case .failure(let error):
            deliverHead(.failure(error))
        }
        if case .stream(let channel) = sink { channel.finish(result) }
        return result
    }

    // MARK: callbacks (transfer thread)

    fileprivate func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        lastActivity = .now
        // Strip CR/LF as bytes: in Swift "\r\n" is one Character, so suffix checks on the String miss it.
        var length = bytes.count
        while length > 0 && (bytes[length - 1] == 10 || bytes[length - 1] == 13) { length -= 1 }
        let line = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<length]), as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            // A new header block: an interim 1xx response or the final one.
            let parts = line.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            headers = HTTPHeaders()
            headComplete = false
        } else if line.isEmpty {
            if status >= 200 && !headComplete {
                headComplete = true
                deliverHead(.success(HTTPResponseHead(status: status, headers: headers)))
            }
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.add(name, value)
        }
    }

    fileprivate func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        lastActivity = .now
        if cancelRequested.load(ordering: .relaxed) {
            abortReason = .cancelled
            return false
        }
        switch sink {
        case .buffer(let limit):
            guard body.count + bytes.count <= limit else {
                abortReason = .tooLarge(limit)
                return false
            }
            body.append(contentsOf: bytes)
            return true
        case .stream(let channel):
            let delivered = channel.push(Array(bytes))
            // Time spent waiting for the consumer is not the server being idle.
            lastActivity = .now
            if !delivered { abortReason = .cancelled }
            return delivered
        }
    }

    fileprivate func progress() -> Bool {
        if cancelRequested.load(ordering: .relaxed) {
            abortReason = .cancelled
            return false
        }
        if case .stream(let channel) = sink, channel.isAbandoned {
            abortReason = .cancelled
            return false
        }
        if let idleTimeout, ContinuousClock.now - lastActivity > idleTimeout {
            abortReason = .idle(idleTimeout)
            return false
        }
        return true
    }

    private func error(for code: CURLcode) -> HTTPError {
        let detail = String(cString: errorBuffer)
        let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        let curlCode = Int32(code.rawValue)
        if code == CURLE_ABORTED_BY_CALLBACK || code == CURLE_WRITE_ERROR, let abortReason {
            switch abortReason {
            case .cancelled:
                return HTTPError(code: .cancelled, curlCode: curlCode, message: "transfer cancelled", url: url)
            case .idle(let limit):
                return HTTPError(code: .timedOut, curlCode: curlCode, message: "no data received for \(limit)", url: url)
            case .tooLarge(let limit):
                return HTTPError(code: .responseTooLarge, curlCode: curlCode,
                                 message: "response body exceeded \(limit) bytes", url: url)
            }
        }
        return HTTPError(code: Self.classify(code, message: message), curlCode: curlCode, message: message, url: url)
    }

    static func classify(_ code: CURLcode, message: String) -> HTTPError.Code {
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT, CURLE_BAD_FUNCTION_ARGUMENT:
            return .invalidRequest
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .couldNotResolveHost
        case CURLE_COULDNT_CONNECT:
            return .couldNotConnect
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut
        case CURLE_PEER_FAILED_VERIFICATION:
            return .tlsCertificateUntrusted
        case CURLE_SSL_CONNECT_ERROR:
            // OpenSSL reports an untrusted chain during the handshake on some paths.
            return message.contains("certificate verify failed") ? .tlsCertificateUntrusted : .tlsHandshakeFailed
        case CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR,
             CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_CRL_BADFILE:
            return .tlsConfigurationInvalid
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR:
            // With TLS 1.3 a server rejects a missing client certificate after the handshake,
            // so the refusal arrives as a TLS alert on the first read.
            return message.contains("alert") ? .tlsHandshakeFailed : .connectionClosed
        case CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING:
            return .connectionClosed
        case CURLE_ABORTED_BY_CALLBACK:
            return .cancelled
        default:
            return .transport
        }
    }
}

private let transferWriteCallback: curl_write_callback = { data, size, count, userdata in
    guard let userdata else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    let bytes = UnsafeRawBufferPointer(start: data, count: length)
    return transfer.receiveBody(bytes) ? length : emc_write_abort()
}

private let transferHeaderCallback: curl_write_callback = { data, size, count, userdata in
    guard let userdata else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
    return length
}

private let transferProgressCallback: curl_xferinfo_callback = { userdata, _, _, _, _ in
    guard let userdata else { return 1 }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    return transfer.progress() ? 0 : 1
}
