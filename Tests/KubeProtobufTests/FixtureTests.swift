import Foundation
@testable import KubeProtobuf
import StrictJSON
import Testing

/// Bytes captured from real kubectl v1.32 by Fixtures/capture.py.
@Suite("Real kubectl bodies")
struct FixtureTests {
    /// Each body decodes to exactly the JSON kubectl itself renders for the object it sent
    /// (`--dry-run=client -o json`), less Go's nulls.
    @Test(arguments: Fixtures.protobuf.filter { $0 != "token" })
    func matchesKubectlsOwnJSON(_ name: String) throws {
        #expect(try Fixtures.decoded(name) == Fixtures.expected(name))
    }

    /// The JSON written by StrictJSON parses back to the same value.
    @Test(arguments: Fixtures.protobuf)
    func roundTripsThroughJSONText(_ name: String) throws {
        let value = try Fixtures.decoded(name)
        #expect(try JSONValue(parsing: value.jsonBytes()) == value)
        #expect(try JSONValue(parsing: value.jsonBytes(pretty: true)) == value)
    }

    /// Every capture was sent as protobuf, as requests.log recorded.
    @Test func capturesWereSentAsProtobuf() throws {
        let log = String(decoding: try Fixtures.bytes("requests.log"), as: UTF8.self)
        for name in Fixtures.protobuf {
            let post = log.split(separator: "\n").first { $0.hasPrefix("\(name) [POST]") }
            #expect(post?.contains("content-type=application/vnd.kubernetes.protobuf accept=application/vnd.kubernetes.protobuf,application/json") == true, "\(name)")
            #expect(try Fixtures.bytes(name + ".pb").starts(with: KubeProtobuf.magic))
        }
        // kubectl run and create -f send JSON.
        #expect(log.contains("pod [POST] /api/v1/namespaces/default/pods?fieldManager=kubectl-run content-type=application/json"))
        #expect(log.contains("pod-from-file [POST] /api/v1/namespaces/default/pods?fieldManager=kubectl-create&fieldValidation=Ignore content-type=application/json"))
    }

    @Test func namespace() throws {
        #expect(try Fixtures.decoded("namespace") == [
            "apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "n1"], "spec": [:], "status": [:],
        ])
    }

    @Test func configMap() throws {
        let configMap = try Fixtures.decoded("configmap")
        #expect(configMap[path: "metadata", "name"] == "c1")
        #expect(configMap["data"] == ["a": "b", "config.yaml": "mesh:\n  brokers: 3\n"])
        #expect(configMap["binaryData"] == ["blob.bin": .string(Format.base64([0x00, 0xFF, 0x10, 0x80, 0xC3]))])
        #expect(configMap["immutable"] == nil)
    }

    @Test func secrets() throws {
        let generic = try Fixtures.decoded("secret-generic")
        #expect(generic["data"] == ["password": "eA==", "user": "YWRtaW4="])
        #expect(Data.text(base64: generic[path: "data", "password"]) == "x")
        #expect(generic["type"] == nil)

        let tls = try Fixtures.decoded("secret-tls")
        #expect(tls["type"] == "kubernetes.io/tls")
        #expect(Data.text(base64: tls[path: "data", "tls.crt"])?.hasPrefix("-----BEGIN CERTIFICATE-----") == true)
        #expect(Data.text(base64: tls[path: "data", "tls.key"])?.hasPrefix("-----BEGIN PRIVATE KEY-----") == true)

        let registry = try Fixtures.decoded("secret-docker-registry")
        #expect(registry["type"] == "kubernetes.io/dockerconfigjson")
        let config = try JSONValue(parsing: Data.text(base64: registry[path: "data", ".dockerconfigjson"]) ?? "")
        #expect(config[path: "auths", "registry.example", "username"] == "u")
        #expect(config[path: "auths", "registry.example", "password"] == "p")
    }

    @Test func serviceAccount() throws {
        #expect(try Fixtures.decoded("serviceaccount") == [
            "apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "sa1"],
        ])
    }

    @Test func services() throws {
        let clusterIP = try Fixtures.decoded("service-clusterip")
        #expect(clusterIP[path: "spec", "type"] == "ClusterIP")
        #expect(clusterIP[path: "spec", "selector"] == ["app": "svc1"])
        #expect(clusterIP[path: "spec", "ports"] == [["name": "80-8080", "protocol": "TCP", "port": 80, "targetPort": 8080]])
        #expect(clusterIP["status"] == ["loadBalancer": [:]])

        let nodePort = try Fixtures.decoded("service-nodeport")
        #expect(nodePort[path: "spec", "ports"]?[0] == ["name": "443-https", "protocol": "TCP", "port": 443, "targetPort": "https", "nodePort": 30443])

        let external = try Fixtures.decoded("service-externalname")
        #expect(external[path: "spec", "type"] == "ExternalName")
        #expect(external[path: "spec", "externalName"] == "db.example.com")
        #expect(external[path: "spec", "ports"] == nil)
    }

    @Test func deployment() throws {
        let deployment = try Fixtures.decoded("deployment")
        #expect(deployment["apiVersion"] == "apps/v1")
        #expect(deployment[path: "spec", "replicas"] == 2)
        #expect(deployment[path: "spec", "selector"] == ["matchLabels": ["app": "d1"]])
        #expect(deployment[path: "spec", "template", "metadata", "labels"] == ["app": "d1"])
        #expect(deployment[path: "spec", "template", "spec", "containers"] == [[
            "name": "eventmesh-worker", "image": "eventmesh-worker:1.0",
            "ports": [["containerPort": 8080]], "resources": [:],
        ]])
        #expect(deployment[path: "spec", "strategy"] == [:])
    }

    @Test func rbac() throws {
        let role = try Fixtures.decoded("role")
        #expect(role["rules"] == [["verbs": ["get", "list"], "apiGroups": [""], "resources": ["pods"], "resourceNames": ["p1"]]])

        let clusterRole = try Fixtures.decoded("clusterrole")
        #expect(clusterRole["rules"]?[1] == ["verbs": ["get"], "nonResourceURLs": ["/healthz"]])

        let aggregate = try Fixtures.decoded("clusterrole-aggregate")
        #expect(aggregate["aggregationRule"] == ["clusterRoleSelectors": [["matchLabels": ["rbac.example.com/aggregate": "true"]]]])
        #expect(aggregate["rules"] == nil)

        let binding = try Fixtures.decoded("rolebinding")
        #expect(binding["roleRef"] == ["apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "r1"])
        #expect(binding["subjects"] == [
            ["kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": "alice"],
            ["kind": "ServiceAccount", "name": "sa1", "namespace": "default"],
        ])

        let clusterBinding = try Fixtures.decoded("clusterrolebinding")
        #expect(clusterBinding["roleRef"] == ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cr1"])
        #expect(clusterBinding["subjects"] == [["kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": "devs"]])
    }

    /// `kubectl create token sa1 --duration=10m --audience=eventmesh`.
    @Test func token() throws {
        #expect(try Fixtures.decoded("token") == [
            "apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "metadata": [:],
            "spec": ["audiences": ["eventmesh"], "expirationSeconds": 600],
            "status": ["token": ""],
        ])
    }

    @Test func jobs() throws {
        let job = try Fixtures.decoded("job")
        #expect(job[path: "spec", "template", "spec", "restartPolicy"] == "Never")
        #expect(job[path: "spec", "template", "spec", "containers"]?[0]?["image"] == "eventmesh-worker")
        let cronJob = try Fixtures.decoded("cronjob")
        #expect(cronJob[path: "spec", "schedule"] == "*/5 * * * *")
        #expect(cronJob[path: "spec", "jobTemplate", "metadata", "name"] == "cj1")
    }
}

