import Foundation
import HTTP
import KubeClient
import KubeCore
import KubeRuntime
import StrictJSON
import Synchronization

/// The controller-runtime benchmark, against a real `eventmesh-local` process:
///
/// - **informer sync**: an informer lists 10,000 widgets into its cache; the baseline is the
///   same list fetched with the plain client in the same run (so the cost of the cache shows);
///   memory per cached object is this process's resident growth over the objects' JSON size;
/// - **informer + queue throughput**: the sync's 10,000 ADDED events through the handler into
///   the work queue and out to 4 workers with a no-op reconcile;
/// - **event → reconcile latency**: widgets are patched (annotation = send time) while the
///   controller runs; the reconciler records `start − send` (includes the PATCH, the server's
///   fan-out and the informer);
/// - **queue alone**: 1,000,000 adds of 10,000 keys through 4 workers.
struct RuntimeBenchmark {
    var binary: String
    var objects = 10_000
    var patches = 2_000
    var writers = 8

    /// Counts reconciles, and records latency for objects that carry a send time.
    final class Probe: Reconciler, Sendable {
        let cache: ObjectCache
        let latencies = LatencyLog()
        let reconciled = Tally()
        init(cache: ObjectCache) { self.cache = cache }

        func reconcile(_ request: ReconcileRequest) async throws -> ReconcileResult {
            let started = DispatchTime.now().uptimeNanoseconds
            reconciled.add(1)
            if let sent = cache.get(request.description)?["metadata"]?["annotations"]?["bench/patched-ns"]?.stringValue.flatMap(UInt64.init) {
                latencies.record(Double(started &- sent) / 1e6)
            }
            return .done
        }
    }

    func run() async throws -> [String] {
        var lines: [String] = []
        func report(_ line: String) { lines.append(line); print(line) }
        let server = try await BenchServer(binary: binary)
        defer { server.stop() }
        let http = HTTPClient(configuration: server.httpConfiguration(connections: writers + 4))
        try await installWidgets(http, server.base)
        let collection = server.base + "/apis/bench.eventmesh.io/v1/namespaces/default/widgets"
        var jsonBytes = 0
        let sizes = Tally()
        try await concurrently(objects, writers) { index in
            let body = widget(index, sent: 0).jsonBytes()
            let response = try await http.send(HTTPRequest(method: .post, url: collection, headers: ["Content-Type": "application/json"], body: body))
            guard response.status == 201 else { throw BenchError.unexpected("create \(response.status)") }
            sizes.add(response.body.count)
        }
        jsonBytes = sizes.value

        let client = KubeClient(server: server.base, http: server.httpConfiguration(connections: writers + 4),
                                options: .init(queriesPerSecond: 10_000, burst: 10_000))
        let path = try ResourcePath(GroupVersionResource(group: "bench.eventmesh.io", version: "v1", resource: "widgets"), namespace: "default")

        // Baseline: the plain list, three times, in this process.
        var baseline: [Double] = []
        for _ in 0..<3 {
            let start = ContinuousClock.now
            _ = try await client.listAll(path)
            baseline.append(seconds(ContinuousClock.now - start) * 1000)
        }

        let selfPid = getpid()
        let rssBefore = residentKiB(pid: selfPid)
        let informer = Informer(client: client, path: path)
        let probe = Probe(cache: informer.cache)
        let controller = Controller(name: "widgets", primary: informer, reconciler: probe, filter: .all, concurrency: 4)
        let syncStart = ContinuousClock.now
        let running = Task { await withTaskGroup(of: Void.self) { group in
            group.addTask { await informer.run() }
            group.addTask { await controller.run() }
        } }
        defer { running.cancel() }
        await informer.waitUntilSynced()
        let syncMs = seconds(ContinuousClock.now - syncStart) * 1000
        let rssAfter = residentKiB(pid: selfPid)
        while probe.reconciled.value < objects { try await Task.sleep(for: .milliseconds(5)) }
        let throughSeconds = seconds(ContinuousClock.now - syncStart)

        // Event → reconcile start, for patches made while the controller runs.
        let objects = objects
        try await concurrently(patches, writers) { index in
            let patch: JSONValue = ["metadata": ["annotations": ["bench/patched-ns": .string(String(DispatchTime.now().uptimeNanoseconds))]]]
            let response = try await http.send(HTTPRequest(method: .patch, url: collection + "/w-\(index % objects)",
                                                           headers: ["Content-Type": "application/merge-patch+json"], body: patch.jsonBytes()))
            guard response.status == 200 else { throw BenchError.unexpected("patch \(response.status)") }
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while probe.latencies.count < patches && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        let latencies = probe.latencies.sorted()

        // The queue alone.
        let queue = WorkQueue<Int>(name: "bench")
        let processed = Tally()
        let adds = 1_000_000
        let queueStart = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    while let key = await queue.next() {
                        processed.add(1)
                        queue.done(key)
                    }
                }
            }
            for index in 0..<adds { queue.add(index % 10_000) }
            await queue.shutDownWithDrain()
            try await group.waitForAll()
        }
        let queueSeconds = seconds(ContinuousClock.now - queueStart)
        let handled = processed.value

        let perObject = Double(rssAfter - rssBefore) * 1024 / Double(objects)
        let jsonPerObject = Double(jsonBytes) / Double(objects)
        report("controller-runtime benchmark: \(objects) widgets in eventmesh-local, 4 workers")
        report("")
        report("| measure | value |")
        report("|---|---|")
        report(String(format: "| baseline: plain paged list of %d objects | median %.0f ms |", objects, percentile(baseline.sorted(), 0.5)))
        report(String(format: "| informer sync (list into the cache) | %.0f ms (%.2f× the baseline) |", syncMs,
                      syncMs / max(percentile(baseline.sorted(), 0.5), 0.001)))
        report(String(format: "| informer + queue + 4 workers, the sync's %d events | %.0f events/s |", objects, Double(objects) / throughSeconds))
        report(String(format: "| event → reconcile start, %d patches | p50 %.2f ms, p99 %.2f ms, max %.2f ms |",
                      latencies.count, percentile(latencies, 0.5), percentile(latencies, 0.99), latencies.last ?? 0))
        report(String(format: "| cache memory | resident growth %.0f B per cached object (its JSON text: %.0f B) |",
                      perObject, jsonPerObject))
        report(String(format: "| work queue alone: %d adds of 10,000 keys, 4 workers | %.0f adds/s (%d reconciles after de-duplication) |",
                      adds, Double(adds) / queueSeconds, handled))
        return lines
    }
}
