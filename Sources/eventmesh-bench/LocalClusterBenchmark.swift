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
        let server = try await BenchServer(binary: binary)
        defer { server.stop() }
        let base = server.base
        let client = HTTPClient(configuration: server.httpConfiguration(connections: writers + watchers + 4))
        let rssIdle = residentKiB(pid: server.pid)

        // Baseline: the same concurrency on a request that touches no store.
        let baselineCount = 4_000
        let baselineStart = ContinuousClock.now
        try await concurrently(baselineCount, writers) { _ in
            let response = try await client.send(HTTPRequest(url: base + "/readyz"))
            guard response.status == 200 else { throw BenchError.unexpected("readyz \(response.status)") }
        }
        let baselineRate = Double(baselineCount) / seconds(ContinuousClock.now - baselineStart)

        try await installWidgets(client, base)
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
        try await concurrently(objects, writers) { index in
            let sent = DispatchTime.now().uptimeNanoseconds
            let body = widget(index, sent: sent)
            let response = try await client.send(HTTPRequest(method: .post, url: collection,
                                                             headers: ["Content-Type": "application/json"], body: body.jsonBytes()))
            guard response.status == 201 else { throw BenchError.unexpected("create \(response.status): \(response.bodyText)") }
        }
        let writeSeconds = seconds(ContinuousClock.now - writeStart)
        var delivered = 0
        for task in watchTasks { delivered += try await task.value }
        let rssLoaded = residentKiB(pid: server.pid)

        var fullLists: [Double] = []
        var listedCount = 0
        for _ in 0..<5 {
            let start = ContinuousClock.now
            let response = try await client.send(HTTPRequest(url: collection))
            fullLists.append(seconds(ContinuousClock.now - start) * 1000)
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
        let pagedMs = seconds(ContinuousClock.now - pagedStart) * 1000
        let selectorStart = ContinuousClock.now
        let selected = try JSONValue(parsing: await client.send(HTTPRequest(url: collection + "?labelSelector=shard%3D3")).body)
        let selectorMs = seconds(ContinuousClock.now - selectorStart) * 1000
        let rssAfterLists = residentKiB(pid: server.pid)
        let peak = peakKiB(pid: server.pid)

        let all = latencies.sorted()
        report.add("eventmesh-local benchmark: \(objects) custom objects, \(writers) concurrent writers, \(watchers) watchers")
        report.add("")
        report.add("| measure | value |")
        report.add("|---|---|")
        report.add(String(format: "| baseline: GET /readyz, %d concurrent | %.0f req/s |", writers, baselineRate))
        report.add(String(format: "| create rate | %.0f writes/s (%.2f s for %d; %.2f× the baseline's request rate) |",
                          Double(objects) / writeSeconds, writeSeconds, objects, Double(objects) / writeSeconds / baselineRate))
        report.add(String(format: "| watch delivery (send → watcher), %d events | p50 %.2f ms, p99 %.2f ms, max %.2f ms |",
                          all.count, percentile(all, 0.50), percentile(all, 0.99), all.last ?? 0))
        report.add("| events delivered / expected | \(delivered) / \(objects * watchers) |")
        report.add(String(format: "| full list of %d objects | median %.1f ms (5 runs, min %.1f, max %.1f) |",
                          listedCount, percentile(fullLists.sorted(), 0.5), fullLists.min() ?? 0, fullLists.max() ?? 0))
        report.add(String(format: "| paged list, limit=500 | %.1f ms for %d pages |", pagedMs, pages))
        report.add(String(format: "| label-selected list (%d of %d) | %.1f ms |", selected["items"]?.arrayValue?.count ?? 0, objects, selectorMs))
        report.add(String(format: "| resident memory | idle %.1f MiB; after %d objects %.1f MiB; after lists %.1f MiB; peak %.1f MiB |",
                          Double(rssIdle) / 1024, objects, Double(rssLoaded) / 1024, Double(rssAfterLists) / 1024, Double(peak) / 1024))
        return report.lines
    }

    static let addedPrefix = Array(#"{"type":"ADDED""#.utf8)
    static let sentMarker = Array(#""bench/sent-ns":""#.utf8)

    /// The writer's send time from an event line's annotation (a scan, not a parse).
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
}
