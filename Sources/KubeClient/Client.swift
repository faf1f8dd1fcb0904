import Foundation
import HTTP
import KubeCore
import StrictJSON

/// A Kubernetes API client over the project's libcurl transport.
///
/// Dynamic (JSON) access to every verb by `ResourcePath`, typed access for `KubernetesResource`
/// kinds on top, and watches as async sequences. Requests are paced by a client-side token bucket
/// (QPS and burst, as client-go's defaults); throttled (429) requests are retried after the
/// server's `Retry-After`, and idempotent ones (get, list, replace, apply) also after server
/// errors and dropped connections, with capped exponential backoff.
public struct KubeClient: Sendable {
    public struct Options: Sendable {
        public var queriesPerSecond: Double
        public var burst: Int
        /// Attempts in all for a retryable request (1: no retry).
        public var maxAttempts: Int
        public var initialBackoff: Duration
        public var maxBackoff: Duration
        public var userAgent: String
        /// Told about every request once it is answered (metrics such as `rest_client_requests_total`).
        public var observer: (@Sendable (RequestRecord) -> Void)?

        public init(queriesPerSecond: Double = 50, burst: Int = 100, maxAttempts: Int = 5,
                    initialBackoff: Duration = .milliseconds(100), maxBackoff: Duration = .seconds(10),
                    userAgent: String = "eventmesh-operator/0.1 (linux/amd64)",
                    observer: (@Sendable (RequestRecord) -> Void)? = nil) {
            self.queriesPerSecond = queriesPerSecond
            self.burst = burst
            self.maxAttempts = maxAttempts
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
            self.userAgent = userAgent
            self.observer = observer
        }
    }

    /// One answered (or failed) request, for metrics and logs.
    public struct RequestRecord: Sendable {
        public var method: String
        public var host: String
        /// The HTTP status code, or "<error>" for a transport failure.
        public var code: String
        public var duration: Duration
    }

    /// `https://host:port`, without a trailing slash.
    public let server: String
    /// The namespace from the configuration, for namespaced calls that name none.
    public let namespace: String
    let http: HTTPClient
    let options: Options
    let limiter: RequestRateLimiter

    public init(server: String, namespace: String = "default", http: HTTPClientConfiguration, options: Options = Options()) {
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
        self.namespace = namespace
        var configuration = http
        configuration.userAgent = options.userAgent
        self.http = HTTPClient(configuration: configuration)
        self.options = options
        limiter = RequestRateLimiter(queriesPerSecond: options.queriesPerSecond, burst: options.burst)
    }

    // MARK: dynamic access

    public func get(_ path: ResourcePath) async throws(KubeError) -> JSONValue {
        try await json(.get, path.path, idempotent: true)
    }

    /// One page of a list.
    public func list(_ path: ResourcePath, options: ListOptions = ListOptions()) async throws(KubeError) -> UnstructuredList {
        let value = try await json(.get, path.target(options), idempotent: true)
        do {
            return try value.decode(as: UnstructuredList.self)
        } catch {
            throw .decoding("\(path): \(error)")
        }
    }

    /// Every page of a list (following `continue`), with the first page's resourceVersion.
    public func listAll(_ path: ResourcePath, options: ListOptions = ListOptions(), pageSize: Int64 = 500) async throws(KubeError) -> UnstructuredList {
        var options = options
        options.limit = pageSize
        var first = try await list(path, options: options)
        var token = first.metadata.continue ?? ""
        while !token.isEmpty {
            options.continue = token
            let page = try await list(path, options: options)
            first.items += page.items
            token = page.metadata.continue ?? ""
        }
        first.metadata.continue = nil
        first.metadata.remainingItemCount = nil
        return first
    }

    public func create(_ object: JSONValue, in collection: ResourcePath, options: CreateOptions = CreateOptions()) async throws(KubeError) -> JSONValue {
        try await json(.post, collection.target(options), body: object.jsonBytes(), contentType: "application/json", idempotent: false)
    }

    /// PUT: fails with `.conflict` when `object`'s resourceVersion is stale.
    public func replace(_ object: JSONValue, at path: ResourcePath, options: UpdateOptions = UpdateOptions()) async throws(KubeError) -> JSONValue {
        try await json(.put, path.target(options), body: object.jsonBytes(), contentType: "application/json", idempotent: true)
    }

    /// A JSON patch, JSON merge patch or strategic merge patch (built-in kinds only).
    public func patch(_ path: ResourcePath, _ type: PatchType, _ patch: JSONValue, options: PatchOptions = PatchOptions()) async throws(KubeError) -> JSONValue {
        try await json(.patch, path.target(options), body: patch.jsonBytes(), contentType: type.contentType,
                       idempotent: type == .apply)
    }

    /// Server-side apply of `object` (its apiVersion, kind and name included) as `fieldManager`.
    public func apply(_ object: JSONValue, at path: ResourcePath, fieldManager: String, force: Bool = false) async throws(KubeError) -> JSONValue {
        try await patch(path, .apply, object, options: PatchOptions(fieldManager: fieldManager, force: force))
    }

