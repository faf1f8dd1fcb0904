/// The protobuf wire types (https://protobuf.dev/programming-guides/encoding/).
enum WireType: UInt8, Sendable {
    case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5
}

/// Reads one protobuf message's fields from a byte slice. Every read is bounds-checked and
/// throws a `KubeProtobufError` naming the message and the field being read.
struct WireReader {
    private let bytes: ArraySlice<UInt8>
    private var position: Int
    /// The message being read, for errors.
    let message: String
    /// The number of the field whose value is being read (nil before the first tag).
    private(set) var field: Int?

    /// A reader of `bytes`; `field` names the field whose packed values these bytes are.
    init(_ bytes: ArraySlice<UInt8>, message: String, field: Int? = nil) {
        self.bytes = bytes
        self.position = bytes.startIndex
        self.message = message
        self.field = field
    }

    var isAtEnd: Bool { position >= bytes.endIndex }

    /// The next field's number and wire type, or nil at the end of the message.
    mutating func nextField() throws(KubeProtobufError) -> (number: Int, wireType: WireType)? {
        guard !isAtEnd else { return nil }
        field = nil
        let key = try varint()
        let number = key >> 3
        guard number > 0, number <= 0x1FFF_FFFF else {
            throw .invalidFieldNumber(message: message, number: number)
        }
        field = Int(number)
        guard let wireType = WireType(rawValue: UInt8(key & 7)),
              wireType != .startGroup, wireType != .endGroup
        else {
            throw .unsupportedWireType(message: message, field: Int(number), wireType: UInt8(key & 7))
        }
        return (Int(number), wireType)
    }

    /// A base-128 varint of at most 10 bytes and 64 bits.
    mutating func varint() throws(KubeProtobufError) -> UInt64 {
        var result: UInt64 = 0
        for index in 0..<10 {
            guard position < bytes.endIndex else { throw .truncated(message: message, field: field) }
            let byte = bytes[position]
            position += 1
            // The tenth byte holds only the 64th bit.
            if index == 9 && byte > 1 { throw .overlongVarint(message: message, field: field) }
            result |= UInt64(byte & 0x7F) << (7 * UInt64(index))
            if byte < 0x80 { return result }
        }
        throw .overlongVarint(message: message, field: field)
    }

    mutating func fixed64() throws(KubeProtobufError) -> UInt64 {
        let raw = try take(8)
        return raw.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func fixed32() throws(KubeProtobufError) -> UInt32 {
        let raw = try take(4)
        return raw.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The bytes of a length-delimited field.
    mutating func lengthDelimited() throws(KubeProtobufError) -> ArraySlice<UInt8> {
        let length = try varint()
        let remaining = bytes.endIndex - position
        guard length <= UInt64(remaining) else {
            throw .lengthPastEnd(message: message, field: field ?? 0, length: length, remaining: remaining)
        }
        return try take(Int(length))
    }

    /// Skips the value of a field this reader does not know.
    mutating func skip(_ wireType: WireType) throws(KubeProtobufError) {
        switch wireType {
        case .varint: _ = try varint()
        case .fixed64: _ = try take(8)
        case .lengthDelimited: _ = try lengthDelimited()
        case .fixed32: _ = try take(4)
        case .startGroup, .endGroup:
            throw .unsupportedWireType(message: message, field: field ?? 0, wireType: wireType.rawValue)
        }
    }

    private mutating func take(_ count: Int) throws(KubeProtobufError) -> ArraySlice<UInt8> {
        guard bytes.endIndex - position >= count else { throw .truncated(message: message, field: field) }
        defer { position += count }
        return bytes[position..<position + count]
    }
}
