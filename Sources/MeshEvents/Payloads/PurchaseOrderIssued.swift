/// `RecepcionProveedor`: PurchaseOrder sent an order to a supplier. The Supplier workload consumes
/// it and, once the goods arrive, publishes `InventarioRecibido`.
public struct PurchaseOrderIssued: ColdChainPayload {
    public typealias Predecessor = LowStock
    public static let kind = ColdChainEventKind.purchaseOrderIssued

    /// One ordered SKU; an order has at most one line per SKU.
    public struct Line: Codable, Hashable, Sendable {
        public var sku: String
        /// How many `unit`s are ordered.
        public var quantity: Int
        /// Unit of measure code (UN/ECE Rec. 20), `EA` for single units.
        public var unit: String
        /// Agreed price per `unit` in the order's `currency`, when priced.
        public var unitPrice: DecimalAmount?

        public init(sku: String, quantity: Int, unit: String, unitPrice: DecimalAmount? = nil) {
            self.sku = sku
            self.quantity = quantity
            self.unit = unit
            self.unitPrice = unitPrice
        }
    }

    public var orderId: String
    public var supplierId: String
    /// Warehouse id the goods are to be delivered to.
    public var warehouse: String
    public var orderedAt: EventTimestamp
    /// The day delivery is requested for; not before the order's UTC date.
    public var requestedDeliveryDate: CalendarDate
    /// Temperature band the goods must be kept in during transport, when the SKU needs one.
    public var transportTemperature: TemperatureRange?
    /// ISO 4217 code (`EUR`); required when any line has a `unitPrice`.
    public var currency: String?
    public var lines: [Line]

    public init(orderId: String, supplierId: String, warehouse: String, orderedAt: EventTimestamp,
                requestedDeliveryDate: CalendarDate, transportTemperature: TemperatureRange? = nil,
                currency: String? = nil, lines: [Line]) {
        self.orderId = orderId
        self.supplierId = supplierId
        self.warehouse = warehouse
        self.orderedAt = orderedAt
        self.requestedDeliveryDate = requestedDeliveryDate
        self.transportTemperature = transportTemperature
        self.currency = currency
        self.lines = lines
    }

    public var subject: String { orderId }

    public var partitionKey: String { orderId }

    public func validate() throws(EventPayloadError) {
        try FieldRules.identifier(orderId, "orderId")
        try FieldRules.identifier(supplierId, "supplierId")
        try FieldRules.identifier(warehouse, "warehouse")
        guard requestedDeliveryDate >= orderedAt.utcDate else {
            throw .outOfRange(field: "requestedDeliveryDate",
                              constraint: "must not be before the order date \(orderedAt.utcDate) (UTC)")
        }
        try transportTemperature?.validate("transportTemperature")
        if let currency {
            guard currency.utf8.count == 3,
                  currency.utf8.allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) else {
                throw .invalidValue(field: "currency", reason: "must be an ISO 4217 code of three upper-case letters")
            }
        }
        try FieldRules.itemCount(lines.count, "lines")
        var skus: Set<String> = []
        for (index, line) in lines.enumerated() {
            let path = "lines[\(index)]"
            try FieldRules.identifier(line.sku, path + ".sku")
            guard skus.insert(line.sku).inserted else {
                throw .invalidValue(field: path + ".sku", reason: "duplicate SKU \(line.sku); use one line per SKU")
            }
            try FieldRules.positive(line.quantity, path + ".quantity")
            try FieldRules.unitOfMeasure(line.unit, path + ".unit")
            if line.unitPrice != nil, currency == nil {
                throw .missingField("currency")
            }
        }
    }
}
