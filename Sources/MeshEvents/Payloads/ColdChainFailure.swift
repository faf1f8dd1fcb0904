/// `FallaCadenaFrio`: a lot spent time outside its temperature range. InventoryMovement writes off
/// `unitsAffected` units of the lot when it consumes this event.
public struct ColdChainFailure: ColdChainPayload {
    public typealias Predecessor = Never
    public static let kind = ColdChainEventKind.coldChainFailure

    /// Which limit of the range was crossed.
    public enum Direction: String, PayloadEnumeration {
        /// Too warm: `temperatureC` is above `thresholdC`.
        case above
        /// Too cold (freezing damage): `temperatureC` is below `thresholdC`.
        case below

        public init(from decoder: any Decoder) throws {
            self = try Self.decodeValue(from: decoder)
        }
    }

    /// How bad the excursion is; drives alerting, not the write-off.
    public enum Severity: String, PayloadEnumeration {
        case minor, major, critical

        public init(from decoder: any Decoder) throws {
            self = try Self.decodeValue(from: decoder)
        }
    }

    public var sku: String
    public var lotId: String
    /// Warehouse id where the lot is stored.
    public var warehouse: String
    /// The sensor that detected the excursion; absent when found by inspection.
    public var sensorId: String?
    /// Worst temperature observed during the excursion, °C.
    public var temperatureC: Double
    /// The limit that was crossed, °C.
    public var thresholdC: Double
    public var direction: Direction
    /// Time spent outside the range, in seconds, when known.
    public var excursionSeconds: Int?
    /// Units of the SKU in the lot that are no longer sellable.
    public var unitsAffected: Int
    public var severity: Severity
    /// When the excursion was detected.
    public var detectedAt: EventTimestamp

    public init(sku: String, lotId: String, warehouse: String, sensorId: String? = nil,
                temperatureC: Double, thresholdC: Double, direction: Direction,
                excursionSeconds: Int? = nil, unitsAffected: Int, severity: Severity,
                detectedAt: EventTimestamp) {
        self.sku = sku
        self.lotId = lotId
        self.warehouse = warehouse
        self.sensorId = sensorId
        self.temperatureC = temperatureC
        self.thresholdC = thresholdC
        self.direction = direction
        self.excursionSeconds = excursionSeconds
        self.unitsAffected = unitsAffected
        self.severity = severity
        self.detectedAt = detectedAt
    }

    public var subject: String { lotId }

    /// Failures of one SKU in one warehouse are handled in order (they change one stock level).
    public var partitionKey: String { warehouse + "/" + sku }

    public func validate() throws(EventPayloadError) {
        try FieldRules.identifier(sku, "sku")
        try FieldRules.identifier(lotId, "lotId")
        try FieldRules.identifier(warehouse, "warehouse")
        try FieldRules.optionalIdentifier(sensorId, "sensorId")
        try FieldRules.temperature(temperatureC, "temperatureC")
        try FieldRules.temperature(thresholdC, "thresholdC")
        switch direction {
        case .above where !(temperatureC > thresholdC):
            throw .outOfRange(field: "temperatureC",
                              constraint: "must be above thresholdC (\(thresholdC)) when direction is above")
        case .below where !(temperatureC < thresholdC):
            throw .outOfRange(field: "temperatureC",
                              constraint: "must be below thresholdC (\(thresholdC)) when direction is below")
        default:
            break
        }
        if let excursionSeconds { try FieldRules.nonNegative(excursionSeconds, "excursionSeconds") }
        try FieldRules.positive(unitsAffected, "unitsAffected")
    }
}
