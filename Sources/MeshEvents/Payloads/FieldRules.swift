/// The constraints payload fields share, each throwing an `EventPayloadError` that names the field.
enum FieldRules {
    /// Physically plausible range for any temperature the chain reports, in °C. The lower end
    /// admits liquid-nitrogen storage; anything outside is a broken sensor, not an excursion.
    static let temperatureRangeC: ClosedRange<Double> = -200...100

    /// Upper bound on lines and lots in one event, so a consumer's memory per message is bounded.
    static let maximumItems = 1000

    /// Identifiers (SKU, lot, warehouse, order, supplier): 1–128 characters, no control
    /// characters, no leading or trailing whitespace. They become DynamoDB keys and log fields.
    static func identifier(_ value: String, _ field: String) throws(EventPayloadError) {
        guard !value.isEmpty else { throw .invalidValue(field: field, reason: "must not be empty") }
        guard value.count <= 128 else { throw .outOfRange(field: field, constraint: "at most 128 characters") }
        guard value.unicodeScalars.allSatisfy({ !$0.properties.generalCategory.isDisallowedInIdentifiers }) else {
            throw .invalidValue(field: field, reason: "must not contain control characters")
        }
        guard value.first?.isWhitespace == false, value.last?.isWhitespace == false else {
            throw .invalidValue(field: field, reason: "must not start or end with whitespace")
        }
    }

    static func optionalIdentifier(_ value: String?, _ field: String) throws(EventPayloadError) {
        if let value { try identifier(value, field) }
    }

    static func positive(_ value: Int, _ field: String) throws(EventPayloadError) {
        guard value > 0 else { throw .outOfRange(field: field, constraint: "must be > 0, got \(value)") }
    }

    static func nonNegative(_ value: Int, _ field: String) throws(EventPayloadError) {
        guard value >= 0 else { throw .outOfRange(field: field, constraint: "must be >= 0, got \(value)") }
    }

    static func temperature(_ value: Double, _ field: String) throws(EventPayloadError) {
        guard temperatureRangeC.contains(value) else {
            throw .outOfRange(field: field, constraint: "must be within -200...100 °C, got \(value)")
        }
    }

    /// Units of measure: 1–8 upper-case letters or digits (UN/ECE Rec. 20 codes such as `EA`).
    static func unitOfMeasure(_ value: String, _ field: String) throws(EventPayloadError) {
        guard (1...8).contains(value.utf8.count),
              value.utf8.allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
                  || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw .invalidValue(field: field, reason: "must be 1–8 upper-case letters or digits, such as EA")
        }
    }

    static func itemCount(_ count: Int, _ field: String) throws(EventPayloadError) {
        guard count >= 1 else { throw .outOfRange(field: field, constraint: "must hold at least one item") }
        guard count <= maximumItems else {
            throw .outOfRange(field: field, constraint: "must hold at most \(maximumItems) items, got \(count)")
        }
    }
}

extension Unicode.GeneralCategory {
    /// Invisible or layout characters that would make two identifiers look alike.
    fileprivate var isDisallowedInIdentifiers: Bool {
        switch self {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate: true
        default: false
        }
    }
}
