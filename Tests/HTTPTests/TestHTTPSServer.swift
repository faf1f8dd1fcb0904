import Foundation
import Synchronization

/// The Python HTTPS server of `Fixtures/https_server.py`, started once per test process.
final class TestHTTPSServer: Sendable {
    let tlsPort: Int
    let mtlsPort: Int
    let certDirectory: String
    private let process: Process
    private let stdin: Pipe

    private static let shared = Mutex<TestHTTPSServer?>(nil)

    /// The running server, started on first use (the server exits when this process does).
    static func get() throws -> TestHTTPSServer {
        try shared.withLock { server in
            if let server { return server }
            let started = try TestHTTPSServer()
            server = started
            return started
        }
    }

    private init() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/https_server.py").path
        let workdir = FileManager.default.temporaryDirectory
            .appendingPathComponent("eventmesh-http-tests-\(UUID().uuidString)").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", fixture, "--workdir", workdir]
        stdin = Pipe()
        process.standardInput = stdin

        let stdout = Pipe()
        process.standardOutput = stdout
        try process.run()

        // The server prints one JSON line when it listens; EOF means it died first.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty {
                throw TestServerError(message: "test HTTPS server exited before it was ready")
            }
            line.append(chunk)
        }
        let ready = try JSONSerialization.jsonObject(with: line) as? [String: Any]
        guard let ready, let tls = ready["tlsPort"] as? Int, let mtls = ready["mtlsPort"] as? Int,
              let directory = ready["certDirectory"] as? String
        else { throw TestServerError(message: "unreadable ready.json") }
        tlsPort = tls
        mtlsPort = mtls
        certDirectory = directory
    }

    func url(_ path: String, mtls: Bool = false) -> String {
        "https://127.0.0.1:\(mtls ? mtlsPort : tlsPort)\(path)"
    }

    func path(_ file: String) -> String { "\(certDirectory)/\(file)" }

    func pem(_ file: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path(file)))) }
}

struct TestServerError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
