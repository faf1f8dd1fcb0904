import Foundation

/// A CloudEvent known to carry a valid `Payload`, with the mesh's extensions checked.
///
/// Consumers build one from what they received (`init(_:)`); producers build the chain's first
/// event with `init(origin:...)` and every later one with `next(...)` from the event they handle.
public struct ColdChainEvent<Payload: ColdChainPayload>: Hashable, Sendable {
    /// The envelope as it travels (attributes and the payload's JSON bytes).
    public let envelope: CloudEvent
    /// The decoded, validated payload.
    public let payload: Payload

    /// Checks that `envelope` is a `Payload` event and decodes its data.
    ///
    /// Required: the `type` of `Payload.kind`, a JSON `datacontenttype`, data; and, for every
    /// event after the first, the `correlationid`, `causationid` and `traceparent` extensions.
    public init(_ envelope: CloudEvent) throws(ColdChainEventError) {
        let kind = Payload.kind
        guard envelope.type == kind.eventType else {
            throw .envelope(.invalidAttribute("type", reason: "expected \(kind.eventType), found \(envelope.type)"))
        }
        guard let contentType = envelope.dataContentType else {
            throw .envelope(.missingAttribute("datacontenttype"))
        }
        guard CloudEventRules.isJSONMediaType(contentType) else {
            throw .envelope(.invalidAttribute("datacontenttype", reason: "must be application/json, found \(contentType)"))
        }
        if kind.predecessor != nil {
            for required in [MeshExtension.correlationID, .causationID, .traceParent]
            where envelope.extensions[required.rawValue] == nil {
                throw .envelope(.missingAttribute(required.rawValue))
            }
        }
        guard let data = envelope.data else { throw .envelope(.missingAttribute("data")) }
        do {
            payload = try Payload.decode(json: data)
        } catch {
            throw .payload(error)
        }
        self.envelope = envelope
    }

    /// Wraps a payload in a new envelope: JSON data, `subject` and `partitionkey` from the payload.
    private init(building payload: Payload, id: String, source: String, time: EventTimestamp,
                 extensions: [String: CloudEventExtensionValue]) throws(ColdChainEventError) {
        let data: Data
        do {
            data = try payload.encodedJSON()
        } catch {
            throw .payload(error)
        }
        var extensions = extensions
        extensions[MeshExtension.partitionKey.rawValue] = .string(payload.partitionKey)
        do {
            envelope = try CloudEvent(id: id, source: source, type: Payload.kind.eventType,
                                      dataContentType: "application/json", subject: payload.subject,
                                      time: time, extensions: extensions, data: data)
        } catch {
            throw .envelope(error)
        }
        self.payload = payload
    }

    /// The event id (`envelope.id`).
    public var id: String { envelope.id }

    /// The run's correlation id; the chain's first event may omit the extension, and then its
    /// own id is the correlation id.
    public var correlationID: String { envelope.correlationID ?? envelope.id }

    /// The trace context the event carries, nil for a first event that came without one.
    public var traceParent: TraceParent? { envelope.traceParent }

    /// The event produced by handling this one.
    ///
    /// Carries `correlationid` and `tracestate` over, sets `causationid` to this event's id,
    /// continues the trace with a new span id (a new trace if this event had none), and derives
    /// the id from this event (`EventIdentity`) so a redelivered input yields the same output id.
    /// Only the next event type of the chain compiles.
    public func next<Next: ColdChainPayload>(
        _ payload: Next,
        source: String,
        time: EventTimestamp,
        occurrence: String = "",
        using generator: inout some RandomNumberGenerator
    ) throws(ColdChainEventError) -> ColdChainEvent<Next> where Next.Predecessor == Payload {
        let trace: TraceParent
        if let parent = envelope.traceParent {
            trace = parent.child(using: &generator)
        } else {
            trace = TraceParent.root(using: &generator)
        }
        var extensions: [String: CloudEventExtensionValue] = [
            MeshExtension.correlationID.rawValue: .string(correlationID),
            MeshExtension.causationID.rawValue: .string(envelope.id),
            MeshExtension.traceParent.rawValue: .string(trace.description),
        ]
        if let traceState = envelope.traceState {
            extensions[MeshExtension.traceState.rawValue] = .string(traceState)
        }
        let id = EventIdentity.causedEventID(causeSource: envelope.source, causeID: envelope.id,
                                             type: Next.kind.eventType, occurrence: occurrence)
        return try ColdChainEvent<Next>(building: payload, id: id, source: source, time: time, extensions: extensions)
    }

