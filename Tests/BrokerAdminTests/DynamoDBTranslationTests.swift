import StrictJSON
import Testing
@testable import BrokerAdmin

/// The pure parts: settings → CreateTable input, DescribeTable → settings, and the differences.
@Suite struct DynamoDBTranslationTests {
    typealias S = DynamoTableSettings
    static let base = S(name: "orders", partitionKey: .init("pk"), sortKey: .init("sk", .number))

    static func with(_ change: (inout S) -> Void) -> S {
        var settings = base
        change(&settings)
        return settings
    }

    static let differenceCases: [(String, S, S, [Difference])] = [
        ("same", base, base, []),
        ("billing", base, with { $0.billingMode = .provisioned(.init(read: 5, write: 5)) },
         [Difference(field: "BillingMode", desired: "PAY_PER_REQUEST", actual: "PROVISIONED")]),
        ("throughput", with { $0.billingMode = .provisioned(.init(read: 10, write: 5)) },
         with { $0.billingMode = .provisioned(.init(read: 5, write: 5)) },
         [Difference(field: "ProvisionedThroughput", desired: "read 10, write 5", actual: "read 5, write 5")]),
        ("partition key", with { $0.partitionKey = .init("id") }, base,
         [Difference(field: "KeySchema", desired: "id (S), sk (N)", actual: "pk (S), sk (N)", change: .immutable)]),
        ("sort key type", with { $0.sortKey = .init("sk") }, base,
         [Difference(field: "KeySchema", desired: "pk (S), sk (S)", actual: "pk (S), sk (N)", change: .immutable)]),
        ("index added", with { $0.globalSecondaryIndexes = [.init(name: "byStatus", partitionKey: .init("status"))] }, base,
         [Difference(field: "GlobalSecondaryIndexes[byStatus]", desired: "keys status (S); projection ALL", actual: "absent")]),
        ("index removed", base, with { $0.globalSecondaryIndexes = [.init(name: "old", partitionKey: .init("x"), projection: .keysOnly)] },
         [Difference(field: "GlobalSecondaryIndexes[old]", desired: "absent", actual: "keys x (S); projection KEYS_ONLY")]),
        ("index projection", with { $0.globalSecondaryIndexes = [.init(name: "i", partitionKey: .init("x"), projection: .include(["b", "a"]))] },
         with { $0.globalSecondaryIndexes = [.init(name: "i", partitionKey: .init("x"))] },
         [Difference(field: "GlobalSecondaryIndexes[i]", desired: "keys x (S); projection INCLUDE a,b",
                     actual: "keys x (S); projection ALL", change: .immutable)]),
        ("stream on", with { $0.stream = .newAndOldImages }, base,
         [Difference(field: "StreamSpecification", desired: "NEW_AND_OLD_IMAGES", actual: "disabled")]),
        ("ttl", with { $0.timeToLiveAttribute = "expiresAt" }, base,
         [Difference(field: "TimeToLive", desired: "expiresAt", actual: "disabled")]),
        ("deletion protection", with { $0.deletionProtection = true }, base,
         [Difference(field: "DeletionProtectionEnabled", desired: "true", actual: "false")]),
    ]

    @Test(arguments: differenceCases.indices)
    func differences(_ index: Int) {
        let (name, desired, actual, expected) = Self.differenceCases[index]
        #expect(DynamoTableTranslation.differences(desired: desired, actual: actual) == expected, "\(name)")
    }

    @Test func createTableInput() {
        let settings = S(name: "t1", partitionKey: .init("pk"), sortKey: .init("sk", .number),
                         billingMode: .provisioned(.init(read: 3, write: 4)),
                         globalSecondaryIndexes: [.init(name: "g", partitionKey: .init("sk", .number), sortKey: .init("b", .binary),
                                                        projection: .include(["z", "y"]))],
                         stream: .keysOnly, timeToLiveAttribute: "ttl")
        let expected: JSONValue = [
            "TableName": "t1",
            "AttributeDefinitions": [["AttributeName": "pk", "AttributeType": "S"], ["AttributeName": "sk", "AttributeType": "N"],
                                     ["AttributeName": "b", "AttributeType": "B"]],
            "KeySchema": [["AttributeName": "pk", "KeyType": "HASH"], ["AttributeName": "sk", "KeyType": "RANGE"]],
            "BillingMode": "PROVISIONED",
            "ProvisionedThroughput": ["ReadCapacityUnits": 3, "WriteCapacityUnits": 4],
            "GlobalSecondaryIndexes": [[
                "IndexName": "g",
                "KeySchema": [["AttributeName": "sk", "KeyType": "HASH"], ["AttributeName": "b", "KeyType": "RANGE"]],
                "Projection": ["ProjectionType": "INCLUDE", "NonKeyAttributes": ["y", "z"]],
                "ProvisionedThroughput": ["ReadCapacityUnits": 3, "WriteCapacityUnits": 4],
            ]],
            "StreamSpecification": ["StreamEnabled": true, "StreamViewType": "KEYS_ONLY"],
        ]
        #expect(DynamoTableTranslation.createTableInput(settings) == expected)
        #expect(DynamoTableTranslation.createTableInput(Self.base)["BillingMode"] == "PAY_PER_REQUEST")
        #expect(DynamoTableTranslation.createTableInput(Self.base)["ProvisionedThroughput"] == nil)
    }

