/// Condition types the Event Mesh kinds report. `Ready` is present on every object and is the
/// aggregate of the others; `kubectl wait --for=condition=Ready` relies on it.
public enum MeshConditionType {
    public static let ready = "Ready"
    /// MeshBroker: the operator reached the broker with the given credentials.
    public static let connected = "Connected"
    /// EventRoute: the source topic/queue/subscription exists as declared.
    public static let sourceReady = "SourceReady"
    /// EventRoute: the sink topic/exchange exists as declared.
    public static let sinkReady = "SinkReady"
    /// EventRoute: the dead-letter destination exists (True with reason `NotConfigured` when none).
    public static let deadLetterReady = "DeadLetterReady"
    /// EventRoute: the bridge Deployment has its ready replicas.
    public static let bridgeReady = "BridgeReady"
    /// ColdChainService: every input endpoint is provisioned.
    public static let inputsReady = "InputsReady"
    /// ColdChainService: every output endpoint is provisioned.
    public static let outputsReady = "OutputsReady"
    /// ColdChainService: the write-model and read-model DynamoBindings are Ready.
    public static let storeReady = "StoreReady"
    /// ColdChainService: the Deployment has its minimum available replicas.
    public static let available = "Available"
    /// DynamoBinding: the table exists, is ACTIVE and matches the spec.
    public static let tableReady = "TableReady"
}

/// Stable CamelCase reasons for conditions (and Events). Tools match on them: never rename one.
public enum MeshConditionReason {
    /// The broker object, table or workload exists and matches the spec.
    public static let provisioned = "Provisioned"
    /// The broker answered (MeshBroker `Connected`).
    public static let connected = "Connected"
    /// The workload has its replicas available.
    public static let available = "Available"
    /// Work is under way (creating a table, rolling out a Deployment); check again later.
    public static let progressing = "Progressing"
    /// The part is not configured (e.g. no dead letter), which is fine.
    public static let notConfigured = "NotConfigured"
    /// The broker could not be reached or timed out.
    public static let brokerUnreachable = "BrokerUnreachable"
    /// The broker refused the credentials.
    public static let authenticationFailed = "AuthenticationFailed"
    /// The referenced MeshBroker does not exist (or is not Ready).
    public static let brokerNotFound = "BrokerNotFound"
    /// A referenced DynamoBinding does not exist (or is not Ready).
    public static let bindingNotFound = "BindingNotFound"
    /// A referenced Secret or one of its keys does not exist.
    public static let secretNotFound = "SecretNotFound"
    /// The spec breaks a rule the schema could not express; the message names the fields.
    public static let invalidSpec = "InvalidSpec"
    /// Another resource claims the same broker object or table with different settings.
    public static let resourceConflict = "ResourceConflict"
    /// The broker cannot apply the change in place (e.g. fewer partitions); nothing was changed.
    public static let notSupported = "NotSupported"
    /// The spec changed a field the broker or table cannot change (key schema, queue arguments).
    public static let immutableFieldChanged = "ImmutableFieldChanged"
    /// An owned object was changed or removed behind the operator's back and was put back.
    public static let drifted = "Drifted"
    /// Reconciliation is paused by the `eventmesh.coldchain.io/paused` annotation.
    public static let paused = "Paused"
    /// Deletion waits: a queue or topic still holds messages and `force` is not set.
    public static let deletionBlocked = "DeletionBlocked"
    /// The workload's replicas are not available.
    public static let unavailable = "Unavailable"
    /// A part this condition aggregates is not ready; the message says which.
    public static let dependencyNotReady = "DependencyNotReady"
}
