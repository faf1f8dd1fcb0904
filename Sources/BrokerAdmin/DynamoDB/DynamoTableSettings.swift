import StrictJSON

/// The desired (or observed) settings of one DynamoDB table.
public struct DynamoTableSettings: Sendable, Hashable {
    public enum AttributeType: String, Sendable, Hashable, CaseIterable {
        case string = "S", number = "N", binary = "B"
    }

    public struct Key: Sendable, Hashable, CustomStringConvertible {
        public var name: String
        public var type: AttributeType
        public init(_ name: String, _ type: AttributeType = .string) {
            self.name = name
            self.type = type
        }
        public var description: String { "\(name) (\(type.rawValue))" }
    }

    public struct Throughput: Sendable, Hashable, CustomStringConvertible {
        public var read: Int64
        public var write: Int64
        public init(read: Int64, write: Int64) {
            self.read = read
            self.write = write
        }
        public var description: String { "read \(read), write \(write)" }
    }

    public enum BillingMode: Sendable, Hashable, CustomStringConvertible {
        case payPerRequest
        case provisioned(Throughput)

        /// `PAY_PER_REQUEST` or `PROVISIONED`, as the API spells it.
        public var apiName: String {
            if case .payPerRequest = self { return "PAY_PER_REQUEST" }
            return "PROVISIONED"
        }
        public var throughput: Throughput? {
            if case .provisioned(let throughput) = self { return throughput }
            return nil
        }
        public var description: String { apiName }
    }

    public enum Projection: Sendable, Hashable, CustomStringConvertible {
        case all
        case keysOnly
        /// The keys and these other attributes (order does not matter).
        case include([String])

        public var description: String {
            switch self {
            case .all: "ALL"
            case .keysOnly: "KEYS_ONLY"
            case .include(let names): "INCLUDE \(names.sorted().joined(separator: ","))"
            }
        }
    }

    public struct GlobalSecondaryIndex: Sendable, Hashable, CustomStringConvertible {
        public var name: String
        public var partitionKey: Key
        public var sortKey: Key?
        public var projection: Projection
        /// Needed when the table is provisioned; ignored on an on-demand table.
        public var throughput: Throughput?

        public init(name: String, partitionKey: Key, sortKey: Key? = nil, projection: Projection = .all, throughput: Throughput? = nil) {
            self.name = name
            self.partitionKey = partitionKey
            self.sortKey = sortKey
            self.projection = projection
            self.throughput = throughput
        }

        /// Keys and projection: what cannot change once the index exists.
        var shape: String {
            "keys \(partitionKey)" + (sortKey.map { ", \($0)" } ?? "") + "; projection \(projection)"
        }
        public var description: String { "\(name): \(shape)" + (throughput.map { "; \($0)" } ?? "") }
    }

    public enum StreamViewType: String, Sendable, Hashable, CaseIterable {
        case keysOnly = "KEYS_ONLY", newImage = "NEW_IMAGE", oldImage = "OLD_IMAGE", newAndOldImages = "NEW_AND_OLD_IMAGES"
    }

    public var name: String
    public var partitionKey: Key
    public var sortKey: Key?
    public var billingMode: BillingMode
    public var globalSecondaryIndexes: [GlobalSecondaryIndex]
    /// nil: no stream.
    public var stream: StreamViewType?
    /// nil: time to live off.
    public var timeToLiveAttribute: String?
    /// DynamoDB's own deletion protection (DeleteTable is refused while on).
    public var deletionProtection: Bool

    public init(name: String, partitionKey: Key, sortKey: Key? = nil, billingMode: BillingMode = .payPerRequest,
                globalSecondaryIndexes: [GlobalSecondaryIndex] = [], stream: StreamViewType? = nil,
                timeToLiveAttribute: String? = nil, deletionProtection: Bool = false) {
        self.name = name
        self.partitionKey = partitionKey
        self.sortKey = sortKey
        self.billingMode = billingMode
        self.globalSecondaryIndexes = globalSecondaryIndexes
        self.stream = stream
        self.timeToLiveAttribute = timeToLiveAttribute
        self.deletionProtection = deletionProtection
    }

    var keySchemaText: String { "\(partitionKey)" + (sortKey.map { ", \($0)" } ?? "") }
}

