import Foundation
@testable import LocalCluster
import LocalProcesses
import StrictJSON
import Testing

/// Where kubectl is, if it is installed.
enum InstalledKubectl {
    static let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        .map { "\($0)/kubectl" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// The real kubectl against the workload runner: `rollout status`, `logs`, `scale`, `delete`.
@Suite(.serialized, .enabled(if: InstalledKubectl.path != nil, "kubectl is not installed"))
struct WorkloadKubectlTests {
    /// Runs kubectl with the cluster's kubeconfig; its exit code and combined output.
    func kubectl(_ cluster: WorkloadCluster, _ arguments: String...) async throws -> (Int32, String) {
        let output = cluster.stateDirectory + "/kubectl-\(UUID().uuidString).out"
        let process = try ChildProcess(executable: try #require(InstalledKubectl.path), arguments: ["--kubeconfig", cluster.kubeconfig] + arguments,
                                       standardOutput: .file(output), standardError: .file(output))
        let status = await process.waitForExit()
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard case .exited(let code) = status else { return (-1, text) }
        return (code, text)
    }

    @Test func rolloutStatusLogsAndScale() async throws {
        try await WorkloadCluster.with { cluster in
            _ = try await cluster.create(WorkloadSamples.deployment("cli", replicas: 2, ["--say", "hello from $(HOSTNAME)"]))
            let (rolled, status) = try await kubectl(cluster, "rollout", "status", "deployment/cli", "--timeout=60s")
            #expect(rolled == 0, "\(status)")
            #expect(status.contains(#"deployment "cli" successfully rolled out"#))

            let (logged, logs) = try await kubectl(cluster, "logs", "deployment/cli")
            #expect(logged == 0, "\(logs)")
            #expect(logs.contains("started pid="))
            let pod = try #require(try await cluster.pods("app=cli").first)
            let (_, tail) = try await kubectl(cluster, "logs", "pod/\(pod.name)", "--tail=1")
            #expect(tail == "say: hello from \(pod.name)\n")

            let (scaled, scaleOutput) = try await kubectl(cluster, "scale", "deployment/cli", "--replicas=3")
            #expect(scaled == 0, "\(scaleOutput)")
            let (again, _) = try await kubectl(cluster, "rollout", "status", "deployment/cli", "--timeout=60s")
            #expect(again == 0)
            #expect(try await cluster.deployment("cli")["status"]?["availableReplicas"] == 3)

            let (deleted, deleteOutput) = try await kubectl(cluster, "delete", "pod", pod.name)
            #expect(deleted == 0, "\(deleteOutput)")
            #expect(try await cluster.pod(pod.name) == nil)
        }
    }
}
