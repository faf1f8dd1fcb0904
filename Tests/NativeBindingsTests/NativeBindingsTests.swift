import CRabbitMQ
import CRdKafka
import Foundation
import Testing

/// The C bindings link, load the intended runtimes and talk to the real local brokers
/// (started by `make test`). The Swift wrappers over them come with the broker modules.
@Suite struct NativeBindingsTests {
    /// Debian's librdkafka 2.0.2 cannot talk to tansu, so the process must load the 2.16 runtime
    /// from `.local/lib` (scripts/env.sh puts it on LD_LIBRARY_PATH).
    @Test func librdkafkaRuntimeIs2_16() {
        let version = rd_kafka_version()
        #expect(version >= 0x0210_0000, "runtime \(String(cString: rd_kafka_version_str())); source scripts/env.sh")
    }

    @Test func librdkafkaReadsTansuMetadata() throws {
        let conf = rd_kafka_conf_new()
        var errorText = [CChar](repeating: 0, count: 512)
        let bootstrap = ProcessInfo.processInfo.environment["EVENTMESH_KAFKA"] ?? "127.0.0.1:9092"
        #expect(rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, &errorText, errorText.count) == RD_KAFKA_CONF_OK)
        let handle = try #require(rd_kafka_new(RD_KAFKA_PRODUCER, conf, &errorText, errorText.count))
        defer { rd_kafka_destroy(handle) }
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let result = rd_kafka_metadata(handle, 1, nil, &metadata, 10_000)
        #expect(result == RD_KAFKA_RESP_ERR_NO_ERROR, "\(String(cString: rd_kafka_err2str(result)))")
        if let metadata {
            #expect(metadata.pointee.broker_cnt >= 1)
            rd_kafka_metadata_destroy(metadata)
        }
    }

    @Test func librabbitmqLogsInToTheLocalNode() throws {
        #expect(String(cString: amqp_version()).hasPrefix("0.11"))
        let connection = try #require(amqp_new_connection())
        defer { amqp_destroy_connection(connection) }
        let socket = try #require(amqp_tcp_socket_new(connection))
        #expect(amqp_socket_open(socket, "127.0.0.1", 5672) == AMQP_STATUS_OK.rawValue)
        let reply = emq_login_plain(connection, "/", 0, 131_072, 0, "guest", "guest")
        #expect(reply.reply_type == AMQP_RESPONSE_NORMAL)
        _ = amqp_connection_close(connection, AMQP_REPLY_SUCCESS)
    }
}
