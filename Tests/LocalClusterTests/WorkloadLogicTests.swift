import Foundation
import KubeCore
@testable import LocalCluster
import StrictJSON
import Testing

/// The workload runner's pure parts: rollout arithmetic, template hashes, `$(VAR)` expansion,
/// image names, backoff, log selection and the log endpoint's choice of run.
struct WorkloadLogicTests {
    func deployment(replicas: Int, surge: JSONValue? = nil, unavailable: JSONValue? = nil) -> JSONValue {
        var rolling: JSONValue = [:]
        if let surge { rolling["maxSurge"] = surge }
        if let unavailable { rolling["maxUnavailable"] = unavailable }
        return ["metadata": ["name": "d", "generation": 1],
                "spec": ["replicas": .integer(Int64(replicas)), "strategy": ["rollingUpdate": rolling]]]
    }

    func replicaSet(_ name: String, replicas: Int, available: Int) -> JSONValue {
        ["metadata": ["name": .string(name)], "spec": ["replicas": .integer(Int64(replicas))],
         "status": ["replicas": .integer(Int64(replicas)), "availableReplicas": .integer(Int64(available))]]
    }

    @Test func fencepostsRoundSurgeUpAndUnavailabilityDown() {
        #expect(DeploymentRollout.fenceposts(deployment(replicas: 2)) == (1, 0))
        #expect(DeploymentRollout.fenceposts(deployment(replicas: 10)) == (3, 2))
        #expect(DeploymentRollout.fenceposts(deployment(replicas: 3, surge: 0, unavailable: "0%")) == (0, 1))
        #expect(DeploymentRollout.fenceposts(deployment(replicas: 4, surge: "50%", unavailable: 2)) == (2, 2))
    }

