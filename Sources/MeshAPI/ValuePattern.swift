import KubeCore

/// A rule for a string field: a regular expression plus length bounds, shared by the CRD schema
/// (as `pattern`, `minLength`, `maxLength`) and the validator, so the two cannot drift apart.
/// Expressions use only what ECMA, RE2, Python and Swift regexes all read the same way.
public struct ValuePattern: Sendable, Hashable {
    /// Anchored regular expression (`^...$`).
    public let regex: String
    public let minLength: Int
    public let maxLength: Int?
    /// Values the expression admits but the rule does not (Kafka's `.` and `..`).
    public let excluded: [String]
    /// What a valid value looks like, for error messages.
    public let explanation: String

    public init(_ regex: String, minLength: Int = 1, maxLength: Int? = nil, excluded: [String] = [],
                explanation: String) {
        self.regex = regex
        self.minLength = minLength
        self.maxLength = maxLength
        self.excluded = excluded
        self.explanation = explanation
    }

    /// Whether the value follows the rule.
    public func matches(_ value: String) -> Bool {
        problem(with: value) == nil
    }

    /// Why the value does not follow the rule, or nil when it does.
    func problem(with value: String) -> String? {
        let length = value.utf8.count
        if length < minLength { return minLength == 1 ? "must not be empty" : "must be at least \(minLength) characters" }
        if let maxLength, length > maxLength { return "must be at most \(maxLength) characters" }
        if excluded.contains(value) { return "must not be " + excluded.map { "\"\($0)\"" }.joined(separator: " or ") }
        guard let expression = try? Regex(regex), (try? expression.wholeMatch(in: value)) != nil else {
            return explanation
        }
        return nil
    }
}

extension ValuePattern {
    /// A Kubernetes object name (RFC 1123 subdomain): Secrets, MeshBrokers, DynamoBindings.
    public static let objectName = ValuePattern(
        "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", maxLength: 253,
        explanation: "must be lower-case letters, digits, '-' and '.', starting and ending with a letter or digit")

    /// An RFC 1123 label: names that become Deployment names, label values or port names.
    public static let label = ValuePattern(
        "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength: 63,
        explanation: "must be lower-case letters, digits and '-', starting and ending with a letter or digit")

    /// A key of a Secret or ConfigMap.
    public static let secretKey = ValuePattern(
        "^[-._a-zA-Z0-9]+$", maxLength: 253, explanation: "must be letters, digits, '-', '_' or '.'")

    /// `host:port` with a DNS name, an IPv4 address or a bracketed IPv6 address.
    public static let hostPort = ValuePattern(
        "^(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):[0-9]{1,5}$", maxLength: 261,
        explanation: "must be host:port, e.g. kafka-0.kafka:9092 or 127.0.0.1:9092")

    /// A DNS name or an IPv4/IPv6 address, without a port.
    public static let host = ValuePattern(
        "^([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$", maxLength: 253,
        explanation: "must be a DNS name or an IP address, without scheme or port")

    /// An http(s) URL.
    public static let httpURL = ValuePattern(
        "^https?://[^\\s/?#]+(/[^\\s]*)?$", maxLength: 2048,
        explanation: "must be an http:// or https:// URL")

    /// A Pulsar service URL, possibly with several hosts.
    public static let pulsarServiceURL = ValuePattern(
        "^pulsar(\\+ssl)?://[^\\s/?#,]+(,[^\\s/?#,]+)*/?$", maxLength: 2048,
        explanation: "must be a pulsar:// or pulsar+ssl:// URL, e.g. pulsar://127.0.0.1:6650")

    /// A Kafka topic name: Kafka's own rule.
    public static let kafkaTopic = ValuePattern(
        "^[a-zA-Z0-9._-]+$", maxLength: 249, excluded: [".", ".."],
        explanation: "must be letters, digits, '.', '_' or '-'")

    /// A Kafka consumer group id.
    public static let kafkaConsumerGroup = ValuePattern(
        "^[a-zA-Z0-9._:-]+$", maxLength: 255, explanation: "must be letters, digits, '.', '_', ':' or '-'")

    /// A Kafka topic configuration name (`retention.ms`, `cleanup.policy`).
    public static let kafkaConfigName = ValuePattern(
        "^[a-z][a-z0-9._-]*$", maxLength: 255,
        explanation: "must be a Kafka topic configuration name such as retention.ms")

    /// A RabbitMQ exchange or queue name.
    public static let rabbitMQName = ValuePattern(
        "^[a-zA-Z0-9._:-]+$", maxLength: 255, explanation: "must be letters, digits, '.', '_', ':' or '-'")

    /// A RabbitMQ optional argument name (`x-max-length`).
    public static let rabbitMQArgumentName = ValuePattern(
        "^[a-zA-Z0-9._-]+$", maxLength: 255, explanation: "must be letters, digits, '.', '_' or '-'")

    /// A Pulsar tenant, namespace, topic or subscription name.
    public static let pulsarName = ValuePattern(
        "^[a-zA-Z0-9_.:=-]+$", maxLength: 255, explanation: "must be letters, digits, '_', '.', ':', '=' or '-'")

    /// A DynamoDB table or index name: DynamoDB's own rule.
    public static let dynamoTableName = ValuePattern(
        "^[a-zA-Z0-9_.-]+$", minLength: 3, maxLength: 255,
        explanation: "must be 3 to 255 letters, digits, '_', '-' or '.'")

    /// A DynamoDB attribute name.
    public static let dynamoAttributeName = ValuePattern(
        "^[^\\s]+$", maxLength: 255, explanation: "must not contain whitespace")

    /// An AWS region such as `us-east-1` or `eu-central-2`.
    public static let awsRegion = ValuePattern(
        "^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$", maxLength: 32, explanation: "must be an AWS region such as us-east-1")

    /// A CloudEvents attribute name (CloudEvents 1.0: lower-case letters and digits).
    public static let cloudEventAttribute = ValuePattern(
        "^[a-z0-9]+$", maxLength: 20, explanation: "must be lower-case letters and digits (CloudEvents 1.0)")

    /// A CloudEvents `type`.
    public static let cloudEventType = ValuePattern(
        "^[^\\s]+$", maxLength: 256, explanation: "must not contain whitespace")

    /// A container image reference.
    public static let image = ValuePattern("^[^\\s]+$", maxLength: 512, explanation: "must not contain whitespace")

    /// A Go duration: one or more decimal numbers with units ns, us, µs, ms, s, m, h (no sign).
    public static let duration = ValuePattern(
        "^(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|\u{00B5}s|\u{03BC}s|ms|s|m|h))+)$", maxLength: 64,
        explanation: "must be a duration such as 200ms, 30s, 1m30s or 24h")

    /// A Kubernetes resource quantity (`100m`, `64Mi`).
    public static let quantity = ValuePattern(
        Quantity.pattern, maxLength: 64, explanation: "must be a quantity such as 100m, 0.5, 64Mi or 1Gi")
}
