extension JSONValue {
    /// The JSON text of this value as UTF-8: compact, or indented by two spaces when `pretty`.
    /// Object keys are sorted, so equal values always give equal bytes; a non-finite double
    /// (which JSON cannot carry) is written as `null`.
    public func jsonBytes(pretty: Bool = false) -> [UInt8] {
        var writer = JSONWriter(pretty: pretty)
        writer.write(self, indent: 0)
        return writer.output
    }

    /// The JSON text of this value; see `jsonBytes(pretty:)`.
    public func jsonString(pretty: Bool = false) -> String {
        String(decoding: jsonBytes(pretty: pretty), as: UTF8.self)
    }

    /// The JSON text of an object whose members appear in the order given, for documents whose
    /// member order is part of a contract (a CloudEvent's attributes). Values inside are written
    /// as `jsonBytes(pretty:)` writes them; a repeated key is written once, at its first place.
    public static func jsonBytes(
        orderedMembers members: [(key: String, value: JSONValue)], pretty: Bool = false
    ) -> [UInt8] {
        var writer = JSONWriter(pretty: pretty)
        var written: Set<String> = []
        writer.writeObject(members.filter { written.insert($0.key).inserted }, indent: 0)
        return writer.output
    }
}

/// The one JSON writer.
private struct JSONWriter {
    let pretty: Bool
    private(set) var output: [UInt8] = []

    init(pretty: Bool) {
        self.pretty = pretty
    }

    mutating func write(_ value: JSONValue, indent: Int) {
        switch value {
        case .null:
            append("null")
        case .bool(let flag):
            append(flag ? "true" : "false")
        case .number(.integer(let integer)):
            append(String(integer))
        case .number(.double(let double)):
            // Swift's shortest round-trip form ("0.1", "3.0", "1e-05") is valid JSON.
            append(double.isFinite ? String(describing: double) : "null")
        case .string(let text):
            writeString(text)
        case .array(let elements):
            writeContainer(elements, open: "[", close: "]", indent: indent) { writer, element in
                writer.write(element, indent: indent + 1)
            }
        case .object(let members):
            writeObject(members.sorted { $0.key < $1.key }, indent: indent)
        }
    }

    mutating func writeObject(_ members: [(key: String, value: JSONValue)], indent: Int) {
        writeContainer(members, open: "{", close: "}", indent: indent) { writer, member in
            writer.writeString(member.key)
            writer.append(writer.pretty ? ": " : ":")
            writer.write(member.value, indent: indent + 1)
        }
    }

    /// Elements separated by commas, one a line when pretty; an empty container stays on one line.
    private mutating func writeContainer<Element>(
        _ elements: [Element], open: Unicode.Scalar, close: Unicode.Scalar, indent: Int,
        writeElement: (inout JSONWriter, Element) -> Void
    ) {
        output.append(UInt8(ascii: open))
        for (position, element) in elements.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            newline(indent + 1)
            writeElement(&self, element)
        }
        if !elements.isEmpty { newline(indent) }
        output.append(UInt8(ascii: close))
    }

    /// Control characters, DEL and C1 controls, the line and paragraph separators and U+FEFF are
    /// escaped: the text is then safe in a YAML double-quoted scalar and in JavaScript as well.
    private mutating func writeString(_ text: String) {
        output.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: append(#"\""#)
            case 0x5C: append(#"\\"#)
            case 0x0A: append(#"\n"#)
            case 0x0D: append(#"\r"#)
            case 0x09: append(#"\t"#)
            case 0x08: append(#"\b"#)
            case 0x0C: append(#"\f"#)
            case 0x00..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0xFEFF:
                let hex = String(scalar.value, radix: 16)
                append(#"\u"# + String(repeating: "0", count: 4 - hex.count) + hex)
            default:
                UTF8.encode(scalar) { output.append($0) }
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    private mutating func newline(_ indent: Int) {
        guard pretty else { return }
        output.append(0x0A)
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    private mutating func append(_ text: String) {
        output.append(contentsOf: text.utf8)
    }
}
