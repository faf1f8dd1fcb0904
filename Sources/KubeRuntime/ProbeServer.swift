import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// The manager's plain-HTTP endpoint: `/healthz` (the process is alive), `/readyz` (the checks
/// pass: informers synced, ...) and `/metrics` (Prometheus text format), as controller-runtime
/// serves them on its probe and metrics addresses.
public struct ProbeServer: Sendable {
    public typealias Check = @Sendable () async -> Bool

    public var host: String
    /// 0 picks a free port (reported through `onBound`).
    public var port: Int
    var readiness: Check
    var metrics: @Sendable () -> [UInt8]
    var logger = Logger(label: "eventmesh.probes")

    public init(host: String = "127.0.0.1", port: Int, readiness: @escaping Check, metrics: @escaping @Sendable () -> [UInt8]) {
        self.host = host
        self.port = port
        self.readiness = readiness
        self.metrics = metrics
    }

    /// Serves until cancelled.
    public func run(onBound: @Sendable (Int) -> Void = { _ in }) async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                }
            }
        onBound(server.channel.localAddress?.port ?? port)
        // Stopping closes the listening channel, so connections already accepted are still served
        // (with a cancelled task that closes them) rather than dropped, which NIO treats as fatal.
        let accepting = Task {
            try await withThrowingDiscardingTaskGroup { connections in
                try await server.executeThenClose { inbound in
                    for try await connection in inbound {
                        connections.addTask { await serve(connection) }
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

    private func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        let channel = connection.channel
        await withTaskCancellationHandler {
            await serveRequests(connection)
        } onCancel: {
            channel.close(promise: nil)
        }
    }

    private func serveRequests(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                for try await part in inbound {
                    guard case .head(let head) = part else { continue }
                    let path = head.uri.split(separator: "?").first.map(String.init) ?? head.uri
                    let (status, type, body): (HTTPResponseStatus, String, [UInt8])
                    switch path {
                    case "/healthz", "/livez":
                        (status, type, body) = (.ok, "text/plain; charset=utf-8", Array("ok".utf8))
                    case "/readyz":
                        let ready = await readiness()
                        (status, type, body) = ready ? (.ok, "text/plain; charset=utf-8", Array("ok".utf8))
                            : (.serviceUnavailable, "text/plain; charset=utf-8", Array("not ready".utf8))
                    case "/metrics":
                        (status, type, body) = (.ok, "text/plain; version=0.0.4; charset=utf-8", metrics())
                    default:
                        (status, type, body) = (.notFound, "text/plain; charset=utf-8", Array("404 page not found".utf8))
                    }
                    let headers = HTTPHeaders([("Content-Type", type), ("Content-Length", String(body.count))])
                    try await outbound.write(.head(HTTPResponseHead(version: head.version, status: status, headers: headers)))
                    if head.method != .HEAD { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
                    try await outbound.write(.end(nil))
                    if !head.isKeepAlive { return }
                }
            }
        } catch {
            logger.trace("probe connection ended: \(error)")
        }
    }
}
