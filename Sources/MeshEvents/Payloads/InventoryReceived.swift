/// `InventarioRecibido`: a supplier delivered lots against a purchase order. InventoryIntake
/// consumes it and adds the lots to the read model.
public struct InventoryReceived: ColdChainPayload {
    public typealias Predecessor = PurchaseOrderIssued
    public static let kind = ColdChainEventKind.inventoryReceived

    /// One delivered lot; `sku` + `lotId` is unique within an event.
    public struct Lot: Codable, Hashable, Sendable {
        public var lotId: String
        public var sku: String
        /// How many `unit`s of the lot were delivered.
        public var quantity: Int
        /// Unit of measure code (UN/ECE Rec. 20), `EA` for single units.
        public var unit: String
        /// Last day the lot may be used.
        public var expiresOn: CalendarDate
        /// Temperature measured at the dock, °C.
        public var temperatureOnArrivalC: Double

        public init(lotId: String, sku: String, quantity: Int, unit: String, expiresOn: CalendarDate,
                    temperatureOnArrivalC: Double) {
            self.lotId = lotId
            self.sku = sku
            self.quantity = quantity
            self.unit = unit
            self.expiresOn = expiresOn
            self.temperatureOnArrivalC = temperatureOnArrivalC
        }
    }

    public var orderId: String
    public var supplierId: String
    /// Warehouse id that received the goods.
    public var warehouse: String
    public var receivedAt: EventTimestamp
    /// The supplier's delivery note (despatch advice) number, when given.
    public var deliveryNoteId: String?
    public var lots: [Lot]

    public init(orderId: String, supplierId: String, warehouse: String, receivedAt: EventTimestamp,
                deliveryNoteId: String? = nil, lots: [Lot]) {
        self.orderId = orderId
        self.supplierId = supplierId
        self.warehouse = warehouse
        self.receivedAt = receivedAt
        self.deliveryNoteId = deliveryNoteId
        self.lots = lots
    }

    public var subject: String { orderId }

    public var partitionKey: String { orderId }

    public func validate() throws(EventPayloadError) {
        try FieldRules.identifier(orderId, "orderId")
        try FieldRules.identifier(supplierId, "supplierId")
        try FieldRules.identifier(warehouse, "warehouse")
        try FieldRules.optionalIdentifier(deliveryNoteId, "deliveryNoteId")
        try FieldRules.itemCount(lots.count, "lots")
        var seen: Set<[String]> = []
        for (index, lot) in lots.enumerated() {
            let path = "lots[\(index)]"
            try FieldRules.identifier(lot.lotId, path + ".lotId")
            try FieldRules.identifier(lot.sku, path + ".sku")
            guard seen.insert([lot.sku, lot.lotId]).inserted else {
                throw .invalidValue(field: path + ".lotId", reason: "lot \(lot.lotId) of SKU \(lot.sku) appears twice")
            }
            try FieldRules.positive(lot.quantity, path + ".quantity")
            try FieldRules.unitOfMeasure(lot.unit, path + ".unit")
            try FieldRules.temperature(lot.temperatureOnArrivalC, path + ".temperatureOnArrivalC")
        }
    }
}
