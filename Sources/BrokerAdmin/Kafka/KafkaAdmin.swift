import CRdKafka
import Dispatch
import Foundation

/// One librdkafka producer-type handle used only for Admin calls, with its error-callback state.
final class KafkaHandle: @unchecked Sendable {
    final class State: @unchecked Sendable {
        private let lock = NSLock()
        private var down = false
        var allBrokersDown: Bool {
            get { lock.lock(); defer { lock.unlock() }; return down }
            set { lock.lock(); down = newValue; lock.unlock() }
        }
    }

    let rk: OpaquePointer
    let state: State

    init(_ rk: OpaquePointer, state: State) {
        self.rk = rk
        self.state = state
    }

    deinit { rd_kafka_destroy(rk) }
}

/// The Kafka adapter: observe / create / update / delete one topic through librdkafka's Admin
/// API. Every blocking librdkafka call runs on a Dispatch queue (never the cooperative pool) and
/// has a timeout; the handle is created lazily and rebuilt after the brokers were reported down.
public final class KafkaAdmin: @unchecked Sendable {
    public let connection: KafkaConnection
    private let lock = NSLock()
    private var current: KafkaHandle?
    private let queue = DispatchQueue(label: "eventmesh.kafka-admin", attributes: .concurrent)

    public init(_ connection: KafkaConnection) {
        self.connection = connection
    }

    var broker: String { connection.brokerName }
    var timeout: Int32 { Int32(clamping: connection.timeoutMilliseconds) }

    // MARK: managed resource

    public func observe(_ desired: KafkaTopicSettings) async throws(AdminError) -> Observation<KafkaTopicSettings> {
        guard let metadata = try await topicMetadata(desired.name) else { return .absent }
        let configs = try await describeConfigs(desired.name)
        var actual = KafkaTopicSettings(name: desired.name, partitions: metadata.partitions, replicationFactor: metadata.replicationFactor)
        for key in desired.configs.keys { actual.configs[key] = configs[key] }
        let differences = KafkaTopicSettings.differences(desired: desired, actual: actual)
        return differences.isEmpty ? .upToDate(actual) : .drifted(actual, differences)
    }

    /// Creates the topic. An existing topic with matching settings is success; with other settings, `.alreadyExists`.
    public func create(_ desired: KafkaTopicSettings) async throws(AdminError) {
        do {
            try await createTopic(desired)
        } catch where error.kind == .alreadyExists {
            switch try await observe(desired) {
            case .upToDate: return
            case .absent: throw error
            case .drifted(_, let differences):
                throw AdminError(.alreadyExists, broker: broker, object: "topic \(desired.name)",
                                 message: "exists with other settings: " + differences.map(\.description).joined(separator: "; "))
            }
        }
    }

    /// Applies the mutable differences: changed configs (IncrementalAlterConfigs, falling back to
    /// AlterConfigs with the full set), a partition increase (CreatePartitions). A partition
    /// decrease or replication-factor change is never applied and comes back as `remaining`.
    public func update(_ desired: KafkaTopicSettings) async throws(AdminError) -> UpdateOutcome {
        let object = "topic \(desired.name)"
        let observation = try await observe(desired)
        guard case .drifted(_, let differences) = observation else {
            if case .absent = observation { throw AdminError(.notFound, broker: broker, object: object, message: "topic does not exist") }
            return .applied
        }
        let configChanges = differences.filter { $0.change == .mutable && $0.field != "partitions" }
        if !configChanges.isEmpty {
            var changes: [String: String] = [:]
            for d in configChanges { changes[d.field] = d.desired }
            try await alterConfigs(desired.name, changes: changes)
        }
        if differences.contains(where: { $0.field == "partitions" && $0.change == .mutable }) {
            try await createPartitions(desired.name, total: desired.partitions)
        }
        let remaining = differences.filter { $0.change != .mutable }
        return remaining.isEmpty ? .applied : .partiallyApplied(remaining: remaining)
    }

    /// Deletes the topic; an absent topic is success.
    public func delete(_ name: String) async throws(AdminError) {
        do {
            try await deleteTopic(name)
        } catch where error.kind == .notFound {
            return
        }
    }

    // MARK: raw admin calls

