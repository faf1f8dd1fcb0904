import KubeCore

/// A DynamoDB table, in a local emulator (`Local`) or in AWS (`External`). It owns the table.
public struct DynamoBinding: MeshResource {
    public static let kind = "DynamoBinding"
    public static let plural = "dynamobindings"
    public static let singular = "dynamobinding"
    public static let shortNames = ["ddb"]
    public static let conditionTypes = [MeshConditionType.ready, MeshConditionType.tableReady]

    public var metadata: ObjectMeta
    public var spec: DynamoBindingSpec
    public var status: DynamoBindingStatus?

    public init(metadata: ObjectMeta, spec: DynamoBindingSpec, status: DynamoBindingStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// Where the table lives.
public struct DynamoMode: OpenEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A DynamoDB-compatible endpoint such as a local emulator; needs `local`.
    public static let local: DynamoMode = "Local"
    /// AWS DynamoDB in a region, with credentials from a Secret; needs `external`.
    public static let external: DynamoMode = "External"
    public static let knownValues: [DynamoMode] = [.local, .external]

    var sectionName: String? {
        switch self {
        case .local: "local"
        case .external: "external"
        default: nil
        }
    }
}

/// A DynamoDB scalar attribute type.
public struct AttributeType: OpenEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let string: AttributeType = "S"
    public static let number: AttributeType = "N"
    public static let binary: AttributeType = "B"
    public static let knownValues: [AttributeType] = [.string, .number, .binary]
}

public struct BillingMode: OpenEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let payPerRequest: BillingMode = "PayPerRequest"
    public static let provisioned: BillingMode = "Provisioned"
    public static let knownValues: [BillingMode] = [.payPerRequest, .provisioned]
}

public struct ProjectionType: OpenEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let all: ProjectionType = "All"
    public static let keysOnly: ProjectionType = "KeysOnly"
    public static let include: ProjectionType = "Include"
    public static let knownValues: [ProjectionType] = [.all, .keysOnly, .include]
}

public struct StreamViewType: OpenEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let keysOnly: StreamViewType = "KeysOnly"
    public static let newImage: StreamViewType = "NewImage"
    public static let oldImage: StreamViewType = "OldImage"
    public static let newAndOldImages: StreamViewType = "NewAndOldImages"
    public static let knownValues: [StreamViewType] = [.keysOnly, .newImage, .oldImage, .newAndOldImages]
}

public struct DynamoBindingSpec: Codable, Sendable, Hashable {
    public static let maxGlobalSecondaryIndexes = 20
    public static let maxProjectedAttributes = 100

    public var mode: DynamoMode
    public var tableName: String
    /// Required in Local mode, forbidden otherwise.
    public var local: LocalDynamoDB?
    /// Required in External mode, forbidden otherwise.
    public var external: ExternalDynamoDB?
    public var keySchema: KeySchema
    /// Default PayPerRequest.
    public var billingMode: BillingMode?
    /// Required exactly when billingMode is Provisioned.
    public var provisionedThroughput: ProvisionedThroughput?
    public var globalSecondaryIndexes: [GlobalSecondaryIndex]?
    public var timeToLive: TimeToLive?
    public var stream: TableStream?
    /// DynamoDB's own deletion protection flag on the table (default false).
    public var deletionProtection: Bool?
    /// Default Retain.
    public var deletionPolicy: DeletionPolicy?

    public init(mode: DynamoMode, tableName: String, local: LocalDynamoDB? = nil, external: ExternalDynamoDB? = nil,
                keySchema: KeySchema, billingMode: BillingMode? = nil,
                provisionedThroughput: ProvisionedThroughput? = nil,
                globalSecondaryIndexes: [GlobalSecondaryIndex]? = nil, timeToLive: TimeToLive? = nil,
                stream: TableStream? = nil, deletionProtection: Bool? = nil, deletionPolicy: DeletionPolicy? = nil) {
        self.mode = mode
        self.tableName = tableName
        self.local = local
        self.external = external
        self.keySchema = keySchema
        self.billingMode = billingMode
        self.provisionedThroughput = provisionedThroughput
        self.globalSecondaryIndexes = globalSecondaryIndexes
        self.timeToLive = timeToLive
        self.stream = stream
        self.deletionProtection = deletionProtection
        self.deletionPolicy = deletionPolicy
    }

    public var effectiveBillingMode: BillingMode { billingMode ?? .payPerRequest }
    public var effectiveDeletionPolicy: DeletionPolicy { deletionPolicy ?? .default }
}

public struct LocalDynamoDB: Codable, Sendable, Hashable {
    public static let defaultRegion = "us-east-1"