    /// DELETE: the object as it is now (marked for deletion when finalizers hold it), or the
    /// server's Status when it went at once.
    @discardableResult
    public func delete(_ path: ResourcePath, options: DeleteOptions = DeleteOptions()) async throws(KubeError) -> JSONValue {
        try await json(.delete, path.path, body: options.body.jsonBytes(), contentType: "application/json", idempotent: false)
    }

    public func deleteCollection(_ path: ResourcePath, listOptions: ListOptions = ListOptions(),
                                 options: DeleteOptions = DeleteOptions()) async throws(KubeError) -> JSONValue {
        try await json(.delete, path.target(listOptions), body: options.body.jsonBytes(), contentType: "application/json",
                       idempotent: false)
    }

    // MARK: transport

    func json(_ method: HTTPMethod, _ target: String, body: [UInt8]? = nil, contentType: String? = nil,
              idempotent: Bool) async throws(KubeError) -> JSONValue {
        let response = try await send(method, target, body: body, contentType: contentType, idempotent: idempotent)
        do {
            return try JSONValue(parsing: response.body)
        } catch {
            throw .decoding("\(method.rawValue) \(target): \(error)")
        }
    }

    /// Sends one request with pacing and retries; an error status becomes a `KubeError`.
    func send(_ method: HTTPMethod, _ target: String, body: [UInt8]?, contentType: String?,
              idempotent: Bool) async throws(KubeError) -> HTTPResponse {
        var headers: HTTPHeaders = ["Accept": "application/json"]
        if let contentType { headers.add("Content-Type", contentType) }
        let request = HTTPRequest(method: method, url: server + target, headers: headers, body: body)
        var attempt = 1
        while true {
            let failure: KubeError
            await limiter.acquire()
            let started = ContinuousClock.now
            do {
                let response = try await http.send(request)
                record(method, code: String(response.status), since: started)
                if (200..<300).contains(response.status) { return response }
                failure = KubeError(code: response.status, body: response.body, retryAfter: response.headers["Retry-After"])
            } catch let error as HTTPError {
                record(method, code: "<error>", since: started)
                failure = .transport(error)
            } catch {
                throw .transport(HTTPError(code: .cancelled, message: "\(error)", url: request.url))
            }
            let throttled: Bool
            if case .tooManyRequests = failure { throttled = true } else { throttled = false }
            guard attempt < options.maxAttempts, throttled || (idempotent && failure.isTransient) else { throw failure }
            do {
                try await Task.sleep(for: delay(after: attempt, failure))
            } catch {
                throw failure
            }
            attempt += 1
        }
    }

    /// The server's Retry-After when it gave one, else doubling backoff from `initialBackoff`.
    func delay(after attempt: Int, _ failure: KubeError) -> Duration {
        if case .tooManyRequests(_, let seconds?) = failure { return .seconds(min(seconds, 60)) }
        if case .server(let status, _) = failure, let seconds = status.details?.retryAfterSeconds { return .seconds(min(seconds, 60)) }
        let backoff = options.initialBackoff * (1 << min(attempt - 1, 20))
        return min(backoff, options.maxBackoff)
    }

    private func record(_ method: HTTPMethod, code: String, since started: ContinuousClock.Instant) {
        guard let observer = options.observer else { return }
        let host = server.split(separator: "/").dropFirst().first.map(String.init) ?? server
        observer(RequestRecord(method: method.rawValue, host: host, code: code, duration: ContinuousClock.now - started))
    }
}

/// Client-side pacing: a token bucket of `burst` tokens refilled at `queriesPerSecond`.
actor RequestRateLimiter {
    let queriesPerSecond: Double
    let burst: Double
    private var tokens: Double
    private var refilled = ContinuousClock.now

    init(queriesPerSecond: Double, burst: Int) {
        self.queriesPerSecond = max(queriesPerSecond, 0.001)
        self.burst = Double(max(burst, 1))
        tokens = Double(max(burst, 1))
    }

    /// Takes a token, waiting for one when the bucket is empty (callers queue in order).
    func acquire() async {
        let now = ContinuousClock.now
        let elapsed = now - refilled
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(burst, tokens + seconds * queriesPerSecond)
        refilled = now
        tokens -= 1
        if tokens < 0 {
            // Reserve the token now so later callers wait behind this one.
            let wait = Duration.milliseconds(Int((-tokens / queriesPerSecond) * 1000))
            try? await Task.sleep(for: wait)
        }
    }
}

extension KubeClient {
    /// A client for a loaded configuration (`ClientConfiguration.automatic()`, `.load(...)`,
    /// `.inCluster()`): its server, namespace, TLS and credentials.
    public init(_ configuration: ClientConfiguration, options: Options = Options()) {
        self.init(server: configuration.server, namespace: configuration.namespace, http: configuration.httpConfiguration,
                  options: options)
    }
}
