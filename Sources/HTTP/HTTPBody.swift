/// Ends the transfer when the last copy of a streamed body (or its iterator) is dropped.
final class StreamLifetime: Sendable {
    let channel: BodyChannel
    init(channel: BodyChannel) { self.channel = channel }
    deinit { channel.abandon() }
}

/// A streamed response body: chunks of bytes as they arrive, with back-pressure.
public struct HTTPBody: AsyncSequence, Sendable {
    public typealias Element = [UInt8]
    let lifetime: StreamLifetime

    public struct AsyncIterator: AsyncIteratorProtocol {
        let lifetime: StreamLifetime
        public mutating func next() async throws -> [UInt8]? { try await lifetime.channel.next() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(lifetime: lifetime) }

    /// The body split into lines (`\n` or `\r\n`, terminator removed); a final line without a
    /// terminator is delivered too. A line longer than `maxLineBytes` fails with `lineTooLong`.
    public func lines(maxLineBytes: Int = 32 << 20) -> HTTPLines { HTTPLines(body: self, maxLineBytes: maxLineBytes) }

    /// Stops the transfer; a pending or later `next()` throws `CancellationError`.
    public func cancel() { lifetime.channel.abandon() }
}

/// Lines of a streamed body, as used by line-delimited JSON such as Kubernetes watches.
public struct HTTPLines: AsyncSequence, Sendable {
    public typealias Element = [UInt8]
    let body: HTTPBody
    let maxLineBytes: Int

    public struct AsyncIterator: AsyncIteratorProtocol {
        var chunks: HTTPBody.AsyncIterator
        let maxLineBytes: Int
        var buffer: [UInt8] = []
        var start = 0
        var scanned = 0
        var finished = false

        public mutating func next() async throws -> [UInt8]? {
            while true {
                if let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                    var end = newline
                    if end > start && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                    let line = Array(buffer[start..<end])
                    start = newline + 1
                    scanned = start
                    compact()
                    return line
                }
                scanned = buffer.count
                if buffer.count - start > maxLineBytes {
                    throw HTTPError(code: .lineTooLong, message: "a line exceeded \(maxLineBytes) bytes", url: "")
                }
                if finished {
                    guard start < buffer.count else { return nil }
                    let line = Array(buffer[start...])
                    start = buffer.count
                    return line
                }
                guard let chunk = try await chunks.next() else {
                    finished = true
                    continue
                }
                buffer.append(contentsOf: chunk)
            }
        }

        /// Drops consumed bytes once they are the larger part of the buffer (amortized O(1)).
        private mutating func compact() {
            guard start > 4096 && start * 2 > buffer.count else { return }
            buffer.removeFirst(start)
            scanned -= start
            start = 0
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(chunks: body.makeAsyncIterator(), maxLineBytes: maxLineBytes)
    }
}

/// A response whose body is read as it arrives.
public struct HTTPStreamingResponse: Sendable {
    public let head: HTTPResponseHead
    public let body: HTTPBody
    public var status: Int { head.status }
    public var headers: HTTPHeaders { head.headers }

    /// Reads the rest of the body into memory, up to `limit` bytes.
    public func collect(limit: Int = 64 << 20) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in body {
            bytes.append(contentsOf: chunk)
            if bytes.count > limit {
                body.cancel()
                throw HTTPError(code: .responseTooLarge, message: "body exceeded \(limit) bytes", url: "")
            }
        }
        return bytes
    }
}
