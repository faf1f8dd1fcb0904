import HTTP
import KubeCore
import StrictJSON

extension KubeClient {
    /// Watches `path` (a collection; a field selector `metadata.name=` narrows it to one object).
    /// The answer's status is checked before the stream is handed over: a refused watch throws
    /// here. `options.watch` is set for you; set `resourceVersion` to resume and
    /// `allowWatchBookmarks` to receive progress bookmarks.
    public func watch(_ path: ResourcePath, options: ListOptions = ListOptions()) async throws(KubeError) -> WatchStream {
        var options = options
        options.watch = true
        let request = HTTPRequest(url: server + path.target(options), headers: ["Accept": "application/json"], timeout: nil)
        await limiter.acquire()
        do {
            let response = try await http.stream(request)
            guard (200..<300).contains(response.status) else {
                let body = (try? await response.collect(limit: 1 << 20)) ?? []
                throw KubeError(code: response.status, body: body, retryAfter: response.headers["Retry-After"])
            }
            return WatchStream(response: response)
        } catch let error as KubeError {
            throw error
        } catch let error as HTTPError {
            throw .transport(error)
        } catch {
            throw .transport(HTTPError(code: .cancelled, message: "\(error)", url: request.url))
        }
    }
}

/// The events of one watch, in order. It ends (nil) when the server closes the watch — at its
/// `timeoutSeconds`, or on shutdown — after which the caller resumes from the last
/// resourceVersion it saw. An `ERROR` event is thrown as a `KubeError` (`.gone` for 410: the
/// caller must list again); a malformed event as `.decoding`; a dropped connection as
/// `.transport`. Events are read as the consumer asks for them: a slow consumer slows the
/// transfer (bounded buffer), it never grows memory without bound.
public struct WatchStream: AsyncSequence, Sendable {
    public typealias Element = WatchEvent
    let response: HTTPStreamingResponse

    /// Stops the transfer; the iterator then ends with a cancellation error.
    public func cancel() { response.body.cancel() }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(lines: response.body.lines(maxLineBytes: 16 << 20).makeAsyncIterator())
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var lines: HTTPLines.AsyncIterator

        public mutating func next() async throws -> WatchEvent? {
            while true {
                let line: [UInt8]?
                do {
                    line = try await lines.next()
                } catch let error as HTTPError {
                    throw KubeError.transport(error)
                }
                guard let line else { return nil }
                if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
                let event: WatchEvent
                do {
                    event = try WatchEvent(json: line)
                } catch {
                    throw KubeError.decoding("\(error)")
                }
                if event.type == .error {
                    let status = event.status ?? Status(message: "watch error without a status", code: 500)
                    throw KubeError(status: status, code: status.code ?? 500)
                }
                return event
            }
        }
    }
}
