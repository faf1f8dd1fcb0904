import Foundation
import StrictJSON

/// The data of one cold-chain event type: a Codable value with its CloudEvent `type`, the
/// channels it travels on, and the rules a valid value keeps.
public protocol ColdChainPayload: Codable, Hashable, Sendable {
    /// The payload of the event whose handling produces this one (`Never` for the chain's first
    /// event); the chain helper uses it so a service can only build the event that follows the one
    /// it consumed.
    associatedtype Predecessor

    /// Which event of the chain this is.
    static var kind: ColdChainEventKind { get }

    /// The CloudEvent `subject`: what the event is about (a lot, a SKU, an order).
    var subject: String { get }

    /// The ordering key (`partitionkey`): events with one key are kept in order.
    var partitionKey: String { get }

    /// Checks ranges and cross-field rules that decoding alone cannot; throws naming the field.
    func validate() throws(EventPayloadError)
}

extension ColdChainPayload {
    /// Decodes strictly and validates: a missing field, a wrong JSON type or an out-of-range
    /// value throws an `EventPayloadError` naming the field. Unknown fields are ignored.
    public static func decode(json: Data) throws(EventPayloadError) -> Self {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: json)
        } catch {
            throw .malformedJSON(error.description)
        }
        guard case .object = document else {
            throw .malformedJSON("expected a JSON object, found \(document.typeName)")
        }
        let payload: Self
        do {
            // The contract (docs/events.md): `600.0` and `6e2` are not integers.
            payload = try document.decode(as: Self.self, integers: .exact)
        } catch {
            throw EventPayloadError(error)
        }
        try payload.validate()
        return payload
    }

    /// The payload as compact JSON with keys in sorted order, after validating it.
    public func encodedJSON() throws(EventPayloadError) -> Data {
        try validate()
        do {
            // Written by the one JSON writer, so the bytes are exactly what a structured-mode
            // round trip reproduces.
            return Data(try JSONValue(encoding: self).jsonBytes())
        } catch {
            throw .invalidValue(field: "", reason: "cannot be encoded as JSON: \(error)")
        }
    }
}

/// A closed set of string values in a payload (`severity`, `direction`). An unknown value is an
/// `invalidValue` error listing the allowed ones: adding a value is a new event version.
public protocol PayloadEnumeration: RawRepresentable, CaseIterable, Codable, Hashable, Sendable
where RawValue == String {}

extension PayloadEnumeration {
    /// Shared by the conforming enums' `init(from:)`, so the error lists the allowed values.
    static func decodeValue(from decoder: any Decoder) throws -> Self {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(rawValue: text) else {
            let allowed = allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath, debugDescription: "\"\(text)\" is not one of: \(allowed)"))
        }
        return value
    }
}
