import Foundation
import StrictJSON
import Testing
@testable import MeshEvents

/// The kind of a payload error, so cases assert the problem and the field, not message wording.
enum Problem: Sendable {
    case missing, wrongType, outOfRange, invalid, malformed
}

extension EventPayloadError {
    var problem: Problem {
        switch self {
        case .missingField: .missing
        case .wrongType: .wrongType
        case .outOfRange: .outOfRange
        case .invalidValue: .invalid
        case .malformedJSON: .malformed
        }
    }
}

/// One mutation of a valid sample payload and the error it must cause.
struct PayloadCase: Sendable, CustomTestStringConvertible {
    let path: String
    /// The replacement value; nil removes the field.
    let value: JSONValue?
    let problem: Problem
    let field: String

    init(_ path: String, _ value: JSONValue?, _ problem: Problem, field: String? = nil) {
        self.path = path
        self.value = value
        self.problem = problem
        self.field = field ?? path
    }

    static func missing(_ path: String) -> PayloadCase {
        PayloadCase(path, nil, .missing)
    }

    var testDescription: String {
        "\(path) = \(value?.jsonString() ?? "<removed>")"
    }
}

private func decodingError<P: ColdChainPayload>(_ type: P.Type, sample: String, case testCase: PayloadCase) throws -> EventPayloadError? {
    let document = try parseJSON(sample).setting(testCase.path, to: testCase.value)
    #expect(document.value(at: testCase.path) == testCase.value, "fixture path \(testCase.path) not applied")
    do {
        _ = try P.decode(json: jsonData(document))
        return nil
    } catch {
        return error
    }
}

private func expectRejection<P: ColdChainPayload>(_ type: P.Type, sample: String, _ testCase: PayloadCase) throws {
    let error = try #require(try decodingError(type, sample: sample, case: testCase), "\(testCase.testDescription) was accepted")
    #expect(error.problem == testCase.problem, "\(error)")
    #expect(error.field == testCase.field, "\(error)")
}

@Suite("Payload decoding")
struct PayloadDecodingTests {
    @Test("the samples decode with the values they hold")
    func samplesDecode() throws {
        let failure = try ColdChainFailure.decode(json: Data(SamplePayloads.coldChainFailure.utf8))
        #expect(failure.unitsAffected == 240)
        #expect(failure.thresholdC == 8)
        #expect(failure.direction == .above)
        #expect(failure.severity == .critical)
        #expect(failure.detectedAt == (try timestamp("2025-01-14T03:12:40Z")))

        let lowStock = try LowStock.decode(json: Data(SamplePayloads.lowStock.utf8))
        #expect(lowStock.cause.unitsWrittenOff == 240)

        let order = try PurchaseOrderIssued.decode(json: Data(SamplePayloads.purchaseOrderIssued.utf8))
        #expect(order.lines.map(\.unitPrice) == [DecimalAmount("3.85"), nil])
        #expect(order.transportTemperature == TemperatureRange(minC: 2, maxC: 8))
        #expect(order.requestedDeliveryDate == (try calendarDate("2025-01-16")))

        let received = try InventoryReceived.decode(json: Data(SamplePayloads.inventoryReceived.utf8))
        #expect(received.lots.first?.temperatureOnArrivalC == 4.6)
        #expect(received.lots.first?.expiresOn == (try calendarDate("2025-10-31")))
    }

    @Test("optional fields may be absent or null")
    func optionalFields() throws {
        var failure = try parseJSON(SamplePayloads.coldChainFailure)
        failure = failure.setting("sensorId", to: nil).setting("excursionSeconds", to: .null)
        let decoded = try ColdChainFailure.decode(json: jsonData(failure))
        #expect(decoded.sensorId == nil && decoded.excursionSeconds == nil)

        let order = try parseJSON(SamplePayloads.purchaseOrderIssued)
            .setting("transportTemperature", to: nil).setting("currency", to: nil).setting("lines[0].unitPrice", to: nil)
        #expect(try PurchaseOrderIssued.decode(json: jsonData(order)).currency == nil)

        let lowStock = try parseJSON(SamplePayloads.lowStock).setting("cause.lotId", to: nil).setting("cause.unitsWrittenOff", to: nil)
        #expect(try LowStock.decode(json: jsonData(lowStock)).cause.lotId == nil)

        let received = try parseJSON(SamplePayloads.inventoryReceived).setting("deliveryNoteId", to: nil)
        #expect(try InventoryReceived.decode(json: jsonData(received)).deliveryNoteId == nil)
    }