@Suite("Malformed bodies")
struct FuzzTests {
    /// Thousands of deterministic mutations of the real bodies: each decodes or throws a
    /// described error; none traps.
    @Test func mutatedFixturesDecodeOrThrow() throws {
        var random = SeededGenerator(seed: 0x6B38_7300)
        var decoded = 0, thrown = 0
        for name in Fixtures.protobuf {
            let original = try Fixtures.bytes(name + ".pb")
            for _ in 0..<400 {
                var body = original
                for _ in 0..<Int.random(in: 1...3, using: &random) { mutate(&body, using: &random) }
                do {
                    _ = try KubeProtobuf.decode(body)
                    decoded += 1
                } catch {
                    #expect(!error.description.isEmpty)
                    thrown += 1
                }
            }
        }
        #expect(decoded + thrown == Fixtures.protobuf.count * 400)
        #expect(decoded > 0)
        #expect(thrown > 0)
    }

    /// Every prefix of every body: truncation anywhere throws or, at a field boundary, decodes.
    @Test func everyTruncationDecodesOrThrows() throws {
        for name in Fixtures.protobuf {
            let body = try Fixtures.bytes(name + ".pb")
            for length in 0..<body.count {
                _ = try? KubeProtobuf.decode(Array(body.prefix(length)))
            }
            #expect(throws: KubeProtobufError.self) { try KubeProtobuf.decode(Array(body.prefix(5))) }
        }
    }

