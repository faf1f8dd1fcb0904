import Foundation
@testable import LocalCluster
import LocalProcesses
import Testing

/// The acceptance of eventmesh-local: the real `kubectl` installed on the machine drives a
/// control plane started in this process, with the project's CRDs and samples.
@Suite(.serialized) struct KubectlTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    struct Result {
        var status: LocalProcesses.ExitStatus
        var output: String
        var error: String
        var succeeded: Bool { status == .exited(0) }
    }

    final class Cluster: Sendable {
        let task: Task<Void, any Error>
        let directory: String
        let kubeconfig: String
        let port: Int

        init() async throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubectl-\(UUID().uuidString)").path
            kubeconfig = directory + "/kubeconfig"
            let plane = try await LocalControlPlane(configuration: .init(stateDirectory: directory + "/state", port: 0,
                                                                         kubeconfigPath: kubeconfig))
            let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
            task = Task { try await plane.run(onReady: { continuation.yield($0) }) }
            var iterator = ports.makeAsyncIterator()
            port = try #require(await iterator.next())
        }

        /// Starts kubectl with this cluster's kubeconfig and its own cache; output goes to files.
        func start(_ arguments: [String], input: String? = nil) throws -> (ChildProcess, String) {
            let id = UUID().uuidString
            let output = "\(directory)/\(id).out"
            var stdin: ChildProcess.Input = .null
            if let input {
                let path = "\(directory)/\(id).in"
                try Data(input.utf8).write(to: URL(fileURLWithPath: path))
                stdin = .file(path)
            }
            let process = try ChildProcess(
                executable: "kubectl", arguments: ["--kubeconfig", kubeconfig, "--cache-dir", directory + "/cache"] + arguments,
                workingDirectory: KubectlTests.repository, standardInput: stdin,
                standardOutput: .file(output), standardError: .file(output + ".err"))
            return (process, output)
        }

        @discardableResult
        func kubectl(_ arguments: String..., input: String? = nil) async throws -> Result {
            try await run(arguments, input: input)
        }

        func run(_ arguments: [String], input: String? = nil) async throws -> Result {
            let (process, output) = try start(arguments, input: input)
            let status = await process.waitForExit()
            return Result(status: status, output: Self.read(output), error: Self.read(output + ".err"))
        }

        static func read(_ path: String) -> String {
            (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        }

        /// Applies the CRDs and waits until they are established.
        func installCRDs() async throws {
            let applied = try await kubectl("apply", "-f", "crds/")
            #expect(applied.succeeded, "\(applied.error)")
            let waited = try await kubectl("wait", "--for=condition=Established", "crd", "--all", "--timeout=30s")
            #expect(waited.succeeded, "\(waited.error)")
        }

        func stop() {
            task.cancel()
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    /// Polls `condition` until it holds or the deadline passes.
    static func eventually(_ seconds: Double = 20, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    static let route = """
        apiVersion: eventmesh.coldchain.io/v1alpha1
        kind: EventRoute
        metadata:
          name: NAME
          labels: {tier: LABEL}
        spec:
          source:
            brokerRef: {name: kafka-local}
            kafka: {topic: orders}
          sink:
            brokerRef: {name: rabbitmq-local}
            rabbitmq: {exchange: orders, routingKey: created}
        """

    static func route(_ name: String, label: String = "gold") -> String {
        route.replacingOccurrences(of: "NAME", with: name).replacingOccurrences(of: "LABEL", with: label)
    }

    @Test func versionDiscoveryAndCRDs() async throws {
        let cluster = try await Cluster()
        defer { cluster.stop() }
        let version = try await cluster.kubectl("version")
        #expect(version.succeeded)
        #expect(version.output.contains("Server Version: v1.32.0-eventmesh-local"))
        try await cluster.installCRDs()
        let resources = try await cluster.kubectl("api-resources", "--api-group=eventmesh.coldchain.io")
        #expect(resources.succeeded)
        let line = resources.output.split(separator: "\n").first { $0.hasPrefix("eventroutes") }
        #expect(line?.contains("er") == true && line?.contains("EventRoute") == true && line?.contains("true") == true)
        #expect(resources.output.contains("meshbrokers") && resources.output.contains("dynamobindings"))
    }

    @Test func applyTwiceGetDescribeExplain() async throws {
        let cluster = try await Cluster()
        defer { cluster.stop() }
        try await cluster.installCRDs()
        let first = try await cluster.kubectl("apply", "-f", "samples/eventroute.yaml")
        #expect(first.succeeded, "\(first.error)")
        #expect(first.output.contains("eventroute.eventmesh.coldchain.io/stock-bajo created"))
        let second = try await cluster.kubectl("apply", "-f", "samples/eventroute.yaml")
        #expect(second.succeeded)
        // The mesh objects are unchanged; a Secret written with stringData is "configured" on every
        // apply, as on a real cluster (the server stores it as data).
        let lines = second.output.split(separator: "\n").filter { $0.contains("eventmesh.coldchain.io") }
        #expect(lines.count == 3 && lines.allSatisfy { $0.hasSuffix(" unchanged") }, "\(second.output)")

        let table = try await cluster.kubectl("get", "eventroutes")
        #expect(table.output.split(separator: "\n").first?.split(separator: " ", omittingEmptySubsequences: true)
            == ["NAME", "SOURCE", "SINK", "READY", "REASON", "AGE"])
        #expect(table.output.contains("stock-bajo"))
        let category = try await cluster.kubectl("get", "eventmesh")
        #expect(category.output.contains("eventroute.eventmesh.coldchain.io/stock-bajo"))
        #expect(category.output.contains("meshbroker.eventmesh.coldchain.io/kafka-local"))
        let yaml = try await cluster.kubectl("get", "er", "stock-bajo", "-o", "yaml")
        #expect(yaml.output.contains("kind: EventRoute") && yaml.output.contains("resourceVersion:"))
        let described = try await cluster.kubectl("describe", "er", "stock-bajo")
        #expect(described.succeeded, "\(described.error)")
        #expect(described.output.contains("Name:         stock-bajo") && described.output.contains("Events:"))
        let explained = try await cluster.kubectl("explain", "eventroute.spec.delivery")
        #expect(explained.succeeded, "\(explained.error)")
        #expect(explained.output.contains("FIELD: delivery <Object>") && explained.output.contains("deadLetter"))
    }

    @Test func patchLabelAnnotateAndSelect() async throws {
        let cluster = try await Cluster()
        defer { cluster.stop() }
        try await cluster.installCRDs()
        let manifests = ["a", "b", "c"].map { Self.route($0, label: $0 == "c" ? "bronze" : "gold") }.joined(separator: "\n---\n")
        #expect(try await cluster.kubectl("apply", "-f", "-", input: manifests).succeeded)

        let merge = try await cluster.kubectl("patch", "er", "a", "--type", "merge", "-p", #"{"spec":{"filter":{"types":["x.y"]}}}"#)
        #expect(merge.output.contains("eventroute.eventmesh.coldchain.io/a patched"), "\(merge.error)")
        let json = try await cluster.kubectl("patch", "er", "a", "--type", "json",
                                             "-p", #"[{"op":"replace","path":"/spec/source/kafka/topic","value":"payments"}]"#)
        #expect(json.succeeded, "\(json.error)")
        let topic = try await cluster.kubectl("get", "er", "a", "-o", "jsonpath={.spec.source.kafka.topic} {.metadata.generation}")
        #expect(topic.output == "payments 3")

        #expect(try await cluster.kubectl("label", "er", "b", "team=cold").output.contains("labeled"))
        #expect(try await cluster.kubectl("annotate", "er", "b", "note=checked").output.contains("annotated"))
        let labelled = try await cluster.kubectl("get", "er", "-l", "team=cold", "-o", "name")
        #expect(labelled.output == "eventroute.eventmesh.coldchain.io/b\n")
        let gold = try await cluster.kubectl("get", "er", "-l", "tier in (gold)", "-o", "name")
        #expect(gold.output.split(separator: "\n").count == 2)
        let byName = try await cluster.kubectl("get", "er", "--field-selector", "metadata.name=c", "-o", "name")
        #expect(byName.output == "eventroute.eventmesh.coldchain.io/c\n")
        let annotation = try await cluster.kubectl("get", "er", "b", "-o", "jsonpath={.metadata.annotations.note}")
        #expect(annotation.output == "checked")

        let chunked = try await cluster.kubectl("get", "er", "--chunk-size=1", "-o", "name", "-v=6")
        #expect(chunked.output.split(separator: "\n") == ["eventroute.eventmesh.coldchain.io/a", "eventroute.eventmesh.coldchain.io/b",
                                                           "eventroute.eventmesh.coldchain.io/c"])
        #expect(chunked.error.components(separatedBy: "continue=").count - 1 == 2, "three pages: two continuations")
    }

    @Test func watchSeesChanges() async throws {
        let cluster = try await Cluster()
        defer { cluster.stop() }
        try await cluster.installCRDs()
        #expect(try await cluster.kubectl("apply", "-f", "-", input: Self.route("w")).succeeded)
        let (watcher, output) = try cluster.start(["get", "er", "-w", "--output-watch-events"])
        #expect(try await Self.eventually { Cluster.read(output).contains("ADDED") })
        #expect(try await cluster.kubectl("label", "er", "w", "seen=yes").succeeded)
        #expect(try await Self.eventually { Cluster.read(output).contains("MODIFIED") })
        #expect(try await cluster.kubectl("delete", "er", "w").succeeded)
        #expect(try await Self.eventually { Cluster.read(output).contains("DELETED") })
        _ = await watcher.terminate(grace: .seconds(2))
    }

    @Test func finalizerHoldsDeletionUntilRemoved() async throws {
        let cluster = try await Cluster()
        defer { cluster.stop() }
        try await cluster.installCRDs()
        #expect(try await cluster.kubectl("apply", "-f", "-", input: Self.route("held")).succeeded)
        #expect(try await cluster.kubectl("patch", "er", "held", "--type", "merge",
                                          "-p", #"{"metadata":{"finalizers":["eventmesh.coldchain.io/cleanup"]}}"#).succeeded)
        let deleted = try await cluster.kubectl("delete", "er", "held", "--wait=false")
        #expect(deleted.output.contains("deleted"))
        let marked = try await cluster.kubectl("get", "er", "held", "-o", "jsonpath={.metadata.deletionTimestamp}")
        #expect(marked.succeeded && !marked.output.isEmpty)
        #expect(try await cluster.kubectl("patch", "er", "held", "--type", "json",
                                          "-p", #"[{"op":"remove","path":"/metadata/finalizers"}]"#).succeeded)
        let gone = try await cluster.kubectl("get", "er", "held")
        #expect(!gone.succeeded)
        #expect(gone.error.contains(#"eventroutes.eventmesh.coldchain.io "held" not found"#))
    }

    @Test func waitForReadyAfterStatusPatch() async throws {
        let cluster = try await Cluster()
        defer { cluster.stop() }
        try await cluster.installCRDs()
        #expect(try await cluster.kubectl("apply", "-f", "-", input: Self.route("ready")).succeeded)
        let (waiter, output) = try cluster.start(["wait", "--for=condition=Ready", "er/ready", "--timeout=60s"])
        let status = #"{"status":{"conditions":[{"type":"Ready","status":"True","reason":"Bridged","message":"ok","lastTransitionTime":"2026-11-23T00:00:00Z"}]}}"#
        let patched = try await cluster.kubectl("patch", "er", "ready", "--subresource=status", "--type", "merge", "-p", status)
        #expect(patched.succeeded, "\(patched.error)")
        #expect(await waiter.waitForExit() == .exited(0))
        #expect(Cluster.read(output).contains("eventroute.eventmesh.coldchain.io/ready condition met"))
        let table = try await cluster.kubectl("get", "er", "ready", "--no-headers")
        #expect(table.output.contains("True") && table.output.contains("Bridged"))
    }

    @Test func staleReplaceIsAConflict() async throws {
        let cluster = try await Cluster()
        defer { cluster.stop() }
        try await cluster.installCRDs()
        #expect(try await cluster.kubectl("apply", "-f", "-", input: Self.route("stale")).succeeded)
        let stale = try await cluster.kubectl("get", "er", "stale", "-o", "json")
        #expect(try await cluster.kubectl("label", "er", "stale", "moved=on").succeeded)
        let replaced = try await cluster.kubectl("replace", "-f", "-", input: stale.output)
        #expect(!replaced.succeeded)
        #expect(replaced.error.contains("Operation cannot be fulfilled on eventroutes.eventmesh.coldchain.io \"stale\": the object has been modified; please apply your changes to the latest version and try again"), "\(replaced.error)")
    }

    @Test func refusedRequests() async throws {
        let cluster = try await Cluster()
        defer { cluster.stop() }
        let unknown = try await cluster.kubectl("get", "--raw", "/apis/nope.example.com/v1/things")
        #expect(!unknown.succeeded && unknown.error.contains("NotFound"), "\(unknown.error)")
        let malformed = try await cluster.kubectl("create", "--raw", "/api/v1/namespaces/default/configmaps", "-f", "-",
                                                  input: "{not json")
        #expect(!malformed.succeeded && malformed.error.contains("BadRequest"), "\(malformed.error)")
        let big = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"big\"},\"data\":{\"k\":\""
            + String(repeating: "x", count: 3 * 1024 * 1024 + 10) + "\"}}"
        let tooLarge = try await cluster.kubectl("create", "--raw", "/api/v1/namespaces/default/configmaps", "-f", "-", input: big)
        #expect(!tooLarge.succeeded && tooLarge.error.contains("Request entity too large"), "\(tooLarge.error.prefix(300))")
        let stranger = cluster.directory + "/stranger.yaml"
        try Data("""
            apiVersion: v1
            kind: Config
            clusters: [{name: local, cluster: {server: "https://127.0.0.1:\(cluster.port)", insecure-skip-tls-verify: true}}]
            users: [{name: stranger, user: {token: not-a-token}}]
            contexts: [{name: local, context: {cluster: local, user: stranger}}]
            current-context: local
            """.utf8).write(to: URL(fileURLWithPath: stranger))
        let anonymous = try await cluster.kubectl("get", "configmaps", "--kubeconfig", stranger)
        #expect(!anonymous.succeeded)
        #expect(anonymous.error.contains("You must be logged in to the server"), "\(anonymous.error)")
        let health = try await cluster.kubectl("get", "--raw", "/readyz")
        #expect(health.output == "ok")
    }

    @Test func namespaceDeletionCascades() async throws {
        let cluster = try await Cluster()
        defer { cluster.stop() }
        let manifests = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: doomed}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: inside, namespace: doomed}
            data: {k: v}
            """
        #expect(try await cluster.kubectl("apply", "-f", "-", input: manifests).succeeded)
        let table = try await cluster.kubectl("get", "cm", "-n", "doomed")
        #expect(table.output.contains("DATA") && table.output.contains("inside"))
        let deleted = try await cluster.kubectl("delete", "namespace", "doomed", "--timeout=30s")
        #expect(deleted.succeeded, "\(deleted.error)")
        let gone = try await cluster.kubectl("get", "namespace", "doomed")
        #expect(gone.error.contains(#"namespaces "doomed" not found"#))
        let contents = try await cluster.kubectl("get", "--raw", "/api/v1/namespaces/doomed/configmaps")
        #expect(contents.output.contains(#""items":[]"#))
    }

    @Test func generatorsSendProtobufAndTokensAuthenticate() async throws {
        let cluster = try await Cluster()
        defer { cluster.stop() }
        #expect(try await cluster.kubectl("create", "namespace", "gen").output == "namespace/gen created\n")
        #expect(try await cluster.kubectl("create", "configmap", "settings", "-n", "gen", "--from-literal=mode=cold").succeeded)
        #expect(try await cluster.kubectl("create", "secret", "generic", "creds", "-n", "gen", "--from-literal=password=hunter2").succeeded)
        #expect(try await cluster.kubectl("create", "serviceaccount", "operator", "-n", "gen").succeeded)
        let secret = try await cluster.kubectl("get", "secret", "creds", "-n", "gen", "-o", "jsonpath={.data.password}")
        #expect(secret.output == "aHVudGVyMg==")
        let table = try await cluster.kubectl("get", "configmap", "settings", "-n", "gen")
        #expect(table.output.contains("DATA") && table.output.contains("settings   1"))

        let token = try await cluster.kubectl("create", "token", "operator", "-n", "gen", "--duration=15m")
        #expect(token.succeeded, "\(token.error)")
        let bearer = token.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let account = cluster.directory + "/account.yaml"
        try Data("""
            apiVersion: v1
            kind: Config
            clusters: [{name: local, cluster: {server: "https://127.0.0.1:\(cluster.port)", insecure-skip-tls-verify: true}}]
            users: [{name: operator, user: {token: "\(bearer)"}}]
            contexts: [{name: local, context: {cluster: local, user: operator, namespace: gen}}]
            current-context: local
            """.utf8).write(to: URL(fileURLWithPath: account))
        let asAccount = try await cluster.kubectl("get", "configmaps", "-o", "name", "--kubeconfig", account)
        #expect(asAccount.output == "configmap/settings\n", "\(asAccount.error)")
        let tampered = try await cluster.kubectl("get", "configmaps", "--kubeconfig", account, "--token", bearer + "x")
        #expect(tampered.error.contains("You must be logged in to the server"))
    }

    @Test func applyingADeploymentTwiceMergesContainersByName() async throws {
        let cluster = try await Cluster()
        defer { cluster.stop() }
        let manifest = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: bridge}
            spec:
              replicas: 1
              selector: {matchLabels: {app: bridge}}
              template:
                metadata: {labels: {app: bridge}}
                spec:
                  containers:
                  - name: worker
                    image: registry.example/eventmesh-worker:IMAGE
                    ports: [{containerPort: 8080, name: http}]
                    env: [{name: MODE, value: bridge}]
            """
        #expect(try await cluster.kubectl("apply", "-f", "-", input: manifest.replacingOccurrences(of: "IMAGE", with: "1")).succeeded)
        let second = try await cluster.kubectl("apply", "-f", "-", input: manifest.replacingOccurrences(of: "IMAGE", with: "2"))
        #expect(second.output == "deployment.apps/bridge configured\n", "\(second.error)")
        let fields = try await cluster.kubectl("get", "deploy", "bridge", "-o",
                                               "jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].ports[0].containerPort} {.spec.template.spec.containers[0].env[0].value} {.metadata.generation}")
        #expect(fields.output == "registry.example/eventmesh-worker:2 8080 bridge 2")
        let third = try await cluster.kubectl("apply", "-f", "-", input: manifest.replacingOccurrences(of: "IMAGE", with: "2"))
        #expect(third.output == "deployment.apps/bridge unchanged\n")
    }

    @Test func serverSideApplyOwnsFieldsAndReportsConflicts() async throws {
        let cluster = try await Cluster()
        defer { cluster.stop() }
        try await cluster.installCRDs()
        let first = try await cluster.kubectl("apply", "--server-side", "-f", "-", input: Self.route("ssa"))
        #expect(first.output == "eventroute.eventmesh.coldchain.io/ssa serverside-applied\n", "\(first.error)")
        let managers = try await cluster.kubectl("get", "er", "ssa", "--show-managed-fields", "-o",
                                                 "jsonpath={.metadata.managedFields[*].manager} {.metadata.managedFields[*].operation}")
        #expect(managers.output == "kubectl Apply")
        #expect(try await cluster.kubectl("patch", "er", "ssa", "--type", "merge", "--field-manager", "bob",
                                          "-p", #"{"spec":{"source":{"kafka":{"topic":"payments"}}}}"#).succeeded)
        let conflict = try await cluster.kubectl("apply", "--server-side", "-f", "-", input: Self.route("ssa"))
        #expect(!conflict.succeeded)
        #expect(conflict.error.contains(#"Apply failed with 1 conflict: conflict with "bob" using eventmesh.coldchain.io/v1alpha1: .spec.source.kafka.topic"#),
                "\(conflict.error)")
        let forced = try await cluster.kubectl("apply", "--server-side", "--force-conflicts", "-f", "-", input: Self.route("ssa"))
        #expect(forced.succeeded)
        let topic = try await cluster.kubectl("get", "er", "ssa", "-o", "jsonpath={.spec.source.kafka.topic}")
        #expect(topic.output == "orders")
        let dryRun = try await cluster.kubectl("apply", "--server-side", "--dry-run=server", "-f", "-",
                                               input: Self.route("ssa").replacingOccurrences(of: "orders", with: "dry"))
        #expect(dryRun.output.contains("serverside-applied (server dry run)"))
        #expect(try await cluster.kubectl("get", "er", "ssa", "-o", "jsonpath={.spec.source.kafka.topic}").output == "orders")
    }

    @Test func invalidCustomResourcesAreRefusedWithTheField() async throws {
        let cluster = try await Cluster()
        defer { cluster.stop() }
        try await cluster.installCRDs()
        let invalid = Self.route("bad") + "\n  delivery: {ordering: Sometimes, retry: {maxAttempts: 0}}"
        let refused = try await cluster.kubectl("apply", "-f", "-", input: invalid)
        #expect(!refused.succeeded)
        #expect(refused.error.contains(#"The EventRoute "bad" is invalid: "#), "\(refused.error)")
        #expect(refused.error.contains(#"spec.delivery.ordering: Unsupported value: "Sometimes": supported values: "None", "PerKey", "Strict""#),
                "\(refused.error)")
        #expect(refused.error.contains("spec.delivery.retry.maxAttempts: Invalid value: 0"), "\(refused.error)")

        let unknown = try await cluster.kubectl("apply", "-f", "-", input: Self.route("odd") + "\n  colour: blue")
        #expect(unknown.error.contains(#"strict decoding error: unknown field "spec.colour""#), "\(unknown.error)")
        let lenient = try await cluster.kubectl("apply", "--validate=warn", "-f", "-", input: Self.route("odd") + "\n  colour: blue")
        #expect(lenient.succeeded)
        #expect(lenient.error.contains(#"Warning: unknown field "spec.colour""#), "\(lenient.error)")

        let defaulted = try await cluster.kubectl("get", "er", "odd", "-o", "jsonpath={.spec.delivery.ordering}")
        #expect(defaulted.output == "PerKey", "the schema's default is applied")
    }
}