/// What DescribeTable and DescribeTimeToLive said about a table.
public struct DynamoTableDescription: Sendable, Hashable {
    /// The settings as DynamoDB reports them.
    public var settings: DynamoTableSettings
    /// `CREATING`, `ACTIVE`, `UPDATING`, `DELETING`, ...
    public var status: String
    public var arn: String?
    /// Index name → `CREATING`, `ACTIVE`, `UPDATING`, `DELETING`.
    public var indexStatus: [String: String]
    /// `ENABLED`, `DISABLED`, `ENABLING`, `DISABLING`.
    public var timeToLiveStatus: String?
    public var streamARN: String?

    public init(settings: DynamoTableSettings, status: String, arn: String? = nil, indexStatus: [String: String] = [:],
                timeToLiveStatus: String? = nil, streamARN: String? = nil) {
        self.settings = settings
        self.status = status
        self.arn = arn
        self.indexStatus = indexStatus
        self.timeToLiveStatus = timeToLiveStatus
        self.streamARN = streamARN
    }

    /// The table and all its indexes are ACTIVE.
    public var isActive: Bool { status == "ACTIVE" && indexStatus.values.allSatisfy { $0 == "ACTIVE" } }
}

/// Pure translation between the settings and DynamoDB's JSON, and the comparison of the two.
public enum DynamoTableTranslation {
    static func keySchema(_ partition: DynamoTableSettings.Key, _ sort: DynamoTableSettings.Key?) -> JSONValue {
        var keys: [JSONValue] = [["AttributeName": .string(partition.name), "KeyType": "HASH"]]
        if let sort { keys.append(["AttributeName": .string(sort.name), "KeyType": "RANGE"]) }
        return .array(keys)
    }

    static func throughput(_ value: DynamoTableSettings.Throughput) -> JSONValue {
        ["ReadCapacityUnits": .integer(value.read), "WriteCapacityUnits": .integer(value.write)]
    }

    static func projection(_ value: DynamoTableSettings.Projection) -> JSONValue {
        switch value {
        case .all: ["ProjectionType": "ALL"]
        case .keysOnly: ["ProjectionType": "KEYS_ONLY"]
        case .include(let names): ["ProjectionType": "INCLUDE", "NonKeyAttributes": .array(names.sorted().map { .string($0) })]
        }
    }

    /// Every attribute used in a key of the table or of an index, once.
    static func attributeDefinitions(_ settings: DynamoTableSettings) -> JSONValue {
        var seen: [String: DynamoTableSettings.AttributeType] = [:]
        var order: [String] = []
        let keys = [settings.partitionKey] + [settings.sortKey].compactMap { $0 }
            + settings.globalSecondaryIndexes.flatMap { [$0.partitionKey] + [$0.sortKey].compactMap { $0 } }
        for key in keys where seen[key.name] == nil {
            seen[key.name] = key.type
            order.append(key.name)
        }
        return .array(order.map { ["AttributeName": .string($0), "AttributeType": .string(seen[$0]!.rawValue)] })
    }

    static func indexCreate(_ index: DynamoTableSettings.GlobalSecondaryIndex, billing: DynamoTableSettings.BillingMode) -> JSONValue {
        var value: JSONValue = [
            "IndexName": .string(index.name),
            "KeySchema": keySchema(index.partitionKey, index.sortKey),
            "Projection": projection(index.projection),
        ]
        if let table = billing.throughput { value["ProvisionedThroughput"] = throughput(index.throughput ?? table) }
        return value
    }

    static func streamSpecification(_ view: DynamoTableSettings.StreamViewType?) -> JSONValue {
        guard let view else { return ["StreamEnabled": false] }
        return ["StreamEnabled": true, "StreamViewType": .string(view.rawValue)]
    }

