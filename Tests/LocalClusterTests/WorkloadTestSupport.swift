import Foundation
import HTTP
@testable import LocalCluster
import StrictJSON
import Testing

/// A control plane whose workload runner maps `eventmesh-worker` to the test fixture, with a
/// fast crash backoff and short grace periods, served over real TLS on a free port.
final class WorkloadCluster: Sendable {
    let plane: LocalControlPlane
    let port: Int
    let client: HTTPClient
    let task: Task<Void, any Error>
    let stateDirectory: String
    var kubeconfig: String { stateDirectory + "/kubeconfig" }

    /// The fixture executable SwiftPM builds next to the test bundle.
    static var fixture: String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let beside = URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("workload-fixture").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/workload-fixture").path
    }

    init(stateDirectory: String? = nil) async throws {
        let directory = stateDirectory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("eventmesh-workloads-\(UUID().uuidString)").path
        self.stateDirectory = directory
        var configuration = LocalControlPlane.Configuration(stateDirectory: directory, port: 0, kubeconfigPath: directory + "/kubeconfig")
        var workloads = WorkloadSettings(binDirectory: directory)
        workloads.images = ["eventmesh-worker": Self.fixture]
        workloads.backoffBase = .milliseconds(300)
        workloads.backoffCap = .seconds(1)
        workloads.maxGracePeriod = .seconds(2)
        workloads.shutdownGracePeriod = .seconds(1)
        configuration.workloads = workloads
        let plane = try await LocalControlPlane(configuration: configuration)
        self.plane = plane
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        task = Task { try await plane.run(onReady: { continuation.yield($0) }) }
        var iterator = ports.makeAsyncIterator()
        port = try #require(await iterator.next())
        client = HTTPClient(configuration: .init(tls: .init(
            trustRoots: .pem(Array(try plane.material.certificateAuthority.certificate.pemEncoded().utf8)),
            clientCertificate: .pem(Array(try plane.material.admin.certificate.pemEncoded().utf8)),
            clientKey: .pem(Array(try plane.material.admin.key.pemEncoded().utf8)))))
    }

    func url(_ path: String) -> String { "https://127.0.0.1:\(port)\(path)" }

    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, _ body: JSONValue? = nil,
              contentType: String = "application/json") async throws -> (Int, JSONValue) {
        let response = try await client.send(HTTPRequest(method: method, url: url(path), headers: ["Content-Type": contentType],
                                                         body: body?.jsonBytes(), timeout: .seconds(30)))
        return (response.status, (try? JSONValue(parsing: response.body)) ?? .string(response.bodyText))
    }

    /// A GET whose body is text (logs).
    func text(_ path: String) async throws -> (Int, String) {
        let response = try await client.send(HTTPRequest(url: url(path), timeout: .seconds(30)))
        return (response.status, response.bodyText)
    }

    func create(_ object: JSONValue) async throws -> JSONValue {
        let collection = switch object["kind"]?.stringValue {
        case "Deployment": "/apis/apps/v1/namespaces/default/deployments"
        case "Pod": "/api/v1/namespaces/default/pods"
        case "ConfigMap": "/api/v1/namespaces/default/configmaps"
        default: "/api/v1/namespaces/default/secrets"
        }
        let (status, created) = try await send(.post, collection, object)
        #expect(status == 201, "\(created)")
        return created
    }

    func patch(_ path: String, _ patch: JSONValue) async throws {
        let (status, body) = try await send(.patch, path, patch, contentType: "application/merge-patch+json")
        #expect(status == 200, "\(body)")
    }

    func pods(_ selector: String? = nil) async throws -> [JSONValue] {
        let query = selector.map { "?labelSelector=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) } ?? ""
        return try await send(.get, "/api/v1/namespaces/default/pods" + query).1["items"]?.arrayValue ?? []
    }

    func pod(_ name: String) async throws -> JSONValue? {
        let (status, pod) = try await send(.get, "/api/v1/namespaces/default/pods/\(name)")
        return status == 200 ? Optional(pod) : nil
    }

    func deployment(_ name: String) async throws -> JSONValue {
        try await send(.get, "/apis/apps/v1/namespaces/default/deployments/\(name)").1
    }

    /// Runs `body` against a fresh cluster, then stops it (also when `body` fails), so no
    /// process outlives the test.
    static func with(_ body: (WorkloadCluster) async throws -> Void) async throws {
        let cluster = try await WorkloadCluster()
        do {
            try await body(cluster)
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }

    /// Stops the control plane (its kubelet stops every process) and removes its state.
    func stop(keepState: Bool = false) async {
        task.cancel()
        _ = await task.result
        if !keepState { try? FileManager.default.removeItem(atPath: stateDirectory) }
    }
}

/// Polls `check` until it returns a value or `timeout` passes (then the test fails with `what`).
func eventually<T>(_ what: String, timeout: Duration = .seconds(40),
                   _ check: () async throws -> T?) async throws -> T {
    let deadline = ContinuousClock.now + timeout
    while true {
        if let value = try await check() { return value }
        guard ContinuousClock.now < deadline else {
            Issue.record("timed out waiting for \(what)")
            throw CancellationError()
        }
        try await Task.sleep(for: .milliseconds(100))
    }
}

/// Pod and Deployment bodies running the fixture.
enum WorkloadSamples {
    static func container(_ args: [String], ready: Bool = true, env: [JSONValue] = [], image: String = "eventmesh-worker:dev") -> JSONValue {
        var container: JSONValue = ["name": "app", "image": .string(image), "args": .array(args.map { .string($0) }),
                                    "ports": [["name": "http", "containerPort": 8080]]]
        if ready {
            container["readinessProbe"] = ["httpGet": ["path": "/readyz", "port": "http"], "periodSeconds": 1, "failureThreshold": 1]
        }
        if !env.isEmpty { container["env"] = .array(env) }
        return container
    }

    static func pod(_ name: String, _ args: [String] = [], env: [JSONValue] = [], image: String = "eventmesh-worker:dev",
                    labels: JSONValue = ["app": "fixture"], restartPolicy: String = "Always", grace: Int64? = nil) -> JSONValue {
        var spec: JSONValue = ["containers": [container(args, env: env, image: image)], "restartPolicy": .string(restartPolicy)]
        if let grace { spec["terminationGracePeriodSeconds"] = .integer(grace) }
        return ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "labels": labels], "spec": spec]
    }

    static func deployment(_ name: String, replicas: Int, _ args: [String] = []) -> JSONValue {
        ["apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": ["name": .string(name)],
         "spec": ["replicas": .integer(Int64(replicas)),
                  "selector": ["matchLabels": ["app": .string(name)]],
                  "strategy": ["rollingUpdate": ["maxSurge": 1, "maxUnavailable": 0]],
                  "template": ["metadata": ["labels": ["app": .string(name)]],
                               "spec": ["containers": [container(args)], "terminationGracePeriodSeconds": 5]]]]
    }

    /// The deployment's rollout is complete, by the rules `kubectl rollout status` applies.
    static func rolledOut(_ deployment: JSONValue) -> Bool {
        let status = deployment["status"] ?? [:]
        let count = { (field: String) in status[field]?.int64Value ?? 0 }
        let desired = deployment["spec"]?["replicas"]?.int64Value ?? 1
        return deployment.generation <= count("observedGeneration") && count("updatedReplicas") == desired
            && count("replicas") == count("updatedReplicas") && count("availableReplicas") == count("updatedReplicas")
    }

    static func condition(_ type: String, of object: JSONValue) -> JSONValue? {
        object["status"]?["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == type }
    }

    static func containerStatus(_ pod: JSONValue?) -> JSONValue? { pod?["status"]?["containerStatuses"]?[0] }
}
