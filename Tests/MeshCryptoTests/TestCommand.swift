import Foundation
import LocalProcesses
#if canImport(Glibc)
import Glibc
#endif

/// A folder of its own for one test, removed by `remove()`.
struct ScratchFolder {
    let path: String

    init(_ label: String) throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("meshcrypto-\(label)-\(UUID().uuidString)", isDirectory: true).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { "\(path)/\(name)" }

    func write(_ text: String, to name: String) throws {
        try text.write(toFile: file(name), atomically: true, encoding: .utf8)
    }

    func read(_ name: String) throws -> String {
        try String(contentsOfFile: file(name), encoding: .utf8)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A program a test runs (the `openssl` and `curl` command lines). Its output goes to files,
/// so no pipe can fill up and stall it; its exit is awaited, never polled.
final class TestCommand: Sendable {
    private let child: ChildProcess
    private let outputFile: String
    private let errorFile: String
    let commandLine: String

    /// Starts `arguments` (looked up on PATH), reading `input` as standard input.
    init(_ arguments: [String], input: String = "", in folder: ScratchFolder) throws {
        let name = "\(arguments.first ?? "command")-\(UUID().uuidString)"
        outputFile = folder.file("\(name).out")
        errorFile = folder.file("\(name).err")
        commandLine = arguments.joined(separator: " ")
        try folder.write(input, to: "\(name).in")
        child = try ChildProcess(executable: arguments.first ?? "true", arguments: Array(arguments.dropFirst()),
                                 standardInput: .file(folder.file("\(name).in")),
                                 standardOutput: .file(outputFile), standardError: .file(errorFile))
    }

    /// Runs a command to its end; kills it and throws when it outlives `timeout`.
    static func run(_ arguments: [String], input: String = "", in folder: ScratchFolder,
                    timeout: Duration = .seconds(60)) async throws -> (status: Int32, output: String) {
        let command = try TestCommand(arguments, input: input, in: folder)
        let status = try await command.waitForExit(timeout: timeout)
        return (status, command.output + command.errorOutput)
    }

    var isRunning: Bool { child.isRunning }
    var output: String { (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? "" }
    var errorOutput: String { (try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? "" }

    /// The exit code; after `timeout` the process is killed and this throws.
    func waitForExit(timeout: Duration) async throws -> Int32 {
        let watchdog = Task { [child] in
            try await Task.sleep(for: timeout)  // a deadline, cancelled as soon as the process exits
            child.signal(SIGKILL)
            return true
        }
        let status = await child.waitForExit()
        watchdog.cancel()
        if (try? await watchdog.value) == true {
            throw TestFailure("`\(commandLine)` ran longer than \(timeout): \(output)\(errorOutput)")
        }
        switch status {
        case .exited(let code): return code
        case .signaled(let signal): return 128 + signal
        }
    }

    /// Kills the process (if still running) and waits until it has exited.
    func stop() async {
        child.signal(SIGKILL)
        _ = await child.waitForExit()
    }
}

/// TCP on the loopback interface, for servers started by tests.
enum Loopback {
    /// A port nothing listens on right now (the kernel's pick for an ephemeral bind).
    static func freePort() throws -> UInt16 {
        let socketHandle = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketHandle >= 0 else { throw TestFailure("socket() failed: errno \(errno)") }
        defer { close(socketHandle) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socketHandle, generic, length) == 0 && getsockname(socketHandle, generic, &length) == 0
            }
        }
        guard bound else { throw TestFailure("cannot bind 127.0.0.1:0: errno \(errno)") }
        return UInt16(bigEndian: address.sin_port)
    }

    /// True once a TCP connection to 127.0.0.1:`port` is accepted.
    static func accepts(port: UInt16) -> Bool {
        let socketHandle = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketHandle >= 0 else { return false }
        defer { close(socketHandle) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socketHandle, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// Waits until `port` accepts connections; throws after `timeout` or if `server` exits first.
    static func waitUntilAccepting(port: UInt16, server: TestCommand, timeout: Duration) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while !accepts(port: port) {
            guard server.isRunning else {
                throw TestFailure("`\(server.commandLine)` exited before listening: \(server.output)\(server.errorOutput)")
            }
            guard clock.now < deadline else {
                throw TestFailure("nothing accepted on 127.0.0.1:\(port) within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(20))  // poll interval of a deadline-bounded wait
        }
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        return address
    }
}
