import Foundation
import HTTP
import MeshCrypto
import StrictJSON
import Testing
@testable import BrokerAdmin

/// AWS's published SigV4 vectors (Fixtures/sigv4/vectors.json names the source of each).
@Suite struct SigV4Tests {
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
    static let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    static func vectors() throws -> [JSONValue] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/sigv4/vectors.json")
        let value = try JSONValue(parsing: Array(try Data(contentsOf: url)))
        return value["vectors"]?.arrayValue ?? []
    }

    static var vectorNames: [String] { (try? vectors().compactMap { $0["name"]?.stringValue }) ?? [] }

    @Test(arguments: vectorNames)
    func publishedVector(_ name: String) throws {
        let vector = try #require(try Self.vectors().first { $0["name"]?.stringValue == name })
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: vector["service"]!.stringValue!)
        var headers = HTTPHeaders()
        for pair in vector["headers"]?.arrayValue ?? [] { headers.add(pair[0]!.stringValue!, pair[1]!.stringValue!) }
        let result = signer.signature(method: HTTPMethod(rawValue: vector["method"]!.stringValue!), url: vector["url"]!.stringValue!,
                                      headers: headers, body: Array(vector["body"]!.stringValue!.utf8), date: Self.date)
        if let expected = vector["canonicalRequest"]?.stringValue { #expect(result.canonicalRequest == expected) }
        if let expected = vector["stringToSign"]?.stringValue { #expect(result.stringToSign == expected) }
        #expect(result.headers["Authorization"] == vector["authorization"]?.stringValue)
        #expect(result.headers["X-Amz-Date"] == "20150830T123600Z")
        #expect(result.headers["X-Amz-Content-Sha256"] == nil)
        if let key = vector["signingKey"]?.stringValue {
            #expect(SigV4Signer.signingKey(secret: Self.credentials.secretAccessKey, dateStamp: "20150830", region: "us-east-1",
                                           service: vector["service"]!.stringValue!).hexString == key)
        }
    }

    @Test func aSessionTokenIsSentAndSigned() {
        var credentials = Self.credentials
        credentials.sessionToken = "TOKEN-123"
        let signed = SigV4Signer(credentials: credentials, region: "us-east-1", service: "dynamodb")
            .sign(method: .post, url: "http://127.0.0.1:8000/", headers: ["X-Amz-Target": "DynamoDB_20120810.ListTables"],
                  body: Array("{}".utf8), date: Self.date)
        #expect(signed["X-Amz-Security-Token"] == "TOKEN-123")
        #expect(signed["Host"] == "127.0.0.1:8000")
        #expect(signed["Authorization"]?.contains("SignedHeaders=host;x-amz-date;x-amz-security-token;x-amz-target,") == true)
    }

    @Test func s3AddsThePayloadHash() {
        let signed = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
            .sign(method: .put, url: "https://bucket.s3.amazonaws.com/key", body: Array("hello world".utf8), date: Self.date)
        #expect(signed["X-Amz-Content-Sha256"] == "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")
        #expect(signed["Authorization"]?.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,") == true)
    }

    @Test(arguments: [
        (0.0, "19700101T000000Z"), (1_440_938_160.0, "20150830T123600Z"), (951_825_600.5, "20000229T120000Z"),
        (1_798_761_599.0, "20261231T235959Z"),
    ])
    func timestamps(_ seconds: Double, _ expected: String) {
        #expect(SigV4Signer.timestamps(Date(timeIntervalSince1970: seconds)).amzDate == expected)
    }

    @Test func canonicalURIAndQueryEncoding() {
        let parts = SigV4URL("https://EXAMPLE.amazonaws.com:443/a b/c%20d?b=2 3&a=x/y&a=1&flag")
        #expect(parts.hostHeader == "example.amazonaws.com")
        #expect(parts.canonicalPath == "/a%20b/c%2520d")
        #expect(parts.canonicalQuery == "a=1&a=x%2Fy&b=2%203&flag=")
        #expect(SigV4Signer.uriEncode("!'()*~é") == "%21%27%28%29%2A~%C3%A9")
    }

    @Test func credentialsNeverShowTheSecret() {
        let credentials = AWSCredentials(accessKeyID: "AKIAEXAMPLE1234", secretAccessKey: "very/secret+key", sessionToken: "tok-tok-tok")
        #expect(!"\(credentials)".contains("very/secret+key"))
        #expect(!"\(credentials)".contains("tok-tok-tok"))
        #expect(!String(reflecting: credentials).contains("very/secret+key"))
        var dumped = ""
        dump(credentials, to: &dumped)
        #expect(!dumped.contains("very/secret+key") && !dumped.contains("tok-tok-tok"))
        #expect(credentials.redact("bad very/secret+key and tok-tok-tok") == "bad <redacted> and <redacted>")
        #expect(AWSCredentials.fromEnvironment(["AWS_ACCESS_KEY_ID": "a1", "AWS_SECRET_ACCESS_KEY": "s1"])
                    == AWSCredentials(accessKeyID: "a1", secretAccessKey: "s1"))
        #expect(AWSCredentials.fromEnvironment(["AWS_ACCESS_KEY_ID": "a1"]) == nil)
        #expect(AWSCredentials.fromSecretData(["AWS_ACCESS_KEY_ID": Array("a1\n".utf8), "AWS_SECRET_ACCESS_KEY": Array("s1".utf8),
                                               "AWS_SESSION_TOKEN": Array("t1".utf8)])?.sessionToken == "t1")
    }
}
