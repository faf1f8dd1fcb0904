@testable import BrokerAdmin
import CRdKafka
import Foundation
import Testing

/// Pure: the differences between desired and observed topic settings.
@Suite struct KafkaDifferenceTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var label: String
        var desired: KafkaTopicSettings
        var actual: KafkaTopicSettings
        var expected: [Difference]
        var testDescription: String { label }
    }

    static let rows: [Row] = [
        Row(label: "equal", desired: .init(name: "t", partitions: 3, configs: ["retention.ms": "1000"]),
            actual: .init(name: "t", partitions: 3, configs: ["retention.ms": "1000"]), expected: []),
        Row(label: "broker-only configs ignored", desired: .init(name: "t", partitions: 1),
            actual: .init(name: "t", partitions: 1, configs: ["cleanup.policy": "compact"]), expected: []),
        Row(label: "config changed", desired: .init(name: "t", partitions: 1, configs: ["retention.ms": "1000"]),
            actual: .init(name: "t", partitions: 1, configs: ["retention.ms": "2000"]),
            expected: [Difference(field: "retention.ms", desired: "1000", actual: "2000")]),
        Row(label: "config unset", desired: .init(name: "t", partitions: 1, configs: ["retention.ms": "1000"]),
            actual: .init(name: "t", partitions: 1),
            expected: [Difference(field: "retention.ms", desired: "1000", actual: "(unset)")]),
        Row(label: "partition increase", desired: .init(name: "t", partitions: 4), actual: .init(name: "t", partitions: 2),
            expected: [Difference(field: "partitions", desired: "4", actual: "2", change: .mutable)]),
        Row(label: "partition decrease", desired: .init(name: "t", partitions: 1), actual: .init(name: "t", partitions: 2),
            expected: [Difference(field: "partitions", desired: "1", actual: "2", change: .notSupported)]),
        Row(label: "replication change", desired: .init(name: "t", partitions: 1, replicationFactor: 3),
            actual: .init(name: "t", partitions: 1, replicationFactor: 1),
            expected: [Difference(field: "replication.factor", desired: "3", actual: "1", change: .notSupported)]),
        Row(label: "replication default not compared", desired: .init(name: "t", partitions: 1, replicationFactor: -1),
            actual: .init(name: "t", partitions: 1, replicationFactor: 3), expected: []),
        Row(label: "ordered", desired: .init(name: "t", partitions: 5, replicationFactor: 2, configs: ["b": "1", "a": "1"]),
            actual: .init(name: "t", partitions: 4, replicationFactor: 1, configs: ["a": "0", "b": "0"]),
            expected: [Difference(field: "partitions", desired: "5", actual: "4"),
                       Difference(field: "replication.factor", desired: "2", actual: "1", change: .notSupported),
                       Difference(field: "a", desired: "1", actual: "0"), Difference(field: "b", desired: "1", actual: "0")]),
    ]

    @Test(arguments: rows) func differences(_ row: Row) {
        #expect(KafkaTopicSettings.differences(desired: row.desired, actual: row.actual) == row.expected)
    }

    @Test func connectionDescriptionRedactsCredentials() {
        let c = KafkaConnection(bootstrapServers: "b:9093", securityProtocol: .saslSSL, saslMechanism: "SCRAM-SHA-512",
                                saslUsername: "alice", saslPassword: "s3cr3t-pw", tlsKey: "-----BEGIN PRIVATE KEY-----xyz")
        #expect(!c.description.contains("s3cr3t-pw"))
        #expect(!c.description.contains("alice"))
        #expect(!c.description.contains("PRIVATE"))
        #expect(c.description.contains("b:9093"))
    }

    @Test func errorCodesMapToKinds() {
        #expect(KafkaAdmin.kind(of: RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) == .alreadyExists)
        #expect(KafkaAdmin.kind(of: RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) == .notFound)
        #expect(KafkaAdmin.kind(of: RD_KAFKA_RESP_ERR_INVALID_PARTITIONS) == .invalid)
        #expect(KafkaAdmin.kind(of: RD_KAFKA_RESP_ERR_POLICY_VIOLATION) == .invalid)
        #expect(KafkaAdmin.kind(of: RD_KAFKA_RESP_ERR_INVALID_CONFIG) == .invalid)
        #expect(KafkaAdmin.kind(of: RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE) == .notSupported)
        #expect(KafkaAdmin.kind(of: RD_KAFKA_RESP_ERR__TRANSPORT) == .unreachable)
        #expect(KafkaAdmin.kind(of: RD_KAFKA_RESP_ERR__TIMED_OUT) == .timedOut)
        #expect(KafkaAdmin.kind(of: RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED) == .unauthorized)
    }
}

/// Against the real tansu on 127.0.0.1:9092 (or EVENTMESH_KAFKA).
@Suite(.serialized) struct KafkaAdminIntegrationTests {
    let admin = KafkaAdmin(KafkaConnection(bootstrapServers: ProcessInfo.processInfo.environment["EVENTMESH_KAFKA"] ?? "127.0.0.1:9092",
                                           brokerName: "tansu", timeoutMilliseconds: 10_000))