    @Test func aRollingUpdateSurgesThenRetiresOldReplicasAsNewOnesBecomeAvailable() {
        let d = deployment(replicas: 2)
        #expect(DeploymentRollout.initialReplicas(d, old: [replicaSet("old", replicas: 2, available: 2)]) == 1)
        // New pod not available yet: nothing more to do within maxSurge 1 / maxUnavailable 0.
        #expect(DeploymentRollout.scaling(d, newRS: replicaSet("new", replicas: 1, available: 0),
                                          old: [replicaSet("old", replicas: 2, available: 2)]).isEmpty)
        // It became available: one old replica goes.
        #expect(DeploymentRollout.scaling(d, newRS: replicaSet("new", replicas: 1, available: 1),
                                          old: [replicaSet("old", replicas: 2, available: 2)]) == ["old": 1])
        // Then the new one grows again, and the last old one goes once that is available.
        #expect(DeploymentRollout.scaling(d, newRS: replicaSet("new", replicas: 1, available: 1),
                                          old: [replicaSet("old", replicas: 1, available: 1)]) == ["new": 2])
        #expect(DeploymentRollout.scaling(d, newRS: replicaSet("new", replicas: 2, available: 2),
                                          old: [replicaSet("old", replicas: 1, available: 1)]) == ["old": 0])
        // Unhealthy old replicas go first, without waiting, as far as maxUnavailable allows.
        #expect(DeploymentRollout.scaling(deployment(replicas: 2, surge: 0, unavailable: 1),
                                          newRS: replicaSet("new", replicas: 0, available: 0),
                                          old: [replicaSet("old", replicas: 2, available: 0)]) == ["old": 1])
    }

    @Test func scalingAndRecreate() {
        #expect(DeploymentRollout.scaling(deployment(replicas: 3), newRS: replicaSet("rs", replicas: 2, available: 2), old: []) == ["rs": 3])
        #expect(DeploymentRollout.scaling(deployment(replicas: 1), newRS: replicaSet("rs", replicas: 3, available: 3), old: []) == ["rs": 1])
        var recreate = deployment(replicas: 2)
        recreate["spec"]?["strategy"] = ["type": "Recreate"]
        #expect(DeploymentRollout.scaling(recreate, newRS: replicaSet("new", replicas: 0, available: 0),
                                          old: [replicaSet("old", replicas: 2, available: 2)]) == ["old": 0])
        #expect(DeploymentRollout.scaling(recreate, newRS: replicaSet("new", replicas: 0, available: 0),
                                          old: [replicaSet("old", replicas: 0, available: 0)]) == ["new": 2])
    }

    @Test func statusReportsCountsAndConditionsAsRolloutStatusReadsThem() {
        let now = Timestamp(secondsSinceEpoch: 1_800_000_000)
        var d = deployment(replicas: 2)
        let rs = replicaSet("d-abc", replicas: 2, available: 2).settingAnnotation(WorkloadResources.revisionAnnotation, "1")
        var ready = rs
        ready["status"]?["readyReplicas"] = 2
        d["status"] = DeploymentRollout.status(d, newRS: ready, all: [ready], now: now, createdNewRS: false)
        #expect(d["status"]?["observedGeneration"] == 1)
        #expect(d["status"]?["updatedReplicas"] == 2 && d["status"]?["availableReplicas"] == 2 && d["status"]?["readyReplicas"] == 2)
        #expect(d["status"]?["unavailableReplicas"] == nil)
        #expect(d["status"]?["conditions"]?[0]?["type"] == "Available")
        #expect(d["status"]?["conditions"]?[1]?["reason"] == "NewReplicaSetAvailable")
        #expect(d["status"]?["conditions"]?[1]?["message"] == #"ReplicaSet "d-abc" has successfully progressed."#)
        // Unchanged input, later: the same status (transition and update times are kept).
        let again = DeploymentRollout.status(d, newRS: ready, all: [ready], now: Timestamp(secondsSinceEpoch: 1_800_000_100), createdNewRS: false)
        #expect(again == d["status"])
    }

    @Test func aStuckRolloutExceedsItsProgressDeadline() {
        let start = Timestamp(secondsSinceEpoch: 1_800_000_000)
        var d = deployment(replicas: 1)
        d["spec"]?["progressDeadlineSeconds"] = 30
        let rs = replicaSet("d-abc", replicas: 1, available: 0)
        d["status"] = DeploymentRollout.status(d, newRS: rs, all: [rs], now: start, createdNewRS: true)
        #expect(WorkloadConditions.find("Progressing", in: d)?["reason"] == "NewReplicaSetCreated")
        d["status"] = DeploymentRollout.status(d, newRS: rs, all: [rs], now: Timestamp(secondsSinceEpoch: start.secondsSinceEpoch + 10), createdNewRS: false)
        #expect(WorkloadConditions.find("Progressing", in: d)?["status"] == "True")
        d["status"] = DeploymentRollout.status(d, newRS: rs, all: [rs], now: Timestamp(secondsSinceEpoch: start.secondsSinceEpoch + 31), createdNewRS: false)
        #expect(WorkloadConditions.find("Progressing", in: d)?["reason"] == "ProgressDeadlineExceeded")
        #expect(WorkloadConditions.find("Progressing", in: d)?["status"] == "False")
        #expect(WorkloadConditions.find("Available", in: d)?["reason"] == "MinimumReplicasUnavailable")
    }

    @Test func templateHashesAreStableAndUseTheSafeAlphabet() {
        let template: JSONValue = ["metadata": ["labels": ["app": "x"]], "spec": ["containers": [["name": "a", "image": "i"]]]]
        let hash = PodTemplateHash.of(template)
        #expect(hash == PodTemplateHash.of(template))
        #expect(hash != PodTemplateHash.of(template, collisionCount: 1))
        #expect(hash.allSatisfy { PodTemplateHash.alphabet.contains($0) } && (1...10).contains(hash.count))
        var labelled = template
        labelled["metadata"]?["labels"]?["pod-template-hash"] = .string(hash)
        #expect(PodTemplateHash.withoutHashLabel(labelled) == template)
    }

    @Test func variablesExpandTheKubernetesWay() {
        let variables = ["A": "1", "B": "two"]
        let expand = { (text: String) in ContainerLaunch.expand(text) { variables[$0] } }
        #expect(expand("$(A)-$(B)") == "1-two")
        #expect(expand("$$(A)") == "$(A)")
        #expect(expand("$(C)") == "$(C)")
        #expect(expand("$(A") == "$(A")
        #expect(expand("cost: $5 $") == "cost: $5 $")
        #expect(expand("$$$(A)") == "$1")
    }

    @Test func imageNamesLoseRegistryTagAndDigest() {
        #expect(WorkloadSettings.imageName("eventmesh-worker") == "eventmesh-worker")
        #expect(WorkloadSettings.imageName("ghcr.io/acme/eventmesh-worker:1.2") == "eventmesh-worker")
        #expect(WorkloadSettings.imageName("localhost:5000/eventmesh-operator@sha256:abc") == "eventmesh-operator")
        #expect(WorkloadSettings.imageName("registry:5000/team/eventmesh-worker:dev@sha256:abc") == "eventmesh-worker")
    }

    @Test func crashBackoffDoublesFromTheSecondRestartUpToTheCap() {
        var settings = WorkloadSettings(binDirectory: "/nowhere")
        #expect((1...7).map { settings.backoff(afterCrash: $0) } == [.zero, .seconds(10), .seconds(20), .seconds(40), .seconds(80), .seconds(160), .seconds(300)])
        settings.maxGracePeriod = .seconds(2)
        #expect(settings.grace(30) == .seconds(2) && settings.grace(1) == .seconds(1))
        if case .failure(let problem) = settings.executable(for: "nginx") {
            #expect(problem.message.contains("\"nginx\""))
        } else {
            Issue.record("nginx must not run locally")
        }
    }

    @Test func logSelectionTailsLimitsAndStamps() throws {
        let file = ContainerLog.encode(Array("one".utf8), stream: "stdout", partial: false, time: "2026-01-01T00:00:01.000000000Z")
            + ContainerLog.encode(Array("tw".utf8), stream: "stderr", partial: true, time: "2026-01-01T00:00:02.000000000Z")
            + ContainerLog.encode(Array("o".utf8), stream: "stderr", partial: false, time: "2026-01-01T00:00:02.000000001Z")
            + ContainerLog.encode(Array("three".utf8), stream: "stdout", partial: false, time: "2026-01-01T00:00:03.000000000Z")
            + Array("2026-01-01T00:00:04Z stdout F incompl".utf8)
        let (records, consumed) = ContainerLog.parse(file)
        #expect(records.count == 4 && consumed < file.count)
        func select(_ query: [String: [String]]) throws -> String {
            var selection = LogSelection(options: try PodLogs.Options(APIRequest(method: "GET", path: "/", query: query, headers: [], body: [])))
            return String(decoding: selection.take(records), as: UTF8.self)
        }
        #expect(try select([:]) == "one\ntwo\nthree\n")
        #expect(try select(["tailLines": ["2"]]) == "two\nthree\n")
        #expect(try select(["tailLines": ["0"]]) == "")
        #expect(try select(["limitBytes": ["5"]]) == "one\nt")
        #expect(try select(["timestamps": ["true"], "tailLines": ["1"]]) == "2026-01-01T00:00:03.000000000Z three\n")
        #expect(try select(["sinceTime": ["2026-01-01T00:00:02Z"]]) == "two\nthree\n")
        #expect(throws: APIError.self) { try select(["tailLines": ["x"]]) }
    }

    @Test func theLogOfWhichRunARequestReads() throws {
        let running: JSONValue = ["state": ["running": ["startedAt": "t"]], "lastState": ["terminated": ["exitCode": 1]]]
        let backingOff: JSONValue = ["state": ["waiting": ["reason": "CrashLoopBackOff"]], "lastState": ["terminated": ["exitCode": 1]]]
        let firstRun: JSONValue = ["state": ["running": ["startedAt": "t"]], "lastState": [:]]
        #expect(try PodLogs.logFile(for: running, container: "c", pod: "p", previous: false) == .current)
        #expect(try PodLogs.logFile(for: running, container: "c", pod: "p", previous: true) == .previous)
        #expect(try PodLogs.logFile(for: backingOff, container: "c", pod: "p", previous: false) == .current)
        #expect(try PodLogs.logFile(for: backingOff, container: "c", pod: "p", previous: true) == .current)
        #expect(throws: APIError.self) { try PodLogs.logFile(for: firstRun, container: "c", pod: "p", previous: true) }
        #expect(throws: APIError.self) {
            try PodLogs.logFile(for: ["state": ["waiting": ["reason": "ContainerCreating"]]], container: "c", pod: "p", previous: false)
        }
    }

    @Test func gracefulDeletionMarksARunningPodAndRemovesOneThatNeverRan() {
        let now = Timestamp(secondsSinceEpoch: 1_800_000_000)
        let running: JSONValue = ["metadata": ["name": "p"], "spec": ["nodeName": "eventmesh-local", "terminationGracePeriodSeconds": 5],
                                  "status": ["phase": "Running"]]
        #expect(PodDeletion.gracePeriod(of: running, requested: nil) == 5)
        #expect(PodDeletion.gracePeriod(of: running, requested: 0) == 0)
        #expect(PodDeletion.gracePeriod(of: ["spec": [:]], requested: 30) == 0)
        guard case .update(let marked) = PodDeletion.decide(running, grace: 5, now: now) else {
            Issue.record("a running pod is marked")
            return
        }
        #expect(marked["metadata"]?["deletionTimestamp"] == "2027-01-15T08:00:05Z")
        #expect(marked["metadata"]?["deletionGracePeriodSeconds"] == 5)
        guard case .unchanged = PodDeletion.decide(marked, grace: 30, now: now) else {
            Issue.record("a longer grace period changes nothing")
            return
        }
        guard case .delete = PodDeletion.decide(marked, grace: 0, now: now) else {
            Issue.record("a forced delete removes the pod")
            return
        }
    }

    @Test func aLogRotatesAtItsSizeLimitAndKeepsTheNewestLines() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eventmesh-log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("app.log").path
        let (output, error) = (Pipe(), Pipe())
        let writer = try ContainerLogWriter(path: path, output: output.fileHandleForReading, error: error.fileHandleForReading,
                                            maxFileBytes: 1_000)
        for number in 1...100 { output.fileHandleForWriting.write(Data("line \(number)\n".utf8)) }
        error.fileHandleForWriting.write(Data("no newline at the end".utf8))
        try output.fileHandleForWriting.close()
        try error.fileHandleForWriting.close()
        await writer.drained(within: .seconds(10))
        #expect(FileManager.default.fileExists(atPath: ContainerLog.rotated(path)))
        let kept = ContainerLog.read(path)
        #expect(kept.count <= 2_000)
        let lines = ContainerLog.parse(kept).records.map { String(decoding: $0.text, as: UTF8.self) }
        #expect(lines.suffix(2) == ["line 100", "no newline at the end"] || lines.suffix(2) == ["no newline at the end", "line 100"])
        #expect(!lines.contains("line 1"))
        try ContainerLog.move(path, to: directory.appendingPathComponent("app.previous.log").path)
        #expect(ContainerLog.read(path).isEmpty)
        #expect(ContainerLog.read(directory.appendingPathComponent("app.previous.log").path) == kept)
    }
}
