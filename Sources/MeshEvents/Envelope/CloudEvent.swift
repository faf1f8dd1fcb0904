import Foundation

/// A CloudEvents 1.0 event: context attributes plus opaque data bytes.
///
/// Every value of this type is valid: the initializers check the specification's rules (and the
/// formats of the mesh's extensions) and throw a `CloudEventError` naming the attribute otherwise.
/// The type knows nothing about brokers; transports use `attributes` / `init(attributes:data:)`
/// (binary mode) or `structuredJSON()` / `init(structuredJSON:)` (structured mode).
public struct CloudEvent: Hashable, Sendable {
    /// The only `specversion` this type reads and writes.
    public static let specVersion = "1.0"

    /// Names of the context attributes the specification defines; extensions may not reuse them.
    public static let coreAttributeNames: Set<String> = [
        "id", "source", "specversion", "type", "datacontenttype", "dataschema", "subject", "time",
    ]

    /// Identifies the event; `source` + `id` is unique, and consumers deduplicate on it.
    public let id: String
    /// URI-reference of the context in which the event happened (producer identity).
    public let source: String
    /// Kind of event, e.g. `io.coldchain.inventory.low-stock.v1`.
    public let type: String
    /// RFC 2046 media type of `data`, e.g. `application/json`.
    public let dataContentType: String?
    /// Absolute URI of the schema `data` adheres to.
    public let dataSchema: String?
    /// What the event is about within `source` (a lot id, a SKU, an order id).
    public let subject: String?
    /// When the occurrence happened.
    public let time: EventTimestamp?
    /// Extension attributes by name.
    public let extensions: [String: CloudEventExtensionValue]
    /// The event payload, unparsed.
    public let data: Data?

    /// Always `"1.0"`: other versions are rejected when reading.
    public var specVersion: String { Self.specVersion }

    /// Validates every attribute; throws naming the first one (in specification order) that is wrong.
    public init(
        id: String,
        source: String,
        type: String,
        dataContentType: String? = nil,
        dataSchema: String? = nil,
        subject: String? = nil,
        time: EventTimestamp? = nil,
        extensions: [String: CloudEventExtensionValue] = [:],
        data: Data? = nil
    ) throws(CloudEventError) {
        try CloudEventRules.checkNonEmptyString(id, attribute: "id")
        try CloudEventRules.checkURIReference(source, attribute: "source", requireScheme: false)
        try CloudEventRules.checkNonEmptyString(type, attribute: "type")
        if let dataContentType {
            try CloudEventRules.checkMediaType(dataContentType, attribute: "datacontenttype")
        }
        if let dataSchema {
            try CloudEventRules.checkURIReference(dataSchema, attribute: "dataschema", requireScheme: true)
        }
        if let subject {
            try CloudEventRules.checkNonEmptyString(subject, attribute: "subject")
        }
        for name in extensions.keys.sorted() {
            if let value = extensions[name] {
                try CloudEventRules.checkExtension(name: name, value: value)
            }
        }
        self.id = id
        self.source = source
        self.type = type
        self.dataContentType = dataContentType
        self.dataSchema = dataSchema
        self.subject = subject
        self.time = time
        self.extensions = extensions
        self.data = data
    }

    /// A copy with one extension attribute set (or removed, for `nil`), validated like the rest.
    public func settingExtension(_ name: String, to value: CloudEventExtensionValue?) throws(CloudEventError) -> CloudEvent {
        var updated = extensions
        updated[name] = value
        return try CloudEvent(id: id, source: source, type: type, dataContentType: dataContentType,
                              dataSchema: dataSchema, subject: subject, time: time,
                              extensions: updated, data: data)
    }
}

/// The value of an extension attribute, in the CloudEvents type system. Transports that carry only
/// strings (binary mode) see `canonicalString`; structured JSON keeps the JSON type.
public enum CloudEventExtensionValue: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    case string(String)
    /// A CloudEvents Integer (signed 32-bit).
    case integer(Int32)
    case boolean(Bool)

    public init(stringLiteral value: String) {
        self = .string(value)
    }

    /// The value as CloudEvents' canonical string encoding.
    public var canonicalString: String {
        switch self {
        case .string(let text): text
        case .integer(let number): String(number)
        case .boolean(let flag): flag ? "true" : "false"
        }
    }

    /// The text when this is a `.string`, else nil.
    public var stringValue: String? {
        if case .string(let text) = self { text } else { nil }
    }

    public var description: String { canonicalString }
}

/// The extension attributes the mesh defines, by their attribute names.
public enum MeshExtension: String, CaseIterable, Sendable {
    /// The id every event of one cold-chain run shares (the id of the run's first event).
    case correlationID = "correlationid"
    /// The `id` of the event whose handling produced this one.
    case causationID = "causationid"
    /// W3C Trace Context `traceparent` (CloudEvents distributed-tracing extension).
    case traceParent = "traceparent"
    /// W3C Trace Context `tracestate`, forwarded unchanged.
    case traceState = "tracestate"
    /// The ordering key (CloudEvents partitioning extension): Kafka message key, Pulsar key.
    case partitionKey = "partitionkey"
}

extension CloudEvent {
    /// The `correlationid` extension, nil when absent.
    public var correlationID: String? { extensions[MeshExtension.correlationID.rawValue]?.stringValue }
    /// The `causationid` extension, nil when absent.
    public var causationID: String? { extensions[MeshExtension.causationID.rawValue]?.stringValue }
    /// The `tracestate` extension, nil when absent.
    public var traceState: String? { extensions[MeshExtension.traceState.rawValue]?.stringValue }
    /// The `partitionkey` extension, nil when absent.
    public var partitionKey: String? { extensions[MeshExtension.partitionKey.rawValue]?.stringValue }

    /// The parsed `traceparent`, nil when the event carries none.
    public var traceParent: TraceParent? {
        guard let header = extensions[MeshExtension.traceParent.rawValue]?.stringValue else { return nil }
        // The initializer rejected any traceparent that does not parse, so this cannot fail.
        return try? TraceParent(parsing: header)
    }
}
