import StrictJSON

/// How Go prints the values that end up in the server's messages, so ours read the same:
/// `%v` of a float64, `strconv.Quote`, and `encoding/json`.
enum GoFormat {
    /// `fmt.Sprintf("%v", value)` of a float64: shortest digits, exponent form below 1e-4 and
    /// from 1e+06 on (`1e+06`, `1.5`, `0.0001`, `1e-05`).
    static func float(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Inf" : "+Inf") }
        let (negative, digits, point) = decimalDigits(value)
        let exponent = point - 1
        let body = exponent < -4 || exponent >= 6 ? exponentForm(digits, exponent) : plainForm(digits, point)
        return (negative ? "-" : "") + body
    }

    /// `fmt.Sprintf("%v", value)` of a JSON number as the server holds it (int64 or float64).
    static func number(_ number: JSONNumber) -> String {
        switch number {
        case .integer(let value): String(value)
        case .double(let value): float(value)
        }
    }

    /// A field error's bad value as apimachinery prints it: a nil value becomes the string
    /// `"null"` (quoted), everything else prints as itself.
    static func badValue(_ value: JSONValue) -> JSONValue {
        value.isNull ? "null" : value
    }

    /// `strconv.Quote`: double quotes, Go escapes, printable Unicode kept as is.
    static func quote(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\u{07}": output += "\\a"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{0B}": output += "\\v"
            default:
                if scalar.isGoPrintable {
                    output.unicodeScalars.append(scalar)
                } else if scalar.value < 0x80 {
                    output += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value < 0x10000 {
                    output += "\\u" + hex(scalar.value, width: 4)
                } else {
                    output += "\\U" + hex(scalar.value, width: 8)
                }
            }
        }
        return output + "\""
    }

    /// `json.Marshal` of a value: sorted keys, HTML-safe escapes, Go's float format.
    static func json(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let bool): return bool ? "true" : "false"
        case .number(.integer(let integer)): return String(integer)
        case .number(.double(let double)): return jsonFloat(double)
        case .string(let string): return jsonString(string)
        case .array(let elements): return "[" + elements.map(json).joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.sorted { $0.key < $1.key }
                .map { jsonString($0.key) + ":" + json($0.value) }.joined(separator: ",") + "}"
        }
    }

    /// `encoding/json`'s float: plain notation from 1e-6 up to 1e21, `1e-7`/`1e+21` beyond.
    static func jsonFloat(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        let (negative, digits, point) = decimalDigits(value)
        let magnitude = abs(value)
        var body: String
        if magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21) {
            body = exponentForm(digits, point - 1)
            if let range = body.range(of: "e-0") { body.replaceSubrange(range, with: "e-") }
        } else {
            body = plainForm(digits, point)
        }
        return (negative ? "-" : "") + body
    }

    private static func jsonString(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}": output += "\\u" + hex(scalar.value, width: 4)
            default:
                if scalar.value < 0x20 {
                    output += "\\u" + hex(scalar.value, width: 4)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }

    /// The shortest decimal digits that read back as `value`, and where the decimal point goes
    /// (`123.4` is `"1234"`, 3; `0.05` is `"5"`, -1).
    private static func decimalDigits(_ value: Double) -> (negative: Bool, digits: String, point: Int) {
        var text = Substring(value.description)
        let negative = text.hasPrefix("-")
        if negative { text = text.dropFirst() }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        let integerCount = text.firstIndex(of: ".").map { text.distance(from: text.startIndex, to: $0) } ?? text.count
        var digits = Array(text.filter { $0 != "." })
        var point = integerCount + exponent
        while digits.count > 1, digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        if digits == ["0"] { point = 1 }
        return (negative, String(digits), point)
    }

    private static func exponentForm(_ digits: String, _ exponent: Int) -> String {
        var mantissa = String(digits.prefix(1))
        if digits.count > 1 { mantissa += "." + digits.dropFirst() }
        let magnitude = abs(exponent)
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + String(magnitude)
    }

    private static func plainForm(_ digits: String, _ point: Int) -> String {
        if point <= 0 { return "0." + String(repeating: "0", count: -point) + digits }
        if point >= digits.count { return digits + String(repeating: "0", count: point - digits.count) }
        let split = digits.index(digits.startIndex, offsetBy: point)
        return digits[..<split] + "." + digits[split...]
    }


    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
