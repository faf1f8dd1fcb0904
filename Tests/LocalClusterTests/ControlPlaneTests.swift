import Foundation
import HTTP
@testable import LocalCluster
import MeshCrypto
import StrictJSON
import Testing

/// The control plane served over real TLS, driven by the project's libcurl client with the
/// admin client certificate it generated.
@Suite(.serialized) struct ControlPlaneTests {
    final class Running: Sendable {
        let port: Int
        let client: HTTPClient
        let anonymous: HTTPClient
        let task: Task<Void, any Error>
        let stateDirectory: String

        init() async throws {
            stateDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("eventmesh-local-\(UUID().uuidString)").path
            let plane = try await LocalControlPlane(configuration: .init(stateDirectory: stateDirectory, port: 0))
            let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
            task = Task { try await plane.run(onReady: { continuation.yield($0) }) }
            var iterator = ports.makeAsyncIterator()
            port = try #require(await iterator.next())
            let ca = Array(try plane.material.certificateAuthority.certificate.pemEncoded().utf8)
            client = HTTPClient(configuration: .init(tls: .init(
                trustRoots: .pem(ca),
                clientCertificate: .pem(Array(try plane.material.admin.certificate.pemEncoded().utf8)),
                clientKey: .pem(Array(try plane.material.admin.key.pemEncoded().utf8)))))
            anonymous = HTTPClient(configuration: .init(tls: .init(trustRoots: .pem(ca))))
        }

        func url(_ path: String) -> String { "https://127.0.0.1:\(port)\(path)" }

        func send(_ method: HTTPMethod, _ path: String, _ body: JSONValue? = nil, using: HTTPClient? = nil) async throws -> (Int, JSONValue) {
            let response = try await (using ?? client).send(HTTPRequest(
                method: method, url: url(path), headers: ["Content-Type": "application/json"], body: body?.jsonBytes()))
            return (response.status, (try? JSONValue(parsing: response.body)) ?? .string(response.bodyText))
        }

        func stop() {
            task.cancel()
            try? FileManager.default.removeItem(atPath: stateDirectory)
        }
    }

