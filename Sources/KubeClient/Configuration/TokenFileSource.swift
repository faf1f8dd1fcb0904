#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// A bearer token kept in a file that something else rotates (a kubelet-projected service
/// account token, a kubeconfig `tokenFile`).
///
/// Each `token()` call checks the file's identity (device, inode, size, modification time — one
/// `stat`) and re-reads it when that changed, and in any case once `refreshInterval` has passed
/// since the last read (client-go re-reads every minute). A failed re-read keeps the last good
/// token, as client-go does, so a file caught mid-rotation never fails a request.
public final class TokenFileSource: Sendable {
    public let path: String
    public let refreshInterval: Duration
    private let now: @Sendable () -> Date
    private let state: Mutex<State>

    private struct State {
        var token: String
        var identity: FileIdentity?
        var readAt: Date
    }

    /// Reads the token at once: a missing, unreadable or empty file is an error here.
    public init(path: String, refreshInterval: Duration = .seconds(60),
                now: @escaping @Sendable () -> Date = { Date() }) throws {
        self.path = path
        self.refreshInterval = refreshInterval
        self.now = now
        let identity = FileIdentity(path: path)
        state = Mutex(State(token: try Self.read(path), identity: identity, readAt: now()))
    }

    /// The current token.
    public func token() -> String {
        state.withLock { state in
            let identity = FileIdentity(path: path)
            let elapsed = now().timeIntervalSince(state.readAt)
            guard identity != state.identity || elapsed >= refreshInterval.seconds else { return state.token }
            if let fresh = try? Self.read(path) {
                state.token = fresh
                state.identity = identity
            }
            state.readAt = now()
            return state.token
        }
    }

    private static func read(_ path: String) throws -> String {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ClientConfigurationError("cannot read token file \(path): \(error.localizedDescription)")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw ClientConfigurationError("read empty token from file \"\(path)\"") }
        return token
    }
}

/// What tells a rewritten or replaced file from the one read before.
private struct FileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modifiedSeconds: Int
    var modifiedNanoseconds: Int

    /// nil when the file cannot be examined. Symbolic links are followed (projected volumes
    /// swap a `..data` link on rotation).
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modifiedSeconds = info.st_mtim.tv_sec
        modifiedNanoseconds = info.st_mtim.tv_nsec
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    var seconds: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
