/// A W3C Trace Context `traceparent` value: `00-<trace-id>-<parent-id>-<trace-flags>`.
///
/// Parsing follows the W3C rules: lower-case hex only, trace id and parent id not all zeros,
/// version `ff` invalid. A higher version than `00` is read for its first four fields (as the
/// specification asks, for forward compatibility); what this type writes is always version `00`.
public struct TraceParent: Hashable, Sendable, CustomStringConvertible {
    /// The 16-byte id shared by every span of one trace.
    public let traceID: TraceID
    /// The 8-byte id of the span that produced the event (the "parent" of the consumer's span).
    public let parentID: SpanID
    /// The trace-flags byte; bit 0 is "sampled".
    public let flags: UInt8

    public init(traceID: TraceID, parentID: SpanID, flags: UInt8 = TraceParent.sampledFlag) throws(TraceParentError) {
        guard !traceID.isZero else { throw .zeroTraceID }
        guard !parentID.isZero else { throw .zeroParentID }
        self.traceID = traceID
        self.parentID = parentID
        self.flags = flags
    }

    /// The trace-flags bit that says the caller recorded its span.
    public static let sampledFlag: UInt8 = 0x01

    public var isSampled: Bool { flags & Self.sampledFlag != 0 }

    /// Parses a `traceparent` header value.
    public init(parsing header: String) throws(TraceParentError) {
        let bytes = Array(header.utf8)
        guard bytes.count >= 55 else { throw .wrongLength(bytes.count) }
        guard let version = Self.hexNumber(bytes[0..<2]) else { throw .invalidVersion }
        guard version != 0xFF else { throw .invalidVersion }
        if version == 0 {
            guard bytes.count == 55 else { throw .wrongLength(bytes.count) }
        } else if bytes.count > 55, bytes[55] != UInt8(ascii: "-") {
            // A future version may append fields, but only after another '-'.
            throw .wrongLength(bytes.count)
        }
        guard bytes[2] == UInt8(ascii: "-"), bytes[35] == UInt8(ascii: "-"),
              bytes[52] == UInt8(ascii: "-") else { throw .misplacedSeparator }
        guard let high = Self.hexNumber(bytes[3..<19]), let low = Self.hexNumber(bytes[19..<35]) else {
            throw .invalidTraceID
        }
        guard let parent = Self.hexNumber(bytes[36..<52]) else { throw .invalidParentID }
        guard let flags = Self.hexNumber(bytes[53..<55]) else { throw .invalidFlags }
        try self.init(traceID: TraceID(high: high, low: low), parentID: SpanID(parent), flags: UInt8(flags))
    }

    /// A new trace: random trace id and span id.
    public static func root(sampled: Bool = true, using generator: inout some RandomNumberGenerator) -> TraceParent {
        var traceID = TraceID(high: 0, low: 0)
        while traceID.isZero {
            traceID = TraceID(high: generator.next(), low: generator.next())
        }
        return TraceParent(unchecked: traceID, SpanID(UInt64.random(in: 1...UInt64.max, using: &generator)),
                           sampled ? sampledFlag : 0)
    }

    /// The context for the next hop: same trace id and flags, a new random parent (span) id.
    public func child(using generator: inout some RandomNumberGenerator) -> TraceParent {
        var spanID = parentID
        while spanID == parentID {
            spanID = SpanID(UInt64.random(in: 1...UInt64.max, using: &generator))
        }
        return TraceParent(unchecked: traceID, spanID, flags)
    }

    private init(unchecked traceID: TraceID, _ parentID: SpanID, _ flags: UInt8) {
        self.traceID = traceID
        self.parentID = parentID
        self.flags = flags
    }

    /// The header value, version `00`.
    public var description: String {
        "00-\(traceID)-\(parentID)-\(hex(UInt64(flags), digits: 2))"
    }

    /// Parses lower-case hex only, as the specification requires.
    private static func hexNumber(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        for byte in bytes {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }
}

/// A 16-byte W3C trace id.
public struct TraceID: Hashable, Sendable, CustomStringConvertible {
    public let high: UInt64
    public let low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    public var isZero: Bool { high == 0 && low == 0 }

    /// 32 lower-case hex digits.
    public var description: String { hex(high, digits: 16) + hex(low, digits: 16) }
}

/// An 8-byte W3C span (parent) id.
public struct SpanID: Hashable, Sendable, CustomStringConvertible {
    public let value: UInt64

    public init(_ value: UInt64) {
        self.value = value
    }

    public var isZero: Bool { value == 0 }

    /// 16 lower-case hex digits.
    public var description: String { hex(value, digits: 16) }
}

/// Why a `traceparent` value was rejected.
public enum TraceParentError: Error, Hashable, Sendable, CustomStringConvertible {
    case wrongLength(Int)
    case invalidVersion
    case misplacedSeparator
    case invalidTraceID
    case zeroTraceID
    case invalidParentID
    case zeroParentID
    case invalidFlags

    public var description: String {
        switch self {
        case .wrongLength(let length): "expected 55 characters (00-<32 hex>-<16 hex>-<2 hex>), found \(length)"
        case .invalidVersion: "version must be two lower-case hex digits other than ff"
        case .misplacedSeparator: "fields must be separated by '-' as in 00-<32 hex>-<16 hex>-<2 hex>"
        case .invalidTraceID: "trace id must be 32 lower-case hex digits"
        case .zeroTraceID: "trace id must not be all zeros"
        case .invalidParentID: "parent id must be 16 lower-case hex digits"
        case .zeroParentID: "parent id must not be all zeros"
        case .invalidFlags: "trace flags must be two lower-case hex digits"
        }
    }
}

private func hex(_ value: UInt64, digits: Int) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
}
