import Foundation
import StrictJSON

/// Structured mode (CloudEvents JSON format): the whole event as one JSON object. The mesh uses it
/// for dead-letter payloads, documentation and tests; on the brokers events travel in binary mode.
extension CloudEvent {
    /// Reads a structured-mode JSON event. `data` holds JSON when `datacontenttype` is JSON (or
    /// absent) and is re-serialized compactly, keys sorted; for other media types it must be a string;
    /// `data_base64` carries any bytes. Attributes set to `null` count as absent.
    public init(structuredJSON json: Data) throws(CloudEventError) {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: json)
        } catch {
            throw .malformedJSON(error.description)
        }
        guard case .object(let members) = document else {
            throw .malformedJSON("expected a JSON object, found \(document.typeName)")
        }

        var core: [String: String] = [:]
        var extensions: [String: CloudEventExtensionValue] = [:]
        var dataValue: JSONValue?
        var base64Text: String?
        for member in members where member.value != .null {
            switch member.key {
            case "data":
                dataValue = member.value
            case "data_base64":
                guard case .string(let text) = member.value else {
                    throw .invalidAttribute("data_base64", reason: "must be a base64 string")
                }
                base64Text = text
            case let name where Self.coreAttributeNames.contains(name):
                guard case .string(let text) = member.value else {
                    throw .invalidAttribute(name, reason: "must be a JSON string, found \(member.value.typeName)")
                }
                core[name] = text
            case let name:
                guard CloudEventRules.isValidAttributeName(name) else { throw .invalidAttributeName(name) }
                extensions[name] = try Self.extensionValue(member.value, name: name)
            }
        }

        var data: Data?
        if let base64Text {
            guard dataValue == nil else {
                throw .invalidAttribute("data_base64", reason: "must not appear together with data")
            }
            guard let bytes = Data(base64Encoded: base64Text) else {
                throw .invalidAttribute("data_base64", reason: "is not valid base64")
            }
            data = bytes
        } else if let dataValue {
            if CloudEventRules.isJSONMediaType(core["datacontenttype"]) {
                data = Data(dataValue.jsonBytes())
            } else if case .string(let text) = dataValue {
                data = Data(text.utf8)
            } else {
                throw .invalidAttribute("data", reason: "must be a string when datacontenttype is not JSON")
            }
        }
        try self.init(core: core, extensions: extensions, data: data)
    }

    /// The event as a structured-mode JSON object: required attributes first, then optional ones,
    /// extensions by name, and the data last. JSON data is embedded as JSON, text as a string,
    /// anything else as `data_base64`.
    public func structuredJSON(prettyPrinted: Bool = false) -> Data {
        var members: [(key: String, value: JSONValue)] = [
            ("specversion", .string(Self.specVersion)), ("id", .string(id)), ("source", .string(source)),
            ("type", .string(type)),
        ]
        let optional: [(String, String?)] = [
            ("datacontenttype", dataContentType), ("dataschema", dataSchema),
            ("subject", subject), ("time", time?.rfc3339),
        ]
        for case (let name, let value?) in optional {
            members.append((name, .string(value)))
        }
        for name in extensions.keys.sorted() {
            guard let value = extensions[name] else { continue }
            let json: JSONValue = switch value {
            case .string(let text): .string(text)
            case .integer(let number): .integer(Int64(number))
            case .boolean(let flag): .bool(flag)
            }
            members.append((name, json))
        }
        if let data {
            members.append(Self.dataMember(data, mediaType: dataContentType))
        }
        return Data(JSONValue.jsonBytes(orderedMembers: members, pretty: prettyPrinted))
    }

    private static func dataMember(_ data: Data, mediaType: String?) -> (key: String, value: JSONValue) {
        if CloudEventRules.isJSONMediaType(mediaType), let parsed = try? JSONValue(parsing: data) {
            return ("data", parsed)
        }
        // Bytes labelled JSON that do not parse fall through to base64 so nothing is lost.
        if CloudEventRules.isTextMediaType(mediaType), !CloudEventRules.isJSONMediaType(mediaType),
           let text = String(validating: data, as: UTF8.self) {
            return ("data", .string(text))
        }
        return ("data_base64", .string(data.base64EncodedString()))
    }

    private static func extensionValue(_ value: JSONValue, name: String) throws(CloudEventError) -> CloudEventExtensionValue {
        switch value {
        case .string(let text):
            return .string(text)
        case .bool(let flag):
            return .boolean(flag)
        case .number(let number):
            guard case .integer(let integer) = number, let exact = Int32(exactly: integer) else {
                throw .invalidAttribute(name, reason: "numbers must be integers in the signed 32-bit range")
            }
            return .integer(exact)
        case .null, .array, .object:
            throw .invalidAttribute(name, reason: "must be a string, an integer or a boolean, found \(value.typeName)")
        }
    }
}
