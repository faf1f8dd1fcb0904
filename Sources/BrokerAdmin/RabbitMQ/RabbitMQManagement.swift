import Foundation
import HTTP
import KubeCore
import StrictJSON

/// Where a RabbitMQ management API is and how to log in. `description` never shows the password.
public struct RabbitMQConnection: Sendable, CustomStringConvertible {
    /// The MeshBroker this is, for errors (`rabbitmq-local`).
    public var broker: String
    /// `http://127.0.0.1:15672` or `https://...`.
    public var managementURL: String
    public var username: String
    public var password: String
    public var tls: TLSConfiguration

    public init(broker: String, managementURL: String, username: String, password: String, tls: TLSConfiguration = TLSConfiguration()) {
        self.broker = broker
        self.managementURL = managementURL.hasSuffix("/") ? String(managementURL.dropLast()) : managementURL
        self.username = username
        self.password = password
        self.tls = tls
    }

    public var description: String { "\(broker) (\(managementURL), user \(username))" }
}

/// An exchange as declared: type, durability, arguments. All of it is fixed once declared.
public struct RabbitExchange: Sendable, Hashable {
    public var vhost: String
    public var name: String
    public var type: String
    public var durable: Bool
    public var autoDelete: Bool
    public var arguments: [String: JSONValue]

    public init(vhost: String = "/", name: String, type: String = "topic", durable: Bool = true, autoDelete: Bool = false,
                arguments: [String: JSONValue] = [:]) {
        self.vhost = vhost
        self.name = name
        self.type = type
        self.durable = durable
        self.autoDelete = autoDelete
        self.arguments = arguments
    }
}

/// A queue as declared (`x-queue-type` classic or quorum, dead-lettering, TTL and length
/// limits as arguments). Arguments are fixed once declared: use policies to change them later.
public struct RabbitQueue: Sendable, Hashable {
    public var vhost: String
    public var name: String
    public var durable: Bool
    public var autoDelete: Bool
    public var arguments: [String: JSONValue]

    public init(vhost: String = "/", name: String, type: String = "classic", durable: Bool = true, autoDelete: Bool = false,
                arguments: [String: JSONValue] = [:]) {
        self.vhost = vhost
        self.name = name
        self.durable = durable
        self.autoDelete = autoDelete
        var arguments = arguments
        arguments["x-queue-type"] = .string(type)
        self.arguments = arguments
    }

    public var type: String { arguments["x-queue-type"]?.stringValue ?? "classic" }
}

/// What the broker reports about a queue besides its declaration.
public struct RabbitQueueState: Sendable, Hashable {
    public var queue: RabbitQueue
    public var messages: Int64
    public var consumers: Int64
}

/// A binding from an exchange to a queue.
public struct RabbitBinding: Sendable, Hashable {
    public var vhost: String
    public var exchange: String
    public var queue: String
    public var routingKey: String
    public var arguments: [String: JSONValue]

    public init(vhost: String = "/", exchange: String, queue: String, routingKey: String, arguments: [String: JSONValue] = [:]) {
        self.vhost = vhost
        self.exchange = exchange
        self.queue = queue
        self.routingKey = routingKey
        self.arguments = arguments
    }
}

/// A policy: the mutable way to set dead-lettering, TTL and limits on matching queues.
public struct RabbitPolicy: Sendable, Hashable {
    public var vhost: String
    public var name: String
    /// A regular expression over queue (or exchange) names.
    public var pattern: String
    /// `queues`, `exchanges` or `all`.
    public var applyTo: String
    public var priority: Int64
    public var definition: [String: JSONValue]

    public init(vhost: String = "/", name: String, pattern: String, applyTo: String = "queues", priority: Int64 = 0,
                definition: [String: JSONValue]) {
        self.vhost = vhost
        self.name = name
        self.pattern = pattern
        self.applyTo = applyTo
        self.priority = priority
        self.definition = definition
    }
}

/// RabbitMQ administration through the management HTTP API: virtual hosts, exchanges, queues,
/// bindings and policies, each observed (absent / up to date / drifted with the differences)
/// and created, updated or deleted. A declaration RabbitMQ refuses because an existing object
/// differs ("inequivalent arg") is `AdminError.immutableFieldChanged`.
public struct RabbitMQManagement: Sendable {
    public let connection: RabbitMQConnection
    let http: HTTPClient
    let timeout: Duration