    @Test("unknown fields are ignored, at the top level and nested")
    func unknownFieldsTolerated() throws {
        let document = try parseJSON(SamplePayloads.purchaseOrderIssued)
            .setting("priority", to: .string("urgent")).setting("lines[0].discount", to: .object([:]))
        let decoded = try PurchaseOrderIssued.decode(json: jsonData(document))
        let baseline = try PurchaseOrderIssued.decode(json: Data(SamplePayloads.purchaseOrderIssued.utf8))
        #expect(decoded == baseline)
    }

    @Test("encoding then decoding gives back the same payload, for every type")
    func encodeRoundTrip() throws {
        let failure = try ColdChainFailure.decode(json: Data(SamplePayloads.coldChainFailure.utf8))
        #expect(try ColdChainFailure.decode(json: failure.encodedJSON()) == failure)
        let lowStock = try LowStock.decode(json: Data(SamplePayloads.lowStock.utf8))
        #expect(try LowStock.decode(json: lowStock.encodedJSON()) == lowStock)
        let order = try PurchaseOrderIssued.decode(json: Data(SamplePayloads.purchaseOrderIssued.utf8))
        #expect(try PurchaseOrderIssued.decode(json: order.encodedJSON()) == order)
        let received = try InventoryReceived.decode(json: Data(SamplePayloads.inventoryReceived.utf8))
        #expect(try InventoryReceived.decode(json: received.encodedJSON()) == received)
    }

    @Test("encoded JSON is compact, key-sorted and stable under re-serialization")
    func encodedForm() throws {
        let order = try PurchaseOrderIssued.decode(json: Data(SamplePayloads.purchaseOrderIssued.utf8))
        let bytes = try order.encodedJSON()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix(#"{"currency":"EUR","lines":[{"quantity":600,"sku":"VAC-FLU-10","unit":"EA","unitPrice":"3.85"}"#))
        #expect(try Data(JSONValue(parsing: bytes).jsonBytes()) == bytes)
    }

    @Test("an invalid payload is not encoded")
    func encodingValidates() throws {
        var failure = try ColdChainFailure.decode(json: Data(SamplePayloads.coldChainFailure.utf8))
        failure.unitsAffected = 0
        #expect(throws: EventPayloadError.outOfRange(field: "unitsAffected", constraint: "must be > 0, got 0")) {
            try failure.encodedJSON()
        }
        failure.unitsAffected = 1
        failure.temperatureC = .nan
        #expect(throws: EventPayloadError.self) { try failure.encodedJSON() }
    }