    /// The CreateTable input for `settings` (time to live is set afterwards with UpdateTimeToLive).
    public static func createTableInput(_ settings: DynamoTableSettings) -> JSONValue {
        var input: JSONValue = [
            "TableName": .string(settings.name),
            "AttributeDefinitions": attributeDefinitions(settings),
            "KeySchema": keySchema(settings.partitionKey, settings.sortKey),
            "BillingMode": .string(settings.billingMode.apiName),
        ]
        if let table = settings.billingMode.throughput { input["ProvisionedThroughput"] = throughput(table) }
        if !settings.globalSecondaryIndexes.isEmpty {
            input["GlobalSecondaryIndexes"] = .array(settings.globalSecondaryIndexes.map { indexCreate($0, billing: settings.billingMode) })
        }
        if settings.stream != nil { input["StreamSpecification"] = streamSpecification(settings.stream) }
        if settings.deletionProtection { input["DeletionProtectionEnabled"] = true }
        return input
    }

    /// Reads DescribeTable's `Table` (and DescribeTimeToLive's `TimeToLiveDescription`).
    public static func description(table: JSONValue, timeToLive: JSONValue?) -> DynamoTableDescription {
        var types: [String: DynamoTableSettings.AttributeType] = [:]
        for definition in table["AttributeDefinitions"]?.arrayValue ?? [] {
            if let name = definition["AttributeName"]?.stringValue,
               let type = definition["AttributeType"]?.stringValue.flatMap(DynamoTableSettings.AttributeType.init(rawValue:)) {
                types[name] = type
            }
        }
        func keys(_ schema: JSONValue?) -> (DynamoTableSettings.Key, DynamoTableSettings.Key?) {
            var partition = DynamoTableSettings.Key("", .string)
            var sort: DynamoTableSettings.Key?
            for element in schema?.arrayValue ?? [] {
                guard let name = element["AttributeName"]?.stringValue else { continue }
                let key = DynamoTableSettings.Key(name, types[name] ?? .string)
                if element["KeyType"]?.stringValue == "RANGE" { sort = key } else { partition = key }
            }
            return (partition, sort)
        }
        func throughputOf(_ value: JSONValue?) -> DynamoTableSettings.Throughput? {
            guard let read = value?["ReadCapacityUnits"]?.int64Value, let write = value?["WriteCapacityUnits"]?.int64Value else { return nil }
            return .init(read: read, write: write)
        }
        let (partition, sort) = keys(table["KeySchema"])
        let tableThroughput = throughputOf(table["ProvisionedThroughput"])
        let modeName = table[path: "BillingModeSummary", "BillingMode"]?.stringValue
            ?? ((tableThroughput?.read ?? 0) > 0 ? "PROVISIONED" : "PAY_PER_REQUEST")
        let billing: DynamoTableSettings.BillingMode = modeName == "PROVISIONED"
            ? .provisioned(tableThroughput ?? .init(read: 0, write: 0)) : .payPerRequest

        var indexes: [DynamoTableSettings.GlobalSecondaryIndex] = []
        var indexStatus: [String: String] = [:]
        for index in table["GlobalSecondaryIndexes"]?.arrayValue ?? [] {
            guard let name = index["IndexName"]?.stringValue else { continue }
            let (indexPartition, indexSort) = keys(index["KeySchema"])
            let projection: DynamoTableSettings.Projection = switch index[path: "Projection", "ProjectionType"]?.stringValue {
            case "KEYS_ONLY": .keysOnly
            case "INCLUDE": .include((index[path: "Projection", "NonKeyAttributes"]?.arrayValue ?? []).compactMap(\.stringValue).sorted())
            default: .all
            }
            let indexThroughput = billing.throughput == nil ? nil : throughputOf(index["ProvisionedThroughput"])
            indexes.append(.init(name: name, partitionKey: indexPartition, sortKey: indexSort, projection: projection, throughput: indexThroughput))
            indexStatus[name] = index["IndexStatus"]?.stringValue ?? "ACTIVE"
        }
        indexes.sort { $0.name < $1.name }

        var stream: DynamoTableSettings.StreamViewType?
        if table[path: "StreamSpecification", "StreamEnabled"]?.boolValue == true {
            stream = table[path: "StreamSpecification", "StreamViewType"]?.stringValue.flatMap(DynamoTableSettings.StreamViewType.init(rawValue:))
        }
        let ttlStatus = timeToLive?["TimeToLiveStatus"]?.stringValue
        let ttlAttribute = (ttlStatus == "ENABLED" || ttlStatus == "ENABLING") ? timeToLive?["AttributeName"]?.stringValue : nil

        let settings = DynamoTableSettings(name: table["TableName"]?.stringValue ?? "", partitionKey: partition, sortKey: sort,
                                           billingMode: billing, globalSecondaryIndexes: indexes, stream: stream,
                                           timeToLiveAttribute: ttlAttribute,
                                           deletionProtection: table["DeletionProtectionEnabled"]?.boolValue ?? false)
        return DynamoTableDescription(settings: settings, status: table["TableStatus"]?.stringValue ?? "ACTIVE",
                                      arn: table["TableArn"]?.stringValue, indexStatus: indexStatus,
                                      timeToLiveStatus: ttlStatus, streamARN: table["LatestStreamArn"]?.stringValue)
    }

