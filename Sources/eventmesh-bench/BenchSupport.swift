import Foundation
import HTTP
import LocalProcesses
import StrictJSON
import Synchronization

/// A fresh `eventmesh-local` process for one benchmark: its own state directory and CA, a free
/// port, stopped (SIGTERM) and removed afterwards.
final class BenchServer {
    let directory: String
    let process: ChildProcess
    /// `https://127.0.0.1:<port>`.
    let base: String
    var pki: String { directory + "/state/pki/" }
    var pid: pid_t { process.pid }

    init(binary: String) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("eventmesh-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let kubeconfig = directory + "/kubeconfig"
        process = try ChildProcess(executable: binary,
                                   arguments: ["--state-dir", directory + "/state", "--port", "0", "--kubeconfig", kubeconfig],
                                   standardOutput: .file(directory + "/server.log"), standardError: .file(directory + "/server.err"))
        base = try await Self.waitForKubeconfig(kubeconfig)
        let client = HTTPClient(configuration: httpConfiguration(connections: 2))
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let response = try? await client.send(HTTPRequest(url: base + "/readyz")), response.status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchError.unexpected("eventmesh-local not ready")
    }

    func httpConfiguration(connections: Int) -> HTTPClientConfiguration {
        HTTPClientConfiguration(tls: .init(trustRoots: .file(pki + "ca.crt"), clientCertificate: .file(pki + "admin.crt"),
                                           clientKey: .file(pki + "admin.key")),
                                maxIdleConnections: connections)
    }

    func stop() {
        process.signal(SIGTERM)
        _ = process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static func waitForKubeconfig(_ path: String) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.contains("server:") }) {
                return line.split(separator: " ").last.map(String.init)?.trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) ?? ""
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchError.unexpected("eventmesh-local did not write \(path) within 60 s")
    }
}

/// The benchmarks' custom kind: `widgets.bench.eventmesh.io`, with a small structural schema.
func installWidgets(_ client: HTTPClient, _ base: String) async throws {
    let schema: JSONValue = ["type": "object", "properties": [
        "spec": ["type": "object", "properties": [
            "size": ["type": "integer", "minimum": 0], "color": ["type": "string", "enum": ["blue", "red"]],
            "tags": ["type": "array", "items": ["type": "string"]],
        ]],
        "status": ["type": "object", "x-kubernetes-preserve-unknown-fields": true],
    ]]
    let crd: JSONValue = [
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": ["name": "widgets.bench.eventmesh.io"],
        "spec": ["group": "bench.eventmesh.io", "scope": "Namespaced",
                 "names": ["plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList"],
                 "versions": [["name": "v1", "served": true, "storage": true, "subresources": ["status": [:]],
                               "schema": ["openAPIV3Schema": schema]]]],
    ]
    let created = try await client.send(HTTPRequest(method: .post, url: base + "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                                                    headers: ["Content-Type": "application/json"], body: crd.jsonBytes()))
    guard created.status == 201 else { throw BenchError.unexpected("CRD \(created.status): \(created.bodyText)") }
    let deadline = ContinuousClock.now + .seconds(30)
    while ContinuousClock.now < deadline {
        if try await client.send(HTTPRequest(url: base + "/apis/bench.eventmesh.io/v1/namespaces/default/widgets")).status == 200 { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw BenchError.unexpected("the CRD was not served within 30 s")
}

/// A widget whose annotation carries the writer's monotonic send time.
func widget(_ index: Int, sent: UInt64) -> JSONValue {
    ["apiVersion": "bench.eventmesh.io/v1", "kind": "Widget",
     "metadata": ["name": .string("w-\(index)"), "labels": ["shard": .string(String(index % 16))],
                  "annotations": ["bench/sent-ns": .string(String(sent))]],
     "spec": ["size": .integer(Int64(index)), "color": "blue", "tags": ["a", "b"]]]
}

/// Runs `work(0..<count)` with `width` in flight at a time.
func concurrently(_ count: Int, _ width: Int, _ work: @escaping @Sendable (Int) async throws -> Void) async throws {
    let next = Counter()
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<width {
            group.addTask {
                while let index = next.take(below: count) { try await work(index) }
            }
        }
        try await group.waitForAll()
    }
}

enum BenchError: Error, CustomStringConvertible {
    case unexpected(String)
    var description: String {
        switch self { case .unexpected(let message): message }
    }
}

/// Hands out indexes to concurrent workers.
final class Counter: Sendable {
    private let value = Mutex(0)
    func take(below limit: Int) -> Int? {
        value.withLock { current in
            guard current < limit else { return nil }
            defer { current += 1 }
            return current
        }
    }
}

/// A shared running total.
final class Tally: Sendable {
    private let total = Mutex(0)
    func add(_ amount: Int) { total.withLock { $0 += amount } }
    var value: Int { total.withLock { $0 } }
}

/// Latencies from many tasks.
final class LatencyLog: Sendable {
    private let values = Mutex<[Double]>([])
    func record(_ milliseconds: Double) { values.withLock { $0.append(milliseconds) } }
    func sorted() -> [Double] { values.withLock { $0.sorted() } }
    var count: Int { values.withLock { $0.count } }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.down)))]
}

func residentKiB(pid: pid_t) -> Int { procStatusField("VmRSS", pid: pid) }
func peakKiB(pid: pid_t) -> Int { procStatusField("VmHWM", pid: pid) }

private func procStatusField(_ name: String, pid: pid_t) -> Int {
    let text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
    let line = text.split(separator: "\n").first { $0.hasPrefix(name + ":") } ?? ""
    return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
}
