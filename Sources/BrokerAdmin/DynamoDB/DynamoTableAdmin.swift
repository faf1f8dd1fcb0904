import StrictJSON

/// The managed-resource adapter for DynamoDB tables: observe / create / update / delete.
public struct DynamoTableAdmin: Sendable {
    public let client: DynamoDBClient
    /// How long `create` waits for a new table to become ACTIVE.
    public var activeDeadline: Duration
    /// How long `update` waits for a busy table (UPDATING, an index backfilling) before it reports
    /// what it could not apply yet as remaining, for a later reconcile.
    public var busyWait: Duration
    public var pollInterval: Duration

    public init(client: DynamoDBClient, activeDeadline: Duration = .seconds(120), busyWait: Duration = .seconds(10),
                pollInterval: Duration = .milliseconds(250)) {
        self.client = client
        self.activeDeadline = activeDeadline
        self.busyWait = busyWait
        self.pollInterval = pollInterval
    }

    /// The table as DynamoDB reports it, or nil when it does not exist.
    public func describe(_ name: String) async throws -> DynamoTableDescription? {
        // Both calls at once: one round trip of latency.
        async let timeToLiveCall = client.describeTimeToLive(name)
        guard let table = try await client.describeTable(name) else {
            _ = try? await timeToLiveCall
            return nil
        }
        let timeToLive: JSONValue?
        do {
            timeToLive = try await timeToLiveCall
        } catch let error as AdminError where error.kind == .notFound {
            return nil
        }
        return DynamoTableTranslation.description(table: table, timeToLive: timeToLive)
    }

    /// DescribeTable + DescribeTimeToLive: absent, up to date, or drifted with the differences.
    public func observe(_ desired: DynamoTableSettings) async throws -> Observation<DynamoTableDescription> {
        guard let observed = try await describe(desired.name) else { return .absent }
        let differences = DynamoTableTranslation.differences(desired: desired, actual: observed.settings)
        return differences.isEmpty ? .upToDate(observed) : .drifted(observed, differences)
    }

    /// CreateTable, then waits until the table is ACTIVE and turns time to live on when asked.
    /// An existing table fails with `.alreadyExists`.
    @discardableResult
    public func create(_ desired: DynamoTableSettings) async throws -> DynamoTableDescription {
        _ = try await client.createTable(DynamoTableTranslation.createTableInput(desired), name: desired.name)
        var description = try await waitUntilActive(desired.name)
        if let attribute = desired.timeToLiveAttribute {
            try await client.updateTimeToLive(desired.name, attribute: attribute, enabled: true)
            description.settings.timeToLiveAttribute = attribute
        }
        return description
    }

