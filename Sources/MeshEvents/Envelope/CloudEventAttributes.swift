import Foundation

/// Binary-mode support: the envelope as flat name → string pairs. The broker mappings (header
/// prefixes, where `datacontenttype` goes) live in the messaging module; this is the one place
/// they read attributes from and build events from.
extension CloudEvent {
    /// Every context attribute, `specversion` included, as name → canonical string (timestamps
    /// in RFC 3339, integers in decimal, booleans as `true`/`false`). Sort by name for a
    /// deterministic header order.
    public var attributes: [String: String] {
        var pairs: [String: String] = [
            "specversion": Self.specVersion, "id": id, "source": source, "type": type,
        ]
        pairs["datacontenttype"] = dataContentType
        pairs["dataschema"] = dataSchema
        pairs["subject"] = subject
        pairs["time"] = time?.rfc3339
        for (name, value) in extensions {
            pairs[name] = value.canonicalString
        }
        return pairs
    }

    /// Builds and validates an event from attribute pairs read off a message. Names the
    /// specification does not define become string-valued extensions.
    public init(attributes: some Sequence<(name: String, value: String)>, data: Data?) throws(CloudEventError) {
        var values: [String: String] = [:]
        for (name, value) in attributes {
            guard CloudEventRules.isValidAttributeName(name) else { throw .invalidAttributeName(name) }
            guard values.updateValue(value, forKey: name) == nil else { throw .duplicateAttribute(name) }
        }
        var core: [String: String] = [:]
        var extensions: [String: CloudEventExtensionValue] = [:]
        for (name, value) in values {
            if Self.coreAttributeNames.contains(name) {
                core[name] = value
            } else {
                extensions[name] = .string(value)
            }
        }
        try self.init(core: core, extensions: extensions, data: data)
    }

    /// Builds and validates an event from a name → value map (see `init(attributes:data:)`).
    public init(attributes: [String: String], data: Data?) throws(CloudEventError) {
        try self.init(attributes: attributes.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) },
                      data: data)
    }

    /// The shared tail of binary and structured decoding: core attributes as strings.
    init(core: [String: String], extensions: [String: CloudEventExtensionValue], data: Data?) throws(CloudEventError) {
        guard let specVersion = core["specversion"] else { throw .missingAttribute("specversion") }
        guard specVersion == Self.specVersion else {
            throw .invalidAttribute("specversion", reason: "unsupported version \"\(specVersion)\"; expected \"1.0\"")
        }
        guard let id = core["id"] else { throw .missingAttribute("id") }
        guard let source = core["source"] else { throw .missingAttribute("source") }
        guard let type = core["type"] else { throw .missingAttribute("type") }
        var time: EventTimestamp?
        if let text = core["time"] {
            guard let parsed = EventTimestamp(rfc3339: text) else {
                throw .invalidAttribute("time", reason: "must be an RFC 3339 date-time such as 2025-01-14T03:12:45Z")
            }
            time = parsed
        }
        try self.init(id: id, source: source, type: type, dataContentType: core["datacontenttype"],
                      dataSchema: core["dataschema"], subject: core["subject"], time: time,
                      extensions: extensions, data: data)
    }
}
