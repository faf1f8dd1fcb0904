import StrictJSON

/// Decodes protobuf messages to JSON objects by their descriptors.
struct MessageDecoder {
    /// How deep messages may nest (the envelope counts as one level).
    let depthLimit: Int

    // MARK: Envelope

    /// A `k8s\0` body: the magic, then a runtime.Unknown {1 typeMeta {1 apiVersion, 2 kind},
    /// 2 raw, 3 contentEncoding, 4 contentType} whose raw bytes are the object.
    func envelope(_ body: ArraySlice<UInt8>, depth: Int) throws(KubeProtobufError) -> JSONValue {
        guard body.starts(with: KubeProtobuf.magic) else { throw .missingMagic }
        try checkDepth(depth)
        let unknown = try scalars(body.dropFirst(KubeProtobuf.magic.count), "Unknown", lengths: [1, 2, 3, 4])
        let typeMeta = try scalars(unknown.lengths[1] ?? [], "TypeMeta", lengths: [1, 2])
        let apiVersion = text(typeMeta.lengths[1]), kind = text(typeMeta.lengths[2])
        guard !apiVersion.isEmpty, !kind.isEmpty else { throw .missingTypeMeta }
        let encoding = text(unknown.lengths[3])
        guard encoding.isEmpty else { throw .unsupportedContentEncoding(encoding) }
        let contentType = text(unknown.lengths[4])
        let raw = unknown.lengths[2] ?? []

        var members: [String: JSONValue]
        if contentType.isEmpty || KubeProtobuf.isProtobuf(contentType: contentType) {
            guard let message = Kinds.message(apiVersion: apiVersion, kind: kind) else {
                throw .unsupportedKind(apiVersion: apiVersion, kind: kind)
            }
            members = try object(raw, message, depth: depth + 1)
        } else if KubeProtobuf.mediaType(of: contentType) == "application/json" {
            guard case .object(let parsed) = try json(raw, in: "Unknown", field: "raw") else {
                throw .invalidValue(message: "Unknown", field: "raw", reason: "the JSON is not an object")
            }
            members = parsed
        } else {
            throw .unsupportedContentType(contentType)
        }
        members["apiVersion"] = .string(apiVersion)
        members["kind"] = .string(kind)
        return .object(members)
    }

    // MARK: Messages

    /// One message as a JSON object, with Go's omitempty rules applied.
    func object(_ bytes: ArraySlice<UInt8>, _ message: Message, depth: Int) throws(KubeProtobufError) -> [String: JSONValue] {
        try checkDepth(depth)
        var reader = WireReader(bytes, message: message.name)
        var singles: [Int: JSONValue] = [:]
        var lists: [Int: [JSONValue]] = [:]
        var maps: [Int: [String: JSONValue]] = [:]
        while let (number, wireType) = try reader.nextField() {
            guard let field = message.fields[number] else {
                try reader.skip(wireType)
                continue
            }
            if case .map(let valueType) = field.type {
                try expect(.lengthDelimited, wireType, field, number, message)
                let (key, value) = try mapEntry(reader.lengthDelimited(), valueType, message, field, depth: depth)
                maps[number, default: [:]][key] = value
            } else if field.repeated && field.type.wireType == .varint && wireType == .lengthDelimited {
                // A packed repeated scalar.
                var packed = WireReader(try reader.lengthDelimited(), message: message.name, field: number)
                while !packed.isAtEnd {
                    lists[number, default: []].append(scalar(try packed.varint(), field.type))
                }
            } else {
                try expect(field.type.wireType, wireType, field, number, message)
                let value = try self.value(&reader, field, message, depth: depth)
                if field.repeated { lists[number, default: []].append(value) } else { singles[number] = value }
            }
        }

        var result: [String: JSONValue] = [:]
        for (number, field) in message.ordered {
            if case .inline(let inner) = field.type {
                let members: [String: JSONValue]
                if let decoded = singles[number]?.objectValue { members = decoded } else {
                    members = try object([], inner, depth: depth + 1)
                }
                result.merge(members) { outer, _ in outer }
            } else if case .map = field.type {
                if let entries = maps[number], !entries.isEmpty { result[field.name] = .object(entries) }
            } else if field.repeated {
                if let elements = lists[number], !elements.isEmpty { result[field.name] = .array(elements) }
            } else if let value = singles[number] {
                // A zero Time is null in Go's JSON: left out, as kubectl's own creationTimestamp is.
                if value != .null && !(field.presence == .omitEmpty && value.isZeroScalar) {
                    result[field.name] = value
                }
            } else if field.presence == .always, let zero = try zeroValue(field.type, depth: depth) {
                result[field.name] = zero
            }
        }
        return result
    }

