import Foundation
import Synchronization
import HTTP
import LocalProcesses
import StrictJSON

/// The eventmesh-local benchmark: a real `eventmesh-local` process with its own state, driven over
/// TLS by the project's libcurl client. Creates custom objects with concurrent writers while
/// watchers follow them, then lists them, and reads the server's resident memory from /proc.
/// The baseline is the same clients doing `GET /readyz` (TLS, routing, no store) in the same run.
struct LocalClusterBenchmark {
    var binary: String
    var objects = 10_000
    var watchers = 10
    var writers = 8

    struct Report {
        var lines: [String] = []
        mutating func add(_ line: String) {
            lines.append(line)
            print(line)
        }
    }

    func run() async throws -> [String] {
        var report = Report()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eventmesh-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let kubeconfig = directory + "/kubeconfig"
        let server = try ChildProcess(executable: binary,
                                      arguments: ["--state-dir", directory + "/state", "--port", "0", "--kubeconfig", kubeconfig],
                                      standardOutput: .file(directory + "/server.log"), standardError: .file(directory + "/server.err"))
        defer { _ = server.waitUntilExitAfterSignal() }
        let base = try await waitForServer(kubeconfig: kubeconfig)
        let pki = directory + "/state/pki/"
        let client = HTTPClient(configuration: .init(
            tls: .init(trustRoots: .file(pki + "ca.crt"), clientCertificate: .file(pki + "admin.crt"), clientKey: .file(pki + "admin.key")),
            maxIdleConnections: writers + watchers + 4))
        try await waitReady(client, base)
        let rssIdle = Self.residentKiB(pid: server.pid)

        // Baseline: the same concurrency on a request that touches no store.
        let baselineCount = 4_000
        let baselineStart = ContinuousClock.now
        try await concurrently(baselineCount) { _ in
            let response = try await client.send(HTTPRequest(url: base + "/readyz"))
            guard response.status == 200 else { throw BenchError.unexpected("readyz \(response.status)") }
        }
        let baselineRate = Double(baselineCount) / Self.seconds(ContinuousClock.now - baselineStart)

        try await installCRD(client, base)
        let collection = base + "/apis/bench.eventmesh.io/v1/namespaces/default/widgets"
        let startVersion = try await JSONValue(parsing: client.send(HTTPRequest(url: collection)).body)["metadata"]?["resourceVersion"]?.stringValue ?? "0"

        // Watchers: each records, per event, now − the writer's send time (annotation).
        let latencies = LatencyLog()
        var watchTasks: [Task<Int, any Error>] = []
        for _ in 0..<watchers {
            let stream = try await client.stream(HTTPRequest(url: collection + "?watch=true&resourceVersion=\(startVersion)",
                                                             timeout: nil))
            let expected = objects
            watchTasks.append(Task {
                var seen = 0
                var lines = stream.body.lines().makeAsyncIterator()
                while seen < expected, let line = try await lines.next() {
                    let received = DispatchTime.now().uptimeNanoseconds
                    // A scan, not a parse: the watchers share the 2 cores with the server.
                    guard line.starts(with: Self.addedPrefix), let sent = Self.sentTime(in: line) else { continue }
                    latencies.record(Double(received &- sent) / 1e6)
                    seen += 1
                }
                stream.body.cancel()
                return seen
            })
        }

        let writeStart = ContinuousClock.now
        try await concurrently(objects) { index in
            let sent = DispatchTime.now().uptimeNanoseconds
            let body: JSONValue = [
                "apiVersion": "bench.eventmesh.io/v1", "kind": "Widget",
                "metadata": ["name": .string("w-\(index)"), "labels": ["shard": .string(String(index % 16))],
                             "annotations": ["bench/sent-ns": .string(String(sent))]],
                "spec": ["size": .integer(Int64(index)), "color": "blue", "tags": ["a", "b"]],
            ]
            let response = try await client.send(HTTPRequest(method: .post, url: collection,
                                                             headers: ["Content-Type": "application/json"], body: body.jsonBytes()))
            guard response.status == 201 else { throw BenchError.unexpected("create \(response.status): \(response.bodyText)") }
        }
        let writeSeconds = Self.seconds(ContinuousClock.now - writeStart)
        var delivered = 0
        for task in watchTasks { delivered += try await task.value }
        let rssLoaded = Self.residentKiB(pid: server.pid)

        var fullLists: [Double] = []
        var listedCount = 0
        for _ in 0..<5 {
            let start = ContinuousClock.now
            let response = try await client.send(HTTPRequest(url: collection))
            fullLists.append(Self.seconds(ContinuousClock.now - start) * 1000)
            listedCount = (try JSONValue(parsing: response.body))["items"]?.arrayValue?.count ?? 0
        }
        let pagedStart = ContinuousClock.now
        var pages = 0
        var token: String?
        repeat {
            let query = "?limit=500" + (token.map { "&continue=\($0)" } ?? "")
            let page = try JSONValue(parsing: await client.send(HTTPRequest(url: collection + query)).body)
            token = page["metadata"]?["continue"]?.stringValue
            pages += 1
        } while token != nil
        let pagedMs = Self.seconds(ContinuousClock.now - pagedStart) * 1000
        let selectorStart = ContinuousClock.now
        let selected = try JSONValue(parsing: await client.send(HTTPRequest(url: collection + "?labelSelector=shard%3D3")).body)
        let selectorMs = Self.seconds(ContinuousClock.now - selectorStart) * 1000
        let rssAfterLists = Self.residentKiB(pid: server.pid)
        let peak = Self.peakKiB(pid: server.pid)

        let all = latencies.sorted()
        report.add("eventmesh-local benchmark: \(objects) custom objects, \(writers) concurrent writers, \(watchers) watchers")
        report.add("")
        report.add("| measure | value |")
        report.add("|---|---|")
        report.add(String(format: "| baseline: GET /readyz, %d concurrent | %.0f req/s |", writers, baselineRate))
        report.add(String(format: "| create rate | %.0f writes/s (%.2f s for %d; %.2f× the baseline's request rate) |",
                          Double(objects) / writeSeconds, writeSeconds, objects, Double(objects) / writeSeconds / baselineRate))
        report.add(String(format: "| watch delivery (send → watcher), %d events | p50 %.2f ms, p99 %.2f ms, max %.2f ms |",
                          all.count, Self.percentile(all, 0.50), Self.percentile(all, 0.99), all.last ?? 0))
        report.add("| events delivered / expected | \(delivered) / \(objects * watchers) |")
        report.add(String(format: "| full list of %d objects | median %.1f ms (5 runs, min %.1f, max %.1f) |",
                          listedCount, Self.percentile(fullLists.sorted(), 0.5), fullLists.min() ?? 0, fullLists.max() ?? 0))
        report.add(String(format: "| paged list, limit=500 | %.1f ms for %d pages |", pagedMs, pages))
        report.add(String(format: "| label-selected list (%d of %d) | %.1f ms |", selected["items"]?.arrayValue?.count ?? 0, objects, selectorMs))
        report.add(String(format: "| resident memory | idle %.1f MiB; after %d objects %.1f MiB; after lists %.1f MiB; peak %.1f MiB |",
                          Double(rssIdle) / 1024, objects, Double(rssLoaded) / 1024, Double(rssAfterLists) / 1024, Double(peak) / 1024))
        return report.lines
    }