    public init(connection: RabbitMQConnection, timeout: Duration = .seconds(10)) {
        self.connection = connection
        self.timeout = timeout
        let credentials = Data("\(connection.username):\(connection.password)".utf8).base64EncodedString()
        http = HTTPClient(configuration: HTTPClientConfiguration(tls: connection.tls, connectTimeout: .seconds(5),
                                                                 defaultHeaders: ["Authorization": "Basic \(credentials)"]))
    }

    // MARK: virtual hosts

    /// Creates the virtual host when it does not exist (and grants the connection's user on it).
    public func ensureVirtualHost(_ name: String) async throws(AdminError) {
        let object = "vhost \(name)"
        if try await get("/api/vhosts/\(segment(name))", object: object) != nil { return }
        _ = try await call(.put, "/api/vhosts/\(segment(name))", body: [:], object: object)
        _ = try await call(.put, "/api/permissions/\(segment(name))/\(segment(connection.username))",
                           body: ["configure": ".*", "write": ".*", "read": ".*"], object: object)
    }

    public func deleteVirtualHost(_ name: String) async throws(AdminError) {
        try await deleteIgnoringAbsence("/api/vhosts/\(segment(name))", object: "vhost \(name)")
    }

    // MARK: exchanges

    public func observe(_ desired: RabbitExchange) async throws(AdminError) -> Observation<RabbitExchange> {
        guard let json = try await get(exchangePath(desired), object: describe(desired)) else { return .absent }
        let actual = RabbitExchange(vhost: desired.vhost, name: desired.name, type: json["type"]?.stringValue ?? "",
                                    durable: json["durable"]?.boolValue ?? false, autoDelete: json["auto_delete"]?.boolValue ?? false,
                                    arguments: json["arguments"]?.objectValue ?? [:])
        let differences = Self.differences(desired: ["type": .string(desired.type), "durable": .bool(desired.durable),
                                                     "auto_delete": .bool(desired.autoDelete)],
                                           actual: ["type": .string(actual.type), "durable": .bool(actual.durable),
                                                    "auto_delete": .bool(actual.autoDelete)], change: .immutable)
            + Self.differences(desired: desired.arguments, actual: actual.arguments, change: .immutable)
        return differences.isEmpty ? .upToDate(actual) : .drifted(actual, differences)
    }

    public func create(_ exchange: RabbitExchange) async throws(AdminError) {
        _ = try await call(.put, exchangePath(exchange), body: [
            "type": .string(exchange.type), "durable": .bool(exchange.durable), "auto_delete": .bool(exchange.autoDelete),
            "internal": false, "arguments": .object(exchange.arguments),
        ], object: describe(exchange))
    }

    /// Deletes the exchange (only when no binding uses it, with `ifUnused`); absent is success.
    public func delete(_ exchange: RabbitExchange, ifUnused: Bool = false) async throws(AdminError) {
        try await deleteIgnoringAbsence(exchangePath(exchange) + (ifUnused ? "?if-unused=true" : ""), object: describe(exchange))
    }

    // MARK: queues

    public func observe(_ desired: RabbitQueue) async throws(AdminError) -> Observation<RabbitQueueState> {
        guard let json = try await get(queuePath(desired), object: describe(desired)) else { return .absent }
        var arguments = json["arguments"]?.objectValue ?? [:]
        if arguments["x-queue-type"] == nil { arguments["x-queue-type"] = json["type"] ?? "classic" }
        let actual = RabbitQueue(vhost: desired.vhost, name: desired.name, type: arguments["x-queue-type"]?.stringValue ?? "classic",
                                 durable: json["durable"]?.boolValue ?? false, autoDelete: json["auto_delete"]?.boolValue ?? false,
                                 arguments: arguments)
        let state = RabbitQueueState(queue: actual, messages: json["messages"]?.int64Value ?? 0,
                                     consumers: json["consumers"]?.int64Value ?? 0)
        let differences = Self.differences(desired: ["durable": .bool(desired.durable), "auto_delete": .bool(desired.autoDelete)],
                                           actual: ["durable": .bool(actual.durable), "auto_delete": .bool(actual.autoDelete)],
                                           change: .immutable)
            + Self.differences(desired: desired.arguments, actual: actual.arguments, change: .immutable)
        return differences.isEmpty ? .upToDate(state) : .drifted(state, differences)
    }

