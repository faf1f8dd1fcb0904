#if canImport(Glibc)
import Glibc
#endif
import CSpawn
import Foundation
import Synchronization

/// How a child process ended.
public enum ExitStatus: Equatable, Sendable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    public var description: String {
        switch self {
        case .exited(let code): "exit code \(code)"
        case .signaled(let signal): "killed by signal \(signal)"
        }
    }
}

/// A failure to start a process.
public struct SpawnError: Error, Sendable, CustomStringConvertible {
    public var executable: String
    public var message: String
    public var description: String { "cannot start \(executable): \(message)" }
}

/// A child process started with `posix_spawn`, owned by the caller.
///
/// Foundation's `Process` is avoided on purpose: on Linux its one monitor thread blocks in
/// `wait4` on a single child, so a long-running child keeps every other child from being reaped,
/// and its children inherit the parent's blocked signals (SIGTERM then does nothing). Here the
/// child gets an empty signal mask and default handlers, no inherited descriptors beyond 0–2,
/// its own process group (so a signal also reaches its children), and its own reaper thread.
public final class ChildProcess: Sendable {
    public enum Input: Sendable { case null, pipe, file(String) }
    public enum Output: Sendable { case inherit, discard, pipe, file(String) }

    public let pid: pid_t
    public let executable: String
    /// Write end of the child's stdin, with `.pipe`.
    public let standardInput: FileHandle?
    /// Read ends of the child's stdout and stderr, with `.pipe`.
    public let standardOutput: FileHandle?
    public let standardError: FileHandle?

    private let state = ExitState()

    /// Starts `executable` (a path, or a name looked up in `PATH`) with `arguments`.
    /// `environment` nil inherits this process's environment.
    public init(executable: String, arguments: [String] = [], environment: [String: String]? = nil,
                workingDirectory: String? = nil, standardInput: Input = .null,
                standardOutput: Output = .inherit, standardError: Output = .inherit) throws {
        self.executable = executable
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var parentEnds: [Int32] = []
        var childEnds: [Int32] = []
        defer { childEnds.forEach { _ = close($0) } }
        var openedParentEnds: [Int32] = []

        func pipePair() throws -> (read: Int32, write: Int32) {
            var fds: [Int32] = [0, 0]
            guard emp_pipe_cloexec(&fds) == 0 else {
                throw SpawnError(executable: executable, message: "pipe: \(String(cString: strerror(errno)))")
            }
            return (fds[0], fds[1])
        }

        switch standardInput {
        case .null:
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        case .file(let path):
            posix_spawn_file_actions_addopen(&actions, 0, path, O_RDONLY, 0)
        case .pipe:
            let fds = try pipePair()
            posix_spawn_file_actions_adddup2(&actions, fds.read, 0)
            childEnds.append(fds.read)
            openedParentEnds.append(fds.write)
        }
        var outputEnds: [Int32: Int32] = [:]
        for (target, output) in [(Int32(1), standardOutput), (Int32(2), standardError)] {
            switch output {
            case .inherit:
                break
            case .discard:
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            case .file(let path):
                posix_spawn_file_actions_addopen(&actions, target, path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            case .pipe:
                let fds = try pipePair()
                posix_spawn_file_actions_adddup2(&actions, fds.write, target)
                childEnds.append(fds.write)
                outputEnds[target] = fds.read
            }
        }
        parentEnds = openedParentEnds + Array(outputEnds.values)
        emp_addclosefrom(&actions, 3)
        if let workingDirectory {
            emp_addchdir(&actions, workingDirectory)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let environmentStrings = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let envp = environmentStrings.map { strdup($0) } + [nil]
        defer { envp.forEach { free($0) } }

        var spawned: pid_t = 0
        let result = posix_spawnp(&spawned, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            parentEnds.forEach { _ = close($0) }
            throw SpawnError(executable: executable, message: String(cString: strerror(result)))
        }
        let pid = spawned
        self.pid = pid
        self.standardInput = openedParentEnds.first.map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }
        self.standardOutput = outputEnds[1].map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }
        self.standardError = outputEnds[2].map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }

        let state = self.state
        let reaper = Thread {
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) == -1 && errno == EINTR {}
            // WIFEXITED / WEXITSTATUS / WTERMSIG, which are macros Swift cannot import.
            let status: ExitStatus = (raw & 0x7f) == 0 ? .exited((raw >> 8) & 0xff) : .signaled(raw & 0x7f)
            state.finish(status)
        }
        reaper.name = "eventmesh-reaper-\(pid)"
        reaper.start()
    }

    /// nil while the process runs.
    public var exitStatus: ExitStatus? { state.status }

    public var isRunning: Bool { exitStatus == nil }

    /// Sends `signal` to the child's process group (the child and whatever it started).
    public func signal(_ signal: Int32) {
        guard isRunning else { return }
        _ = Glibc.kill(-pid, signal)
    }

    public func waitForExit() async -> ExitStatus {
        await withCheckedContinuation { continuation in
            state.whenFinished { continuation.resume(returning: $0) }
        }
    }

    /// Blocks the calling thread until the process exits: for synchronous callers (tools, tests).
    /// The reaper thread wakes it directly, so it needs no other thread of the caller's pool.
    public func waitUntilExit() -> ExitStatus {
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<ExitStatus?>(nil)
        state.whenFinished { status in
            result.withLock { $0 = status }
            done.signal()
        }
        done.wait()
        return result.withLock { $0 } ?? .exited(-1)
    }

    /// SIGTERM, then SIGKILL if the process has not exited after `grace`.
    @discardableResult
    public func terminate(grace: Duration = .seconds(5)) async -> ExitStatus {
        signal(SIGTERM)
        // The kill is timed apart from the wait: a task group would wait for the (uncancellable)
        // wait to end before sending SIGKILL, so a process ignoring SIGTERM would never be killed.
        let killer = Task {
            try await Task.sleep(for: grace)
            signal(SIGKILL)
        }
        let status = await waitForExit()
        killer.cancel()
        return status
    }

    /// Reads the child's stdout up to and including the first newline (without it); nil at EOF.
    /// Blocking: call it off the cooperative pool, or only where the line is known to come soon.
    public func readLine() -> String? {
        guard let standardOutput else { return nil }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(standardOutput.fileDescriptor, &byte, 1) == 1 {
            if byte == UInt8(ascii: "\n") { return String(decoding: line, as: UTF8.self) }
            line.append(byte)
        }
        return line.isEmpty ? nil : String(decoding: line, as: UTF8.self)
    }

    deinit {
        // An owner that forgets its child must not leave it running.
        if exitStatus == nil { _ = Glibc.kill(-pid, SIGKILL) }
    }
}

/// The exit status once the reaper has it, and who is waiting for it.
private final class ExitState: Sendable {
    typealias Waiter = @Sendable (ExitStatus) -> Void
    private let state = Mutex<(status: ExitStatus?, waiters: [Waiter])>((nil, []))

    var status: ExitStatus? { state.withLock { $0.status } }

    func finish(_ status: ExitStatus) {
        let waiters = state.withLock { current -> [Waiter] in
            current.status = status
            defer { current.waiters = [] }
            return current.waiters
        }
        waiters.forEach { $0(status) }
    }

    /// Calls `waiter` once with the exit status: at once if known, else from the reaper thread.
    func whenFinished(_ waiter: @escaping Waiter) {
        let finished = state.withLock { current -> ExitStatus? in
            if let status = current.status { return status }
            current.waiters.append(waiter)
            return nil
        }
        if let finished { waiter(finished) }
    }
}
