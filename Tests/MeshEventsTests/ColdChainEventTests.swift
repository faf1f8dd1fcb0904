import Foundation
import Testing
@testable import MeshEvents

@Suite("Cold-chain events and the chain helper")
struct ColdChainEventTests {
    static let gatewaySource = "/coldchain/sensors/wh-mad-01"

    private func samples() throws -> (ColdChainFailure, LowStock, PurchaseOrderIssued, InventoryReceived) {
        (try ColdChainFailure.decode(json: Data(SamplePayloads.coldChainFailure.utf8)),
         try LowStock.decode(json: Data(SamplePayloads.lowStock.utf8)),
         try PurchaseOrderIssued.decode(json: Data(SamplePayloads.purchaseOrderIssued.utf8)),
         try InventoryReceived.decode(json: Data(SamplePayloads.inventoryReceived.utf8)))
    }

    private func origin(seed: UInt64 = 1) throws -> ColdChainEvent<ColdChainFailure> {
        var generator = SeededGenerator(seed: seed)
        return try ColdChainEvent(origin: samples().0, id: "evt-1", source: Self.gatewaySource,
                                  time: timestamp("2025-01-14T03:12:45Z"), using: &generator)
    }

    @Test("the first event gets the mesh attributes and starts a trace")
    func originEnvelope() throws {
        let first = try origin()
        let envelope = first.envelope
        #expect(envelope.type == "io.coldchain.inventory.cold-chain-failure.v1")
        #expect(envelope.dataContentType == "application/json")
        #expect(envelope.subject == "LOT-A1")
        #expect(envelope.partitionKey == "wh-mad-01/VAC-FLU-10")
        #expect(envelope.correlationID == "evt-1")
        #expect(envelope.causationID == nil)
        #expect(envelope.traceParent?.isSampled == true)
        #expect(first.correlationID == "evt-1")
        #expect(try ColdChainEvent<ColdChainFailure>(envelope) == first)
    }