    func configMap(_ name: String, _ value: String = "1") -> JSONValue {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name)], "data": ["k": .string(value)]]
    }

    @Test func discoveryAndHealth() async throws {
        let cluster = try await Running()
        defer { cluster.stop() }
        let (healthStatus, _) = try await cluster.send(.get, "/healthz", using: cluster.anonymous)
        #expect(healthStatus == 200)
        let (_, api) = try await cluster.send(.get, "/api")
        #expect(api["versions"] == ["v1"])
        let (_, groups) = try await cluster.send(.get, "/apis")
        let names = groups["groups"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(names.contains("apps") && names.contains("coordination.k8s.io") && names.contains("apiextensions.k8s.io"))
        let (_, core) = try await cluster.send(.get, "/api/v1")
        let configmaps = core["resources"]?.arrayValue?.first { $0["name"] == "configmaps" }
        #expect(configmaps?["shortNames"] == ["cm"])
        #expect(configmaps?["namespaced"] == true)
        let (missing, _) = try await cluster.send(.get, "/apis/nope.example.com/v1")
        #expect(missing == 404)
    }

    @Test func createGetUpdateDeleteWithConflicts() async throws {
        let cluster = try await Running()
        defer { cluster.stop() }
        let (created, object) = try await cluster.send(.post, "/api/v1/namespaces/default/configmaps", configMap("c1"))
        #expect(created == 201)
        let version = try #require(object["metadata"]?["resourceVersion"]?.stringValue)
        #expect(object["metadata"]?["uid"]?.stringValue?.count == 36)
        #expect(object["metadata"]?["namespace"] == "default")

        let (again, exists) = try await cluster.send(.post, "/api/v1/namespaces/default/configmaps", configMap("c1"))
        #expect(again == 409)
        #expect(exists["reason"] == "AlreadyExists")
        #expect(exists["message"] == #"configmaps "c1" already exists"#)

        var update = configMap("c1", "2")
        update = .object(update.objectValue!.merging(["metadata": ["name": "c1", "resourceVersion": .string(version)]]) { $1 })
        let (updated, newer) = try await cluster.send(.put, "/api/v1/namespaces/default/configmaps/c1", update)
        #expect(updated == 200)
        #expect(newer["data"]?["k"] == "2")
        let (stale, conflict) = try await cluster.send(.put, "/api/v1/namespaces/default/configmaps/c1", update)
        #expect(stale == 409)
        #expect(conflict["reason"] == "Conflict")

        let (listed, list) = try await cluster.send(.get, "/api/v1/namespaces/default/configmaps")
        #expect(listed == 200)
        #expect(list["kind"] == "ConfigMapList")
        #expect(list["items"]?.arrayValue?.count == 1)

        let (deleted, _) = try await cluster.send(.delete, "/api/v1/namespaces/default/configmaps/c1")
        #expect(deleted == 200)
        let (gone, notFound) = try await cluster.send(.get, "/api/v1/namespaces/default/configmaps/c1")
        #expect(gone == 404)
        #expect(notFound["reason"] == "NotFound")
        #expect(notFound["details"]?["kind"] == "configmaps")
    }

    @Test func aFinalizerHoldsADeletedObjectUntilItIsRemoved() async throws {
        let cluster = try await Running()
        defer { cluster.stop() }
        var held = configMap("held")
        held = .object(held.objectValue!.merging(["metadata": ["name": "held", "finalizers": ["eventmesh.coldchain.io/cleanup"]]]) { $1 })
        _ = try await cluster.send(.post, "/api/v1/namespaces/default/configmaps", held)
        let (status, marked) = try await cluster.send(.delete, "/api/v1/namespaces/default/configmaps/held")
        #expect(status == 200)
        #expect(marked["metadata"]?["deletionTimestamp"] != nil)
        let (stillThere, current) = try await cluster.send(.get, "/api/v1/namespaces/default/configmaps/held")
        #expect(stillThere == 200)
        var released = current
        released = .object(released.objectValue!.merging(["metadata": .object(current["metadata"]!.objectValue!.merging(["finalizers": []]) { $1 })]) { $1 })
        _ = try await cluster.send(.put, "/api/v1/namespaces/default/configmaps/held", released)
        let (gone, _) = try await cluster.send(.get, "/api/v1/namespaces/default/configmaps/held")
        #expect(gone == 404)
    }

    @Test func badRequestsAreRefusedWithTheRealServersStatuses() async throws {
        let cluster = try await Running()
        defer { cluster.stop() }
        let (unauthenticated, status) = try await cluster.send(.get, "/api/v1/namespaces", using: cluster.anonymous)
        #expect(unauthenticated == 401)
        #expect(status["reason"] == "Unauthorized")

        let malformed = try await cluster.client.send(HTTPRequest(method: .post, url: cluster.url("/api/v1/namespaces/default/configmaps"),
                                                                  body: Array(#"{"apiVersion": "v1", "kind"#.utf8)))
        #expect(malformed.status == 400)

        let huge = try await cluster.client.send(HTTPRequest(method: .post, url: cluster.url("/api/v1/namespaces/default/configmaps"),
                                                             body: [UInt8](repeating: UInt8(ascii: " "), count: 3 << 20 + 1)))
        #expect(huge.status == 413)

        let (noNamespace, missing) = try await cluster.send(.post, "/api/v1/namespaces/nowhere/configmaps", configMap("x"))
        #expect(noNamespace == 404)
        #expect(missing["message"] == #"namespaces "nowhere" not found"#)

        let (badName, invalid) = try await cluster.send(.post, "/api/v1/namespaces/default/configmaps", configMap("Not_Valid"))
        #expect(badName == 422)
        #expect(invalid["details"]?["causes"]?[0]?["field"] == "metadata.name")

        let (unknown, _) = try await cluster.send(.get, "/apis/apps/v1/namespaces/default/widgets")
        #expect(unknown == 404)

        // The server is still serving after all of that.
        let (alive, _) = try await cluster.send(.get, "/api/v1/namespaces/default")
        #expect(alive == 200)
    }

    @Test func aWatchStreamsChangesAndAnExpiredVersionGets410() async throws {
        let cluster = try await Running()
        defer { cluster.stop() }
        let stream = try await cluster.client.stream(HTTPRequest(
            url: cluster.url("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=30"), timeout: nil))
        #expect(stream.status == 200)
        _ = try await cluster.send(.post, "/api/v1/namespaces/default/configmaps", configMap("w1"))
        _ = try await cluster.send(.delete, "/api/v1/namespaces/default/configmaps/w1")
        var events: [String] = []
        for try await line in stream.body.lines() {
            let event = try JSONValue(parsing: line)
            events.append("\(event["type"]?.stringValue ?? "?") \(event["object"]?["metadata"]?["name"]?.stringValue ?? "?")")
            if events.count == 2 { break }
        }
        stream.body.cancel()
        #expect(events == ["ADDED w1", "DELETED w1"])
    }

    @Test func selectorsFilterListsAndWatches() async throws {
        let cluster = try await Running()
        defer { cluster.stop() }
        for (name, tier) in [("a", "dev"), ("b", "prod"), ("c", "dev")] {
            var object = configMap(name)
            object = .object(object.objectValue!.merging(["metadata": ["name": .string(name), "labels": ["tier": .string(tier)]]]) { $1 })
            _ = try await cluster.send(.post, "/api/v1/namespaces/default/configmaps", object)
        }
        let (_, dev) = try await cluster.send(.get, "/api/v1/namespaces/default/configmaps?labelSelector=tier%20in%20(dev)")
        #expect(dev["items"]?.arrayValue?.compactMap { $0["metadata"]?["name"]?.stringValue } == ["a", "c"])
        let (_, named) = try await cluster.send(.get, "/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name%3Db")
        #expect(named["items"]?.arrayValue?.compactMap { $0["metadata"]?["name"]?.stringValue } == ["b"])
        let (bad, _) = try await cluster.send(.get, "/api/v1/namespaces/default/configmaps?labelSelector=tier%20in%20(")
        #expect(bad == 400)

        // A watch through a selector sees an object leave it as DELETED.
        let stream = try await cluster.client.stream(HTTPRequest(
            url: cluster.url("/api/v1/namespaces/default/configmaps?watch=1&labelSelector=tier%3Ddev&timeoutSeconds=30"), timeout: nil))
        _ = try await cluster.client.send(HTTPRequest(
            method: .patch, url: cluster.url("/api/v1/namespaces/default/configmaps/a"),
            headers: ["Content-Type": "application/merge-patch+json"], body: Array(#"{"metadata":{"labels":{"tier":"prod"}}}"#.utf8)))
        var events: [String] = []
        for try await line in stream.body.lines() {
            let event = try JSONValue(parsing: line)
            events.append("\(event["type"]?.stringValue ?? "?") \(event["object"]?["metadata"]?["name"]?.stringValue ?? "?")")
            if events.count == 3 { break }
        }
        stream.body.cancel()
        #expect(events == ["ADDED a", "ADDED c", "DELETED a"])
    }

    @Test func patchesMergeAndJSONPatchAndGeneration() async throws {
        let cluster = try await Running()
        defer { cluster.stop() }
        _ = try await cluster.send(.post, "/api/v1/namespaces/default/configmaps", configMap("p"))
        func patch(_ type: String, _ body: String) async throws -> (Int, JSONValue) {
            let response = try await cluster.client.send(HTTPRequest(
                method: .patch, url: cluster.url("/api/v1/namespaces/default/configmaps/p"),
                headers: ["Content-Type": type], body: Array(body.utf8)))
            return (response.status, (try? JSONValue(parsing: response.body)) ?? .null)
        }
        let (merged, afterMerge) = try await patch("application/merge-patch+json", #"{"data":{"k":null,"n":"2"}}"#)
        #expect(merged == 200)
        #expect(afterMerge["data"] == ["n": "2"])
        let (patched, afterPatch) = try await patch("application/json-patch+json", #"[{"op":"add","path":"/data/m","value":"3"}]"#)
        #expect(patched == 200)
        #expect(afterPatch["data"] == ["n": "2", "m": "3"])
        let (failed, _) = try await patch("application/json-patch+json", #"[{"op":"test","path":"/data/m","value":"4"}]"#)
        #expect(failed == 422)
        let (unsupported, status) = try await patch("application/x-yaml", "data: {}")
        #expect(unsupported == 415)
        #expect(status["reason"] == "UnsupportedMediaType")
        let (missing, _) = try await cluster.client.send(HTTPRequest(
            method: .patch, url: cluster.url("/api/v1/namespaces/default/configmaps/nope"),
            headers: ["Content-Type": "application/merge-patch+json"], body: Array("{}".utf8))).statusAndBody()
        #expect(missing == 404)
    }

    @Test func objectsSurviveARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eventmesh-local-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try await LocalControlPlane(configuration: .init(stateDirectory: directory, port: 0))
        _ = try await first.store.mutate(GroupResource(group: "", resource: "configmaps"), ObjectKey(namespace: "default", name: "kept")) { _ in
            .create(try ObjectLifecycle.prepareCreate(configMap("kept"), type: BuiltinResources.core[1], namespace: "default", now: .now()))
        }
        let version = await first.store.resourceVersion
        let second = try await LocalControlPlane(configuration: .init(stateDirectory: directory, port: 0))
        #expect(await second.store.get(GroupResource(group: "", resource: "configmaps"), ObjectKey(namespace: "default", name: "kept")) != nil)
        #expect(await second.store.resourceVersion == version)
        #expect(try first.material.certificateAuthority.certificate.pemEncoded() == second.material.certificateAuthority.certificate.pemEncoded())
    }
}

extension HTTPResponse {
    func statusAndBody() -> (Int, String) { (status, bodyText) }
}