    public func create(_ queue: RabbitQueue) async throws(AdminError) {
        _ = try await call(.put, queuePath(queue), body: [
            "durable": .bool(queue.durable), "auto_delete": .bool(queue.autoDelete), "arguments": .object(queue.arguments),
        ], object: describe(queue))
    }

    /// Deletes the queue; with `ifEmpty`/`ifUnused` RabbitMQ refuses while it holds messages or
    /// has consumers (`AdminError.inUse`). Absent is success.
    public func delete(_ queue: RabbitQueue, ifEmpty: Bool = false, ifUnused: Bool = false) async throws(AdminError) {
        var conditions: [String] = []
        if ifEmpty { conditions.append("if-empty=true") }
        if ifUnused { conditions.append("if-unused=true") }
        try await deleteIgnoringAbsence(queuePath(queue) + (conditions.isEmpty ? "" : "?" + conditions.joined(separator: "&")),
                                        object: describe(queue))
    }

    // MARK: bindings

    public func observe(_ desired: RabbitBinding) async throws(AdminError) -> Observation<RabbitBinding> {
        guard let list = try await get(bindingsPath(desired), object: describe(desired))?.arrayValue else { return .absent }
        let match = list.first {
            $0["routing_key"]?.stringValue == desired.routingKey && ($0["arguments"]?.objectValue ?? [:]) == desired.arguments
        }
        return match == nil ? .absent : .upToDate(desired)
    }

    public func create(_ binding: RabbitBinding) async throws(AdminError) {
        _ = try await call(.post, bindingsPath(binding), body: [
            "routing_key": .string(binding.routingKey), "arguments": .object(binding.arguments),
        ], object: describe(binding))
    }

    /// Removes every binding between the exchange and the queue with this routing key.
    public func delete(_ binding: RabbitBinding) async throws(AdminError) {
        guard let list = try await get(bindingsPath(binding), object: describe(binding))?.arrayValue else { return }
        for entry in list where entry["routing_key"]?.stringValue == binding.routingKey {
            guard let key = entry["properties_key"]?.stringValue else { continue }
            try await deleteIgnoringAbsence(bindingsPath(binding) + "/" + segment(key), object: describe(binding))
        }
    }

    // MARK: policies

    public func observe(_ desired: RabbitPolicy) async throws(AdminError) -> Observation<RabbitPolicy> {
        guard let json = try await get(policyPath(desired), object: describe(desired)) else { return .absent }
        let actual = RabbitPolicy(vhost: desired.vhost, name: desired.name, pattern: json["pattern"]?.stringValue ?? "",
                                  applyTo: json["apply-to"]?.stringValue ?? "", priority: json["priority"]?.int64Value ?? 0,
                                  definition: json["definition"]?.objectValue ?? [:])
        var differences = Self.differences(desired: ["pattern": .string(desired.pattern), "apply-to": .string(desired.applyTo),
                                                     "priority": .integer(desired.priority)],
                                           actual: ["pattern": .string(actual.pattern), "apply-to": .string(actual.applyTo),
                                                    "priority": .integer(actual.priority)], change: .mutable)
        differences += Self.differences(desired: desired.definition, actual: actual.definition, change: .mutable)
            .map { var difference = $0; difference.field = "definition." + difference.field; return difference }
        return differences.isEmpty ? .upToDate(actual) : .drifted(actual, differences)
    }

    /// Creates or replaces the policy (policies are the mutable settings of RabbitMQ).
    public func apply(_ policy: RabbitPolicy) async throws(AdminError) {
        _ = try await call(.put, policyPath(policy), body: [
            "pattern": .string(policy.pattern), "apply-to": .string(policy.applyTo), "priority": .integer(policy.priority),
            "definition": .object(policy.definition),
        ], object: describe(policy))
    }

