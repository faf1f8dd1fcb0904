/// The validation rules of CloudEvents 1.0 (and of the mesh's extensions), one function per rule.
enum CloudEventRules {
    /// CloudEvents limits attribute names to `[a-z0-9]` and asks for at most 20 characters; the
    /// mesh enforces the limit so every name fits every transport's header conventions.
    static func isValidAttributeName(_ name: String) -> Bool {
        (1...20).contains(name.utf8.count)
            && name.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// CloudEvents' String type excludes control characters and Unicode noncharacters.
    static func isAllowedString(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            let value = scalar.value
            if value <= 0x1F || (0x7F...0x9F).contains(value) { return false }
            if (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE { return false }
            return true
        }
    }

    static func checkString(_ text: String, attribute: String) throws(CloudEventError) {
        guard isAllowedString(text) else {
            throw .invalidAttribute(attribute, reason: "contains a control character or a Unicode noncharacter")
        }
    }

    static func checkNonEmptyString(_ text: String, attribute: String) throws(CloudEventError) {
        guard !text.isEmpty else { throw .invalidAttribute(attribute, reason: "must not be empty") }
        try checkString(text, attribute: attribute)
    }

    /// RFC 3986 URI-reference: allowed characters only, well-formed percent escapes, and a valid
    /// scheme when there is one (a colon before the first '/', '?' or '#' starts a scheme).
    static func checkURIReference(_ text: String, attribute: String, requireScheme: Bool) throws(CloudEventError) {
        guard !text.isEmpty else { throw .invalidAttribute(attribute, reason: "must not be empty") }
        let bytes = Array(text.utf8)
        var index = 0
        var fragmentSeen = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, isHexDigit(bytes[index + 1]), isHexDigit(bytes[index + 2]) else {
                    throw .invalidAttribute(attribute, reason: "'%' must be followed by two hex digits")
                }
                index += 3
                continue
            }
            if byte == UInt8(ascii: "#") {
                guard !fragmentSeen else {
                    throw .invalidAttribute(attribute, reason: "more than one '#' in a URI-reference")
                }
                fragmentSeen = true
            } else if !isURICharacter(byte) {
                throw .invalidAttribute(attribute, reason: "character not allowed in a URI-reference (RFC 3986)")
            }
            index += 1
        }
        let schemeEnd = bytes.firstIndex { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/")
            || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
        if let schemeEnd, bytes[schemeEnd] == UInt8(ascii: ":") {
            guard isValidScheme(bytes[..<schemeEnd]) else {
                throw .invalidAttribute(attribute, reason: "invalid URI scheme before ':'")
            }
        } else if requireScheme {
            throw .invalidAttribute(attribute, reason: "must be an absolute URI with a scheme")
        }
    }

    /// RFC 2046 media type: `type/subtype` tokens, then `; name=value` parameters.
    static func checkMediaType(_ text: String, attribute: String) throws(CloudEventError) {
        let parts = text.split(separator: ";", omittingEmptySubsequences: false)
        let essence = parts[0].split(separator: "/", omittingEmptySubsequences: false)
        guard essence.count == 2, essence.allSatisfy({ isToken($0) }) else {
            throw .invalidAttribute(attribute, reason: "must be a media type such as application/json")
        }
        for parameter in parts.dropFirst() {
            let trimmed = parameter.drop { $0 == " " }
            let pair = trimmed.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2, isToken(pair[0]),
                  isToken(pair[1]) || (pair[1].count >= 2 && pair[1].first == "\"" && pair[1].last == "\"") else {
                throw .invalidAttribute(attribute, reason: "media type parameters must be name=value")
            }
        }
        try checkString(text, attribute: attribute)
    }

    /// Whether a media type carries JSON (`application/json`, `text/json`, `*/*+json`).
    static func isJSONMediaType(_ mediaType: String?) -> Bool {
        guard let mediaType else { return true }  // structured JSON: absent means application/json
        let essence = mediaType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]
            .lowercased().filter { $0 != " " }
        return essence == "application/json" || essence == "text/json" || essence.hasSuffix("+json")
    }

    static func isTextMediaType(_ mediaType: String?) -> Bool {
        mediaType?.lowercased().hasPrefix("text/") ?? false
    }

    static func checkExtension(name: String, value: CloudEventExtensionValue) throws(CloudEventError) {
        guard isValidAttributeName(name) else { throw .invalidAttributeName(name) }
        guard !CloudEvent.coreAttributeNames.contains(name), name != "data" else {
            throw .invalidAttribute(name, reason: "is a CloudEvents context attribute, not an extension")
        }
        if case .string(let text) = value {
            try checkString(text, attribute: name)
        }
        guard let known = MeshExtension(rawValue: name) else { return }
        guard case .string(let text) = value else {
            throw .invalidAttribute(name, reason: "must be a string")
        }
        switch known {
        case .correlationID, .causationID, .partitionKey:
            guard !text.isEmpty else { throw .invalidAttribute(name, reason: "must not be empty") }
        case .traceParent:
            do {
                _ = try TraceParent(parsing: text)
            } catch {
                throw .invalidAttribute(name, reason: error.description)
            }
        case .traceState:
            break
        }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    private static func isAlpha(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// Unreserved, gen-delims (except '#', handled apart) and sub-delims.
    private static func isURICharacter(_ byte: UInt8) -> Bool {
        isAlpha(byte) || isDigit(byte) || Array("-._~:/?[]@!$&'()*+,;=".utf8).contains(byte)
    }

    private static func isValidScheme(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = bytes.first, isAlpha(first) else { return false }
        return bytes.dropFirst().allSatisfy { isAlpha($0) || isDigit($0) || Array("+-.".utf8).contains($0) }
    }

    /// RFC 2045 token: printable ASCII except space and tspecials.
    private static func isToken(_ text: Substring) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            byte > 0x20 && byte < 0x7F && !Array("()<>@,;:\\\"/[]?=".utf8).contains(byte)
        }
    }
}