    /// `next(_:source:time:occurrence:using:)` with the system's random generator for the span id.
    public func next<Next: ColdChainPayload>(
        _ payload: Next,
        source: String,
        time: EventTimestamp,
        occurrence: String = ""
    ) throws(ColdChainEventError) -> ColdChainEvent<Next> where Next.Predecessor == Payload {
        var generator = SystemRandomNumberGenerator()
        return try next(payload, source: source, time: time, occurrence: occurrence, using: &generator)
    }
}

extension ColdChainEvent where Payload.Predecessor == Never {
    /// The chain's first event. `id` must stay the same when the producer retries a publish;
    /// the correlation id defaults to `id`, and a new trace starts unless `traceParent` is given.
    public init(
        origin payload: Payload,
        id: String,
        source: String,
        time: EventTimestamp,
        correlationID: String? = nil,
        traceParent: TraceParent? = nil,
        using generator: inout some RandomNumberGenerator
    ) throws(ColdChainEventError) {
        let trace = traceParent ?? TraceParent.root(using: &generator)
        try self.init(building: payload, id: id, source: source, time: time, extensions: [
            MeshExtension.correlationID.rawValue: .string(correlationID ?? id),
            MeshExtension.traceParent.rawValue: .string(trace.description),
        ])
    }

    /// `init(origin:...)` with the system's random generator for a new trace.
    public init(
        origin payload: Payload,
        id: String,
        source: String,
        time: EventTimestamp,
        correlationID: String? = nil,
        traceParent: TraceParent? = nil
    ) throws(ColdChainEventError) {
        var generator = SystemRandomNumberGenerator()
        try self.init(origin: payload, id: id, source: source, time: time, correlationID: correlationID,
                      traceParent: traceParent, using: &generator)
    }
}

/// Any cold-chain event, dispatched on the CloudEvent `type`: for consumers and tools that read
/// more than one kind (dead-letter inspection, the docs check).
public enum AnyColdChainEvent: Hashable, Sendable {
    case coldChainFailure(ColdChainEvent<ColdChainFailure>)
    case lowStock(ColdChainEvent<LowStock>)
    case purchaseOrderIssued(ColdChainEvent<PurchaseOrderIssued>)
    case inventoryReceived(ColdChainEvent<InventoryReceived>)

    /// Decodes the envelope as whichever cold-chain event its `type` names.
    public init(_ envelope: CloudEvent) throws(ColdChainEventError) {
        guard let kind = ColdChainEventKind(eventType: envelope.type) else {
            throw .envelope(.invalidAttribute("type", reason: "\(envelope.type) is not a cold-chain event type"))
        }
        switch kind {
        case .coldChainFailure: self = .coldChainFailure(try ColdChainEvent(envelope))
        case .lowStock: self = .lowStock(try ColdChainEvent(envelope))
        case .purchaseOrderIssued: self = .purchaseOrderIssued(try ColdChainEvent(envelope))
        case .inventoryReceived: self = .inventoryReceived(try ColdChainEvent(envelope))
        }
    }

    /// Which of the four events this is.
    public var kind: ColdChainEventKind {
        switch self {
        case .coldChainFailure: .coldChainFailure
        case .lowStock: .lowStock
        case .purchaseOrderIssued: .purchaseOrderIssued
        case .inventoryReceived: .inventoryReceived
        }
    }

    /// The envelope, whatever the kind.
    public var envelope: CloudEvent {
        switch self {
        case .coldChainFailure(let event): event.envelope
        case .lowStock(let event): event.envelope
        case .purchaseOrderIssued(let event): event.envelope
        case .inventoryReceived(let event): event.envelope
        }
    }
}
