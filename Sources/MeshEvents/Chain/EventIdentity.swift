import Foundation
import MeshCrypto

/// How the mesh names the events it produces.
///
/// An event produced while handling another gets an id derived from the cause, not a random one:
/// a consumer that publishes and then crashes before acknowledging its input handles the input
/// again after redelivery and publishes an event with the same id, which the next consumer then
/// drops as a duplicate. The id is a version-5 (name-based) UUID.
public enum EventIdentity {
    /// The mesh's UUID namespace for derived event ids.
    public static let namespace = UUID(uuid: (0xD3, 0xE9, 0x8C, 0xC5, 0x2C, 0xB1, 0x4B, 0xC5,
                                              0xA2, 0x30, 0x1D, 0xC1, 0x1D, 0x5D, 0x4D, 0x60))

    /// `uuid5(namespace, causeSource + "\n" + causeID + "\n" + type + "\n" + occurrence)`, lower
    /// case. `occurrence` tells apart several events of one type caused by one event (for example
    /// partial deliveries); leave it empty when there is only one.
    public static func causedEventID(causeSource: String, causeID: String, type: String, occurrence: String = "") -> String {
        nameBasedUUID(namespace: namespace, name: [causeSource, causeID, type, occurrence].joined(separator: "\n"))
            .uuidString.lowercased()
    }

    /// RFC 9562 version-5 UUID of `name` (UTF-8) in `namespace`.
    static func nameBasedUUID(namespace: UUID, name: String) -> UUID {
        let namespaceBytes = withUnsafeBytes(of: namespace.uuid) { Array($0) }
        var hash = SHA1.hash(namespaceBytes + Array(name.utf8))
        hash[6] = (hash[6] & 0x0F) | 0x50
        hash[8] = (hash[8] & 0x3F) | 0x80
        return UUID(uuid: (hash[0], hash[1], hash[2], hash[3], hash[4], hash[5], hash[6], hash[7],
                           hash[8], hash[9], hash[10], hash[11], hash[12], hash[13], hash[14], hash[15]))
    }
}
