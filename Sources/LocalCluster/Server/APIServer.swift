import Logging
import MeshCrypto
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The HTTPS front of the local control plane: TLS with optional client certificates, HTTP/1.1
/// with keep-alive, request bodies bounded (413 beyond the limit, like the real API server's
/// 3 MiB), whole or streamed responses. What a request means is the handler's business.
struct APIServer: Sendable {
    typealias Handler = @Sendable (APIRequest) async -> APIResponse
    /// Maps a verified client certificate and/or the Authorization header to a user; nil = 401.
    typealias Authenticator = @Sendable (_ clientCertificate: Certificate?, _ authorization: String?) -> RequestUser?

    var host: String
    var port: Int
    var certificateChainPEM: [UInt8]
    var privateKeyPEM: [UInt8]
    /// Client certificates are accepted when this CA issued them (and are optional).
    var clientCAPEM: [UInt8]
    var maxBodyBytes = 3 << 20
    var logger = Logger(label: "eventmesh-local.server")

    /// Paths anyone may read without credentials, as the real server's public-info role allows.
    static let publicPaths: Set<String> = ["/healthz", "/livez", "/readyz", "/version"]

    /// Binds, reports the bound port (useful with port 0), then serves until cancelled.
    func run(authenticate: @escaping Authenticator, onBound: @Sendable (Int) -> Void,
             handler: @escaping Handler) async throws {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(certificateChainPEM).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: privateKeyPEM, format: .pem)))
        tls.certificateVerification = .optionalVerification
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(clientCAPEM))
        tls.minimumTLSVersion = .tlsv12
        // On close, wait briefly for the client's close_notify: pooled idle clients (libcurl,
        // client-go) never send one, and the 5 s default held every shutdown.
        tls.shutdownTimeout = .milliseconds(200)
        let context = try NIOSSLContext(configuration: tls)

        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        onBound(server.channel.localAddress?.port ?? port)
        // Stopping closes the listening channel rather than cancelling the accept loop: the loop
        // then still receives the connections already accepted (dropping one unserved is a NIO
        // fatal error) and serves each with a cancelled task, which closes it at once.
        let accepting = Task {
            try await withThrowingDiscardingTaskGroup { connections in
                try await server.executeThenClose { inbound in
                    for try await connection in inbound {
                        connections.addTask {
                            await serve(connection, authenticate: authenticate, handler: handler)
                        }
                    }
                }
                connections.cancelAll()
            }
        }
        try await withTaskCancellationHandler {
            try await accepting.value
        } onCancel: {
            server.channel.close(promise: nil)
        }
    }

    private func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>,
                       authenticate: Authenticator, handler: Handler) async {
        let channel = connection.channel
        // A server that stops closes its connections: a kept-alive one would otherwise hold the
        // shutdown until the client closes it (reading the next request is not cancellable).
        await withTaskCancellationHandler {
            await serveRequests(connection, authenticate: authenticate, handler: handler)
        } onCancel: {
            channel.close(promise: nil)
        }
    }

    private func serveRequests(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>,
                               authenticate: Authenticator, handler: Handler) async {
        let channel = connection.channel
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var body: [UInt8] = []
                var tooLarge = false
                // Looked up once per connection, after the first request (the handshake is done by then).
                var clientCertificate: Certificate?
                var certificateLookedUp = false
                for try await part in inbound {
                    switch part {
                    case .head(let requestHead):
                        head = requestHead
                        body.removeAll(keepingCapacity: true)
                        tooLarge = requestHead.headers.first(name: "content-length").flatMap(Int.init).map { $0 > maxBodyBytes } ?? false
                    case .body(let chunk):
                        if !tooLarge {
                            if body.count + chunk.readableBytes > maxBodyBytes {
                                tooLarge = true
                                body.removeAll()
                            } else {
                                body.append(contentsOf: chunk.readableBytesView)
                            }
                        }
                    case .end:
                        guard let requestHead = head else { continue }
                        head = nil
                        if !certificateLookedUp {
                            clientCertificate = await Self.clientCertificate(of: channel)
                            certificateLookedUp = true
                        }
                        let (path, query) = APIRequest.splitTarget(requestHead.uri)
                        var request = APIRequest(method: requestHead.method.rawValue, path: path, query: query,
                                                 headers: requestHead.headers.map { ($0.name, $0.value) }, body: body)
                        let response: APIResponse
                        if tooLarge {
                            response = .error(.tooLarge(limit: maxBodyBytes))
                        } else if let user = authenticate(clientCertificate, request.header("Authorization")) {
                            request.user = user
                            response = await handler(request)
                        } else if Self.publicPaths.contains(path) {
                            request.user = .anonymous
                            response = await handler(request)
                        } else {
                            response = .error(.unauthorized())
                        }
                        let keepAlive = requestHead.isKeepAlive && !tooLarge
                        try await write(response, for: requestHead, keepAlive: keepAlive, to: outbound, channel: channel)
                        if !keepAlive { return }
                    }
                }
            }
        } catch {
            // A client that goes away mid-request or mid-stream is normal; nothing to report.
            logger.trace("connection ended: \(error)")
        }
    }

    private func write(_ response: APIResponse, for request: HTTPRequestHead, keepAlive: Bool,
                       to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>, channel: any Channel) async throws {
        var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
        headers.replaceOrAdd(name: "Cache-Control", value: "no-cache, private")
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        switch response.body {
        case .bytes(let bytes):
            headers.replaceOrAdd(name: "Content-Length", value: String(bytes.count))
            try await outbound.write(.head(HTTPResponseHead(version: request.version, status: .init(statusCode: response.status), headers: headers)))
            if request.method != .HEAD && !bytes.isEmpty {
                try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: bytes))))
            }
            try await outbound.write(.end(nil))
        case .stream(let chunks):
            // No Content-Length: NIO sends the body chunked. The stream ends when the producer
            // finishes it or when the client goes away (the write fails, or the channel closes).
            headers.remove(name: "Content-Length")
            try await outbound.write(.head(HTTPResponseHead(version: request.version, status: .init(statusCode: response.status), headers: headers)))
            // The writer stops when the stream ends, or when the channel closes (a client that
            // went away): the close callback cancels it. Once a stream has ended the connection
            // serves the next request, as keep-alive requires.
            let writer = Task {
                for await chunk in chunks {
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: chunk))))
                }
                try Task.checkCancellation()
                try await outbound.write(.end(nil))
            }
            channel.closeFuture.whenComplete { _ in writer.cancel() }
            try await withTaskCancellationHandler {
                try await writer.value
            } onCancel: {
                writer.cancel()
            }
        }
    }

    /// The verified client certificate of a connection, if the client sent one.
    private static func clientCertificate(of channel: any Channel) async -> Certificate? {
        let der = try? await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self).peerCertificate?.toDERBytes()
        }.get()
        guard let der else { return nil }
        return try? Certificate(derEncoded: der)
    }
}
