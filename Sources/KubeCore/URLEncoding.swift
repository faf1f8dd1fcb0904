/// Percent-encoding of paths and queries exactly as Go's `net/url` does it for client-go, and
/// the reading of a query string as Go's `url.ParseQuery` reads it on the API server.
public enum URLEncoding {
    /// One path segment as Go escapes a path: unreserved characters and `$&+,:;=@` stay, every
    /// other byte (including `/`, `?`, `%`, space and non-ASCII) becomes `%XX`.
    public static func pathSegment(_ text: String) -> String {
        escape(text) { isUnreserved($0) || pathSafe.contains($0) }
    }

    /// One query key or value as Go's `url.QueryEscape` writes it: unreserved characters stay,
    /// a space becomes `+`, every other byte becomes `%XX`.
    public static func queryComponent(_ text: String) -> String {
        escape(text, spaceAsPlus: true, keeps: isUnreserved)
    }

    /// `key=value&...` with keys sorted and each key's values in order: Go's `url.Values.Encode`,
    /// so the same parameters always give client-go's bytes.
    public static func query(_ parameters: [String: [String]]) -> String {
        parameters.keys.sorted().flatMap { key in
            parameters[key, default: []].map { queryComponent(key) + "=" + queryComponent($0) }
        }.joined(separator: "&")
    }

    /// The parameters of a query string (without the `?`), as Go's `url.ParseQuery` reads them:
    /// `+` is a space, a pair with a bad escape or a `;` is dropped, a key without `=` has the
    /// value "".
    public static func parseQuery(_ query: some StringProtocol) -> [String: [String]] {
        var parameters: [String: [String]] = [:]
        for pair in query.split(separator: "&") where !pair.isEmpty && !pair.contains(";") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = decode(parts[0], plusAsSpace: true),
                  let value = parts.count > 1 ? decode(parts[1], plusAsSpace: true) : ""
            else { continue }
            parameters[key, default: []].append(value)
        }
        return parameters
    }

    /// The text with `%XX` escapes decoded (and `+` read as a space when `plusAsSpace`); nil
    /// when an escape is malformed or the result is not UTF-8.
    public static func decode(_ text: some StringProtocol, plusAsSpace: Bool = false) -> String? {
        var bytes: [UInt8] = []
        var input = Array(text.utf8)[...]
        while let byte = input.popFirst() {
            switch byte {
            case UInt8(ascii: "%"):
                guard input.count >= 2, let high = hexValue(input.removeFirst()), let low = hexValue(input.removeFirst())
                else { return nil }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+") where plusAsSpace:
                bytes.append(UInt8(ascii: " "))
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static let pathSafe: Set<UInt8> = Set("$&+,:;=@".utf8)
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
             UInt8(ascii: "."), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static func escape(_ text: String, spaceAsPlus: Bool = false, keeps: (UInt8) -> Bool) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if keeps(byte) {
                output.append(byte)
            } else if spaceAsPlus && byte == UInt8(ascii: " ") {
                output.append(UInt8(ascii: "+"))
            } else {
                output += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
