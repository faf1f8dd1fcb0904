import Foundation
import KubeCore
import StrictJSON
import Testing

@Suite("Kubeconfig exec credentials")
struct KubeconfigExecCredentialTests {
    static let v1 = "client.authentication.k8s.io/v1"

    func parse(_ json: String, apiVersion: String = v1) throws(ExecCredentialError) -> ExecCredential {
        try ExecCredential(pluginOutput: Array(json.utf8), apiVersion: apiVersion)
    }

    @Test func readsATokenWithItsExpiry() throws {
        let credential = try parse("""
            {"apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential",
             "status": {"token": "abc", "expirationTimestamp": "2030-01-01T00:00:00Z"}}
            """)
        #expect(credential.token == "abc")
        #expect(credential.expirationTimestamp == Timestamp(rfc3339: "2030-01-01T00:00:00Z"))
        let expiry = try #require(credential.expirationTimestamp).date
        #expect(!credential.isExpired(at: expiry))
        #expect(credential.isExpired(at: expiry.addingTimeInterval(1)))
    }

    @Test func readsACertificateAndKeyWithoutExpiry() throws {
        let credential = try parse("""
            {"apiVersion": "client.authentication.k8s.io/v1beta1", "kind": "ExecCredential", "spec": {},
             "status": {"clientCertificateData": "CERT", "clientKeyData": "KEY"}}
            """, apiVersion: "client.authentication.k8s.io/v1beta1")
        #expect(credential == ExecCredential(clientCertificateData: "CERT", clientKeyData: "KEY"))
        #expect(!credential.isExpired(at: .distantFuture))
    }

    @Test("plugin output is checked as client-go checks it", arguments: [
        ("not json", "decoding stdout: invalid JSON at byte "),
        ("[1]", "decoding stdout: expected an ExecCredential object, found array"),
        (#"{"apiVersion": "client.authentication.k8s.io/v1beta1", "kind": "ExecCredential", "status": {"token": "t"}}"#,
         "exec plugin is configured to use API version client.authentication.k8s.io/v1, plugin returned version client.authentication.k8s.io/v1beta1"),
        (#"{"apiVersion": "client.authentication.k8s.io/v1", "kind": "Secret", "status": {"token": "t"}}"#,
         "decoding stdout: expected kind \"ExecCredential\", found \"Secret\""),
        (#"{"apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential"}"#,
         "exec plugin didn't return a status field"),
        (#"{"apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential", "status": {}}"#,
         "exec plugin didn't return a token or cert/key pair"),
        (#"{"apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential", "status": {"clientCertificateData": "c"}}"#,
         "exec plugin returned only certificate or key, not both"),
        (#"{"apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential", "status": {"token": 5}}"#,
         "decoding stdout: status.token: expected a string, found integer"),
        (#"{"apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential", "status": {"token": "t", "expirationTimestamp": "soon"}}"#,
         "decoding stdout: status.expirationTimestamp: not an RFC 3339 time: soon"),
    ])
    func errors(output: String, message: String) {
        do {
            let credential = try parse(output)
            Issue.record("expected an error, read \(credential)")
        } catch {
            #expect(error.message.hasPrefix(message))
        }
    }

    @Test func execInfoCarriesTheClusterOnlyWhenAsked() throws {
        var exec = Kubeconfig.ExecConfig(command: "p", apiVersion: Self.v1, interactiveMode: "Never")
        let cluster = ExecClusterInfo(server: "https://c:6443", tlsServerName: "api", insecureSkipTLSVerify: false,
                                      certificateAuthorityData: Array("CA".utf8), config: ["audience": "x"])
        let without = try JSONValue(parsing: exec.execInfo(interactive: false, cluster: cluster))
        #expect(without == ["kind": "ExecCredential", "apiVersion": .string(Self.v1), "spec": ["interactive": false]])

        exec.provideClusterInfo = true
        let with = try JSONValue(parsing: exec.execInfo(interactive: false, cluster: cluster))
        #expect(with["spec"]?["cluster"] == [
            "server": "https://c:6443", "tls-server-name": "api",
            "certificate-authority-data": .string(Data("CA".utf8).base64EncodedString()), "config": ["audience": "x"],
        ])
    }
}
