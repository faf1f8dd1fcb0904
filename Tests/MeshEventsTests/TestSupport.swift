import Foundation
import StrictJSON
@testable import MeshEvents

/// A deterministic generator (SplitMix64) so trace ids and span ids are reproducible in tests.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// A generator that returns a fixed sequence, to force the zero-id retry paths.
struct ScriptedGenerator: RandomNumberGenerator {
    var values: [UInt64]

    mutating func next() -> UInt64 {
        values.isEmpty ? 0x1234_5678_9ABC_DEF0 : values.removeFirst()
    }
}

enum TestError: Error {
    case invalidFixture(String)
}

func timestamp(_ text: String) throws -> EventTimestamp {
    guard let value = EventTimestamp(rfc3339: text) else { throw TestError.invalidFixture(text) }
    return value
}

func calendarDate(_ text: String) throws -> CalendarDate {
    guard let value = CalendarDate(rfc3339: text) else { throw TestError.invalidFixture(text) }
    return value
}

/// One step of a field path such as `lines[0].quantity`.
enum JSONPathStep: Equatable {
    case key(String)
    case index(Int)

    static func parse(_ path: String) -> [JSONPathStep] {
        var steps: [JSONPathStep] = []
        for part in path.split(separator: ".") {
            var name = Substring(part)
            var indexes: [Int] = []
            while let open = name.lastIndex(of: "["), name.last == "]",
                  let index = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) {
                indexes.insert(index, at: 0)
                name = name[..<open]
            }
            if !name.isEmpty { steps.append(.key(String(name))) }
            steps.append(contentsOf: indexes.map(JSONPathStep.index))
        }
        return steps
    }
}

extension JSONValue {
    /// A copy with the value at `path` replaced (or removed, for nil; or added, for a new key).
    func setting(_ path: String, to newValue: JSONValue?) -> JSONValue {
        setting(JSONPathStep.parse(path)[...], to: newValue) ?? .null
    }

    private func setting(_ steps: ArraySlice<JSONPathStep>, to newValue: JSONValue?) -> JSONValue? {
        guard let step = steps.first else { return newValue }
        switch (self, step) {
        case (.object(var members), .key(let key)):
            if let member = members[key] {
                members[key] = member.setting(steps.dropFirst(), to: newValue)
            } else if steps.count == 1 {
                members[key] = newValue
            }
            return .object(members)
        case (.array(var elements), .index(let index)) where elements.indices.contains(index):
            if let updated = elements[index].setting(steps.dropFirst(), to: newValue) {
                elements[index] = updated
            } else {
                elements.remove(at: index)
            }
            return .array(elements)
        default:
            return self
        }
    }

    /// The value at `path`, nil when absent.
    func value(at path: String) -> JSONValue? {
        var current: JSONValue? = self
        for step in JSONPathStep.parse(path) {
            switch step {
            case .key(let key): current = current?[key]
            case .index(let index): current = current?[index]
            }
        }
        return current
    }
}

func parseJSON(_ text: String) throws -> JSONValue {
    try JSONValue(parsing: text)
}

func jsonData(_ value: JSONValue) -> Data {
    Data(value.jsonBytes())
}

/// Valid payloads of each event type, as JSON text, shared by the payload tests.
enum SamplePayloads {
    static let coldChainFailure = """
        {"sku": "VAC-FLU-10", "lotId": "LOT-A1", "warehouse": "wh-mad-01", "sensorId": "probe-17",
         "temperatureC": 11.4, "thresholdC": 8, "direction": "above", "excursionSeconds": 2700,
         "unitsAffected": 240, "severity": "critical", "detectedAt": "2025-01-14T03:12:40Z"}
        """

    static let lowStock = """
        {"sku": "VAC-FLU-10", "warehouse": "wh-mad-01", "unitsOnHand": 60, "reorderPoint": 200,
         "reorderQuantity": 600, "asOf": "2025-01-14T03:12:46.210Z",
         "cause": {"eventId": "evt-1", "eventType": "io.coldchain.inventory.cold-chain-failure.v1",
                   "lotId": "LOT-A1", "unitsWrittenOff": 240}}
        """

    static let purchaseOrderIssued = """
        {"orderId": "PO-1", "supplierId": "SUP-1", "warehouse": "wh-mad-01",
         "orderedAt": "2025-01-14T03:12:47Z", "requestedDeliveryDate": "2025-01-16",
         "transportTemperature": {"minC": 2, "maxC": 8}, "currency": "EUR",
         "lines": [{"sku": "VAC-FLU-10", "quantity": 600, "unit": "EA", "unitPrice": "3.85"},
                   {"sku": "VAC-HEP-05", "quantity": 50, "unit": "CS"}]}
        """

    static let inventoryReceived = """
        {"orderId": "PO-1", "supplierId": "SUP-1", "warehouse": "wh-mad-01",
         "receivedAt": "2025-01-16T09:40:00Z", "deliveryNoteId": "DN-88213",
         "lots": [{"lotId": "LOT-B7", "sku": "VAC-FLU-10", "quantity": 600, "unit": "EA",
                   "expiresOn": "2025-10-31", "temperatureOnArrivalC": 4.6}]}
        """
}
