/// `StockBajo`: after a write-off, a SKU's stock in a warehouse is at or below its reorder point.
/// PurchaseOrder consumes it and orders `reorderQuantity` units.
public struct LowStock: ColdChainPayload {
    public typealias Predecessor = ColdChainFailure
    public static let kind = ColdChainEventKind.lowStock

    /// What drove the stock down.
    public struct Cause: Codable, Hashable, Sendable {
        /// The `id` of the causing event (equal to the envelope's `causationid` in the chain).
        public var eventId: String
        /// The CloudEvent `type` of the causing event.
        public var eventType: String
        /// The lot written off, when the cause was a write-off.
        public var lotId: String?
        /// Units written off, when the cause was a write-off.
        public var unitsWrittenOff: Int?

        public init(eventId: String, eventType: String, lotId: String? = nil, unitsWrittenOff: Int? = nil) {
            self.eventId = eventId
            self.eventType = eventType
            self.lotId = lotId
            self.unitsWrittenOff = unitsWrittenOff
        }
    }

    public var sku: String
    public var warehouse: String
    /// Sellable units left after the write-off.
    public var unitsOnHand: Int
    /// The level at or below which the SKU is reordered.
    public var reorderPoint: Int
    /// Units to order.
    public var reorderQuantity: Int
    /// The moment the stock level was read.
    public var asOf: EventTimestamp
    public var cause: Cause

    public init(sku: String, warehouse: String, unitsOnHand: Int, reorderPoint: Int, reorderQuantity: Int,
                asOf: EventTimestamp, cause: Cause) {
        self.sku = sku
        self.warehouse = warehouse
        self.unitsOnHand = unitsOnHand
        self.reorderPoint = reorderPoint
        self.reorderQuantity = reorderQuantity
        self.asOf = asOf
        self.cause = cause
    }

    public var subject: String { sku }

    public var partitionKey: String { warehouse + "/" + sku }

    public func validate() throws(EventPayloadError) {
        try FieldRules.identifier(sku, "sku")
        try FieldRules.identifier(warehouse, "warehouse")
        try FieldRules.nonNegative(unitsOnHand, "unitsOnHand")
        try FieldRules.nonNegative(reorderPoint, "reorderPoint")
        guard unitsOnHand <= reorderPoint else {
            throw .outOfRange(field: "unitsOnHand",
                              constraint: "must be <= reorderPoint (\(reorderPoint)) for stock to be low, got \(unitsOnHand)")
        }
        try FieldRules.positive(reorderQuantity, "reorderQuantity")
        try FieldRules.identifier(cause.eventId, "cause.eventId")
        try FieldRules.identifier(cause.eventType, "cause.eventType")
        try FieldRules.optionalIdentifier(cause.lotId, "cause.lotId")
        if let units = cause.unitsWrittenOff { try FieldRules.positive(units, "cause.unitsWrittenOff") }
    }
}
