import Foundation
import HTTP
import KubeCore
import MeshCrypto

/// AWS Signature Version 4 for requests signed in the `Authorization` header.
///
/// Pure: the same request, credentials and date always give the same headers. Follows
/// "Create a signed AWS API request" (docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html)
/// and is tested against AWS's published SigV4 test suite.
public struct SigV4Signer: Sendable {
    public var credentials: AWSCredentials
    public var region: String
    /// The signing name of the service (`dynamodb`, `s3`, `sqs`, ...).
    public var service: String
    /// Adds and signs `X-Amz-Content-Sha256` (S3 requires it; most services ignore it).
    public var includesContentSHA256: Bool

    public static let algorithm = "AWS4-HMAC-SHA256"
    /// Headers a proxy or the transport may change, never signed.
    static let unsignedHeaders: Set<String> = ["authorization", "user-agent", "expect", "connection",
                                               "x-amzn-trace-id", "content-length", "transfer-encoding"]

    public init(credentials: AWSCredentials, region: String, service: String, includesContentSHA256: Bool? = nil) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.includesContentSHA256 = includesContentSHA256 ?? (service == "s3")
    }

    /// The headers to send: the given ones plus `Host`, `X-Amz-Date`, `X-Amz-Security-Token` (with a
    /// session token), `X-Amz-Content-Sha256` (when enabled) and `Authorization`.
    public func sign(method: HTTPMethod, url: String, headers: HTTPHeaders = [:], body: [UInt8] = [], date: Date) -> HTTPHeaders {
        signature(method: method, url: url, headers: headers, body: body, date: date).headers
    }

    /// Every intermediate step, for tests and for diagnosing a `SignatureDoesNotMatch`.
    public struct Signature: Sendable {
        public var canonicalRequest: String
        public var stringToSign: String
        public var signature: String
        public var headers: HTTPHeaders
    }

    public func signature(method: HTTPMethod, url: String, headers: HTTPHeaders = [:], body: [UInt8] = [], date: Date) -> Signature {
        let parts = SigV4URL(url)
        let (amzDate, dateStamp) = Self.timestamps(date)
        var headers = headers
        for name in ["Authorization", "X-Amz-Date"] { headers.remove(name) }
        if !headers.contains("Host") { headers.add("Host", parts.hostHeader) }
        headers.add("X-Amz-Date", amzDate)
        if let token = credentials.sessionToken, !headers.contains("X-Amz-Security-Token") {
            headers.add("X-Amz-Security-Token", token)
        }
        let payloadHash = headers["X-Amz-Content-Sha256"] ?? SHA256.hash(body).hexString
        if includesContentSHA256 && !headers.contains("X-Amz-Content-Sha256") {
            headers.add("X-Amz-Content-Sha256", payloadHash)
        }

        // Canonical headers: lower-case names, sorted; values trimmed with inner runs of spaces
        // collapsed; repeated names joined by commas in their original order.
        var grouped: [String: [String]] = [:]
        for field in headers {
            let name = field.name.lowercased()
            guard !Self.unsignedHeaders.contains(name) else { continue }
            grouped[name, default: []].append(Self.trimmed(field.value))
        }
        let names = grouped.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(grouped[$0]!.joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")

        let canonicalRequest = [
            method.rawValue,
            parts.canonicalPath,
            parts.canonicalQuery,
            canonicalHeaders,
            signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
        let scope = "\(dateStamp)/\(region)/\(service)/aws4_request"
        let stringToSign = [
            Self.algorithm, amzDate, scope, SHA256.hash(Array(canonicalRequest.utf8)).hexString,
        ].joined(separator: "\n")
        let key = Self.signingKey(secret: credentials.secretAccessKey, dateStamp: dateStamp, region: region, service: service)
        let signature = HMACSHA256.authenticationCode(key: key, data: Array(stringToSign.utf8)).hexString
        headers.add("Authorization", "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope), "
                        + "SignedHeaders=\(signedHeaders), Signature=\(signature)")
        return Signature(canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature, headers: headers)
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
    public static func signingKey(secret: String, dateStamp: String, region: String, service: String) -> [UInt8] {
        var key = Array("AWS4\(secret)".utf8)
        for part in [dateStamp, region, service, "aws4_request"] {
            key = HMACSHA256.authenticationCode(key: key, data: Array(part.utf8))
        }
        return key
    }

    /// (`20150830T123600Z`, `20150830`) for a date, in UTC.
    public static func timestamps(_ date: Date) -> (amzDate: String, dateStamp: String) {
        // RFC 3339 in whole seconds (`2015-08-30T12:36:00Z`) without its separators.
        let compact = Timestamp(date).formatted(fractionalDigits: 0).filter { $0 != "-" && $0 != ":" }
        return (compact, String(compact.prefix(8)))
    }

    static func trimmed(_ value: String) -> String {
        var result = ""
        var pendingSpace = false
        for character in value {
            if character == " " || character == "\t" {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(character)
            }
        }
        return result
    }

    /// RFC 3986 percent-encoding as SigV4 wants it: unreserved characters kept, everything else
    /// `%XX` with upper-case hex; `/` kept only when `keepSlash`.
    public static func uriEncode(_ text: String, keepSlash: Bool = false) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                 UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: "/") where keepSlash:
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0f)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func percentDecode(_ text: Substring) -> String {
        var bytes = [UInt8]()
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
               let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The parts of an absolute URL that SigV4 signs.
struct SigV4URL {
    var hostHeader: String
    var canonicalPath: String
    var canonicalQuery: String

    init(_ url: String) {
        var rest = Substring(url)
        var scheme = "https"
        if let range = rest.range(of: "://") {
            scheme = rest[..<range.lowerBound].lowercased()
            rest = rest[range.upperBound...]
        }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let host = authority.lowercased()
        // The default port is left out of the Host header (as HTTP clients send it).
        if (scheme == "https" && host.hasSuffix(":443")) || (scheme == "http" && host.hasSuffix(":80")) {
            hostHeader = String(host[..<host.lastIndex(of: ":")!])
        } else {
            hostHeader = host
        }
        rest = rest[authorityEnd...]
        var path = rest
        var query: Substring = ""
        if let question = rest.firstIndex(of: "?") {
            path = rest[..<question]
            query = rest[rest.index(after: question)...]
        }
        // Path: each segment encoded, so an already percent-encoded path is encoded twice, as
        // every service but S3 expects.
        if path.isEmpty {
            canonicalPath = "/"
        } else {
            canonicalPath = path.split(separator: "/", omittingEmptySubsequences: false)
                .map { SigV4Signer.uriEncode(String($0)) }
                .joined(separator: "/")
        }
        // Query: every name and value decoded, re-encoded, sorted by name then value.
        let pairs: [(String, String)] = query.split(separator: "&").map { item in
            if let equals = item.firstIndex(of: "=") {
                return (SigV4Signer.uriEncode(SigV4Signer.percentDecode(item[..<equals])),
                        SigV4Signer.uriEncode(SigV4Signer.percentDecode(item[item.index(after: equals)...])))
            }
            return (SigV4Signer.uriEncode(SigV4Signer.percentDecode(item)), "")
        }
        canonicalQuery = pairs.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            .map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }
}
