/// How a Go struct field's JSON tag treats its zero value, so the JSON is what `encoding/json`
/// would write for the same object.
enum Presence: Sendable {
    /// `omitempty` on a non-pointer scalar, slice or map: left out when zero or empty.
    case omitEmpty
    /// No `omitempty`, or a non-pointer struct (which `omitempty` never omits): always written,
    /// as its zero value when the wire has none.
    case always
    /// A pointer (`*int32`, `*bool`, `*Struct`): written exactly when the wire has it, zero or not.
    case optional
}

/// A field's protobuf type and how it maps to JSON.
indirect enum FieldType: Sendable {
    case string, int32, int64, bool
    /// `bytes`: a base64 string in JSON, as Go writes `[]byte`.
    case bytes
    /// meta/v1 Time {1 seconds, 2 nanos}: RFC 3339 to the second.
    case time
    /// meta/v1 MicroTime: RFC 3339 with six fractional digits.
    case microTime
    /// meta/v1 Duration {1 nanoseconds}: Go's duration string ("1h0m0s").
    case duration
    /// intstr.IntOrString {1 type, 2 intVal, 3 strVal}: a number or a string.
    case intOrString
    /// resource.Quantity {1 string}: the string.
    case quantity
    /// runtime.RawExtension {1 raw}: the raw JSON (or a nested `k8s\0` body) as a value.
    case rawExtension
    /// meta/v1 FieldsV1 {1 raw}: the raw JSON as a value.
    case fieldsV1
    case message(Message)
    /// A Go struct embedded with `json:",inline"`: its members join the enclosing object.
    case inline(Message)
    /// `map<string, V>`: a JSON object.
    case map(FieldType)

    /// The wire type a single value of this type is written with.
    var wireType: WireType {
        switch self {
        case .int32, .int64, .bool: .varint
        default: .lengthDelimited
        }
    }
}

/// One field of a message: its JSON name, type, and Go JSON-tag presence.
struct Field: Sendable {
    let name: String
    let type: FieldType
    let repeated: Bool
    let presence: Presence
}

/// A protobuf message's fields by number. Field numbers and types follow k8s.io/api's
/// `generated.proto`; presence follows the Go struct tags in `types.go`.
final class Message: Sendable {
    let name: String
    let fields: [Int: Field]
    /// The fields in field-number order, for writing JSON.
    let ordered: [(number: Int, field: Field)]

    init(_ name: String, _ fields: [Int: Field]) {
        self.name = name
        self.fields = fields
        self.ordered = fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

// The table-building vocabulary: scalars default to `omitempty`, messages to pointers.
extension Field {
    static func string(_ name: String, _ presence: Presence = .omitEmpty) -> Field {
        Field(name: name, type: .string, repeated: false, presence: presence)
    }
    static func int32(_ name: String, _ presence: Presence = .omitEmpty) -> Field {
        Field(name: name, type: .int32, repeated: false, presence: presence)
    }
    static func int64(_ name: String, _ presence: Presence = .omitEmpty) -> Field {
        Field(name: name, type: .int64, repeated: false, presence: presence)
    }
    static func bool(_ name: String, _ presence: Presence = .omitEmpty) -> Field {
        Field(name: name, type: .bool, repeated: false, presence: presence)
    }
    static func strings(_ name: String) -> Field {
        Field(name: name, type: .string, repeated: true, presence: .omitEmpty)
    }
    static func int32s(_ name: String) -> Field {
        Field(name: name, type: .int32, repeated: true, presence: .omitEmpty)
    }
    static func int64s(_ name: String) -> Field {
        Field(name: name, type: .int64, repeated: true, presence: .omitEmpty)
    }
    static func message(_ name: String, _ message: Message, _ presence: Presence = .optional) -> Field {
        Field(name: name, type: .message(message), repeated: false, presence: presence)
    }
    static func messages(_ name: String, _ message: Message) -> Field {
        Field(name: name, type: .message(message), repeated: true, presence: .omitEmpty)
    }
    static func inline(_ message: Message) -> Field {
        Field(name: message.name, type: .inline(message), repeated: false, presence: .always)
    }
    static func stringMap(_ name: String) -> Field {
        Field(name: name, type: .map(.string), repeated: false, presence: .omitEmpty)
    }
    static func bytesMap(_ name: String) -> Field {
        Field(name: name, type: .map(.bytes), repeated: false, presence: .omitEmpty)
    }
    static func quantityMap(_ name: String) -> Field {
        Field(name: name, type: .map(.quantity), repeated: false, presence: .omitEmpty)
    }
    static func time(_ name: String, _ presence: Presence = .omitEmpty) -> Field {
        Field(name: name, type: .time, repeated: false, presence: presence)
    }
    static func microTime(_ name: String, _ presence: Presence = .optional) -> Field {
        Field(name: name, type: .microTime, repeated: false, presence: presence)
    }
    static func intOrString(_ name: String, _ presence: Presence = .always) -> Field {
        Field(name: name, type: .intOrString, repeated: false, presence: presence)
    }
    static func quantity(_ name: String, _ presence: Presence = .optional) -> Field {
        Field(name: name, type: .quantity, repeated: false, presence: presence)
    }
    static func fieldsV1(_ name: String) -> Field {
        Field(name: name, type: .fieldsV1, repeated: false, presence: .optional)
    }
}