    @Test("data that is not a JSON object is malformed", arguments: [
        "", "not json", "[]", "42", #"{"sku":"a",}"#, #"{"sku":"a","sku":"b"}"#, #"{"temperatureC":1e400}"#,
    ])
    func malformed(text: String) {
        #expect {
            try ColdChainFailure.decode(json: Data(text.utf8))
        } throws: { error in
            (error as? EventPayloadError)?.problem == .malformed
        }
    }

    @Test("error messages name the field")
    func errorText() {
        #expect(EventPayloadError.missingField("lines[0].sku").description == #"missing required field "lines[0].sku""#)
        #expect(EventPayloadError.wrongType(field: "unitsAffected", expected: "an integer").description
            == #"field "unitsAffected" must be an integer"#)
        #expect(EventPayloadError.malformedJSON("x").field == nil)
    }

    @Test("wrong JSON types report the expected type")
    func expectedTypeNames() throws {
        let integerCase = PayloadCase("unitsAffected", .double(240.5), .wrongType)
        let error = try decodingError(ColdChainFailure.self, sample: SamplePayloads.coldChainFailure, case: integerCase)
        #expect(error == .wrongType(field: "unitsAffected", expected: "an integer"))
        let numberCase = PayloadCase("temperatureC", .string("11.4"), .wrongType)
        #expect(try decodingError(ColdChainFailure.self, sample: SamplePayloads.coldChainFailure, case: numberCase)
            == .wrongType(field: "temperatureC", expected: "a number"))
        let arrayCase = PayloadCase("lots", .object([:]), .wrongType)
        #expect(try decodingError(InventoryReceived.self, sample: SamplePayloads.inventoryReceived, case: arrayCase)
            == .wrongType(field: "lots", expected: "an array"))
        let objectCase = PayloadCase("cause", .string("evt-1"), .wrongType)
        #expect(try decodingError(LowStock.self, sample: SamplePayloads.lowStock, case: objectCase)
            == .wrongType(field: "cause", expected: "an object"))
    }

    @Test("FallaCadenaFrio rejects missing and bad fields, naming them", arguments: [
        .missing("sku"), .missing("lotId"), .missing("warehouse"), .missing("temperatureC"), .missing("thresholdC"),
        .missing("direction"), .missing("unitsAffected"), .missing("severity"), .missing("detectedAt"),
        PayloadCase("sku", .null, .missing),
        PayloadCase("sku", .integer(42), .wrongType),
        PayloadCase("sensorId", .integer(17), .wrongType),
        PayloadCase("unitsAffected", .string("240"), .wrongType),
        PayloadCase("unitsAffected", .double(240.5), .wrongType),
        PayloadCase("unitsAffected", .double(2.4e2), .wrongType),
        PayloadCase("unitsAffected", .bool(true), .wrongType),
        PayloadCase("temperatureC", .string("11.4"), .wrongType),
        PayloadCase("detectedAt", .integer(1736824360), .wrongType),
        PayloadCase("severity", .bool(true), .wrongType),
        PayloadCase("unitsAffected", .integer(0), .outOfRange),
        PayloadCase("unitsAffected", .integer(-5), .outOfRange),
        PayloadCase("unitsAffected", .double(1e20), .invalid),
        PayloadCase("temperatureC", .integer(500), .outOfRange),
        PayloadCase("thresholdC", .integer(-300), .outOfRange),
        PayloadCase("thresholdC", .integer(12), .outOfRange, field: "temperatureC"),
        PayloadCase("direction", .string("below"), .outOfRange, field: "temperatureC"),
        PayloadCase("direction", .string("sideways"), .invalid),
        PayloadCase("excursionSeconds", .integer(-1), .outOfRange),
        PayloadCase("severity", .string("catastrophic"), .invalid),
        PayloadCase("detectedAt", .string("2025-13-01T00:00:00Z"), .invalid),
        PayloadCase("detectedAt", .string("2025-01-14 03:12:40"), .invalid),
        PayloadCase("sku", .string(""), .invalid),
        PayloadCase("lotId", .string(" LOT-A1"), .invalid),
        PayloadCase("sensorId", .string("probe\u{200B}17"), .invalid),
        PayloadCase("warehouse", .string(String(repeating: "w", count: 129)), .outOfRange),
    ] as [PayloadCase])
    func coldChainFailureRejects(_ testCase: PayloadCase) throws {
        try expectRejection(ColdChainFailure.self, sample: SamplePayloads.coldChainFailure, testCase)
    }

    @Test("StockBajo rejects missing and bad fields, naming them", arguments: [
        .missing("sku"), .missing("warehouse"), .missing("unitsOnHand"), .missing("reorderPoint"),
        .missing("reorderQuantity"), .missing("asOf"), .missing("cause"), .missing("cause.eventId"),
        .missing("cause.eventType"),
        PayloadCase("reorderPoint", .string("200"), .wrongType),
        PayloadCase("cause", .string("evt-1"), .wrongType),
        PayloadCase("cause.unitsWrittenOff", .string("240"), .wrongType),
        PayloadCase("unitsOnHand", .integer(250), .outOfRange),
        PayloadCase("unitsOnHand", .integer(-1), .outOfRange),
        PayloadCase("reorderPoint", .integer(-1), .outOfRange),
        PayloadCase("reorderQuantity", .integer(0), .outOfRange),
        PayloadCase("cause.unitsWrittenOff", .integer(0), .outOfRange),
        PayloadCase("cause.lotId", .string(""), .invalid),
        PayloadCase("cause.eventId", .string("evt-1 "), .invalid),
        PayloadCase("asOf", .string("2025-01-14"), .invalid),
    ] as [PayloadCase])
    func lowStockRejects(_ testCase: PayloadCase) throws {
        try expectRejection(LowStock.self, sample: SamplePayloads.lowStock, testCase)
    }

    @Test("RecepcionProveedor rejects missing and bad fields, naming them", arguments: [
        .missing("orderId"), .missing("supplierId"), .missing("warehouse"), .missing("orderedAt"),
        .missing("requestedDeliveryDate"), .missing("lines"), .missing("lines[0].sku"), .missing("lines[0].quantity"),
        .missing("lines[1].unit"), .missing("transportTemperature.maxC"),
        PayloadCase("currency", nil, .missing),
        PayloadCase("lines", .object([:]), .wrongType),
        PayloadCase("lines[1]", .string("VAC-HEP-05"), .wrongType),
        PayloadCase("lines[1].quantity", .double(1.5), .wrongType),
        PayloadCase("lines[0].unitPrice", .double(3.85), .wrongType),
        PayloadCase("transportTemperature.minC", .string("2"), .wrongType),
        PayloadCase("lines", .array([]), .outOfRange),
        PayloadCase("lines[0].quantity", .integer(0), .outOfRange),
        PayloadCase("requestedDeliveryDate", .string("2025-01-13"), .outOfRange),
        PayloadCase("transportTemperature.maxC", .integer(1), .outOfRange),
        PayloadCase("transportTemperature.minC", .integer(-250), .outOfRange),
        PayloadCase("lines[0].unit", .string("ea"), .invalid),
        PayloadCase("lines[0].unitPrice", .string("3,85"), .invalid),
        PayloadCase("lines[0].unitPrice", .string("-3.85"), .invalid),
        PayloadCase("lines[1].sku", .string("VAC-FLU-10"), .invalid),
        PayloadCase("currency", .string("eur"), .invalid),
        PayloadCase("requestedDeliveryDate", .string("2025-02-30"), .invalid),
        PayloadCase("orderId", .string(""), .invalid),
    ] as [PayloadCase])
    func purchaseOrderRejects(_ testCase: PayloadCase) throws {
        try expectRejection(PurchaseOrderIssued.self, sample: SamplePayloads.purchaseOrderIssued, testCase)
    }

    @Test("InventarioRecibido rejects missing and bad fields, naming them", arguments: [
        .missing("orderId"), .missing("supplierId"), .missing("warehouse"), .missing("receivedAt"), .missing("lots"),
        .missing("lots[0].lotId"), .missing("lots[0].sku"), .missing("lots[0].quantity"), .missing("lots[0].unit"),
        .missing("lots[0].expiresOn"), .missing("lots[0].temperatureOnArrivalC"),
        PayloadCase("receivedAt", .integer(5), .wrongType),
        PayloadCase("lots[0]", .array([]), .wrongType),
        PayloadCase("lots[0].temperatureOnArrivalC", .string("4.6"), .wrongType),
        PayloadCase("lots", .array([]), .outOfRange),
        PayloadCase("lots[0].quantity", .integer(0), .outOfRange),
        PayloadCase("lots[0].temperatureOnArrivalC", .integer(150), .outOfRange),
        PayloadCase("lots[0].expiresOn", .string("31/10/2025"), .invalid),
        PayloadCase("lots[0].unit", .string("each"), .invalid),
        PayloadCase("deliveryNoteId", .string(""), .invalid),
    ] as [PayloadCase])
    func inventoryReceivedRejects(_ testCase: PayloadCase) throws {
        try expectRejection(InventoryReceived.self, sample: SamplePayloads.inventoryReceived, testCase)
    }

    @Test("a lot listed twice is rejected at its second position")
    func duplicateLot() throws {
        let document = try parseJSON(SamplePayloads.inventoryReceived)
        let lot = try #require(document.value(at: "lots[0]"))
        let doubled = document.setting("lots", to: .array([lot, lot]))
        #expect {
            try InventoryReceived.decode(json: jsonData(doubled))
        } throws: { error in
            (error as? EventPayloadError)?.field == "lots[1].lotId"
        }
    }

    @Test("more lines than the limit are rejected")
    func tooManyLines() throws {
        let document = try parseJSON(SamplePayloads.purchaseOrderIssued)
        let lines = (0...FieldRules.maximumItems).map { index in
            ["sku": .string("SKU-\(index)"), "quantity": 1, "unit": "EA"] as JSONValue
        }
        #expect {
            try PurchaseOrderIssued.decode(json: jsonData(document.setting("lines", to: .array(lines))))
        } throws: { error in
            (error as? EventPayloadError)?.problem == .outOfRange && (error as? EventPayloadError)?.field == "lines"
        }
    }
}
