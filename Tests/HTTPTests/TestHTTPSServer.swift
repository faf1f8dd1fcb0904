import Foundation
import LocalProcesses
import Synchronization

/// The Python HTTPS server of `Fixtures/https_server.py`, started once per test process.
final class TestHTTPSServer: Sendable {
    let tlsPort: Int
    let mtlsPort: Int
    let certDirectory: String
    private let process: ChildProcess

    private static let shared = Mutex<TestHTTPSServer?>(nil)

    /// The running server, started on first use (it exits when this process does).
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
        process = try ChildProcess(executable: "python3", arguments: [fixture, "--workdir", workdir],
                                   standardInput: .pipe, standardOutput: .pipe)
        // The server prints one JSON line when it listens; EOF means it died first.
        guard let line = process.readLine(),
              let ready = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let tls = ready["tlsPort"] as? Int, let mtls = ready["mtlsPort"] as? Int,
              let directory = ready["certDirectory"] as? String
        else {
            process.signal(SIGKILL)
            throw TestServerError(message: "test HTTPS server did not start (\(process.exitStatus.map { "\($0)" } ?? "no ready line"))")
        }
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
