import Foundation
import Testing
@testable import MeshEvents

@Suite("CloudEvent attribute pairs (binary mode) and structured JSON")
struct CloudEventBindingTests {
    private func sampleEvent(data: Data? = Data(#"{"sku":"VAC-FLU-10","units":3}"#.utf8),
                             contentType: String? = "application/json") throws -> CloudEvent {
        try CloudEvent(
            id: "evt-1", source: "/eventmesh/coldchain/inventory-movement", type: "io.coldchain.inventory.low-stock.v1",
            dataContentType: contentType, dataSchema: "https://schemas.example.com/low-stock/v1",
            subject: "VAC-FLU-10", time: timestamp("2025-01-14T03:12:46.210Z"),
            extensions: ["correlationid": "run-1", "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"],
            data: data)
    }

    @Test("attributes lists every context attribute as strings")
    func attributePairs() throws {
        #expect(try sampleEvent().attributes == [
            "specversion": "1.0", "id": "evt-1", "source": "/eventmesh/coldchain/inventory-movement",
            "type": "io.coldchain.inventory.low-stock.v1", "datacontenttype": "application/json",
            "dataschema": "https://schemas.example.com/low-stock/v1", "subject": "VAC-FLU-10",
            "time": "2025-01-14T03:12:46.210Z", "correlationid": "run-1",
            "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        ])
    }

    @Test("pairs round trip to an equal event")
    func pairsRoundTrip() throws {
        let original = try sampleEvent()
        #expect(try CloudEvent(attributes: original.attributes, data: original.data) == original)
    }

    @Test("building from pairs reports what is missing or wrong", arguments: [
        ("specversion", nil, CloudEventError.missingAttribute("specversion")),
        ("specversion", "0.3", .invalidAttribute("specversion", reason: "unsupported version \"0.3\"; expected \"1.0\"")),
        ("id", nil, .missingAttribute("id")),
        ("source", nil, .missingAttribute("source")),
        ("type", nil, .missingAttribute("type")),
        ("time", "yesterday", .invalidAttribute("time", reason: "must be an RFC 3339 date-time such as 2025-01-14T03:12:45Z")),
        ("traceparent", "00-abc", .invalidAttribute("traceparent", reason: TraceParentError.wrongLength(6).description)),
    ] as [(String, String?, CloudEventError)])
    func pairsErrors(name: String, value: String?, expected: CloudEventError) throws {
        var pairs = try sampleEvent().attributes
        pairs[name] = value
        #expect(throws: expected) { try CloudEvent(attributes: pairs, data: nil) }
    }

    @Test("unknown names become string extensions; bad names and duplicates are refused")
    func pairsExtensions() throws {
        let built = try CloudEvent(attributes: [
            (name: "specversion", value: "1.0"), (name: "id", value: "e"), (name: "source", value: "/s"),
            (name: "type", value: "t"), (name: "attempt", value: "3"),
        ], data: nil)
        #expect(built.extensions == ["attempt": .string("3")])
        #expect(throws: CloudEventError.invalidAttributeName("ce_id")) {
            try CloudEvent(attributes: ["ce_id": "e"], data: nil)
        }
        #expect(throws: CloudEventError.duplicateAttribute("id")) {
            try CloudEvent(attributes: [(name: "id", value: "a"), (name: "id", value: "b")], data: nil)
        }
    }

    @Test("structured JSON round trips to an equal event")
    func structuredRoundTrip() throws {
        let original = try sampleEvent()
        for pretty in [false, true] {
            #expect(try CloudEvent(structuredJSON: original.structuredJSON(prettyPrinted: pretty)) == original)
        }
    }

    @Test("structured JSON embeds JSON data as JSON and lists attributes in a fixed order")
    func structuredLayout() throws {
        let text = String(decoding: try sampleEvent().structuredJSON(), as: UTF8.self)
        #expect(text == #"{"specversion":"1.0","id":"evt-1","source":"/eventmesh/coldchain/inventory-movement","#
            + #""type":"io.coldchain.inventory.low-stock.v1","datacontenttype":"application/json","#
            + #""dataschema":"https://schemas.example.com/low-stock/v1","subject":"VAC-FLU-10","#
            + #""time":"2025-01-14T03:12:46.210Z","correlationid":"run-1","#
            + #""traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01","#
            + #""data":{"sku":"VAC-FLU-10","units":3}}"#)
    }

    @Test("binary data goes to data_base64, text data to a string, and both round trip")
    func nonJSONData() throws {
        let binary = try sampleEvent(data: Data([0x00, 0xFF, 0x10]), contentType: "application/octet-stream")
        let binaryText = String(decoding: binary.structuredJSON(), as: UTF8.self)
        #expect(binaryText.contains(#""data_base64":"AP8Q""#))
        #expect(try CloudEvent(structuredJSON: binary.structuredJSON()) == binary)

        let text = try sampleEvent(data: Data("line one\nline two".utf8), contentType: "text/plain")
        #expect(String(decoding: text.structuredJSON(), as: UTF8.self).contains(#""data":"line one\nline two""#))
        #expect(try CloudEvent(structuredJSON: text.structuredJSON()) == text)

        let mislabelled = try sampleEvent(data: Data("not json".utf8), contentType: "application/json")
        #expect(try CloudEvent(structuredJSON: mislabelled.structuredJSON()) == mislabelled)
    }

    @Test("JSON extension values keep their type; null attributes count as absent")
    func structuredExtensionTypes() throws {
        let json = #"{"specversion":"1.0","id":"e","source":"/s","type":"t","subject":null,"#
            + #""attempt":3,"replayed":false,"region":"eu"}"#
        let decoded = try CloudEvent(structuredJSON: Data(json.utf8))
        #expect(decoded.subject == nil)
        #expect(decoded.extensions == ["attempt": .integer(3), "replayed": .boolean(false), "region": "eu"])
        #expect(try CloudEvent(structuredJSON: decoded.structuredJSON()) == decoded)
    }

    @Test("structured decoding names the offending attribute", arguments: [
        (#"{"id":"e","source":"/s","type":"t"}"#, CloudEventError.missingAttribute("specversion")),
        (#"{"specversion":"1.0","source":"/s","type":"t"}"#, .missingAttribute("id")),
        (#"{"specversion":1.0,"id":"e","source":"/s","type":"t"}"#,
         .invalidAttribute("specversion", reason: "must be a JSON string, found number")),
        (#"{"specversion":"1.0","id":7,"source":"/s","type":"t"}"#,
         .invalidAttribute("id", reason: "must be a JSON string, found integer")),
        (#"{"specversion":"1.0","id":"e","source":"/s","type":"t","attempt":1.5}"#,
         .invalidAttribute("attempt", reason: "numbers must be integers in the signed 32-bit range")),
        (#"{"specversion":"1.0","id":"e","source":"/s","type":"t","tags":["a"]}"#,
         .invalidAttribute("tags", reason: "must be a string, an integer or a boolean, found array")),
        (#"{"specversion":"1.0","id":"e","source":"/s","type":"t","Bad":"x"}"#, .invalidAttributeName("Bad")),
        (#"{"specversion":"1.0","id":"e","source":"/s","type":"t","data":{},"data_base64":"AA=="}"#,
         .invalidAttribute("data_base64", reason: "must not appear together with data")),
        (#"{"specversion":"1.0","id":"e","source":"/s","type":"t","data_base64":"***"}"#,
         .invalidAttribute("data_base64", reason: "is not valid base64")),
        (#"{"specversion":"1.0","id":"e","source":"/s","type":"t","datacontenttype":"text/plain","data":{}}"#,
         .invalidAttribute("data", reason: "must be a string when datacontenttype is not JSON")),
        (#"[1]"#, .malformedJSON("expected a JSON object, found array")),
    ])
    func structuredErrors(json: String, expected: CloudEventError) {
        #expect(throws: expected) { try CloudEvent(structuredJSON: Data(json.utf8)) }
    }

    @Test("a document that is not strict JSON is malformed, with the parser's offset and reason")
    func strictJSON() {
        // StrictJSONTests cover every rejection; this checks how the envelope reports one.
        let ambiguous = #"{"specversion":"1.0","id":"e","id":"f","source":"/s","type":"t"}"#
        #expect(throws: CloudEventError.malformedJSON(#"invalid JSON at byte 30: duplicate member "id""#)) {
            try CloudEvent(structuredJSON: Data(ambiguous.utf8))
        }
    }
}