    /// Partitions and replication factor from metadata; nil when the topic does not exist.
    public func topicMetadata(_ topic: String) async throws(AdminError) -> (partitions: Int, replicationFactor: Int)? {
        let object = "topic \(topic)"
        let timeout = self.timeout
        struct Found: Sendable { var value: (partitions: Int, replicationFactor: Int)? }
        let found: Found = try await call(object) { handle in
            var metadata: UnsafePointer<rd_kafka_metadata>?
            let err = rd_kafka_metadata(handle.rk, 1, nil, &metadata, timeout)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else { return .failure(err, Self.errorText(err)) }
            defer { rd_kafka_metadata_destroy(metadata) }
            let md = metadata.pointee
            for i in 0..<Int(md.topic_cnt) {
                let t = md.topics[i]
                guard String(cString: t.topic) == topic else { continue }
                if t.err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART { return .success(Found(value: nil)) }
                if t.err != RD_KAFKA_RESP_ERR_NO_ERROR { return .failure(t.err, Self.errorText(t.err)) }
                let replicas = t.partition_cnt > 0 ? Int(t.partitions[0].replica_cnt) : 0
                return .success(Found(value: (Int(t.partition_cnt), replicas)))
            }
            return .success(Found(value: nil))
        }
        return found.value
    }