    public func delete(_ policy: RabbitPolicy) async throws(AdminError) {
        try await deleteIgnoringAbsence(policyPath(policy), object: describe(policy))
    }

    // MARK: differences

    /// The settings that differ, by name, in a stable order.
    static func differences(desired: [String: JSONValue], actual: [String: JSONValue], change: Difference.Change) -> [Difference] {
        Set(desired.keys).union(actual.keys).sorted().compactMap { key in
            let wanted = desired[key], have = actual[key]
            guard !Self.equivalent(wanted, have) else { return nil }
            return Difference(field: key, desired: wanted.map { $0.jsonString() } ?? "(unset)",
                              actual: have.map { $0.jsonString() } ?? "(unset)", change: change)
        }
    }

    /// Numbers compare by value (RabbitMQ may echo 1000 as 1000.0).
    static func equivalent(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        if let x = a?.doubleValue, let y = b?.doubleValue { return x == y }
        return a == b
    }

    // MARK: transport

    private func segment(_ text: String) -> String { URLEncoding.pathSegment(text) }
    private func exchangePath(_ e: RabbitExchange) -> String { "/api/exchanges/\(segment(e.vhost))/\(segment(e.name))" }
    private func queuePath(_ q: RabbitQueue) -> String { "/api/queues/\(segment(q.vhost))/\(segment(q.name))" }
    private func bindingsPath(_ b: RabbitBinding) -> String {
        "/api/bindings/\(segment(b.vhost))/e/\(segment(b.exchange))/q/\(segment(b.queue))"
    }
    private func policyPath(_ p: RabbitPolicy) -> String { "/api/policies/\(segment(p.vhost))/\(segment(p.name))" }
    private func describe(_ e: RabbitExchange) -> String { "exchange \(e.name) in vhost \(e.vhost)" }
    private func describe(_ q: RabbitQueue) -> String { "queue \(q.name) in vhost \(q.vhost)" }
    private func describe(_ b: RabbitBinding) -> String { "binding \(b.exchange) → \(b.queue) (\(b.routingKey)) in vhost \(b.vhost)" }
    private func describe(_ p: RabbitPolicy) -> String { "policy \(p.name) in vhost \(p.vhost)" }

    private func get(_ path: String, object: String) async throws(AdminError) -> JSONValue? {
        do {
            return try await call(.get, path, body: nil, object: object)
        } catch where error.kind == .notFound {
            return nil
        }
    }

    private func deleteIgnoringAbsence(_ path: String, object: String) async throws(AdminError) {
        do {
            _ = try await call(.delete, path, body: nil, object: object)
        } catch where error.kind == .notFound {
            return
        }
    }

    /// One management call; a refusal becomes an `AdminError` with RabbitMQ's reason.
    private func call(_ method: HTTPMethod, _ path: String, body: JSONValue?, object: String) async throws(AdminError) -> JSONValue {
        let response: HTTPResponse
        do {
            response = try await http.send(HTTPRequest(method: method, url: connection.managementURL + path,
                                                       headers: body == nil ? [:] : ["Content-Type": "application/json"],
                                                       body: body?.jsonBytes(), timeout: timeout))
        } catch let error as HTTPError {
            throw AdminError(error.code == .timedOut ? .timedOut : .unreachable, broker: connection.broker, object: object,
                             message: "management API: \(error.message)")
        } catch {
            throw AdminError(.other, broker: connection.broker, object: object, message: "\(error)")
        }
        if (200..<300).contains(response.status) {
            return response.body.isEmpty ? .null : (try? JSONValue(parsing: response.body)) ?? .null
        }
        let reason = (try? JSONValue(parsing: response.body))?["reason"]?.stringValue ?? response.bodyText
        let kind: AdminError.Kind
        switch response.status {
        case 401, 403: kind = .unauthorized
        case 404: kind = .notFound
        case 400 where reason.contains("inequivalent arg") || reason.contains("PRECONDITION_FAILED - inequivalent"):
            kind = .immutableFieldChanged
        case 400 where reason.contains("not empty") || reason.contains("in use"):
            kind = .inUse
        case 400: kind = .invalid
        default: kind = .other
        }
        throw AdminError(kind, broker: connection.broker, object: object, message: reason)
    }
}
