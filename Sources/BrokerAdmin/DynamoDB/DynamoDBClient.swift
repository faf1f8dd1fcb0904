import Foundation
import HTTP
import Logging
import StrictJSON

/// Where DynamoDB answers: a region and the endpoint URL for it.
public struct DynamoDBEndpoint: Sendable, Hashable, CustomStringConvertible {
    public var region: String
    /// `http://127.0.0.1:8000` (moto, Local mode) or `https://dynamodb.<region>.amazonaws.com`.
    public var url: String

    public init(region: String, url: String) {
        self.region = region
        self.url = url
    }

    /// Local mode: moto (or DynamoDB Local) on this machine.
    public static func local(region: String = "us-east-1", port: Int = 8000) -> DynamoDBEndpoint {
        DynamoDBEndpoint(region: region, url: "http://127.0.0.1:\(port)")
    }

    /// External mode: the AWS regional endpoint (`.amazonaws.com.cn` for the China regions).
    public static func external(region: String) -> DynamoDBEndpoint {
        let domain = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return DynamoDBEndpoint(region: region, url: "https://dynamodb.\(region).\(domain)")
    }

    /// An endpoint override when given, else the regional endpoint.
    public static func resolve(region: String, override: String?) -> DynamoDBEndpoint {
        guard let override, !override.isEmpty else { return external(region: region) }
        return DynamoDBEndpoint(region: region, url: override)
    }

    public var description: String { "dynamodb \(url) (\(region))" }
}

/// How often and how patiently idempotent calls are retried.
public struct DynamoDBRetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(50), maxDelay: Duration = .seconds(2)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    public static let none = DynamoDBRetryPolicy(maxAttempts: 1)

    /// Full jitter: a random delay up to base × 2^(attempt − 1), capped.
    func delay(afterAttempt attempt: Int) -> Duration {
        let ceiling = min(maxDelay, baseDelay * (1 << min(attempt - 1, 16)))
        let nanos = ceiling.components.seconds * 1_000_000_000 + ceiling.components.attoseconds / 1_000_000_000
        return .nanoseconds(Int64.random(in: (nanos / 2)...max(nanos / 2, nanos)))
    }
}

/// DynamoDB's JSON 1.0 API (`X-Amz-Target: DynamoDB_20120810.<Operation>`) over the project's HTTP
/// transport, signed with SigV4. Every call has a time limit; failures are `AdminError`s naming the
/// endpoint and the table, with the DynamoDB error type (`ResourceNotFoundException`) in the
/// message and never any credential material.
public final class DynamoDBClient: Sendable {
    public let endpoint: DynamoDBEndpoint
    public let timeout: Duration
    public let retry: DynamoDBRetryPolicy
    private let signer: SigV4Signer
    private let http: HTTPClient
    private let now: @Sendable () -> Date
    /// Operation, table, status and time of each call at debug level, retries at notice level;
    /// never headers, bodies or credentials.
    public let logger: Logger

    public static let targetPrefix = "DynamoDB_20120810."

    public init(endpoint: DynamoDBEndpoint, credentials: AWSCredentials, http: HTTPClient? = nil,
                timeout: Duration = .seconds(10), retry: DynamoDBRetryPolicy = DynamoDBRetryPolicy(),
                logger: Logger = Logger(label: "eventmesh.broker-admin.dynamodb"),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.endpoint = endpoint
        self.timeout = timeout
        self.retry = retry
        self.signer = SigV4Signer(credentials: credentials, region: endpoint.region, service: "dynamodb")
        self.http = http ?? HTTPClient(configuration: HTTPClientConfiguration(connectTimeout: min(timeout, .seconds(5))))
        self.now = now
        self.logger = logger
    }

    var broker: String { endpoint.description }

    /// Calls `operation` with `input`; `object` names what the call is about, for errors.
    /// Idempotent calls are retried with backoff on throttling and 5xx answers.
    public func call(_ operation: String, _ input: JSONValue, object: String, idempotent: Bool = false) async throws -> JSONValue {
        var attempt = 0
        while true {
            attempt += 1
            let started = ContinuousClock.now
            do {
                let output = try await callOnce(operation, input, object: object)
                logger.debug("dynamodb call", metadata: ["operation": "\(operation)", "object": "\(object)",
                                                         "attempt": "\(attempt)", "duration": "\(ContinuousClock.now - started)"])
                return output
            } catch let failure as RetryableFailure {
                guard idempotent && attempt < retry.maxAttempts else { throw failure.error }
                let delay = retry.delay(afterAttempt: attempt)
                logger.notice("dynamodb call retried", metadata: ["operation": "\(operation)", "object": "\(object)",
                                                                  "attempt": "\(attempt)", "error": "\(failure.error.message)",
                                                                  "delay": "\(delay)"])
                try await Task.sleep(for: delay)
            } catch {
                logger.debug("dynamodb call failed", metadata: ["operation": "\(operation)", "object": "\(object)",
                                                                "error": "\(error)"])
                throw error
            }
        }
    }

    private struct RetryableFailure: Error { var error: AdminError }

