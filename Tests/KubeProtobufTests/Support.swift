import Foundation
@testable import KubeProtobuf
import StrictJSON

/// Writes protobuf fields, to build the bodies a Kubernetes client would send.
struct ProtoWriter {
    private(set) var bytes: [UInt8] = []

    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func tag(_ field: Int, _ wireType: UInt8) { varint(UInt64(field) << 3 | UInt64(wireType)) }

    /// An int32, int64 or enum field (negative values take ten bytes, as Go writes them).
    mutating func int(_ field: Int, _ value: Int64) {
        tag(field, 0)
        varint(UInt64(bitPattern: value))
    }

    mutating func bool(_ field: Int, _ value: Bool) { int(field, value ? 1 : 0) }

    mutating func bytes(_ field: Int, _ value: [UInt8]) {
        tag(field, 2)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func string(_ field: Int, _ value: String) { bytes(field, Array(value.utf8)) }

    mutating func message(_ field: Int, _ build: (inout ProtoWriter) -> Void) {
        bytes(field, ProtoWriter.build(build))
    }

    /// One entry of a map<string, string>.
    mutating func entry(_ field: Int, _ key: String, _ value: String) {
        message(field) { $0.string(1, key); $0.string(2, value) }
    }

    /// A meta/v1 Time or MicroTime.
    mutating func time(_ field: Int, seconds: Int64, nanos: Int64 = 0) {
        message(field) { $0.int(1, seconds); if nanos != 0 { $0.int(2, nanos) } }
    }

    /// An intstr.IntOrString holding a number.
    mutating func intOrString(_ field: Int, _ value: Int64) {
        message(field) { $0.int(1, 0); $0.int(2, value); $0.string(3, "") }
    }

    /// An intstr.IntOrString holding a string.
    mutating func intOrString(_ field: Int, _ value: String) {
        message(field) { $0.int(1, 1); $0.int(2, 0); $0.string(3, value) }
    }

    /// One entry of a map<string, Quantity>.
    mutating func quantity(_ field: Int, _ key: String, _ value: String) {
        message(field) { $0.string(1, key); $0.message(2) { $0.string(1, value) } }
    }

    mutating func raw(_ bytes: [UInt8]) { self.bytes.append(contentsOf: bytes) }

    static func build(_ build: (inout ProtoWriter) -> Void) -> [UInt8] {
        var writer = ProtoWriter()
        build(&writer)
        return writer.bytes
    }

    /// A whole request body: `k8s\0` and a runtime.Unknown around the object's bytes.
    static func envelope(
        _ apiVersion: String, _ kind: String, contentType: String = "", encoding: String = "",
        _ object: (inout ProtoWriter) -> Void
    ) -> [UInt8] {
        envelope(apiVersion, kind, raw: build(object), contentType: contentType, encoding: encoding)
    }

    static func envelope(
        _ apiVersion: String, _ kind: String, raw: [UInt8], contentType: String = "", encoding: String = ""
    ) -> [UInt8] {
        KubeProtobuf.magic + build {
            $0.message(1) { $0.string(1, apiVersion); $0.string(2, kind) }
            $0.bytes(2, raw)
            $0.string(3, encoding)
            $0.string(4, contentType)
        }
    }
}

/// The bodies captured from real kubectl (see Fixtures/README.md).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Every `.pb` capture. Each but `token` has a `.expected.json` from `--dry-run=client -o json`.
    static let protobuf = [
        "namespace", "configmap", "secret-generic", "secret-tls", "secret-docker-registry", "serviceaccount",
        "service-clusterip", "service-nodeport", "service-externalname", "deployment", "role", "clusterrole",
        "clusterrole-aggregate", "rolebinding", "clusterrolebinding", "token", "job", "cronjob",
    ]

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func decoded(_ name: String) throws -> JSONValue {
        try KubeProtobuf.decode(bytes(name + ".pb"))
    }

    /// kubectl's own JSON of the object, without the nulls Go writes for nil slices and zero
    /// timestamps (which the decoder leaves out).
    static func expected(_ name: String) throws -> JSONValue {
        withoutNulls(try JSONValue(parsing: bytes(name + ".expected.json")))
    }

    static func withoutNulls(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            .object(members.filter { $0.value != .null }.mapValues(withoutNulls))
        case .array(let elements):
            .array(elements.map(withoutNulls))
        default:
            value
        }
    }
}

/// SplitMix64: a small seeded generator, so the fuzz test is the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

extension Data {
    /// Base64 text decoded as UTF-8, for checking secret values.
    static func text(base64 value: JSONValue?) -> String? {
        guard let string = value?.stringValue, let data = Data(base64Encoded: string) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