    /// A single value of `field`, read from `reader` whose wire type was checked.
    private func value(
        _ reader: inout WireReader, _ field: Field, _ message: Message, depth: Int
    ) throws(KubeProtobufError) -> JSONValue {
        switch field.type {
        case .int32, .int64, .bool:
            return scalar(try reader.varint(), field.type)
        case .string:
            return .string(text(try reader.lengthDelimited()))
        case .bytes:
            return .string(Format.base64(try reader.lengthDelimited()))
        case .message(let inner), .inline(let inner):
            return .object(try object(reader.lengthDelimited(), inner, depth: depth + 1))
        case .map:
            return .null  // unreachable: maps are read entry by entry
        default:
            return try special(reader.lengthDelimited(), field.type, field.name, depth: depth + 1)
        }
    }

    /// A varint as the JSON number or bool of a scalar type (int32 truncates, as Go's does).
    private func scalar(_ raw: UInt64, _ type: FieldType) -> JSONValue {
        switch type {
        case .int32: .integer(Int64(Int32(truncatingIfNeeded: raw)))
        case .bool: .bool(raw != 0)
        default: .integer(Int64(bitPattern: raw))
        }
    }

    /// A map entry {1 key, 2 value}; a missing key or value is its zero value.
    private func mapEntry(
        _ bytes: ArraySlice<UInt8>, _ valueType: FieldType, _ message: Message, _ field: Field, depth: Int
    ) throws(KubeProtobufError) -> (String, JSONValue) {
        let entryName = "\(message.name).\(field.name)"
        let entry = try scalars(bytes, entryName, lengths: [1, 2])
        let key = text(entry.lengths[1])
        guard let raw = entry.lengths[2] else {
            return (key, try zeroValue(valueType, depth: depth + 1) ?? .string(""))
        }
        switch valueType {
        case .string: return (key, .string(text(raw)))
        case .bytes: return (key, .string(Format.base64(raw)))
        case .message(let inner): return (key, .object(try object(raw, inner, depth: depth + 2)))
        default: return (key, try special(raw, valueType, field.name, depth: depth + 2))
        }
    }

    /// The zero value Go writes for a field without omitempty that the wire left out; nil where
    /// Go writes null (Time) or nothing.
    private func zeroValue(_ type: FieldType, depth: Int) throws(KubeProtobufError) -> JSONValue? {
        switch type {
        case .string, .bytes: .string("")
        case .int32, .int64: .integer(0)
        case .bool: .bool(false)
        case .intOrString: .integer(0)
        case .quantity: .string("0")
        case .duration: .string("0s")
        case .message(let inner): .object(try object([], inner, depth: depth + 1))
        case .time, .microTime, .rawExtension, .fieldsV1, .inline, .map: nil
        }
    }

    // MARK: Well-known messages

