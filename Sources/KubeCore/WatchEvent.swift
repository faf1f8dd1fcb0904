import StrictJSON

/// The `type` of a watch event, as the API server spells it.
public enum WatchEventType: String, Sendable, Hashable, CaseIterable {
    case added = "ADDED"
    case modified = "MODIFIED"
    case deleted = "DELETED"
    /// Only `metadata.resourceVersion` of the object is meaningful: the watch has seen up to there.
    case bookmark = "BOOKMARK"
    /// The object is a `Status` (e.g. 410 `Expired`); the server ends the watch after it.
    case error = "ERROR"
}

/// Why bytes of a watch stream are not a watch event.
public struct WatchEventError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong.
    public enum Problem: Sendable, Hashable {
        case invalidJSON(JSONParseError)
        /// The event is not an object with a string `type` and an object `object`.
        case notAnEvent(String)
        case unknownType(String)
        /// An `ERROR` event whose object is not a `Status`.
        case errorWithoutStatus(ObjectDecodingError)
        /// A line longer than the decoder's bound.
        case lineTooLong(limit: Int)
    }

    public var problem: Problem

    public init(_ problem: Problem) {
        self.problem = problem
    }

    public var description: String {
        switch problem {
        case .invalidJSON(let error): "watch event: \(error)"
        case .notAnEvent(let reason): "watch event: \(reason)"
        case .unknownType(let type): "got invalid watch event type: \(type)"
        case .errorWithoutStatus(let error): "watch ERROR event without a Status: \(error)"
        case .lineTooLong(let limit): "watch event longer than \(limit) bytes"
        }
    }
}

/// One event of a watch: its type and the object (untyped), as one line of the API server's
/// stream: `{"type":"ADDED","object":{...}}`.
public struct WatchEvent: Sendable, Hashable {
    public var type: WatchEventType
    public var object: JSONValue

    public init(type: WatchEventType, object: JSONValue) {
        self.type = type
        self.object = object
    }

    /// An `ERROR` event carrying a `Status`.
    public init(error status: Status) {
        // A Status always encodes; `.null` is unreachable and would only blank the object.
        self.init(type: .error, object: (try? JSONValue(encoding: status)) ?? .null)
    }

    /// A `BOOKMARK` event: an object of the watched kind holding only `metadata.resourceVersion`
    /// (and, after `sendInitialEvents`, the `k8s.io/initial-events-end` annotation).
    public static func bookmark(apiVersion: String, kind: String, resourceVersion: String,
                                initialEventsEnd: Bool = false) -> WatchEvent {
        var metadata: JSONValue = ["resourceVersion": .string(resourceVersion)]
        if initialEventsEnd { metadata["annotations"] = [Self.initialEventsEndAnnotation: "true"] }
        return WatchEvent(type: .bookmark,
                          object: ["apiVersion": .string(apiVersion), "kind": .string(kind), "metadata": metadata])
    }

    /// The annotation of the bookmark that ends the initial events of `sendInitialEvents=true`.
    public static let initialEventsEndAnnotation = "k8s.io/initial-events-end"

    /// Reads one event from its JSON text (one line of the stream; surrounding whitespace is fine).
    public init(json bytes: some Collection<UInt8>) throws(WatchEventError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw WatchEventError(.invalidJSON(error))
        }
        try self.init(json: value)
    }

    /// Reads one event from its JSON value. An `ERROR` event must carry a `Status`.
    public init(json value: JSONValue) throws(WatchEventError) {
        guard case .object(let members) = value else { throw WatchEventError(.notAnEvent("not an object")) }
        guard let typeName = members["type"]?.stringValue else {
            throw WatchEventError(.notAnEvent("missing string member \"type\""))
        }
        guard let type = WatchEventType(rawValue: typeName) else { throw WatchEventError(.unknownType(typeName)) }
        guard let object = members["object"], object.objectValue != nil else {
            throw WatchEventError(.notAnEvent("missing object member \"object\""))
        }
        self.init(type: type, object: object)
        if type == .error {
            do {
                _ = try object.decode(as: Status.self)
            } catch {
                throw WatchEventError(.errorWithoutStatus(error))
            }
        }
    }

    /// The event as the API server writes it: compact JSON, `type` first, ending in a newline.
    public var line: [UInt8] {
        JSONValue.jsonBytes(orderedMembers: [("type", .string(type.rawValue)), ("object", object)])
            + [UInt8(ascii: "\n")]
    }

    /// The `Status` of an `ERROR` event; nil for other events.
    public var status: Status? {
        guard type == .error else { return nil }
        return try? object.decode(as: Status.self)
    }

    /// The object's `metadata.resourceVersion`: where a watch resumes after this event.
    public var resourceVersion: String? { object[path: "metadata", "resourceVersion"]?.stringValue }

    /// The object as a typed value (not meaningful for `ERROR` or `BOOKMARK`).
    public func decodeObject<T: Decodable>(as type: T.Type = T.self) throws(ObjectDecodingError) -> T {
        try object.decode(as: type)
    }
}

/// Splits a watch response body into events as its bytes arrive, without I/O: events are
/// separated by newlines, blank lines are skipped, and a line longer than the bound is an error.
public struct WatchStreamDecoder: Sendable {
    /// The longest event accepted, in bytes.
    public let maxEventBytes: Int
    private var pending: [UInt8] = []

    /// A decoder for events of at most `maxEventBytes` (default 16 MiB; the API server's objects
    /// are at most about 1.5 MiB).
    public init(maxEventBytes: Int = 16 << 20) {
        self.maxEventBytes = maxEventBytes
    }

    /// The events completed by this chunk of the body; a partial event waits for the next chunk.
    public mutating func feed(_ chunk: some Collection<UInt8>) throws(WatchEventError) -> [WatchEvent] {
        var events: [WatchEvent] = []
        for byte in chunk {
            if byte == UInt8(ascii: "\n") {
                if let event = try takePending() { events.append(event) }
            } else {
                guard pending.count < maxEventBytes else { throw WatchEventError(.lineTooLong(limit: maxEventBytes)) }
                pending.append(byte)
            }
        }
        return events
    }

    /// The last event when the body ended without a final newline; nil when nothing is pending.
    public mutating func finish() throws(WatchEventError) -> WatchEvent? {
        try takePending()
    }

    private mutating func takePending() throws(WatchEventError) -> WatchEvent? {
        defer { pending.removeAll(keepingCapacity: true) }
        let isBlank = pending.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }
        return isBlank ? nil : try WatchEvent(json: pending)
    }
}