    /// The topic's configs as DescribeConfigs reports them.
    public func describeConfigs(_ topic: String) async throws(AdminError) -> [String: String] {
        try await admin("topic \(topic)", op: RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, expect: RD_KAFKA_EVENT_DESCRIBECONFIGS_RESULT,
                        start: { rk, options, queue in
            var resources: [OpaquePointer?] = [rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic)]
            rd_kafka_DescribeConfigs(rk, &resources, 1, options, queue)
            rd_kafka_ConfigResource_destroy(resources[0])
        }, read: { event in
            var count = 0
            guard let result = rd_kafka_event_DescribeConfigs_result(event),
                  let resources = rd_kafka_DescribeConfigs_result_resources(result, &count) else { return .success([:]) }
            return Self.readConfigs(resources, count)
        })
    }

    public func createTopic(_ settings: KafkaTopicSettings) async throws(AdminError) {
        let object = "topic \(settings.name)"
        let _: Bool = try await admin(object, op: RD_KAFKA_ADMIN_OP_CREATETOPICS, expect: RD_KAFKA_EVENT_CREATETOPICS_RESULT,
                                      start: { rk, options, queue in
            var errorText = [CChar](repeating: 0, count: 512)
            let topic = rd_kafka_NewTopic_new(settings.name, Int32(settings.partitions),
                                              settings.replicationFactor > 0 ? Int32(settings.replicationFactor) : -1,
                                              &errorText, errorText.count)
            for (key, value) in settings.configs.sorted(by: { $0.key < $1.key }) { _ = rd_kafka_NewTopic_set_config(topic, key, value) }
            var topics: [OpaquePointer?] = [topic]
            rd_kafka_CreateTopics(rk, &topics, 1, options, queue)
            rd_kafka_NewTopic_destroy(topic)
        }, read: { event in
            var count = 0
            guard let result = rd_kafka_event_CreateTopics_result(event),
                  let topics = rd_kafka_CreateTopics_result_topics(result, &count) else { return .success(true) }
            return Self.readTopicResults(topics, count)
        })
    }

    public func deleteTopic(_ name: String) async throws(AdminError) {
        let _: Bool = try await admin("topic \(name)", op: RD_KAFKA_ADMIN_OP_DELETETOPICS, expect: RD_KAFKA_EVENT_DELETETOPICS_RESULT,
                                      start: { rk, options, queue in
            var topics: [OpaquePointer?] = [rd_kafka_DeleteTopic_new(name)]
            rd_kafka_DeleteTopics(rk, &topics, 1, options, queue)
            rd_kafka_DeleteTopic_destroy(topics[0])
        }, read: { event in
            var count = 0
            guard let result = rd_kafka_event_DeleteTopics_result(event),
                  let topics = rd_kafka_DeleteTopics_result_topics(result, &count) else { return .success(true) }
            return Self.readTopicResults(topics, count)
        })
    }

    /// Raises the partition count to `total` (CreatePartitions).
    public func createPartitions(_ name: String, total: Int) async throws(AdminError) {
        do {
            let _: Bool = try await admin("topic \(name)", op: RD_KAFKA_ADMIN_OP_CREATEPARTITIONS, expect: RD_KAFKA_EVENT_CREATEPARTITIONS_RESULT,
                                          start: { rk, options, queue in
                var errorText = [CChar](repeating: 0, count: 512)
                var parts: [OpaquePointer?] = [rd_kafka_NewPartitions_new(name, total, &errorText, errorText.count)]
                rd_kafka_CreatePartitions(rk, &parts, 1, options, queue)
                rd_kafka_NewPartitions_destroy(parts[0])
            }, read: { event in
                var count = 0
                guard let result = rd_kafka_event_CreatePartitions_result(event),
                      let topics = rd_kafka_CreatePartitions_result_topics(result, &count) else { return .success(true) }
                return Self.readTopicResults(topics, count)
            })
        } catch where error.kind == .notSupported {
            throw AdminError(.notSupported, broker: broker, object: "topic \(name)",
                             message: "CreatePartitions is not supported by this broker (\(error.message))")
        }
    }

    /// Sets `changes` with IncrementalAlterConfigs (SET); where the runtime or broker lacks it,
    /// AlterConfigs with the full set (the topic's current configs with `changes` applied).
    public func alterConfigs(_ name: String, changes: [String: String]) async throws(AdminError) {
        do {
            try await incrementalAlterConfigs(name, changes: changes)
        } catch where error.kind == .notSupported {
            var full = try await describeConfigs(name)
            for (key, value) in changes { full[key] = value }
            try await legacyAlterConfigs(name, configs: full)
        }
    }

    /// IncrementalAlterConfigs (librdkafka ≥ 2.2, looked up at run time).
    public func incrementalAlterConfigs(_ name: String, changes: [String: String]) async throws(AdminError) {
        let object = "topic \(name)"
        guard let api = IncrementalAPI() else {
            throw AdminError(.notSupported, broker: broker, object: object, message: "IncrementalAlterConfigs is not in this librdkafka runtime")
        }
        let _: [String: String] = try await admin(object, op: rd_kafka_admin_op_t(rawValue: 16), expect: 131_072,
                                                  start: { rk, options, queue in
            var resources: [OpaquePointer?] = [rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, name)]
            for (key, value) in changes.sorted(by: { $0.key < $1.key }) {
                if let error = api.addIncremental(resources[0], key, 0, value) { rd_kafka_error_destroy(error) }
            }
            api.alter(rk, &resources, 1, options, queue)
            rd_kafka_ConfigResource_destroy(resources[0])
        }, read: { event in
            var count = 0
            guard let result = api.eventResult(event), let resources = api.resultResources(result, &count) else { return .success([:]) }
            return Self.readConfigs(resources, count)
        })
    }

    /// AlterConfigs (legacy): replaces the topic's whole set of explicit configs with `configs`.
    public func legacyAlterConfigs(_ name: String, configs: [String: String]) async throws(AdminError) {
        do {
            let _: [String: String] = try await admin("topic \(name)", op: RD_KAFKA_ADMIN_OP_ALTERCONFIGS, expect: RD_KAFKA_EVENT_ALTERCONFIGS_RESULT,
                                                      start: { rk, options, queue in
                var resources: [OpaquePointer?] = [rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, name)]
                for (key, value) in configs.sorted(by: { $0.key < $1.key }) { _ = rd_kafka_ConfigResource_set_config(resources[0], key, value) }
                rd_kafka_AlterConfigs(rk, &resources, 1, options, queue)
                rd_kafka_ConfigResource_destroy(resources[0])
            }, read: { event in
                var count = 0
                guard let result = rd_kafka_event_AlterConfigs_result(event),
                      let resources = rd_kafka_AlterConfigs_result_resources(result, &count) else { return .success([:]) }
                return Self.readConfigs(resources, count)
            })
        } catch where error.kind == .notSupported {
            throw AdminError(.notSupported, broker: broker, object: "topic \(name)",
                             message: "AlterConfigs is not supported by this broker (\(error.message))")
        }
    }

    // MARK: machinery

    enum Outcome<T> {
        case success(T)
        case failure(rd_kafka_resp_err_t, String)
    }

    private func handle() -> Result<KafkaHandle, AdminError> {
        lock.lock(); defer { lock.unlock() }
        if let current { return .success(current) }
        let conf = rd_kafka_conf_new()
        var errorText = [CChar](repeating: 0, count: 512)
        for (key, value) in connection.properties {
            if rd_kafka_conf_set(conf, key, value, &errorText, errorText.count) != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                // The error text may quote the value: name only the property.
                return .failure(AdminError(.invalid, broker: broker, object: "connection", message: "librdkafka refused property \(key)"))
            }
        }
        _ = rd_kafka_conf_set(conf, "socket.timeout.ms", String(max(connection.timeoutMilliseconds, 10)), &errorText, errorText.count)
        _ = rd_kafka_conf_set(conf, "log_level", "3", &errorText, errorText.count)
        let state = KafkaHandle.State()
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(state).toOpaque())
        rd_kafka_conf_set_error_cb(conf) { _, err, _, opaque in
            guard let opaque else { return }
            let state = Unmanaged<KafkaHandle.State>.fromOpaque(opaque).takeUnretainedValue()
            if err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN.rawValue { state.allBrokersDown = true }
        }
        rd_kafka_conf_set_log_cb(conf) { _, _, _, _ in }  // librdkafka logs can quote connection details
        guard let rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, &errorText, errorText.count) else {
            return .failure(AdminError(.invalid, broker: broker, object: "connection",
                                       message: "cannot create the client: \(String(decoding: errorText.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))"))
        }
        let made = KafkaHandle(rk, state: state)
        current = made
        return .success(made)
    }

    /// Drops the handle so the next call makes a new one (after the brokers went down).
    private func discard(_ handle: KafkaHandle) {
        lock.lock()
        if current === handle { current = nil }
        lock.unlock()
    }

    /// Runs `work` on a Dispatch queue with a handle, awaiting it; maps librdkafka errors.
    private func call<T: Sendable>(_ object: String, _ work: @escaping @Sendable (KafkaHandle) -> Outcome<T>) async throws(AdminError) -> T {
        let broker = self.broker
        let result: Result<T, AdminError> = await withCheckedContinuation { continuation in
            queue.async {
                switch self.handle() {
                case .failure(let error): continuation.resume(returning: .failure(error))
                case .success(let handle):
                    switch work(handle) {
                    case .success(let value): continuation.resume(returning: .success(value))
                    case .failure(let code, let text):
                        var kind = Self.kind(of: code)
                        if handle.state.allBrokersDown, kind == .timedOut || kind == .unreachable {
                            kind = .unreachable
                            self.discard(handle)
                        }
                        continuation.resume(returning: .failure(AdminError(kind, broker: broker, object: object, message: text)))
                    }
                }
            }
        }
        return try result.get()
    }

    /// One Admin API call: options with timeouts, a private queue, waiting for the result event.
    private func admin<T: Sendable>(_ object: String, op: rd_kafka_admin_op_t, expect: Int32,
                                    start: @escaping @Sendable (OpaquePointer, OpaquePointer?, OpaquePointer?) -> Void,
                                    read: @escaping @Sendable (OpaquePointer) -> Outcome<T>) async throws(AdminError) -> T {
        let timeout = self.timeout
        return try await call(object) { handle in
            var errorText = [CChar](repeating: 0, count: 512)
            let options = rd_kafka_AdminOptions_new(handle.rk, op)
            defer { rd_kafka_AdminOptions_destroy(options) }
            _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout, &errorText, errorText.count)
            _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeout, &errorText, errorText.count)
            let queue = rd_kafka_queue_new(handle.rk)
            defer { rd_kafka_queue_destroy(queue) }
            start(handle.rk, options, queue)
            guard let event = rd_kafka_queue_poll(queue, timeout + 2_000) else {
                return .failure(RD_KAFKA_RESP_ERR__TIMED_OUT, "no answer within \(timeout) ms")
            }
            defer { rd_kafka_event_destroy(event) }
            let err = rd_kafka_event_error(event)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                let text = rd_kafka_event_error_string(event).map { String(cString: $0) } ?? Self.errorText(err)
                return .failure(err, text)
            }
            guard rd_kafka_event_type(event) == expect else {
                return .failure(RD_KAFKA_RESP_ERR__FAIL, "unexpected event \(rd_kafka_event_type(event))")
            }
            return read(event)
        }
    }

    static func errorText(_ err: rd_kafka_resp_err_t) -> String {
        "\(String(cString: rd_kafka_err2name(err))): \(String(cString: rd_kafka_err2str(err)))"
    }

    static func readTopicResults(_ topics: UnsafeMutablePointer<OpaquePointer?>, _ count: Int) -> Outcome<Bool> {
        for i in 0..<count {
            let err = rd_kafka_topic_result_error(topics[i])
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                let text = rd_kafka_topic_result_error_string(topics[i]).map { String(cString: $0) } ?? errorText(err)
                return .failure(err, "\(String(cString: rd_kafka_err2name(err))): \(text)")
            }
        }
        return .success(true)
    }

    static func readConfigs(_ resources: UnsafeMutablePointer<OpaquePointer?>, _ count: Int) -> Outcome<[String: String]> {
        var configs: [String: String] = [:]
        for i in 0..<count {
            let err = rd_kafka_ConfigResource_error(resources[i])
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                let text = rd_kafka_ConfigResource_error_string(resources[i]).map { String(cString: $0) } ?? errorText(err)
                return .failure(err, "\(String(cString: rd_kafka_err2name(err))): \(text)")
            }
            var entryCount = 0
            guard let entries = rd_kafka_ConfigResource_configs(resources[i], &entryCount) else { continue }
            for j in 0..<entryCount {
                guard let namePointer = rd_kafka_ConfigEntry_name(entries[j]) else { continue }
                configs[String(cString: namePointer)] = rd_kafka_ConfigEntry_value(entries[j]).map { String(cString: $0) }
            }
        }
        return .success(configs)
    }

    /// librdkafka error code → AdminError.Kind.
    public static func kind(of err: rd_kafka_resp_err_t) -> AdminError.Kind {
        switch err {
        case RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__RESOLVE,
             RD_KAFKA_RESP_ERR__SSL, RD_KAFKA_RESP_ERR__DESTROY, RD_KAFKA_RESP_ERR_BROKER_NOT_AVAILABLE,
             RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION:
            return .unreachable
        case RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE:
            return .timedOut
        case RD_KAFKA_RESP_ERR__AUTHENTICATION, RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED,
             RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED,
             RD_KAFKA_RESP_ERR_ILLEGAL_SASL_STATE, RD_KAFKA_RESP_ERR_UNSUPPORTED_SASL_MECHANISM:
            return .unauthorized
        case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
            return .notFound
        case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS:
            return .alreadyExists
        case RD_KAFKA_RESP_ERR_INVALID_PARTITIONS, RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR, RD_KAFKA_RESP_ERR_INVALID_CONFIG,
             RD_KAFKA_RESP_ERR_POLICY_VIOLATION, RD_KAFKA_RESP_ERR_INVALID_REQUEST, RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION,
             RD_KAFKA_RESP_ERR_INVALID_REPLICA_ASSIGNMENT, RD_KAFKA_RESP_ERR__INVALID_ARG:
            return .invalid
        case RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION, RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE:
            return .notSupported
        default:
            return .other
        }
    }
}