    /// Time, MicroTime, Duration, IntOrString, Quantity, RawExtension and FieldsV1 as JSON.
    private func special(
        _ bytes: ArraySlice<UInt8>, _ type: FieldType, _ fieldName: String, depth: Int
    ) throws(KubeProtobufError) -> JSONValue {
        try checkDepth(depth)
        switch type {
        case .time, .microTime:
            let name = type.isMicroTime ? "MicroTime" : "Time"
            let parts = try scalars(bytes, name, varints: [1, 2])
            let seconds = Int64(bitPattern: parts.varints[1] ?? 0)
            let nanos = Int32(truncatingIfNeeded: parts.varints[2] ?? 0)
            if seconds == 0 && nanos == 0 { return .null }
            guard let formatted = Format.rfc3339(
                seconds: seconds, nanos: nanos, fractionDigits: type.isMicroTime ? 6 : 0)
            else {
                throw .invalidValue(message: name, field: fieldName,
                                    reason: "\(seconds)s \(nanos)ns is outside years 0000-9999")
            }
            return .string(formatted)
        case .duration:
            let parts = try scalars(bytes, "Duration", varints: [1])
            return .string(Format.goDuration(Int64(bitPattern: parts.varints[1] ?? 0)))
        case .intOrString:
            let parts = try scalars(bytes, "IntOrString", varints: [1, 2], lengths: [3])
            switch parts.varints[1] ?? 0 {
            case 0: return .integer(Int64(Int32(truncatingIfNeeded: parts.varints[2] ?? 0)))
            case 1: return .string(text(parts.lengths[3]))
            case let other:
                throw .invalidValue(message: "IntOrString", field: fieldName, reason: "unknown type \(other)")
            }
        case .quantity:
            let string = text(try scalars(bytes, "Quantity", lengths: [1]).lengths[1])
            return .string(string.isEmpty ? "0" : string)
        case .rawExtension, .fieldsV1:
            let name = type.isFieldsV1 ? "FieldsV1" : "RawExtension"
            guard let raw = try scalars(bytes, name, lengths: [1]).lengths[1], !raw.isEmpty else { return .null }
            if raw.starts(with: KubeProtobuf.magic) && !type.isFieldsV1 { return try envelope(raw, depth: depth + 1) }
            return try json(raw, in: name, field: fieldName)
        default:
            return .null  // unreachable: only the well-known types above come here
        }
    }

    // MARK: Helpers

    /// The last value of each listed field of a small message (varints, and length-delimited
    /// bytes); other fields are skipped, a listed one on the wrong wire type throws.
    private func scalars(
        _ bytes: ArraySlice<UInt8>, _ name: String, varints: Set<Int> = [], lengths: Set<Int> = []
    ) throws(KubeProtobufError) -> (varints: [Int: UInt64], lengths: [Int: ArraySlice<UInt8>]) {
        var reader = WireReader(bytes, message: name)
        var numbers: [Int: UInt64] = [:]
        var slices: [Int: ArraySlice<UInt8>] = [:]
        while let (number, wireType) = try reader.nextField() {
            let expected: WireType? = varints.contains(number) ? .varint : lengths.contains(number) ? .lengthDelimited : nil
            guard let expected else {
                try reader.skip(wireType)
                continue
            }
            guard wireType == expected else {
                throw .wrongWireType(message: name, field: number, name: "",
                                     expected: expected.rawValue, actual: wireType.rawValue)
            }
            if expected == .varint { numbers[number] = try reader.varint() } else { slices[number] = try reader.lengthDelimited() }
        }
        return (numbers, slices)
    }

    private func expect(
        _ expected: WireType, _ actual: WireType, _ field: Field, _ number: Int, _ message: Message
    ) throws(KubeProtobufError) {
        guard expected == actual else {
            throw .wrongWireType(message: message.name, field: number, name: field.name,
                                 expected: expected.rawValue, actual: actual.rawValue)
        }
    }

    private func json(_ raw: ArraySlice<UInt8>, in message: String, field: String) throws(KubeProtobufError) -> JSONValue {
        do {
            return try JSONValue(parsing: raw)
        } catch {
            throw .invalidValue(message: message, field: field, reason: error.description)
        }
    }

    private func checkDepth(_ depth: Int) throws(KubeProtobufError) {
        guard depth <= depthLimit else { throw .nestingTooDeep(limit: depthLimit) }
    }

    /// UTF-8 text; invalid sequences become U+FFFD, as Go's JSON encoder writes them.
    private func text(_ bytes: ArraySlice<UInt8>?) -> String {
        String(decoding: bytes ?? [], as: UTF8.self)
    }
}

extension FieldType {
    fileprivate var isMicroTime: Bool { if case .microTime = self { true } else { false } }
    fileprivate var isFieldsV1: Bool { if case .fieldsV1 = self { true } else { false } }
}

extension JSONValue {
    /// "", 0 and false: what omitempty leaves out of a scalar field.
    fileprivate var isZeroScalar: Bool {
        switch self {
        case .string(let text): text.isEmpty
        case .number(.integer(let number)): number == 0
        case .bool(let flag): !flag
        default: false
        }
    }
}