    /// Field names used in `Difference`s.
    public enum Field {
        public static let keySchema = "KeySchema"
        public static let billingMode = "BillingMode"
        public static let provisionedThroughput = "ProvisionedThroughput"
        public static let streamSpecification = "StreamSpecification"
        public static let timeToLive = "TimeToLive"
        public static let deletionProtection = "DeletionProtectionEnabled"
        public static func index(_ name: String) -> String { "GlobalSecondaryIndexes[\(name)]" }
        public static func indexThroughput(_ name: String) -> String { "GlobalSecondaryIndexes[\(name)].ProvisionedThroughput" }
    }

    /// The settings of `desired` that `actual` does not have. Key schemas and the keys or
    /// projection of an existing index cannot change (`.immutable`); everything else can.
    public static func differences(desired: DynamoTableSettings, actual: DynamoTableSettings) -> [Difference] {
        var result: [Difference] = []
        if desired.partitionKey != actual.partitionKey || desired.sortKey != actual.sortKey {
            result.append(Difference(field: Field.keySchema, desired: desired.keySchemaText, actual: actual.keySchemaText, change: .immutable))
        }
        if desired.billingMode.apiName != actual.billingMode.apiName {
            result.append(Difference(field: Field.billingMode, desired: desired.billingMode.apiName, actual: actual.billingMode.apiName))
        }
        if let wanted = desired.billingMode.throughput, wanted != actual.billingMode.throughput {
            result.append(Difference(field: Field.provisionedThroughput, desired: "\(wanted)",
                                     actual: actual.billingMode.throughput.map { "\($0)" } ?? "none"))
        }
        let actualIndexes = Dictionary(actual.globalSecondaryIndexes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let desiredNames = Set(desired.globalSecondaryIndexes.map(\.name))
        for index in desired.globalSecondaryIndexes.sorted(by: { $0.name < $1.name }) {
            guard let existing = actualIndexes[index.name] else {
                result.append(Difference(field: Field.index(index.name), desired: index.shape, actual: "absent"))
                continue
            }
            if index.shape != existing.shape {
                result.append(Difference(field: Field.index(index.name), desired: index.shape, actual: existing.shape, change: .immutable))
            }
            if let table = desired.billingMode.throughput {
                let wanted = index.throughput ?? table
                if existing.throughput != wanted {
                    result.append(Difference(field: Field.indexThroughput(index.name), desired: "\(wanted)",
                                             actual: existing.throughput.map { "\($0)" } ?? "none"))
                }
            }
        }
        for index in actual.globalSecondaryIndexes.sorted(by: { $0.name < $1.name }) where !desiredNames.contains(index.name) {
            result.append(Difference(field: Field.index(index.name), desired: "absent", actual: index.shape))
        }
        if desired.stream != actual.stream {
            result.append(Difference(field: Field.streamSpecification, desired: desired.stream?.rawValue ?? "disabled",
                                     actual: actual.stream?.rawValue ?? "disabled"))
        }
        if desired.timeToLiveAttribute != actual.timeToLiveAttribute {
            result.append(Difference(field: Field.timeToLive, desired: desired.timeToLiveAttribute ?? "disabled",
                                     actual: actual.timeToLiveAttribute ?? "disabled"))
        }
        if desired.deletionProtection != actual.deletionProtection {
            result.append(Difference(field: Field.deletionProtection, desired: "\(desired.deletionProtection)",
                                     actual: "\(actual.deletionProtection)"))
        }
        return result
    }
}
