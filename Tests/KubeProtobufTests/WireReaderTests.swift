@testable import KubeProtobuf
import StrictJSON
import Testing

@Suite("Protobuf wire reader")
struct WireReaderTests {
    private func reader(_ bytes: [UInt8]) -> WireReader { WireReader(bytes[...], message: "Test") }

    @Test func readsVarintsUpToSixtyFourBits() throws {
        var one = reader([0x96, 0x01])
        #expect(try one.varint() == 150)
        var largest = reader([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        #expect(try largest.varint() == UInt64.max)
        #expect(largest.isAtEnd)
    }

    @Test func rejectsOverlongVarints() {
        var tenthByteTooBig = reader([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02])
        #expect(throws: KubeProtobufError.overlongVarint(message: "Test", field: nil)) { try tenthByteTooBig.varint() }
        var elevenBytes = reader([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00])
        #expect(throws: KubeProtobufError.overlongVarint(message: "Test", field: nil)) { try elevenBytes.varint() }
    }

    @Test func rejectsTruncatedValues() {
        var varint = reader([0x80])
        #expect(throws: KubeProtobufError.truncated(message: "Test", field: nil)) { try varint.varint() }
        var fixed64 = reader([1, 2, 3])
        #expect(throws: KubeProtobufError.truncated(message: "Test", field: nil)) { try fixed64.fixed64() }
        var fixed32 = reader([1, 2, 3])
        #expect(throws: KubeProtobufError.truncated(message: "Test", field: nil)) { try fixed32.fixed32() }
    }

    @Test func readsFixedWidthLittleEndian() throws {
        var fixed = reader([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0xAA, 0xBB, 0xCC, 0xDD])
        #expect(try fixed.fixed64() == 0x0807_0605_0403_0201)
        #expect(try fixed.fixed32() == 0xDDCC_BBAA)
    }

    @Test func rejectsLengthsPastTheEnd() throws {
        var fields = reader([0x0A, 0x05, 0x61])
        _ = try fields.nextField()
        #expect(throws: KubeProtobufError.lengthPastEnd(message: "Test", field: 1, length: 5, remaining: 1)) {
            try fields.lengthDelimited()
        }
        // A length near 2^64 must not overflow the bounds check.
        var huge = reader([0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        _ = try huge.nextField()
        #expect(throws: KubeProtobufError.self) { try huge.lengthDelimited() }
    }

    @Test func rejectsBadTags() {
        var zero = reader([0x00, 0x01])
        #expect(throws: KubeProtobufError.invalidFieldNumber(message: "Test", number: 0)) { try zero.nextField() }
        var group = reader([0x0B])
        #expect(throws: KubeProtobufError.unsupportedWireType(message: "Test", field: 1, wireType: 3)) {
            try group.nextField()
        }
        var undefined = reader([0x0F])
        #expect(throws: KubeProtobufError.unsupportedWireType(message: "Test", field: 1, wireType: 7)) {
            try undefined.nextField()
        }
        var tooLarge = reader([0xF8, 0xFF, 0xFF, 0xFF, 0x1F])
        #expect(throws: KubeProtobufError.self) { try tooLarge.nextField() }
    }

    @Test func skipsUnknownFieldsOfEveryWireType() throws {
        let body = ProtoWriter.envelope("v1", "Namespace") {
            $0.message(1) {
                $0.tag(99, 1); $0.raw([1, 2, 3, 4, 5, 6, 7, 8])
                $0.tag(98, 5); $0.raw([1, 2, 3, 4])
                $0.int(97, -1)
                $0.string(96, "ignored")
                $0.string(1, "n1")
            }
            $0.tag(50, 5); $0.raw([0, 0, 0, 0])
        }
        #expect(try KubeProtobuf.decode(body)[path: "metadata", "name"] == "n1")
    }

    @Test func namesTheFieldAndMessageInErrors() {
        let truncated = ProtoWriter.envelope("v1", "Namespace") { $0.message(1) { $0.raw([0x38, 0x80]) } }
        #expect(throws: KubeProtobufError.truncated(message: "ObjectMeta", field: 7)) { try KubeProtobuf.decode(truncated) }
        #expect(KubeProtobufError.truncated(message: "ObjectMeta", field: 3).description == "truncated field 3 of ObjectMeta")

        let wrongType = ProtoWriter.envelope("v1", "Namespace") { $0.message(1) { $0.int(1, 5) } }
        let expected = KubeProtobufError.wrongWireType(message: "ObjectMeta", field: 1, name: "name", expected: 2, actual: 0)
        #expect(throws: expected) { try KubeProtobuf.decode(wrongType) }
        #expect(expected.description == "field 1 (name) of ObjectMeta has wire type 0, expected 2")

        let pastEnd = ProtoWriter.envelope("v1", "Namespace") { $0.message(1) { $0.raw([0x1A, 0x09, 0x64]) } }
        #expect(throws: KubeProtobufError.lengthPastEnd(message: "ObjectMeta", field: 3, length: 9, remaining: 1)) {
            try KubeProtobuf.decode(pastEnd)
        }
    }

    @Test func limitsNesting() throws {
        let deployment = try Fixtures.bytes("deployment.pb")
        #expect(throws: KubeProtobufError.nestingTooDeep(limit: 3)) { try KubeProtobuf.decode(deployment, depthLimit: 3) }
        #expect(KubeProtobufError.nestingTooDeep(limit: 3).description == "messages nested deeper than 3 levels")
        _ = try KubeProtobuf.decode(deployment)
    }

    @Test func readsPackedAndUnpackedRepeatedScalars() throws {
        func pod(_ groups: (inout ProtoWriter) -> Void) throws -> JSONValue? {
            let body = ProtoWriter.envelope("v1", "Pod") { $0.message(2) { $0.message(14, groups) } }
            return try KubeProtobuf.decode(body)[path: "spec", "securityContext", "supplementalGroups"]
        }
        #expect(try pod { $0.int(4, 1000); $0.int(4, 2000) } == [1000, 2000])
        #expect(try pod { $0.bytes(4, ProtoWriter.build { $0.varint(1000); $0.varint(2000) }) } == [1000, 2000])
        #expect(throws: KubeProtobufError.truncated(message: "PodSecurityContext", field: 4)) {
            try pod { $0.bytes(4, [0xE8]) }
        }
    }

    @Test func followsProtobufScalarRules() throws {
        let body = ProtoWriter.envelope("v1", "Namespace") {
            $0.message(1) {
                $0.string(1, "first")
                $0.string(1, "last")
                $0.int(7, -1)
                $0.entry(11, "k", "v1")
                $0.entry(11, "k", "v2")
                $0.bytes(2, [0x67, 0xFF, 0x6E])
            }
        }
        let metadata = try KubeProtobuf.decode(body)["metadata"]
        #expect(metadata?["name"] == "last")
        #expect(metadata?["generation"] == -1)
        #expect(metadata?["labels"] == ["k": "v2"])
        #expect(metadata?["generateName"] == "g\u{FFFD}n")
    }
}