    /// Applies the mutable differences: billing mode and throughput, stream, index throughput in
    /// one UpdateTable; then ONE index creation or deletion (DynamoDB allows one per call; the
    /// rest are returned as remaining, for the next reconcile); then time to live. Immutable
    /// differences (key schema, an index's keys or projection) are returned as remaining.
    public func update(_ desired: DynamoTableSettings) async throws -> UpdateOutcome {
        guard var observed = try await describe(desired.name) else {
            throw AdminError(.notFound, broker: client.broker, object: "table \(desired.name)", message: "the table does not exist")
        }
        if !observed.isActive {
            // DynamoDB refuses UpdateTable while the table or an index is CREATING or UPDATING.
            let ttl = observed
            guard let active = try await activeOrNil(desired.name, within: busyWait) else {
                let differences = DynamoTableTranslation.differences(desired: desired, actual: observed.settings)
                return differences.isEmpty ? .applied : .partiallyApplied(remaining: differences)
            }
            observed = active
            observed.settings.timeToLiveAttribute = ttl.settings.timeToLiveAttribute
            observed.timeToLiveStatus = ttl.timeToLiveStatus
        }
        let actual = observed.settings
        let differences = DynamoTableTranslation.differences(desired: desired, actual: actual)
        var remaining = differences.filter { $0.change != .mutable }
        let Field = DynamoTableTranslation.Field.self
        let mutable = Set(differences.filter { $0.change == .mutable }.map(\.field))
        if mutable.isEmpty { return remaining.isEmpty ? .applied : .partiallyApplied(remaining: remaining) }

        // 1. Table-level settings in one UpdateTable.
        var input: JSONValue = ["TableName": .string(desired.name)]
        var tableLevel = false
        if mutable.contains(Field.billingMode) || mutable.contains(Field.provisionedThroughput) {
            input["BillingMode"] = .string(desired.billingMode.apiName)
            if let throughput = desired.billingMode.throughput { input["ProvisionedThroughput"] = DynamoTableTranslation.throughput(throughput) }
            tableLevel = true
        }
        let actualIndexNames = Set(actual.globalSecondaryIndexes.map(\.name))
        if let table = desired.billingMode.throughput {
            // Existing indexes: their throughput. Switching to PROVISIONED needs it for every index
            // the table has, those about to be removed included (they go in a later call).
            let switching = actual.billingMode.throughput == nil
            let wanted = Dictionary(desired.globalSecondaryIndexes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            let updates: [JSONValue] = actual.globalSecondaryIndexes.sorted { $0.name < $1.name }
                .filter { switching || (wanted[$0.name] != nil && mutable.contains(Field.indexThroughput($0.name))) }
                .map { index in
                    let throughput = wanted[index.name]?.throughput ?? table
                    return ["Update": ["IndexName": .string(index.name), "ProvisionedThroughput": DynamoTableTranslation.throughput(throughput)]]
                }
            if !updates.isEmpty {
                input["GlobalSecondaryIndexUpdates"] = .array(updates)
                tableLevel = true
            }
        }
        var streamDeferred = false
        if mutable.contains(Field.streamSpecification) {
            if actual.stream != nil && desired.stream != nil {
                // A stream's view type cannot change in place: disable now, enable on the next update.
                input["StreamSpecification"] = DynamoTableTranslation.streamSpecification(nil)
                streamDeferred = true
            } else {
                input["StreamSpecification"] = DynamoTableTranslation.streamSpecification(desired.stream)
            }
            tableLevel = true
        }
        if mutable.contains(Field.deletionProtection) {
            input["DeletionProtectionEnabled"] = .bool(desired.deletionProtection)
            tableLevel = true
        }
        if tableLevel {
            _ = try await client.updateTable(input, name: desired.name)
        }
        if streamDeferred, let difference = differences.first(where: { $0.field == Field.streamSpecification }) {
            remaining.append(Difference(field: difference.field, desired: difference.desired, actual: "disabled", change: .mutable))
        }

        // 2. One index added or removed.
        let additions = desired.globalSecondaryIndexes.filter { !actualIndexNames.contains($0.name) }.sorted { $0.name < $1.name }
        let desiredIndexNames = Set(desired.globalSecondaryIndexes.map(\.name))
        let removals = actual.globalSecondaryIndexes.filter { !desiredIndexNames.contains($0.name) }.sorted { $0.name < $1.name }
        var indexOperations: [(field: String, update: JSONValue, created: DynamoTableSettings.GlobalSecondaryIndex?)] = removals.map {
            (Field.index($0.name), ["Delete": ["IndexName": .string($0.name)]], nil)
        }
        indexOperations += additions.map {
            (Field.index($0.name), ["Create": DynamoTableTranslation.indexCreate($0, billing: desired.billingMode)], $0)
        }
        if !indexOperations.isEmpty, tableLevel, try await activeOrNil(desired.name, within: busyWait) == nil {
            let pending = Set(indexOperations.map(\.field))
            remaining += differences.filter { pending.contains($0.field) && $0.change == .mutable }
        } else if let first = indexOperations.first {
            var indexInput: JSONValue = [
                "TableName": .string(desired.name),
                "GlobalSecondaryIndexUpdates": [first.update],
            ]
            if let created = first.created {
                // Definitions for the keys in use once this index exists, and no others
                // (DynamoDB refuses unused attribute definitions).
                var afterwards = actual
                afterwards.globalSecondaryIndexes = actual.globalSecondaryIndexes + [created]
                indexInput["AttributeDefinitions"] = DynamoTableTranslation.attributeDefinitions(afterwards)
            }
            _ = try await client.updateTable(indexInput, name: desired.name)
            let later = Set(indexOperations.dropFirst().map(\.field))
            remaining += differences.filter { later.contains($0.field) && $0.change == .mutable }
        }

        // 3. Time to live (its own API; changing the attribute means disabling the old one first).
        if mutable.contains(Field.timeToLive) {
            if let old = actual.timeToLiveAttribute {
                try await client.updateTimeToLive(desired.name, attribute: old, enabled: false)
            }
            if let attribute = desired.timeToLiveAttribute {
                try await client.updateTimeToLive(desired.name, attribute: attribute, enabled: true)
            }
        }
        return remaining.isEmpty ? .applied : .partiallyApplied(remaining: remaining)
    }

    /// DeleteTable; a table that does not exist counts as deleted. A table with deletion
    /// protection on fails with `.inUse` (turn it off with `update` first).
    public func delete(_ name: String) async throws {
        try await client.deleteTable(name)
    }

    /// The table once it and its indexes are ACTIVE; nil when that takes longer than `limit`.
    func activeOrNil(_ name: String, within limit: Duration) async throws -> DynamoTableDescription? {
        do {
            return try await waitUntilActive(name, within: limit)
        } catch let error as AdminError where error.kind == .timedOut && error.message.hasPrefix("not ACTIVE") {
            return nil
        }
    }

    /// Polls DescribeTable until the table and its indexes are ACTIVE, up to `limit` (default
    /// `activeDeadline`); then fails with `.timedOut`.
    @discardableResult
    public func waitUntilActive(_ name: String, within limit: Duration? = nil) async throws -> DynamoTableDescription {
        let activeDeadline = limit ?? self.activeDeadline
        let clock = ContinuousClock()
        let deadline = clock.now + activeDeadline
        while true {
            if let table = try await client.describeTable(name) {
                let description = DynamoTableTranslation.description(table: table, timeToLive: nil)
                if description.isActive { return description }
            }
            guard clock.now + pollInterval < deadline else {
                throw AdminError(.timedOut, broker: client.broker, object: "table \(name)",
                                 message: "not ACTIVE within \(activeDeadline)")
            }
            try await Task.sleep(for: pollInterval)
        }
    }
}
