import Foundation
import KubeCore
import StrictJSON

/// The `continue` token of a paged list, in the real server's format: unpadded base64url of
/// `{"v":"meta.k8s.io/v1","rv":<snapshot version>,"start":"<last key>\u0000"}`. The key is the
/// object's name within a namespace, `namespace/name` across namespaces (etcd's key order).
struct ContinueToken: Sendable, Equatable {
    /// The snapshot the pages come from; 0 lists the current state (after a 410 on a stale token).
    var resourceVersion: UInt64
    /// Items with keys above this come next.
    var start: String

    init(resourceVersion: UInt64, start: String) {
        self.resourceVersion = resourceVersion
        self.start = start
    }

    /// A token that continues after `lastKey`.
    init(resourceVersion: UInt64, after lastKey: String) {
        self.init(resourceVersion: resourceVersion, start: lastKey + "\u{0}")
    }

    var encoded: String {
        let json = JSONValue.jsonBytes(orderedMembers: [("v", "meta.k8s.io/v1"), ("rv", .integer(Int64(resourceVersion))),
                                                        ("start", .string(start))])
        return Data(json).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Parses a token; a malformed one is the real server's 400.
    init(decoding token: String) throws {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let json = try? JSONValue(parsing: Array(data)) else {
            throw APIError.badRequest("continue key is not valid: illegal base64 data")
        }
        guard json["v"]?.stringValue == "meta.k8s.io/v1" else {
            throw APIError.badRequest("continue key is not valid: server does not recognize this encoded key")
        }
        guard let version = json["rv"]?.int64Value, version >= 0, let start = json["start"]?.stringValue,
              !start.isEmpty, !start.hasPrefix("/"), !start.contains("..")
        else {
            throw APIError.badRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)")
        }
        self.init(resourceVersion: UInt64(version), start: start)
    }
}

/// One page of a list: which objects, and how the list goes on.
struct ListPage: Sendable {
    var items: [JSONValue]
    var next: ContinueToken?
    /// Set only for unfiltered lists, as the real server does.
    var remainingItemCount: Int64?

    /// Cuts a page from `objects` (a snapshot at `version`): keys after `start`, matching
    /// `filter`, at most `limit` (0: all).
    init(objects: [JSONValue], version: UInt64, start: String?, limit: Int, filter: ObjectFilter, acrossNamespaces: Bool) {
        let keyed = objects.map { (Self.key($0, acrossNamespaces: acrossNamespaces), $0) }
            .filter { entry in start.map { $0.utf8.lexicographicallyPrecedes(entry.0.utf8) } ?? true }
            .sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        var items: [JSONValue] = []
        var index = 0
        while index < keyed.count, limit == 0 || items.count < limit {
            if filter.matches(keyed[index].1) { items.append(keyed[index].1) }
            index += 1
        }
        self.items = items
        let remaining = keyed[index...]
        let more = filter.isEmpty ? !remaining.isEmpty : remaining.contains { filter.matches($0.1) }
        if more, index > 0 {
            next = ContinueToken(resourceVersion: version, after: keyed[index - 1].0)
            remainingItemCount = filter.isEmpty ? Int64(remaining.count) : nil
        }
    }

    static func key(_ object: JSONValue, acrossNamespaces: Bool) -> String {
        let name = object["metadata"]?["name"]?.stringValue ?? ""
        let namespace = object["metadata"]?["namespace"]?.stringValue ?? ""
        return acrossNamespaces && !namespace.isEmpty ? "\(namespace)/\(name)" : name
    }

    /// The list's `metadata`.
    func metadata(resourceVersion: UInt64) -> JSONValue {
        var metadata: [String: JSONValue] = ["resourceVersion": .string(String(resourceVersion))]
        if let next { metadata["continue"] = .string(next.encoded) }
        if let remainingItemCount { metadata["remainingItemCount"] = .integer(remainingItemCount) }
        return .object(metadata)
    }
}