    // MARK: helpers

    private func waitForServer(kubeconfig: String) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: kubeconfig, encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.contains("server:") }) {
                return line.split(separator: " ").last.map(String.init)?.trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) ?? ""
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchError.unexpected("eventmesh-local did not write \(kubeconfig) within 60 s")
    }

    private func waitReady(_ client: HTTPClient, _ base: String) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let response = try? await client.send(HTTPRequest(url: base + "/readyz")), response.status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchError.unexpected("eventmesh-local not ready")
    }

    private func installCRD(_ client: HTTPClient, _ base: String) async throws {
        let schema: JSONValue = ["type": "object", "properties": [
            "spec": ["type": "object", "properties": [
                "size": ["type": "integer", "minimum": 0], "color": ["type": "string", "enum": ["blue", "red"]],
                "tags": ["type": "array", "items": ["type": "string"]],
            ]],
        ]]
        let crd: JSONValue = [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": ["name": "widgets.bench.eventmesh.io"],
            "spec": ["group": "bench.eventmesh.io", "scope": "Namespaced",
                     "names": ["plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList"],
                     "versions": [["name": "v1", "served": true, "storage": true, "schema": ["openAPIV3Schema": schema]]]],
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

    /// Runs `work(0..<count)` with `writers` in flight at a time.
    private func concurrently(_ count: Int, _ work: @escaping @Sendable (Int) async throws -> Void) async throws {
        let next = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<writers {
                group.addTask {
                    while let index = next.take(below: count) { try await work(index) }
                }
            }
            try await group.waitForAll()
        }
    }

    static let addedPrefix = Array(#"{"type":"ADDED""#.utf8)
    static let sentMarker = Array(#""bench/sent-ns":""#.utf8)

    /// The writer's send time from the event line's annotation.
    static func sentTime(in line: [UInt8]) -> UInt64? {
        guard line.count > sentMarker.count else { return nil }
        for start in 0...(line.count - sentMarker.count) where line[start] == sentMarker[0] {
            guard line[start..<start + sentMarker.count].elementsEqual(sentMarker) else { continue }
            var value: UInt64 = 0
            var index = start + sentMarker.count
            while index < line.count, (48...57).contains(line[index]) {
                value = value * 10 + UInt64(line[index] - 48)
                index += 1
            }
            return value
        }
        return nil
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.down)))]
    }

    static func residentKiB(pid: pid_t) -> Int { statusField("VmRSS", pid: pid) }
    static func peakKiB(pid: pid_t) -> Int { statusField("VmHWM", pid: pid) }

    private static func statusField(_ name: String, pid: pid_t) -> Int {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix(name + ":") } ?? ""
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
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

/// Latencies from many watcher tasks.
final class LatencyLog: Sendable {
    private let values = Mutex<[Double]>([])
    func record(_ milliseconds: Double) { values.withLock { $0.append(milliseconds) } }
    func sorted() -> [Double] { values.withLock { $0.sorted() } }
}

extension ChildProcess {
    /// SIGTERM, then the exit status (the server stops its listener and returns).
    func waitUntilExitAfterSignal() -> ExitStatus {
        signal(SIGTERM)
        return waitUntilExit()
    }
}