    /// Endpoint URL, e.g. `http://127.0.0.1:8000`.
    public var endpoint: String
    /// Region to sign requests for (default us-east-1).
    public var region: String?

    public init(endpoint: String, region: String? = nil) {
        self.endpoint = endpoint
        self.region = region
    }

    public var effectiveRegion: String { region ?? Self.defaultRegion }
}

public struct ExternalDynamoDB: Codable, Sendable, Hashable {
    public var region: String
    /// Overrides the regional endpoint (VPC endpoints, FIPS).
    public var endpoint: String?
    public var credentialsSecretRef: AWSCredentialsSecretReference

    public init(region: String, endpoint: String? = nil, credentialsSecretRef: AWSCredentialsSecretReference) {
        self.region = region
        self.endpoint = endpoint
        self.credentialsSecretRef = credentialsSecretRef
    }
}

public struct KeySchema: Codable, Sendable, Hashable {
    public var partitionKey: KeyAttribute
    public var sortKey: KeyAttribute?

    public init(partitionKey: KeyAttribute, sortKey: KeyAttribute? = nil) {
        self.partitionKey = partitionKey
        self.sortKey = sortKey
    }

    public var attributes: [KeyAttribute] { [partitionKey] + (sortKey.map { [$0] } ?? []) }
}

public struct KeyAttribute: Codable, Sendable, Hashable {
    public var name: String
    public var type: AttributeType

    public init(name: String, type: AttributeType) {
        self.name = name
        self.type = type
    }
}

public struct ProvisionedThroughput: Codable, Sendable, Hashable {
    public var readCapacityUnits: Int64
    public var writeCapacityUnits: Int64

    public init(readCapacityUnits: Int64, writeCapacityUnits: Int64) {
        self.readCapacityUnits = readCapacityUnits
        self.writeCapacityUnits = writeCapacityUnits
    }
}

public struct GlobalSecondaryIndex: Codable, Sendable, Hashable {
    public var name: String
    public var keySchema: KeySchema
    /// Default: all attributes.
    public var projection: Projection?
    /// Only with billingMode Provisioned; the table's throughput when omitted.
    public var provisionedThroughput: ProvisionedThroughput?

    public init(name: String, keySchema: KeySchema, projection: Projection? = nil,
                provisionedThroughput: ProvisionedThroughput? = nil) {
        self.name = name
        self.keySchema = keySchema
        self.projection = projection
        self.provisionedThroughput = provisionedThroughput
    }
}

public struct Projection: Codable, Sendable, Hashable {
    /// Default All.
    public var type: ProjectionType?
    /// Attributes copied into the index besides the keys; only (and required) with Include.
    public var nonKeyAttributes: [String]?

    public init(type: ProjectionType? = nil, nonKeyAttributes: [String]? = nil) {
        self.type = type
        self.nonKeyAttributes = nonKeyAttributes
    }

    public var effectiveType: ProjectionType { type ?? .all }
}

public struct TimeToLive: Codable, Sendable, Hashable {
    /// Default true.
    public var enabled: Bool?
    /// Number attribute holding the expiry as epoch seconds.
    public var attributeName: String

    public init(enabled: Bool? = nil, attributeName: String) {
        self.enabled = enabled
        self.attributeName = attributeName
    }

    public var isEnabled: Bool { enabled ?? true }
}

public struct TableStream: Codable, Sendable, Hashable {
    /// Default true.
    public var enabled: Bool?
    /// Default NewAndOldImages.
    public var viewType: StreamViewType?

    public init(enabled: Bool? = nil, viewType: StreamViewType? = nil) {
        self.enabled = enabled
        self.viewType = viewType
    }

    public var isEnabled: Bool { enabled ?? true }
    public var effectiveViewType: StreamViewType { viewType ?? .newAndOldImages }
}

public struct DynamoBindingStatus: Codable, Sendable, Hashable {
    public var observedGeneration: Int64?
    public var conditions: [Condition]?
    /// The table status DynamoDB reports (CREATING, ACTIVE, UPDATING, ...).
    public var tableStatus: String?
    public var tableArn: String?
    public var latestStreamArn: String?

    public init(observedGeneration: Int64? = nil, conditions: [Condition]? = nil, tableStatus: String? = nil,
                tableArn: String? = nil, latestStreamArn: String? = nil) {
        self.observedGeneration = observedGeneration
        self.conditions = conditions
        self.tableStatus = tableStatus
        self.tableArn = tableArn
        self.latestStreamArn = latestStreamArn
    }
}
