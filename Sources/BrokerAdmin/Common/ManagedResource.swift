/// Broker and table administration: one small interface per kind of external object (a Kafka
/// topic, a RabbitMQ queue, a DynamoDB table, ...), as crossplane-runtime's managed resources:
/// `observe` says whether the object is absent, up to date, or drifted (with the differences);
/// `create`, `update` and `delete` act on it. Reconcilers decide from the observation.

/// What `observe` found.
public enum Observation<Observed: Sendable>: Sendable {
    case absent
    case upToDate(Observed)
    /// Exists but differs from the desired settings.
    case drifted(Observed, [Difference])

    public var exists: Bool {
        if case .absent = self { return false }
        return true
    }
}

/// One setting that differs between the desired and the actual object.
public struct Difference: Sendable, Hashable, CustomStringConvertible {
    /// How the broker lets the setting change.
    public enum Change: String, Sendable, Hashable {
        /// `update` can apply it.
        case mutable
        /// The broker refuses to change it (a RabbitMQ queue argument): delete and re-create, or accept.
        case immutable
        /// Not supported in this direction (decreasing Kafka partitions): reported, never applied.
        case notSupported
    }

    /// The setting's name as the broker knows it (`retention.ms`, `x-message-ttl`, `BillingMode`).
    public var field: String
    public var desired: String
    public var actual: String
    public var change: Change

    public init(field: String, desired: String, actual: String, change: Change = .mutable) {
        self.field = field
        self.desired = desired
        self.actual = actual
        self.change = change
    }

    public var description: String { "\(field): desired \(desired), actual \(actual)" + (change == .mutable ? "" : " (\(change.rawValue))") }
}

/// A failed administrative call, naming the broker and the object; never carries credentials.
public struct AdminError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The broker could not be reached (refused, DNS, TLS, connection dropped).
        case unreachable
        case timedOut
        /// Credentials refused or missing permissions.
        case unauthorized
        case notFound
        case alreadyExists
        /// The broker refused the settings (an invalid config value, an unknown argument).
        case invalid
        /// The broker refused to change a setting that cannot change.
        case immutableFieldChanged
        /// The change is not supported (a partition decrease).
        case notSupported
        /// The object is in use or not empty and the delete asked for that not to happen.
        case inUse
        case other
    }

    public var kind: Kind
    /// The MeshBroker (or table endpoint) the call went to.
    public var broker: String
    /// The object the call was about (`topic StockBajo`, `queue orders`, `table read-model`).
    public var object: String
    public var message: String

    public init(_ kind: Kind, broker: String, object: String, message: String) {
        self.kind = kind
        self.broker = broker
        self.object = object
        self.message = message
    }

    /// Worth retrying later without a spec change.
    public var isTransient: Bool { [.unreachable, .timedOut, .other].contains(kind) }

    public var description: String { "\(broker): \(object): \(kind.rawValue): \(message)" }
}

/// What an `update` did.
public enum UpdateOutcome: Sendable, Hashable {
    /// Every mutable difference was applied.
    case applied
    /// Some differences cannot be applied (immutable or not supported); the mutable ones were.
    case partiallyApplied(remaining: [Difference])
}
