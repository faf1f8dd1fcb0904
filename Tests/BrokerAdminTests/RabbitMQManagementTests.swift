import BrokerAdmin
import Foundation
import HTTP
import StrictJSON
import Testing

/// Against the real local RabbitMQ (`make servers-up`), each test in a virtual host of its own.
@Suite(.serialized) struct RabbitMQManagementTests {
    static let connection = RabbitMQConnection(broker: "rabbitmq-local", managementURL: "http://127.0.0.1:15672",
                                               username: "guest", password: "guest")

    func withVirtualHost(_ body: (RabbitMQManagement, String) async throws -> Void) async throws {
        let admin = RabbitMQManagement(connection: Self.connection)
        let vhost = "test-\(UUID().uuidString.prefix(8).lowercased())"
        try await admin.ensureVirtualHost(vhost)
        do {
            try await body(admin, vhost)
        } catch {
            try? await admin.deleteVirtualHost(vhost)
            throw error
        }
        try await admin.deleteVirtualHost(vhost)
    }

    @Test func exchangesAreCreatedObservedAndImmutable() async throws {
        try await withVirtualHost { admin, vhost in
            let exchange = RabbitExchange(vhost: vhost, name: "StockBajo", type: "topic")
            guard case .absent = try await admin.observe(exchange) else { Issue.record("expected absent"); return }
            try await admin.create(exchange)
            guard case .upToDate = try await admin.observe(exchange) else { Issue.record("expected up to date"); return }
            try await admin.create(exchange)  // declaring the same again is fine

            var fanout = exchange
            fanout.type = "fanout"
            guard case .drifted(_, let differences) = try await admin.observe(fanout) else { Issue.record("expected drift"); return }
            #expect(differences == [Difference(field: "type", desired: "\"fanout\"", actual: "\"topic\"", change: .immutable)])
            await #expect {
                try await admin.create(fanout)
            } throws: { error in
                (error as? AdminError)?.kind == .immutableFieldChanged
            }
            try await admin.delete(exchange)
            guard case .absent = try await admin.observe(exchange) else { Issue.record("expected absent after delete"); return }
            try await admin.delete(exchange)  // absent: fine
        }
    }

    @Test func quorumQueueArgumentsAreFixedAndPoliciesAreNot() async throws {
        try await withVirtualHost { admin, vhost in
            let queue = RabbitQueue(vhost: vhost, name: "StockBajo.dlq", type: "quorum",
                                    arguments: ["x-message-ttl": 60000, "x-dead-letter-exchange": "StockBajo.dlx"])
            try await admin.create(queue)
            guard case .upToDate(let state) = try await admin.observe(queue) else { Issue.record("expected up to date"); return }
            #expect(state.queue.type == "quorum" && state.messages == 0)

            var longer = queue
            longer.arguments["x-message-ttl"] = 120000
            guard case .drifted(_, let differences) = try await admin.observe(longer) else { Issue.record("expected drift"); return }
            #expect(differences.map(\.field) == ["x-message-ttl"] && differences.allSatisfy { $0.change == .immutable })
            await #expect {
                try await admin.create(longer)
            } throws: { error in
                guard let error = error as? AdminError else { return false }
                return error.kind == .immutableFieldChanged && error.message.contains("x-message-ttl")
                    && error.broker == "rabbitmq-local" && error.object.contains("StockBajo.dlq")
            }

            // The mutable way: a policy.
            let policy = RabbitPolicy(vhost: vhost, name: "stockbajo-ttl", pattern: "^StockBajo\\.", definition: ["message-ttl": 120000])
            try await admin.apply(policy)
            guard case .upToDate = try await admin.observe(policy) else { Issue.record("expected the policy"); return }
            var changed = policy
            changed.definition["message-ttl"] = 5000
            guard case .drifted(_, let policyDifferences) = try await admin.observe(changed) else { Issue.record("expected drift"); return }
            #expect(policyDifferences == [Difference(field: "definition.message-ttl", desired: "5000", actual: "120000", change: .mutable)])
            try await admin.apply(changed)
            guard case .upToDate = try await admin.observe(changed) else { Issue.record("expected the update"); return }
            try await admin.delete(changed)
            guard case .absent = try await admin.observe(changed) else { Issue.record("expected no policy"); return }
        }
    }

    @Test func bindingsAndDeletingAQueueThatHoldsMessages() async throws {
        try await withVirtualHost { admin, vhost in
            let exchange = RabbitExchange(vhost: vhost, name: "orders", type: "topic")
            let queue = RabbitQueue(vhost: vhost, name: "orders.created")
            let binding = RabbitBinding(vhost: vhost, exchange: "orders", queue: "orders.created", routingKey: "order.created")
            try await admin.create(exchange)
            try await admin.create(queue)
            guard case .absent = try await admin.observe(binding) else { Issue.record("expected no binding"); return }
            try await admin.create(binding)
            guard case .upToDate = try await admin.observe(binding) else { Issue.record("expected the binding"); return }

            // A message in the queue: deleting "if empty" is refused, and nothing is lost.
            let http = HTTPClient()
            let credentials = Data("guest:guest".utf8).base64EncodedString()
            let published = try await http.send(HTTPRequest(
                method: .post, url: "http://127.0.0.1:15672/api/exchanges/\(vhost)/orders/publish",
                headers: ["Authorization": "Basic \(credentials)", "Content-Type": "application/json"],
                body: (["properties": [:], "routing_key": "order.created", "payload": "{}", "payload_encoding": "string"] as JSONValue).jsonBytes()))
            #expect(published.bodyText.contains("\"routed\":true"))
            await #expect {
                try await admin.delete(queue, ifEmpty: true)
            } throws: { error in
                (error as? AdminError)?.kind == .inUse
            }
            guard case .upToDate = try await admin.observe(queue) else { Issue.record("the queue must still be there"); return }

            try await admin.delete(binding)
            guard case .absent = try await admin.observe(binding) else { Issue.record("expected the binding gone"); return }
            try await admin.delete(queue)
            try await admin.delete(exchange, ifUnused: true)
        }
    }

    @Test func unreachableAndUnauthorizedAreTyped() async throws {
        let unreachable = RabbitMQManagement(connection: RabbitMQConnection(broker: "nowhere", managementURL: "http://127.0.0.1:1",
                                                                           username: "guest", password: "guest"), timeout: .seconds(2))
        await #expect {
            _ = try await unreachable.observe(RabbitQueue(name: "q"))
        } throws: { error in
            (error as? AdminError)?.kind == .unreachable
        }
        let wrong = RabbitMQManagement(connection: RabbitMQConnection(broker: "rabbitmq-local", managementURL: "http://127.0.0.1:15672",
                                                                      username: "guest", password: "not-the-password"))
        await #expect {
            _ = try await wrong.observe(RabbitQueue(name: "q"))
        } throws: { error in
            guard let error = error as? AdminError else { return false }
            return error.kind == .unauthorized && !"\(error)".contains("not-the-password")
        }
        #expect(!"\(wrong.connection)".contains("not-the-password"))
    }
}