    func uniqueName(_ base: String) -> String { "kadm-\(base)-\(UInt32.random(in: 0...UInt32.max))" }

    @Test func lifecycleCreateObserveDriftUpdateDelete() async throws {
        let desired = KafkaTopicSettings(name: uniqueName("life"), partitions: 2, replicationFactor: 1,
                                         configs: ["retention.ms": "3600000", "cleanup.policy": "delete"])
        defer { let admin = admin; let name = desired.name; Task { try? await admin.delete(name) } }
        guard case .absent = try await admin.observe(desired) else { Issue.record("expected absent"); return }
        try await admin.create(desired)
        guard case .upToDate(let seen) = try await admin.observe(desired) else { Issue.record("expected up to date"); return }
        #expect(seen.partitions == 2)
        #expect(seen.configs["retention.ms"] == "3600000")
        // Creating again with the same settings is success.
        try await admin.create(desired)

        // Behind the adapter's back: a second client changes retention.ms.
        let other = KafkaAdmin(KafkaConnection(bootstrapServers: admin.connection.bootstrapServers))
        try await other.incrementalAlterConfigs(desired.name, changes: ["retention.ms": "60000"])
        let drifted = try await admin.observe(desired)
        guard case .drifted(_, let differences) = drifted else { Issue.record("expected drifted, got \(drifted)"); return }
        #expect(differences == [Difference(field: "retention.ms", desired: "3600000", actual: "60000")])

        // Creating with other settings → alreadyExists.
        await #expect(throws: AdminError.self) { try await admin.create(desired) }
        do { try await admin.create(desired) } catch { #expect(error.kind == .alreadyExists) }

        #expect(try await admin.update(desired) == .applied)
        guard case .upToDate = try await admin.observe(desired) else { Issue.record("expected up to date after update"); return }

        try await admin.delete(desired.name)
        guard case .absent = try await admin.observe(desired) else { Issue.record("expected absent after delete"); return }
        try await admin.delete(desired.name)  // absent → success
    }

    @Test func partitionDecreaseIsNotSupportedAndNotApplied() async throws {
        let created = KafkaTopicSettings(name: uniqueName("dec"), partitions: 3)
        try await admin.create(created)
        defer { let admin = admin; let name = created.name; Task { try? await admin.delete(name) } }
        var desired = created
        desired.partitions = 1
        let outcome = try await admin.update(desired)
        #expect(outcome == .partiallyApplied(remaining: [Difference(field: "partitions", desired: "1", actual: "3", change: .notSupported)]))
        #expect(try await admin.topicMetadata(created.name)?.partitions == 3)
        try await admin.delete(created.name)
    }

    /// tansu 0.6.0 lacks CreatePartitions: the increase surfaces as "not supported by this broker".
    /// Against a broker with CreatePartitions the increase is applied.
    @Test func partitionIncrease() async throws {
        let created = KafkaTopicSettings(name: uniqueName("inc"), partitions: 1)
        try await admin.create(created)
        defer { let admin = admin; let name = created.name; Task { try? await admin.delete(name) } }
        var desired = created
        desired.partitions = 3
        do {
            #expect(try await admin.update(desired) == .applied)
            #expect(try await admin.topicMetadata(created.name)?.partitions == 3)
        } catch {
            print("partition increase: \(error)")
            #expect(error.kind == .notSupported)
            #expect(error.message.contains("not supported by this broker"))
            #expect(try await admin.topicMetadata(created.name)?.partitions == 1)
        }
        try await admin.delete(created.name)
    }

    /// tansu 0.6.0 lacks the legacy AlterConfigs (only IncrementalAlterConfigs).
    @Test func legacyAlterConfigs() async throws {
        let created = KafkaTopicSettings(name: uniqueName("legacy"), partitions: 1, configs: ["retention.ms": "1000"])
        try await admin.create(created)
        defer { let admin = admin; let name = created.name; Task { try? await admin.delete(name) } }
        do {
            try await admin.legacyAlterConfigs(created.name, configs: ["retention.ms": "2000"])
            #expect(try await admin.describeConfigs(created.name)["retention.ms"] == "2000")
        } catch {
            print("legacy AlterConfigs: \(error)")
            #expect(error.kind == .notSupported)
            #expect(error.message.contains("not supported by this broker"))
        }
        try await admin.delete(created.name)
    }

    @Test func unreachableBootstrapFailsQuickly() async throws {
        let dead = KafkaAdmin(KafkaConnection(bootstrapServers: "127.0.0.1:1", saslUsername: "u", saslPassword: "pw-never-shown",
                                              brokerName: "dead", timeoutMilliseconds: 1_500))
        let start = ContinuousClock.now
        do {
            _ = try await dead.observe(KafkaTopicSettings(name: "x", partitions: 1))
            Issue.record("observe succeeded against 127.0.0.1:1")
        } catch {
            print("unreachable: \(error)")
            #expect(error.kind == .unreachable || error.kind == .timedOut, "\(error)")
            #expect(error.broker == "dead")
            #expect(!error.description.contains("pw-never-shown"))
        }
        #expect(ContinuousClock.now - start < .seconds(8))
    }
}