    private func callOnce(_ operation: String, _ input: JSONValue, object: String) async throws -> JSONValue {
        let body = input.jsonBytes()
        var headers: HTTPHeaders = [
            "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": Self.targetPrefix + operation,
        ]
        headers = signer.sign(method: .post, url: endpoint.url + "/", headers: headers, body: body, date: now())
        let request = HTTPRequest(method: .post, url: endpoint.url + "/", headers: headers, body: body, timeout: timeout)
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch let error as HTTPError {
            let kind: AdminError.Kind = switch error.code {
            case .timedOut: .timedOut
            case .couldNotConnect, .couldNotResolveHost, .tlsHandshakeFailed, .tlsCertificateUntrusted, .connectionClosed: .unreachable
            case .invalidRequest, .tlsConfigurationInvalid: .invalid
            default: .other
            }
            let adminError = AdminError(kind, broker: broker, object: object,
                                        message: "\(operation): \(signer.credentials.redact(error.description))")
            if error.code == .connectionClosed { throw RetryableFailure(error: adminError) }
            throw adminError
        }
        if (200..<300).contains(response.status) {
            do {
                return try JSONValue(parsing: response.body)
            } catch {
                throw AdminError(.other, broker: broker, object: object, message: "\(operation): unreadable answer: \(error)")
            }
        }
        let (type, message) = Self.errorTypeAndMessage(response)
        var kind = Self.kind(of: type, status: response.status, operation: operation)
        if operation == "DeleteTable" && kind == .invalid && (message.contains("protected against deletion") || message.contains("DeletionProtectionEnabled")) {
            // AWS: "...currently protected against deletion"; moto: "...while DeletionProtectionEnabled is set to True".
            kind = .inUse
        }
        let text = "\(operation): \(type): " + signer.credentials.redact(Self.safeMessage(message))
        let error = AdminError(kind, broker: broker, object: object, message: text)
        if response.status >= 500 || Self.throttlingTypes.contains(type) { throw RetryableFailure(error: error) }
        throw error
    }

    static let throttlingTypes: Set<String> = ["ThrottlingException", "ProvisionedThroughputExceededException",
                                               "RequestLimitExceeded", "LimitExceededException"]

    /// The error type (`ResourceNotFoundException`, from a JSON `__type` such as
    /// `com.amazonaws.dynamodb.v20120810#ResourceNotFoundException`, or an XML `<Code>`) and message.
    static func errorTypeAndMessage(_ response: HTTPResponse) -> (String, String) {
        if let json = try? JSONValue(parsing: response.body), let rawType = json["__type"]?.stringValue {
            let type = rawType.split(separator: "#").last.map(String.init) ?? rawType
            let message = json["message"]?.stringValue ?? json["Message"]?.stringValue ?? ""
            return (type, message)
        }
        let text = response.bodyText
        func element(_ name: String) -> String? {
            guard let start = text.range(of: "<\(name)>"), let end = text.range(of: "</\(name)>", range: start.upperBound..<text.endIndex)
            else { return nil }
            return String(text[start.upperBound..<end.lowerBound])
        }
        if let code = element("Code") { return (code, element("Message") ?? "") }
        return ("HTTP\(response.status)", String(text.prefix(200)))
    }

    /// The first sentence of a server message: AWS's `SignatureDoesNotMatch` goes on with the
    /// canonical request, which may hold a session token.
    static func safeMessage(_ message: String) -> String {
        var text = message
        if let range = text.range(of: "The Canonical String") { text = String(text[..<range.lowerBound]) }
        return String(text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(500))
    }

    static func kind(of type: String, status: Int, operation: String) -> AdminError.Kind {
        switch type {
        case "ResourceNotFoundException", "TableNotFoundException", "IndexNotFoundException": return .notFound
        case "ResourceInUseException", "TableAlreadyExistsException":
            return operation == "CreateTable" ? .alreadyExists : .inUse
        case "ValidationException", "SerializationException", "InvalidParameterValueException": return .invalid
        case "UnrecognizedClientException", "InvalidSignatureException", "SignatureDoesNotMatch",
             "InvalidClientTokenId", "AccessDeniedException", "MissingAuthenticationToken",
             "MissingAuthenticationTokenException", "ExpiredTokenException", "IncompleteSignatureException":
            return .unauthorized
        default:
            if status == 401 || status == 403 { return .unauthorized }
            return .other
        }
    }

    // MARK: - Operations

    /// The `Table` of DescribeTable, or nil when the table does not exist.
    public func describeTable(_ name: String) async throws -> JSONValue? {
        do {
            return try await call("DescribeTable", ["TableName": .string(name)], object: "table \(name)", idempotent: true)["Table"]
        } catch let error as AdminError where error.kind == .notFound {
            return nil
        }
    }

    /// The `TimeToLiveDescription` of DescribeTimeToLive.
    public func describeTimeToLive(_ name: String) async throws -> JSONValue? {
        try await call("DescribeTimeToLive", ["TableName": .string(name)], object: "table \(name)", idempotent: true)["TimeToLiveDescription"]
    }

    public func createTable(_ input: JSONValue, name: String) async throws -> JSONValue {
        try await call("CreateTable", input, object: "table \(name)")
    }

    public func updateTable(_ input: JSONValue, name: String) async throws -> JSONValue {
        try await call("UpdateTable", input, object: "table \(name)")
    }

    public func updateTimeToLive(_ name: String, attribute: String, enabled: Bool) async throws {
        _ = try await call("UpdateTimeToLive", [
            "TableName": .string(name),
            "TimeToLiveSpecification": ["AttributeName": .string(attribute), "Enabled": .bool(enabled)],
        ], object: "table \(name)")
    }

    /// Deletes the table; false when it did not exist.
    @discardableResult
    public func deleteTable(_ name: String) async throws -> Bool {
        do {
            _ = try await call("DeleteTable", ["TableName": .string(name)], object: "table \(name)")
            return true
        } catch let error as AdminError where error.kind == .notFound {
            return false
        }
    }
}
