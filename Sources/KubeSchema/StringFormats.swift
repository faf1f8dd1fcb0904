import Foundation
import KubeCore

/// The string formats the API server checks in CRD schemas (go-openapi's `strfmt` registry),
/// keyed by the normalised name (`date-time` is `datetime`). `uri` and `email` follow Go's
/// `url.ParseRequestURI` and `mail.ParseAddress` in their main rules only.
enum StringFormats {
    static func isValid(_ text: String, format: String) -> Bool {
        switch format {
        case "bsonobjectid": return text.utf8.count == 24 && text.allSatisfy(\.isHexDigit)
        case "uri": return isRequestURI(text)
        case "email": return isEmail(text)
        case "hostname": return isHostname(text)
        case "ipv4": return IPAddress.parse(text) != nil && text.contains(".")
        case "ipv6": return IPAddress.parse(text) != nil && text.contains(":")
        case "cidr": return IPAddress.isCIDR(text)
        case "mac": return isMAC(text)
        case "uuid": return matches(text, uuid.any)
        case "uuid3": return matches(text, uuid.v3)
        case "uuid4": return matches(text, uuid.v4)
        case "uuid5": return matches(text, uuid.v5)
        case "isbn": return isISBN10(text) || isISBN13(text)
        case "isbn10": return isISBN10(text)
        case "isbn13": return isISBN13(text)
        case "creditcard": return isCreditCard(text)
        case "ssn": return text.utf8.count == 11 && matches(text, #"^\d{3}[- ]?\d{2}[- ]?\d{4}$"#)
        case "hexcolor": return matches(text, #"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"#)
        case "rgbcolor":
            let channel = #"\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*"#
            return matches(text, "^rgb\\(\(channel),\(channel),\(channel)\\)$")
        case "byte": return matches(text, #"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$"#)
        case "password": return true
        case "date": return isDate(text)
        case "datetime": return isDateTime(text)
        case "duration": return isDuration(text)
        default: return true
        }
    }

    private static let uuid = (
        any: #"(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$"#,
        v3: #"(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$"#,
        v4: #"(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$"#,
        v5: #"(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$"#
    )

    private static func matches(_ text: String, _ pattern: String) -> Bool {
        text.range(of: pattern, options: .regularExpression) != nil
    }

    /// Go's `time.Parse("2006-01-02", text)`: four-digit year, real month and day of month.
    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month) else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    /// strfmt's `IsDateTime`: a date, `t`, then `hh:mm:ss[.frac](z|±hh:mm)`, case-insensitive.
    private static func isDateTime(_ text: String) -> Bool {
        let parts = text.lowercased().split(separator: "t", omittingEmptySubsequences: false)
        guard text.count >= 4, parts.count >= 2, isDate(String(parts[0])) else { return false }
        let time = String(parts[1])
        guard matches(time, #"^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$"#) else { return false }
        let fields = time.prefix(8).split(separator: ":")
        return fields[0] <= "23" && fields[1] <= "59" && fields[2] <= "59"
    }

    /// strfmt's `ParseDuration`: a Go duration, or Scala-style `3 days 4 hours`.
    private static func isDuration(_ text: String) -> Bool {
        if (try? Duration(goDuration: text)) != nil { return true }
        guard matches(text, #"^\s*(?:\d+\s*[A-Za-zµ]+\s*)+$"#),
              let regex = try? NSRegularExpression(pattern: #"(\d+)\s*([A-Za-zµ]+)"#) else { return false }
        let units = [["ns", "nano"], ["us", "µs", "micro"], ["ms", "milli"], ["s", "sec"], ["m", "min"],
                     ["h", "hr", "hour"], ["d", "day"], ["w", "wk", "week"]]
        let matches = regex.matches(in: text, range: NSRange(text.startIndex..., in: text))
        return matches.contains { match in
            guard let range = Range(match.range(at: 2), in: text) else { return false }
            let unit = text[range].lowercased()
            return units.contains { variants in
                variants.enumerated().contains { index, variant in
                    (index == variants.count - 1 && unit.hasPrefix(variant)) || unit == variant
                }
            }
        }
    }

    /// RFC 1034 host names as strfmt allows them (symbols and letters of any script included).
    private static func isHostname(_ text: String) -> Bool {
        let label = #"[a-zA-Z0-9\p{S}\p{L}]"#
        let pattern = "^(\(label)((-?\(label){0,62})?)|(\(label)(([a-zA-Z0-9\\-\\p{S}\\p{L}]{0,61}\(label))?)(\\.)){1,}(\(label))(-?\(label)){1,62})$"
        return matches(text, pattern) && text.utf8.count <= 255
            && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { $0.utf8.count <= 63 }
    }

    private static func isMAC(_ text: String) -> Bool {
        let hexPair = "[0-9A-Fa-f]{2}"
        for separator in [":", "-"] {
            for count in [6, 8, 20] where matches(text, "^\(hexPair)(\(separator)\(hexPair)){\(count - 1)}$") { return true }
        }
        return [3, 4, 10].contains { groups in matches(text, "^[0-9A-Fa-f]{4}(\\.[0-9A-Fa-f]{4}){\(groups - 1)}$") }
    }

    private static func digitsOnly(_ text: String) -> [Int] {
        text.filter { $0 != " " && $0 != "-" }.compactMap(\.wholeNumberValue)
    }

    private static func isISBN10(_ text: String) -> Bool {
        let sanitized = text.filter { $0 != " " && $0 != "-" }
        guard matches(sanitized, #"^(?:[0-9]{9}X|[0-9]{10})$"#) else { return false }
        var sum = 0
        for (index, character) in sanitized.enumerated() {
            sum += (index + 1) * (character == "X" ? 10 : character.wholeNumberValue ?? 0)
        }
        return sum % 11 == 0
    }

    private static func isISBN13(_ text: String) -> Bool {
        let sanitized = text.filter { $0 != " " && $0 != "-" }
        guard matches(sanitized, #"^(?:[0-9]{13})$"#) else { return false }
        let digits = digitsOnly(sanitized)
        let sum = digits.prefix(12).enumerated().reduce(0) { $0 + $1.element * ($1.offset % 2 == 0 ? 1 : 3) }
        return (10 - sum % 10) % 10 == digits[12]
    }

    private static func isCreditCard(_ text: String) -> Bool {
        let sanitized = text.filter(\.isNumber)
        let pattern = #"^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|(222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720)[0-9]{12}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11}|6[27][0-9]{14})$"#
        guard matches(sanitized, pattern) else { return false }
        var sum = 0
        for (offset, digit) in sanitized.reversed().compactMap(\.wholeNumberValue).enumerated() {
            let doubled = offset % 2 == 1 ? digit * 2 : digit
            sum += doubled > 9 ? doubled - 9 : doubled
        }
        return sum % 10 == 0
    }

    /// `url.ParseRequestURI`: an absolute URI or an absolute path, no control characters,
    /// valid percent escapes, and a numeric port.
    private static func isRequestURI(_ text: String) -> Bool {
        guard !text.isEmpty, !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return false }
        if text == "*" { return true }
        var rest = Substring(text)
        var hasScheme = false
        if let colon = rest.firstIndex(of: ":"),
           rest[..<colon].range(of: "^[a-zA-Z][a-zA-Z0-9+.-]*$", options: .regularExpression) != nil {
            hasScheme = true
            rest = rest[rest.index(after: colon)...]
        } else if rest.first == ":" {
            return false
        }
        if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }
        guard rest.hasPrefix("/") else { return hasScheme }
        if hasScheme, rest.hasPrefix("//") {
            var authority = rest.dropFirst(2)
            if let slash = authority.firstIndex(of: "/") {
                rest = authority[slash...]
                authority = authority[..<slash]
            } else {
                rest = ""
            }
            if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
            guard isValidHostPort(authority) else { return false }
        }
        return hasValidEscapes(rest)
    }

    private static func isValidHostPort(_ authority: Substring) -> Bool {
        var host = authority
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return false }
            host = authority[authority.index(after: close)...]
            guard host.isEmpty || host.hasPrefix(":") else { return false }
            return host.dropFirst().allSatisfy(\.isNumber)
        }
        if let colon = host.lastIndex(of: ":") {
            guard host[host.index(after: colon)...].allSatisfy(\.isNumber) else { return false }
            host = host[..<colon]
        }
        return hasValidEscapes(host) && !host.contains(where: { " <>\"{}|\\^`".contains($0) })
    }

    private static func hasValidEscapes(_ text: Substring) -> Bool {
        var index = text.startIndex
        while let percent = text[index...].firstIndex(of: "%") {
            let hex = text[text.index(after: percent)...].prefix(2)
            guard hex.count == 2, hex.allSatisfy(\.isHexDigit) else { return false }
            index = text.index(percent, offsetBy: 3)
        }
        return true
    }

    /// `mail.ParseAddress`: `local@domain`, optionally as `Display Name <local@domain>`.
    private static func isEmail(_ text: String) -> Bool {
        var address = Substring(text.trimmingCharacters(in: .whitespaces))
        if address.hasSuffix(">"), let open = address.lastIndex(of: "<") {
            address = address[address.index(after: open)..<address.index(before: address.endIndex)]
        }
        let atom = #"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"#
        let local = "(\(atom)(\\.\(atom))*|\"([^\"\\\\]|\\\\.)*\")"
        let domain = "(\(atom)(\\.\(atom))*|\\[[^\\[\\]\\\\]*\\])"
        return matches(String(address), "^\(local)@\(domain)$")
    }
}

/// Go's `net.ParseIP` and `net.ParseCIDR`, as far as the formats need them.
enum IPAddress {
    /// The address bytes (4 or 16), or nil when `text` is not an IP address.
    static func parse(_ text: String) -> [UInt8]? {
        if !text.contains(":") { return parseIPv4(Substring(text)) }
        return parseIPv6(Substring(text))
    }

    static func isCIDR(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = parse(String(parts[0])),
              !parts[1].isEmpty, parts[1].count <= 3, parts[1].allSatisfy(\.isNumber),
              !(parts[1].count > 1 && parts[1].hasPrefix("0")), let bits = Int(parts[1]) else { return false }
        return bits <= address.count * 8
    }

    private static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  !(part.count > 1 && part.hasPrefix("0")), let value = UInt8(part) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    private static func parseIPv6(_ text: Substring) -> [UInt8]? {
        var groups: [UInt16] = []
        var ellipsis: Int?
        var rest = text
        if rest.hasPrefix("::") {
            ellipsis = 0
            rest = rest.dropFirst(2)
        }
        while !rest.isEmpty {
            let end = rest.firstIndex(of: ":") ?? rest.endIndex
            let group = rest[..<end]
            if group.contains("."), end == rest.endIndex, let v4 = parseIPv4(group) {
                groups.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                groups.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                rest = ""
                break
            }
            guard (1...4).contains(group.count), let value = UInt16(group, radix: 16) else { return nil }
            groups.append(value)
            rest = rest[end...]
            if rest.hasPrefix("::") {
                guard ellipsis == nil else { return nil }
                ellipsis = groups.count
                rest = rest.dropFirst(2)
            } else if rest.hasPrefix(":") {
                rest = rest.dropFirst()
                if rest.isEmpty { return nil }
            }
        }
        if let ellipsis {
            guard groups.count < 8 else { return nil }
            groups.insert(contentsOf: Array(repeating: 0, count: 8 - groups.count), at: ellipsis)
        }
        guard groups.count == 8 else { return nil }
        return groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }
}
