import Foundation
import HTTP
import KubeClient
import KubeCore
import StrictJSON
import Testing

/// Exec credential plugins run for real: the shell scripts in `Fixtures/`.
@Suite("ClientConfiguration with exec credential plugins")
struct ClientConfigurationExecTests {
    static func script(_ name: String) -> String { TemporaryDirectory.fixtures + "/" + name }

    /// A kubeconfig whose only user runs `command` with `extra` lines under `exec:`.
    static func kubeconfig(in directory: TemporaryDirectory, command: String, extra: String = "") throws -> String {
        try directory.write("config", """
            current-context: x
            clusters:
            - name: c
              cluster:
                server: https://c.example:6443
                certificate-authority-data: \(Data("CA".utf8).base64EncodedString())
                extensions:
                - {name: client.authentication.k8s.io/exec, extension: {audience: tests}}
            users:
            - name: u
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: \(command)
                  interactiveMode: Never
            \(extra.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
            contexts:
            - {name: x, context: {cluster: c, user: u}}
            """)
        return directory.path("config")
    }

    /// This process's `PATH` (the scripts need `wc`, `cat`, `sleep`) and `extra`.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        extra.merging(["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]) { mine, _ in mine }
    }

    func runs(_ directory: TemporaryDirectory) -> Int {
        ((try? String(contentsOfFile: directory.path("runs"), encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    @Test func aTokenIsCachedUntilItExpires() throws {
        let directory = try TemporaryDirectory()
        let clock = TestClock(Timestamp(rfc3339: "2029-12-31T23:00:00Z")!.date)
        let path = try Self.kubeconfig(in: directory, command: Self.script("exec-token.sh"))
        let environment = Self.environment(["RUN_LOG": directory.path("runs"), "EXPIRES_FROM_YEAR": "2030"])
        let config = try ClientConfiguration.load(kubeconfigPaths: [path], environment: environment, now: clock.closure)
        #expect(runs(directory) == 1) // run once while loading
        #expect(try bearerToken(config) == "token-1")
        clock.advance(by: 3599)
        #expect(try bearerToken(config) == "token-1")
        #expect(runs(directory) == 1)
        clock.advance(by: 2) // past 2030-01-01T00:00:00Z
        #expect(try bearerToken(config) == "token-2") // valid until 2031
        #expect(try bearerToken(config) == "token-2")
        #expect(runs(directory) == 2)
        clock.advance(by: 366 * 86400)
        #expect(try bearerToken(config) == "token-3")
        #expect(runs(directory) == 3)
        #expect(config.tls.clientCertificate == nil)
    }

    @Test func withoutAnExpiryTheTokenIsKept() throws {
        let directory = try TemporaryDirectory()
        let clock = TestClock()
        let plugin = ExecCredentialPlugin(
            config: Kubeconfig.ExecConfig(command: Self.script("exec-token.sh"), apiVersion: "client.authentication.k8s.io/v1",
                                          interactiveMode: "Never"),
            environment: Self.environment(["RUN_LOG": directory.path("runs")]), now: clock.closure)
        #expect(try plugin.token() == "token-1")
        clock.advance(by: 365 * 86400)
        #expect(try plugin.token() == "token-1")
        #expect(runs(directory) == 1)
    }

    @Test func thePluginGetsItsEnvironmentArgumentsAndTheCluster() throws {
        let directory = try TemporaryDirectory()
        let path = try Self.kubeconfig(in: directory, command: Self.script("exec-token.sh"), extra: """
            args: [--cluster, dev, "two words"]
            env: [{name: PLUGIN_SETTING, value: from-kubeconfig}, {name: RUN_LOG, value: \(directory.path("runs"))}]
            provideClusterInfo: true
            """)
        let config = try ClientConfiguration.load(kubeconfigPaths: [path],
                                                  environment: Self.environment(["SEEN_FILE": directory.path("seen"), "RUN_LOG": "/dev/null"]))
        #expect(try bearerToken(config) == "token-1")
        let seen = try String(contentsOfFile: directory.path("seen"), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let info = try JSONValue(parsing: String(seen[0]))
        #expect(info == [
            "kind": "ExecCredential", "apiVersion": "client.authentication.k8s.io/v1",
            "spec": ["interactive": false, "cluster": [
                "server": "https://c.example:6443",
                "certificate-authority-data": .string(Data("CA".utf8).base64EncodedString()),
                "config": ["audience": "tests"],
            ]],
        ])
        #expect(seen[1] == "from-kubeconfig")
        #expect(seen[2] == "--cluster dev two words")
    }

    @Test func aRelativeCommandIsFoundNextToTheKubeconfig() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path("bin"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.script("exec-token.sh"), toPath: directory.path("bin/plugin"))
        let path = try Self.kubeconfig(in: directory, command: "./bin/plugin")
        let config = try ClientConfiguration.load(kubeconfigPaths: [path], environment: Self.environment(["RUN_LOG": directory.path("runs")]))
        #expect(try bearerToken(config) == "token-1")
    }

    @Test func aCertificateFromThePluginGoesIntoTLS() throws {
        let directory = try TemporaryDirectory()
        let path = try Self.kubeconfig(in: directory, command: Self.script("exec-certificate.sh"))
        let config = try ClientConfiguration.load(kubeconfigPaths: [path], environment: Self.environment())
        #expect(config.authentication == nil)
        #expect(config.tls.clientCertificate == .pem(Array("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".utf8)))
        #expect(config.tls.clientKey == .pem(Array("-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n".utf8)))
        #expect(config.tls.trustRoots == .pem(Array("CA".utf8)))
    }

    @Test func failures() throws {
        let directory = try TemporaryDirectory()
        let failing = try Self.kubeconfig(in: directory, command: Self.script("exec-fail.sh"))
        #expect(throws: ExecCredentialError("exec: executable \(Self.script("exec-fail.sh")) failed with exit code 3")) {
            try ClientConfiguration.load(kubeconfigPaths: [failing], environment: Self.environment())
        }

        let missing = try Self.kubeconfig(in: directory, command: "eventmesh-no-such-plugin", extra: "installHint: brew install it")
        do {
            _ = try ClientConfiguration.load(kubeconfigPaths: [missing], environment: Self.environment())
            Issue.record("expected an error")
        } catch let error as ExecCredentialError {
            #expect(error.message.hasPrefix("exec: executable eventmesh-no-such-plugin not found\n\nIt looks like you are trying to use a client-go credential plugin that is not installed."))
            #expect(error.message.hasSuffix("\n\nbrew install it"))
        }

        let always = try Self.kubeconfig(in: directory, command: Self.script("exec-token.sh"))
        try directory.write("config", try String(contentsOfFile: always, encoding: .utf8)
            .replacingOccurrences(of: "interactiveMode: Never", with: "interactiveMode: Always"))
        #expect(throws: ExecCredentialError("exec plugin cannot support interactive mode: standard input is not available to plugins run by this client")) {
            try ClientConfiguration.load(kubeconfigPaths: [always], environment: Self.environment())
        }
    }

    @Test func aHangingPluginIsKilledAfterTheTimeout() throws {
        let directory = try TemporaryDirectory()
        let path = try Self.kubeconfig(in: directory, command: Self.script("exec-hang.sh"))
        #expect(throws: ExecCredentialError("exec: executable \(Self.script("exec-hang.sh")) did not finish within 0.3 seconds and was killed")) {
            try ClientConfiguration.load(kubeconfigPaths: [path], environment: Self.environment(), execTimeout: .milliseconds(300))
        }
    }
}