    @Test("the first event keeps a caller's correlation id and trace context")
    func originKeepsCallerContext() throws {
        let upstream = try TraceParent(parsing: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        let first = try ColdChainEvent(origin: samples().0, id: "evt-1", source: Self.gatewaySource,
                                       time: timestamp("2025-01-14T03:12:45Z"), correlationID: "incident-77",
                                       traceParent: upstream)
        #expect(first.correlationID == "incident-77")
        #expect(first.traceParent == upstream)
    }

    @Test("next keeps correlation and trace id, sets causation, and takes a new span")
    func nextCarriesContext() throws {
        var generator = SeededGenerator(seed: 2)
        let first = try origin()
        let second = try first.next(samples().1, source: "/eventmesh/coldchain/inventory-movement",
                                    time: timestamp("2025-01-14T03:12:46Z"), using: &generator)
        let firstTrace = try #require(first.traceParent)
        let secondTrace = try #require(second.traceParent)
        #expect(second.correlationID == first.correlationID)
        #expect(second.envelope.causationID == first.id)
        #expect(secondTrace.traceID == firstTrace.traceID)
        #expect(secondTrace.parentID != firstTrace.parentID)
        #expect(secondTrace.flags == firstTrace.flags)
        #expect(second.envelope.type == "io.coldchain.inventory.low-stock.v1")
        #expect(second.envelope.source == "/eventmesh/coldchain/inventory-movement")
        #expect(second.envelope.subject == "VAC-FLU-10")
        #expect(try ColdChainEvent<LowStock>(second.envelope) == second)
    }

    @Test("the whole chain shares one trace and one correlation id; each hop points at its cause")
    func wholeChain() throws {
        var generator = SeededGenerator(seed: 3)
        let (_, lowStock, order, received) = try samples()
        let failure = try origin()
        let stock = try failure.next(lowStock, source: "/eventmesh/coldchain/inventory-movement",
                                     time: timestamp("2025-01-14T03:12:46Z"), using: &generator)
        let issued = try stock.next(order, source: "/eventmesh/coldchain/purchase-order",
                                    time: timestamp("2025-01-14T03:12:47Z"), using: &generator)
        let delivered = try issued.next(received, source: "/eventmesh/coldchain/supplier",
                                        time: timestamp("2025-01-16T09:40:01Z"), using: &generator)
        let envelopes = [failure.envelope, stock.envelope, issued.envelope, delivered.envelope]
        #expect(Set(envelopes.compactMap(\.correlationID)) == ["evt-1"])
        #expect(Set(envelopes.compactMap { $0.traceParent?.traceID }).count == 1)
        #expect(Set(envelopes.compactMap { $0.traceParent?.parentID }).count == 4)
        #expect(Set(envelopes.map(\.id)).count == 4)
        for (cause, effect) in zip(envelopes, envelopes.dropFirst()) {
            #expect(effect.causationID == cause.id)
        }
        #expect(envelopes.map(\.type) == ColdChainEventKind.allCases.map(\.eventType))
        #expect(try envelopes.map { try AnyColdChainEvent($0).kind } == ColdChainEventKind.allCases)
    }

    @Test("a redelivered input yields the same output id; occurrence tells several outputs apart")
    func derivedIDsAreStable() throws {
        let first = try origin()
        let lowStock = try samples().1
        var generatorA = SeededGenerator(seed: 10)
        var generatorB = SeededGenerator(seed: 11)
        let time = try timestamp("2025-01-14T03:12:46Z")
        let attempt1 = try first.next(lowStock, source: "/s", time: time, using: &generatorA)
        let attempt2 = try first.next(lowStock, source: "/s", time: time, using: &generatorB)
        #expect(attempt1.id == attempt2.id)
        #expect(attempt1.traceParent != attempt2.traceParent)
        let other = try first.next(lowStock, source: "/s", time: time, occurrence: "2", using: &generatorA)
        #expect(other.id != attempt1.id)
        #expect(attempt1.id == EventIdentity.causedEventID(causeSource: Self.gatewaySource, causeID: "evt-1",
                                                           type: LowStock.kind.eventType))
    }

    @Test("an external first event without mesh extensions is accepted and the chain starts from it")
    func externalOrigin() throws {
        let bare = try CloudEvent(id: "ext-42", source: "urn:partner:sensor-gateway",
                                  type: ColdChainFailure.kind.eventType, dataContentType: "application/json",
                                  data: Data(SamplePayloads.coldChainFailure.utf8))
        let first = try ColdChainEvent<ColdChainFailure>(bare)
        #expect(first.correlationID == "ext-42")
        #expect(first.traceParent == nil)
        var generator = SeededGenerator(seed: 4)
        let second = try first.next(samples().1, source: "/s", time: timestamp("2025-01-14T03:12:46Z"), using: &generator)
        #expect(second.envelope.correlationID == "ext-42")
        #expect(second.envelope.causationID == "ext-42")
        #expect(second.traceParent != nil)
    }

    @Test("tracestate is carried to the next event")
    func traceStateCarried() throws {
        let first = try origin()
        let withState = try ColdChainEvent<ColdChainFailure>(first.envelope.settingExtension("tracestate", to: "vendor=7"))
        var generator = SeededGenerator(seed: 5)
        let second = try withState.next(samples().1, source: "/s", time: timestamp("2025-01-14T03:12:46Z"), using: &generator)
        #expect(second.envelope.traceState == "vendor=7")
    }

    @Test("an invalid payload or source is refused when building")
    func buildingValidates() throws {
        var lowStock = try samples().1
        lowStock.reorderQuantity = 0
        let first = try origin()
        #expect(throws: ColdChainEventError.payload(.outOfRange(field: "reorderQuantity", constraint: "must be > 0, got 0"))) {
            try first.next(lowStock, source: "/s", time: timestamp("2025-01-14T03:12:46Z"))
        }
        #expect {
            try first.next(samples().1, source: "not a uri", time: timestamp("2025-01-14T03:12:46Z"))
        } throws: { error in
            (error as? ColdChainEventError) .map { if case .envelope(let inner) = $0 { inner.attribute == "source" } else { false } } ?? false
        }
    }

    @Test("structured and binary round trips give back an equal event")
    func roundTrips() throws {
        let first = try origin()
        var generator = SeededGenerator(seed: 6)
        let second = try first.next(samples().1, source: "/eventmesh/coldchain/inventory-movement",
                                    time: timestamp("2025-01-14T03:12:46.210Z"), using: &generator)
        let structured = try CloudEvent(structuredJSON: second.envelope.structuredJSON(prettyPrinted: true))
        #expect(try ColdChainEvent<LowStock>(structured) == second)
        let binary = try CloudEvent(attributes: second.envelope.attributes, data: second.envelope.data)
        #expect(try ColdChainEvent<LowStock>(binary) == second)
    }

    @Test("decoding names what is wrong with the envelope")
    func envelopeErrors() throws {
        var generator = SeededGenerator(seed: 8)
        let second = try origin().next(samples().1, source: "/s", time: timestamp("2025-01-14T03:12:46Z"), using: &generator)
        var pairs = second.envelope.attributes
        let data = second.envelope.data

        func error(removing name: String? = nil, setting value: String? = nil, data: Data?) throws -> ColdChainEventError? {
            var changed = pairs
            if let name { changed[name] = value }
            do {
                _ = try ColdChainEvent<LowStock>(CloudEvent(attributes: changed, data: data))
                return nil
            } catch let error as ColdChainEventError {
                return error
            }
        }

        #expect(try error(removing: "correlationid", data: data) == .envelope(.missingAttribute("correlationid")))
        #expect(try error(removing: "causationid", data: data) == .envelope(.missingAttribute("causationid")))
        #expect(try error(removing: "traceparent", data: data) == .envelope(.missingAttribute("traceparent")))
        #expect(try error(removing: "datacontenttype", data: data) == .envelope(.missingAttribute("datacontenttype")))
        #expect(try error(data: nil) == .envelope(.missingAttribute("data")))
        #expect(try error(removing: "datacontenttype", setting: "text/plain", data: data)
            == .envelope(.invalidAttribute("datacontenttype", reason: "must be application/json, found text/plain")))
        #expect(try error(removing: "type", setting: ColdChainFailure.kind.eventType, data: data)
            == .envelope(.invalidAttribute("type", reason: "expected io.coldchain.inventory.low-stock.v1, found io.coldchain.inventory.cold-chain-failure.v1")))
        #expect(try error(removing: "datacontenttype", setting: "application/json; charset=utf-8", data: data) == nil)

        pairs["datacontenttype"] = "application/json"
        let badData = Data(#"{"sku":"VAC-FLU-10"}"#.utf8)
        #expect(try error(data: badData) == .payload(.missingField("warehouse")))
    }

    @Test("AnyColdChainEvent refuses types outside the chain")
    func unknownType() throws {
        let foreign = try CloudEvent(id: "e", source: "/s", type: "com.example.other.v1")
        #expect(throws: ColdChainEventError.envelope(.invalidAttribute("type", reason: "com.example.other.v1 is not a cold-chain event type"))) {
            try AnyColdChainEvent(foreign)
        }
    }

    @Test("kinds: types are unique and versioned, channels follow the chain")
    func kinds() {
        let types = ColdChainEventKind.allCases.map(\.eventType)
        #expect(Set(types).count == 4)
        #expect(types.allSatisfy { $0.hasPrefix("io.coldchain.") && $0.hasSuffix(".v1") })
        #expect(ColdChainEventKind.allCases.allSatisfy { ColdChainEventKind(eventType: $0.eventType) == $0 })
        #expect(ColdChainEventKind.lowStock.channels.map(\.description) == ["kafka:StockBajo", "rabbitmq:StockBajo"])
        #expect(ColdChainEventKind.inventoryReceived.channels.last == EventChannel(.pulsar, "InventarioRecibido"))
        for (cause, effect) in zip(ColdChainEventKind.allCases, ColdChainEventKind.allCases.dropFirst()) {
            #expect(effect.predecessor == cause)
            #expect(cause.consumer == effect.producer)
        }
        #expect(ColdChainFailure.kind == .coldChainFailure && LowStock.kind == .lowStock
            && PurchaseOrderIssued.kind == .purchaseOrderIssued && InventoryReceived.kind == .inventoryReceived)
    }
}
