import Foundation
import MeshCrypto
import Testing
@testable import MeshEvents

@Suite("Derived event ids")
struct EventIdentityTests {
    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    @Test("SHA-1 matches the FIPS 180 test vectors", arguments: [
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
    ])
    func sha1(message: String, digest: String) {
        #expect(hex(SHA1.hash(Array(message.utf8))) == digest)
    }

    @Test("version-5 UUIDs match the RFC algorithm")
    func uuid5() throws {
        let dns = try #require(UUID(uuidString: "6ba7b810-9dad-11d1-80b4-00c04fd430c8"))
        #expect(EventIdentity.nameBasedUUID(namespace: dns, name: "python.org").uuidString.lowercased()
            == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
    }

    @Test("caused ids are deterministic, lower-case version-5 UUIDs that depend on every input")
    func causedIDs() {
        let id = EventIdentity.causedEventID(causeSource: "/s", causeID: "evt-1", type: "t")
        #expect(id == EventIdentity.causedEventID(causeSource: "/s", causeID: "evt-1", type: "t"))
        #expect(id == id.lowercased())
        #expect(Array(id)[14] == "5")
        let variations = [
            EventIdentity.causedEventID(causeSource: "/other", causeID: "evt-1", type: "t"),
            EventIdentity.causedEventID(causeSource: "/s", causeID: "evt-2", type: "t"),
            EventIdentity.causedEventID(causeSource: "/s", causeID: "evt-1", type: "u"),
            EventIdentity.causedEventID(causeSource: "/s", causeID: "evt-1", type: "t", occurrence: "2"),
        ]
        #expect(Set(variations + [id]).count == 5)
    }
}
