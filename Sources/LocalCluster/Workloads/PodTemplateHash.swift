import StrictJSON

/// The `pod-template-hash` of a Deployment's pod template, computed the way the deployment
/// controller does: FNV-1a (32 bit) of the template, then of the collision count when there is
/// one, written in decimal and mapped onto the alphabet Kubernetes uses for generated names
/// (no vowels, so no words). The template is hashed in its canonical JSON form (sorted keys),
/// so the same template always gives the same hash.
enum PodTemplateHash {
    static let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    static func of(_ template: JSONValue, collisionCount: Int64? = nil) -> String {
        var hash: UInt32 = 2_166_136_261
        func add<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
            for byte in bytes {
                hash ^= UInt32(byte)
                hash = hash &* 16_777_619
            }
        }
        add(template.jsonBytes())
        if let collisionCount {
            let value = UInt32(truncatingIfNeeded: collisionCount)
            add((0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) })
        }
        return String(String(hash).unicodeScalars.map { alphabet[Int($0.value) % alphabet.count] })
    }

    /// `template` without the hash label, for comparing a ReplicaSet's template with a Deployment's.
    static func withoutHashLabel(_ template: JSONValue?) -> JSONValue? {
        guard var template else { return nil }
        template["metadata"]?["labels"]?[WorkloadResources.templateHashLabel] = nil
        if template["metadata"]?["labels"]?.objectValue?.isEmpty == true { template["metadata"]?["labels"] = nil }
        if template["metadata"]?.objectValue?.isEmpty == true { template["metadata"] = nil }
        return template
    }
}
