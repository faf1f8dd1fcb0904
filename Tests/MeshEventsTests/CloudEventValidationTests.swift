import Foundation
import Testing
@testable import MeshEvents

@Suite("CloudEvent validation")
struct CloudEventValidationTests {
    private func event(
        id: String = "evt-1", source: String = "/eventmesh/coldchain/inventory-movement", type: String = "io.example.v1",
        dataContentType: String? = nil, dataSchema: String? = nil, subject: String? = nil,
        extensions: [String: CloudEventExtensionValue] = [:]
    ) throws(CloudEventError) -> CloudEvent {
        try CloudEvent(id: id, source: source, type: type, dataContentType: dataContentType,
                       dataSchema: dataSchema, subject: subject, extensions: extensions)
    }

    @Test("a minimal event is valid and reports specversion 1.0")
    func minimalEvent() throws {
        let minimal = try event()
        #expect(minimal.specVersion == "1.0")
        #expect(minimal.extensions.isEmpty)
        #expect(minimal.data == nil)
    }

    @Test("required attributes must not be empty", arguments: ["id", "source", "type"])
    func requiredNotEmpty(attribute: String) {
        #expect(throws: CloudEventError.invalidAttribute(attribute, reason: "must not be empty")) {
            try event(id: attribute == "id" ? "" : "evt-1",
                      source: attribute == "source" ? "" : "/a",
                      type: attribute == "type" ? "" : "t")
        }
    }

    @Test("source accepts URI-references", arguments: [
        "/eventmesh/coldchain/supplier", "https://sensors.example.com/wh/1?probe=17#x", "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66",
        "relative/path", "//authority/path", "mqtt:sensor%2F17", "a",
    ])
    func sourceAccepts(source: String) throws {
        #expect(try event(source: source).source == source)
    }

    @Test("source rejects what is not a URI-reference", arguments: [
        "has space", "/path/with\"quote", "1http://x", ":no-scheme", "/bad%2", "/bad%zz", "a#b#c", "/ü",
    ])
    func sourceRejects(source: String) {
        #expect {
            try event(source: source)
        } throws: { error in
            (error as? CloudEventError)?.attribute == "source"
        }
    }

    @Test("dataschema must be an absolute URI")
    func dataSchemaAbsolute() throws {
        #expect(try event(dataSchema: "https://schemas.example.com/low-stock/v1").dataSchema != nil)
        #expect(throws: CloudEventError.invalidAttribute("dataschema", reason: "must be an absolute URI with a scheme")) {
            try event(dataSchema: "/schemas/low-stock")
        }
    }

    @Test("datacontenttype must be a media type", arguments: [
        ("application/json", true), ("application/cloudevents+json; charset=utf-8", true),
        ("text/plain;charset=\"utf-8\"", true), ("json", false), ("application/", false),
        ("application/json; charset", false), ("app lication/json", false),
    ])
    func mediaTypes(mediaType: String, valid: Bool) {
        let result = Result { () throws(CloudEventError) in try event(dataContentType: mediaType) }
        if valid {
            #expect(throws: Never.self) { try result.get() }
        } else {
            #expect {
                try result.get()
            } throws: { error in
                (error as? CloudEventError)?.attribute == "datacontenttype"
            }
        }
    }

    @Test("subject, if present, is not empty")
    func subjectNotEmpty() {
        #expect(throws: CloudEventError.invalidAttribute("subject", reason: "must not be empty")) {
            try event(subject: "")
        }
    }

    @Test("string attributes reject control characters")
    func rejectsControlCharacters() {
        #expect(throws: CloudEventError.invalidAttribute(
            "id", reason: "contains a control character or a Unicode noncharacter")) {
            try event(id: "evt\n1")
        }
        #expect(throws: CloudEventError.invalidAttribute(
            "region", reason: "contains a control character or a Unicode noncharacter")) {
            try event(extensions: ["region": "eu\u{7}"])
        }
    }

    @Test("extension names: lower-case a-z0-9, 1 to 20 characters", arguments: [
        ("region", true), ("x1", true), ("abcdefghijklmnopqrst", true), ("abcdefghijklmnopqrstu", false),
        ("Region", false), ("trace_id", false), ("trace-id", false), ("", false),
    ])
    func extensionNames(name: String, valid: Bool) {
        let result = Result { () throws(CloudEventError) in try event(extensions: [name: "v"]) }
        if valid {
            #expect(throws: Never.self) { try result.get() }
        } else {
            #expect(throws: CloudEventError.invalidAttributeName(name)) { try result.get() }
        }
    }

    @Test("extensions may not reuse context attribute names")
    func extensionsCannotShadowCore() {
        #expect(throws: CloudEventError.invalidAttribute(
            "time", reason: "is a CloudEvents context attribute, not an extension")) {
            try event(extensions: ["time": "now"])
        }
    }

    @Test("mesh extensions are checked: traceparent format, non-empty ids, string type")
    func meshExtensions() throws {
        let valid = try event(extensions: [
            "correlationid": "run-1", "causationid": "evt-0", "partitionkey": "wh/sku",
            "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "tracestate": "vendor=abc",
        ])
        #expect(valid.correlationID == "run-1")
        #expect(valid.causationID == "evt-0")
        #expect(valid.partitionKey == "wh/sku")
        #expect(valid.traceState == "vendor=abc")
        #expect(valid.traceParent?.traceID.description == "0af7651916cd43dd8448eb211c80319c")

        #expect(throws: CloudEventError.invalidAttribute("traceparent", reason: TraceParentError.zeroTraceID.description)) {
            try event(extensions: ["traceparent": "00-00000000000000000000000000000000-b7ad6b7169203331-01"])
        }
        #expect(throws: CloudEventError.invalidAttribute("correlationid", reason: "must not be empty")) {
            try event(extensions: ["correlationid": ""])
        }
        #expect(throws: CloudEventError.invalidAttribute("causationid", reason: "must be a string")) {
            try event(extensions: ["causationid": .integer(7)])
        }
    }

    @Test("other extensions keep their CloudEvents type")
    func typedExtensions() throws {
        let typed = try event(extensions: ["attempt": .integer(3), "replayed": .boolean(true)])
        #expect(typed.extensions["attempt"] == .integer(3))
        #expect(typed.attributes["attempt"] == "3")
        #expect(typed.attributes["replayed"] == "true")
    }

    @Test("settingExtension validates and can remove")
    func settingExtension() throws {
        let base = try event(extensions: ["region": "eu"])
        let updated = try base.settingExtension("attempt", to: .integer(2))
        #expect(updated.extensions == ["region": "eu", "attempt": .integer(2)])
        #expect(try updated.settingExtension("region", to: nil).extensions == ["attempt": .integer(2)])
        #expect(throws: CloudEventError.invalidAttributeName("Bad")) {
            try base.settingExtension("Bad", to: "x")
        }
    }

    @Test("errors name their attribute and read well")
    func errorDescriptions() {
        #expect(CloudEventError.missingAttribute("id").attribute == "id")
        #expect(CloudEventError.malformedJSON("x").attribute == nil)
        #expect(CloudEventError.invalidAttribute("time", reason: "bad").description == "invalid attribute \"time\": bad")
    }
}