/// `rd_kafka_IncrementalAlterConfigs` and friends, newer than the 2.0.2 headers: looked up at run time.
struct IncrementalAPI {
    typealias Alter = @convention(c) (OpaquePointer?, UnsafeMutablePointer<OpaquePointer?>?, Int, OpaquePointer?, OpaquePointer?) -> Void
    typealias AddIncremental = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?) -> OpaquePointer?
    typealias EventResult = @convention(c) (OpaquePointer?) -> OpaquePointer?
    typealias ResultResources = @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int>?) -> UnsafeMutablePointer<OpaquePointer?>?

    let alter: Alter
    let addIncremental: AddIncremental
    let eventResult: EventResult
    let resultResources: ResultResources

    init?() {
        let any = UnsafeMutableRawPointer(bitPattern: 0)  // RTLD_DEFAULT
        guard let a = dlsym(any, "rd_kafka_IncrementalAlterConfigs"),
              let b = dlsym(any, "rd_kafka_ConfigResource_add_incremental_config"),
              let c = dlsym(any, "rd_kafka_event_IncrementalAlterConfigs_result"),
              let d = dlsym(any, "rd_kafka_IncrementalAlterConfigs_result_resources") else { return nil }
        alter = unsafeBitCast(a, to: Alter.self)
        addIncremental = unsafeBitCast(b, to: AddIncremental.self)
        eventResult = unsafeBitCast(c, to: EventResult.self)
        resultResources = unsafeBitCast(d, to: ResultResources.self)
    }
}