    @Test func describeTableRoundTrip() {
        // Shaped as DescribeTable answers (docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTable.html).
        let table: JSONValue = [
            "TableName": "orders", "TableStatus": "ACTIVE", "TableArn": "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
            "AttributeDefinitions": [["AttributeName": "pk", "AttributeType": "S"], ["AttributeName": "sk", "AttributeType": "N"],
                                     ["AttributeName": "status", "AttributeType": "S"]],
            "KeySchema": [["AttributeName": "pk", "KeyType": "HASH"], ["AttributeName": "sk", "KeyType": "RANGE"]],
            "ProvisionedThroughput": ["ReadCapacityUnits": 0, "WriteCapacityUnits": 0, "NumberOfDecreasesToday": 0],
            "BillingModeSummary": ["BillingMode": "PAY_PER_REQUEST"],
            "GlobalSecondaryIndexes": [[
                "IndexName": "byStatus", "IndexStatus": "CREATING",
                "KeySchema": [["AttributeName": "status", "KeyType": "HASH"]],
                "Projection": ["ProjectionType": "KEYS_ONLY"],
            ]],
            "StreamSpecification": ["StreamEnabled": true, "StreamViewType": "NEW_IMAGE"],
        ]
        let description = DynamoTableTranslation.description(
            table: table, timeToLive: ["TimeToLiveStatus": "ENABLED", "AttributeName": "expiresAt"])
        let expected = S(name: "orders", partitionKey: .init("pk"), sortKey: .init("sk", .number),
                         globalSecondaryIndexes: [.init(name: "byStatus", partitionKey: .init("status"), projection: .keysOnly)],
                         stream: .newImage, timeToLiveAttribute: "expiresAt")
        #expect(description.settings == expected)
        #expect(description.indexStatus == ["byStatus": "CREATING"])
        #expect(!description.isActive)
        #expect(DynamoTableTranslation.differences(desired: expected, actual: description.settings).isEmpty)
    }

    @Test(arguments: [
        ("ResourceNotFoundException", 400, "DescribeTable", AdminError.Kind.notFound),
        ("ResourceInUseException", 400, "CreateTable", .alreadyExists),
        ("ResourceInUseException", 400, "DeleteTable", .inUse),
        ("ValidationException", 400, "UpdateTable", .invalid),
        ("UnrecognizedClientException", 400, "DescribeTable", .unauthorized),
        ("SignatureDoesNotMatch", 403, "DescribeTable", .unauthorized),
        ("ThrottlingException", 400, "DescribeTable", .other),
        ("InternalServerError", 500, "DescribeTable", .other),
    ])
    func errorKinds(_ type: String, _ status: Int, _ operation: String, _ kind: AdminError.Kind) {
        #expect(DynamoDBClient.kind(of: type, status: status, operation: operation) == kind)
    }

    @Test func endpoints() {
        #expect(DynamoDBEndpoint.local().url == "http://127.0.0.1:8000")
        #expect(DynamoDBEndpoint.external(region: "eu-west-1").url == "https://dynamodb.eu-west-1.amazonaws.com")
        #expect(DynamoDBEndpoint.external(region: "cn-north-1").url == "https://dynamodb.cn-north-1.amazonaws.com.cn")
        #expect(DynamoDBEndpoint.resolve(region: "us-east-2", override: nil).url == "https://dynamodb.us-east-2.amazonaws.com")
        #expect(DynamoDBEndpoint.resolve(region: "us-east-2", override: "http://localhost:4566").url == "http://localhost:4566")
    }

    @Test func signatureMismatchMessagesLoseTheCanonicalRequest() {
        let message = "The request signature we calculated does not match. The Canonical String for this request should have been 'POST / x-amz-security-token:SECRET'"
        #expect(DynamoDBClient.safeMessage(message) == "The request signature we calculated does not match.")
    }
}
