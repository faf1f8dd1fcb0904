/// The four events of the cold chain, named by the topic/queue they travel on.
public enum ColdChainEventKind: String, CaseIterable, Sendable {
    /// A lot left its temperature range; enters the mesh from sensors or an external system.
    case coldChainFailure = "FallaCadenaFrio"
    /// Stock of a SKU fell to or below its reorder point after the affected units were written off.
    case lowStock = "StockBajo"
    /// A purchase order was sent to a supplier.
    case purchaseOrderIssued = "RecepcionProveedor"
    /// A supplier delivered goods against a purchase order.
    case inventoryReceived = "InventarioRecibido"

    /// The CloudEvent `type`: `io.coldchain.<producing domain>.<event>.v<major version>`.
    public var eventType: String {
        switch self {
        case .coldChainFailure: "io.coldchain.inventory.cold-chain-failure.v1"
        case .lowStock: "io.coldchain.inventory.low-stock.v1"
        case .purchaseOrderIssued: "io.coldchain.purchasing.purchase-order-issued.v1"
        case .inventoryReceived: "io.coldchain.supplier.inventory-received.v1"
        }
    }

    /// The kind whose CloudEvent `type` is `eventType`, nil for any other type.
    public init?(eventType: String) {
        guard let kind = Self.allCases.first(where: { $0.eventType == eventType }) else { return nil }
        self = kind
    }

    /// The topic / queue name, the same on every broker the event crosses.
    public var channelName: String { rawValue }

    /// Every hop in order; a bridge (`EventRoute`) moves the event between consecutive hops.
    public var channels: [EventChannel] {
        switch self {
        case .coldChainFailure: [EventChannel(.kafka, rawValue)]
        case .lowStock: [EventChannel(.kafka, rawValue), EventChannel(.rabbitmq, rawValue)]
        case .purchaseOrderIssued: [EventChannel(.rabbitmq, rawValue)]
        case .inventoryReceived: [EventChannel(.rabbitmq, rawValue), EventChannel(.pulsar, rawValue)]
        }
    }

    /// Who publishes it: a `ColdChainService` role, or the outside world for the first event.
    public var producer: String {
        switch self {
        case .coldChainFailure: "sensor gateway / external system"
        case .lowStock: "InventoryMovement"
        case .purchaseOrderIssued: "PurchaseOrder"
        case .inventoryReceived: "Supplier"
        }
    }

    /// The `ColdChainService` role that consumes it.
    public var consumer: String {
        switch self {
        case .coldChainFailure: "InventoryMovement"
        case .lowStock: "PurchaseOrder"
        case .purchaseOrderIssued: "Supplier"
        case .inventoryReceived: "InventoryIntake"
        }
    }

    /// The event whose handling produces this one; nil for the chain's first event.
    public var predecessor: ColdChainEventKind? {
        switch self {
        case .coldChainFailure: nil
        case .lowStock: .coldChainFailure
        case .purchaseOrderIssued: .lowStock
        case .inventoryReceived: .purchaseOrderIssued
        }
    }
}

/// One topic or queue on one broker.
public struct EventChannel: Hashable, Sendable, CustomStringConvertible {
    public enum Broker: String, Hashable, Sendable {
        case kafka, rabbitmq, pulsar
    }

    public let broker: Broker
    /// Kafka topic, RabbitMQ queue, or Pulsar topic (within the mesh's tenant/namespace).
    public let name: String

    public init(_ broker: Broker, _ name: String) {
        self.broker = broker
        self.name = name
    }

    public var description: String { "\(broker.rawValue):\(name)" }
}