    @Test func randomBytesAfterTheMagicThrowOrDecode() {
        var random = SeededGenerator(seed: 42)
        for _ in 0..<2_000 {
            let tail = (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            _ = try? KubeProtobuf.decode(KubeProtobuf.magic + tail)
        }
    }

    private func mutate(_ body: inout [UInt8], using random: inout SeededGenerator) {
        guard body.count > 4 else { return }
        // Mostly past the magic, so the envelope and object are what gets exercised.
        let position = Int.random(in: 4..<body.count, using: &random)
        switch Int.random(in: 0..<6, using: &random) {
        case 0: body.removeSubrange(position...)
        case 1: body[position] ^= 1 << UInt8.random(in: 0..<8, using: &random)
        case 2: body[position] = UInt8.random(in: 0...255, using: &random)
        case 3: body.insert(contentsOf: (0..<Int.random(in: 1...4, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }, at: position)
        case 4: body.removeSubrange(position..<min(body.count, position + Int.random(in: 1...8, using: &random)))
        default: body.replaceSubrange(position..<position, with: [UInt8](repeating: 0xFF, count: Int.random(in: 1...11, using: &random)))
        }
    }
}

@Suite("Envelope")
struct EnvelopeTests {
    @Test func recognisesTheMediaType() {
        #expect(KubeProtobuf.isProtobuf(contentType: "application/vnd.kubernetes.protobuf"))
        #expect(KubeProtobuf.isProtobuf(contentType: " Application/VND.Kubernetes.Protobuf ; charset=binary"))
        #expect(!KubeProtobuf.isProtobuf(contentType: "application/json"))
        #expect(!KubeProtobuf.isProtobuf(contentType: "application/vnd.kubernetes.protobuf+json"))
        #expect(!KubeProtobuf.isProtobuf(contentType: ""))
    }

    @Test func rejectsBodiesWithoutMagicOrType() {
        #expect(throws: KubeProtobufError.missingMagic) { try KubeProtobuf.decode([]) }
        #expect(throws: KubeProtobufError.missingMagic) { try KubeProtobuf.decode(Array(#"{"kind":"Pod"}"#.utf8)) }
        #expect(throws: KubeProtobufError.missingTypeMeta) { try KubeProtobuf.decode(KubeProtobuf.magic) }
        #expect(throws: KubeProtobufError.missingTypeMeta) { try KubeProtobuf.decode(ProtoWriter.envelope("", "Pod") { _ in }) }
    }

    @Test func namesUnsupportedKinds() {
        let error = KubeProtobufError.unsupportedKind(apiVersion: "apps/v1", kind: "StatefulSet")
        #expect(throws: error) { try KubeProtobuf.decode(ProtoWriter.envelope("apps/v1", "StatefulSet") { _ in }) }
        #expect(error.description == "unsupported kind apps/v1 StatefulSet")
        #expect(!KubeProtobuf.supports(apiVersion: "apps/v1", kind: "StatefulSet"))
        #expect(KubeProtobuf.supports(apiVersion: "apps/v1", kind: "Deployment"))
        #expect(KubeProtobuf.supports(apiVersion: "policy/v1", kind: "DeleteOptions"))
        #expect(KubeProtobuf.supportedKinds.count == Kinds.all.count)
        #expect(KubeProtobuf.supportedKinds.first! == ("apps/v1", "Deployment"))
    }

    @Test func rejectsContentEncoding() {
        let body = ProtoWriter.envelope("v1", "Namespace", encoding: "gzip") { _ in }
        #expect(throws: KubeProtobufError.unsupportedContentEncoding("gzip")) { try KubeProtobuf.decode(body) }
    }

    @Test func acceptsJSONRaw() throws {
        let body = ProtoWriter.envelope("v1", "Widget", raw: Array(#"{"spec":{"size":3}}"#.utf8), contentType: "application/json")
        #expect(try KubeProtobuf.decode(body) == ["apiVersion": "v1", "kind": "Widget", "spec": ["size": 3]])
        let notObject = ProtoWriter.envelope("v1", "Widget", raw: Array("[1]".utf8), contentType: "application/json")
        #expect(throws: KubeProtobufError.self) { try KubeProtobuf.decode(notObject) }
        let yaml = ProtoWriter.envelope("v1", "Widget", raw: [], contentType: "application/yaml")
        #expect(throws: KubeProtobufError.unsupportedContentType("application/yaml")) { try KubeProtobuf.decode(yaml) }
    }

    @Test func rejectsUnrepresentableValues() {
        let badNanos = ProtoWriter.envelope("v1", "Namespace") { $0.message(1) { $0.time(8, seconds: 1, nanos: 1_000_000_000) } }
        #expect(throws: KubeProtobufError.self) { try KubeProtobuf.decode(badNanos) }
        let farFuture = ProtoWriter.envelope("v1", "Namespace") { $0.message(1) { $0.time(8, seconds: 300_000_000_000) } }
        #expect(throws: KubeProtobufError.self) { try KubeProtobuf.decode(farFuture) }
        let badIntOrString = ProtoWriter.envelope("v1", "Service") {
            $0.message(2) { $0.message(1) { $0.message(4) { $0.int(1, 2) } } }
        }
        #expect(throws: KubeProtobufError.invalidValue(message: "IntOrString", field: "targetPort", reason: "unknown type 2")) {
            try KubeProtobuf.decode(badIntOrString)
        }
        let badFields = ProtoWriter.envelope("v1", "Namespace") {
            $0.message(1) { $0.message(17) { $0.message(7) { $0.string(1, "{not json") } } }
        }
        #expect(throws: KubeProtobufError.self) { try KubeProtobuf.decode(badFields) }
    }
}
