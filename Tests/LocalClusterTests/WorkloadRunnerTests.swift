#if canImport(Glibc)
import Glibc
#endif
import Foundation
import HTTP
import KubeCore
@testable import LocalCluster
import StrictJSON
import Testing

/// Deployments, ReplicaSets and Pods run as local processes (the fixture stands in for the
/// project's images), driven over real TLS like kubectl drives them.
@Suite(.serialized) struct WorkloadRunnerTests {
    @Test func aDeploymentRollsOutReadyPods() async throws {
        try await WorkloadCluster.with { cluster in
            _ = try await cluster.create(WorkloadSamples.deployment("web", replicas: 2))
            let deployment = try await eventually("the rollout") {
                let deployment = try await cluster.deployment("web")
                return WorkloadSamples.rolledOut(deployment) ? Optional(deployment) : nil
            }
            #expect(deployment["status"]?["observedGeneration"] == 1)
            #expect(deployment["status"]?["readyReplicas"] == 2)
            #expect(deployment["metadata"]?["annotations"]?["deployment.kubernetes.io/revision"] == "1")
            #expect(WorkloadSamples.condition("Available", of: deployment)?["reason"] == "MinimumReplicasAvailable")
            // The last step of a rollout may land a moment after the counts.
            let progressing = try await eventually("Progressing NewReplicaSetAvailable") {
                let condition = WorkloadSamples.condition("Progressing", of: try await cluster.deployment("web"))
                return condition?["reason"] == "NewReplicaSetAvailable" ? condition : nil
            }
            #expect(progressing["status"] == "True")

            let (_, sets) = try await cluster.send(.get, "/apis/apps/v1/namespaces/default/replicasets")
            let rs = try #require(sets["items"]?.arrayValue?.first)
            let hash = try #require(rs["metadata"]?["labels"]?["pod-template-hash"]?.stringValue)
            #expect(rs.name == "web-\(hash)")
            #expect(rs["metadata"]?["ownerReferences"]?[0]?["controller"] == true)
            #expect(rs["metadata"]?["ownerReferences"]?[0]?["uid"] == deployment["metadata"]?["uid"])
            #expect(rs["status"]?["readyReplicas"] == 2)

            let pods = try await cluster.pods("app=web")
            #expect(pods.count == 2)
            for pod in pods {
                #expect(pod.name.hasPrefix("web-\(hash)-") && pod.name.count == "web-\(hash)-".count + 5)
                #expect(pod["metadata"]?["labels"]?["pod-template-hash"]?.stringValue == hash)
                #expect(pod["metadata"]?["ownerReferences"]?[0]?["kind"] == "ReplicaSet")
                #expect(pod["spec"]?["nodeName"] == "eventmesh-local")
                #expect(pod["status"]?["phase"] == "Running")
                #expect(pod["status"]?["podIP"] == "127.0.0.1")
                #expect(WorkloadSamples.condition("Ready", of: pod)?["status"] == "True")
                let container = try #require(WorkloadSamples.containerStatus(pod))
                #expect(container["ready"] == true)
                #expect(container["state"]?["running"]?["startedAt"] != nil)
                // Each replica listens on its own port, which its readiness probe reached.
                let port = try #require(pod["metadata"]?["annotations"]?[PodWorker.portAnnotation]?.stringValue)
                let answer = try await HTTPClient().send(HTTPRequest(url: "http://127.0.0.1:\(port)/readyz", timeout: .seconds(5)))
                #expect(answer.status == 200)
            }
            #expect(Set(pods.compactMap { $0["metadata"]?["annotations"]?[PodWorker.portAnnotation] }).count == 2)
        }
    }

    @Test func aDeploymentScalesUpAndDown() async throws {
        try await WorkloadCluster.with { cluster in
            _ = try await cluster.create(WorkloadSamples.deployment("scaled", replicas: 2))
            _ = try await eventually("2 replicas") { WorkloadSamples.rolledOut(try await cluster.deployment("scaled")) ? true : nil }

            try await cluster.patch("/apis/apps/v1/namespaces/default/deployments/scaled", ["spec": ["replicas": 3]])
            let three = try await eventually("3 available replicas") {
                let deployment = try await cluster.deployment("scaled")
                return WorkloadSamples.rolledOut(deployment) && deployment["status"]?["availableReplicas"] == 3 ? Optional(deployment) : nil
            }
            #expect(three["status"]?["observedGeneration"] == 2)
            #expect(try await cluster.pods("app=scaled").count == 3)

            try await cluster.patch("/apis/apps/v1/namespaces/default/deployments/scaled", ["spec": ["replicas": 1]])
            _ = try await eventually("1 replica left") {
                let deployment = try await cluster.deployment("scaled")
                let pods = try await cluster.pods("app=scaled")
                return WorkloadSamples.rolledOut(deployment) && deployment["status"]?["replicas"] == 1 && pods.count == 1 ? true : nil
            }
            // Still one ReplicaSet: scaling is not a new revision.
            let (_, sets) = try await cluster.send(.get, "/apis/apps/v1/namespaces/default/replicasets")
            #expect(sets["items"]?.arrayValue?.count == 1)
            #expect(sets["items"]?[0]?["spec"]?["replicas"] == 1)
        }
    }

    @Test func aTemplateChangeRollsToANewReplicaSet() async throws {
        try await WorkloadCluster.with { cluster in
            _ = try await cluster.create(WorkloadSamples.deployment("rolling", replicas: 2))
            _ = try await eventually("the first rollout") { WorkloadSamples.rolledOut(try await cluster.deployment("rolling")) ? true : nil }
            let oldPods = Set(try await cluster.pods("app=rolling").map(\.name))

            try await cluster.patch("/apis/apps/v1/namespaces/default/deployments/rolling",
                                    ["spec": ["template": ["metadata": ["annotations": ["version": "2"]]]]])
            let deployment = try await eventually("the second rollout") {
                let deployment = try await cluster.deployment("rolling")
                return deployment.generation == 2 && WorkloadSamples.rolledOut(deployment) ? Optional(deployment) : nil
            }
            #expect(deployment["metadata"]?["annotations"]?["deployment.kubernetes.io/revision"] == "2")
            let (_, sets) = try await cluster.send(.get, "/apis/apps/v1/namespaces/default/replicasets")
            let replicaSets = sets["items"]?.arrayValue ?? []
            #expect(replicaSets.count == 2)
            let current = try #require(replicaSets.first { $0["metadata"]?["annotations"]?["deployment.kubernetes.io/revision"] == "2" })
            let previous = try #require(replicaSets.first { $0["metadata"]?["annotations"]?["deployment.kubernetes.io/revision"] == "1" })
            #expect(current["spec"]?["replicas"] == 2)
            #expect(previous["spec"]?["replicas"] == 0)
            let hash = try #require(current["metadata"]?["labels"]?["pod-template-hash"]?.stringValue)
            _ = try await eventually("the old pods gone") {
                let pods = try await cluster.pods("app=rolling")
                let names = Set(pods.map(\.name))
                return pods.count == 2 && names.isDisjoint(with: oldPods)
                    && pods.allSatisfy({ $0["metadata"]?["labels"]?["pod-template-hash"]?.stringValue == hash }) ? true : nil
            }
            #expect(await cluster.plane.store.get(WorkloadResources.replicaSets, previous.objectKey)?["status"]?["replicas"] == 0)
        }
    }

    @Test func aCrashingContainerBacksOffAndKeepsItsPreviousLog() async throws {
        try await WorkloadCluster.with { cluster in
            _ = try await cluster.create(WorkloadSamples.pod("crasher", ["--exit-after-ms", "100", "--exit-code", "3"]))
            var sawBackOff = false
            let status = try await eventually("three restarts") {
                let status = WorkloadSamples.containerStatus(try await cluster.pod("crasher"))
                if status?["state"]?["waiting"]?["reason"] == "CrashLoopBackOff" {
                    sawBackOff = true
                    #expect(status?["state"]?["waiting"]?["message"]?.stringValue?.hasPrefix("back-off ") == true)
                }
                return (status?["restartCount"]?.int64Value ?? 0) >= 3 && sawBackOff ? status : nil
            }
            #expect(sawBackOff)
            #expect(status["lastState"]?["terminated"]?["exitCode"] == 3)
            #expect(status["lastState"]?["terminated"]?["reason"] == "Error")
            #expect(status["ready"] == false)
            #expect(try await cluster.pod("crasher")?["status"]?["phase"] == "Running")
            let (code, previous) = try await cluster.text("/api/v1/namespaces/default/pods/crasher/log?previous=true")
            #expect(code == 200)
            #expect(previous.contains("exiting with 3"))
        }
    }

    @Test func environmentComesFromValuesConfigMapsSecretsAndTheDownwardAPI() async throws {
        try await WorkloadCluster.with { cluster in
            _ = try await cluster.create(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "settings"], "data": ["greeting": "hola"]])
            _ = try await cluster.create(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "credentials"],
                                          "data": ["password": .string(Data("s3cr3t".utf8).base64EncodedString())]])
            let env: [JSONValue] = [
                ["name": "PLAIN", "value": "plain-$(GREETING)"],
                ["name": "GREETING", "valueFrom": ["configMapKeyRef": ["name": "settings", "key": "greeting"]]],
                ["name": "EXPANDED", "value": "$(GREETING)-$$(GREETING)-$(UNKNOWN)"],
                ["name": "PASSWORD", "valueFrom": ["secretKeyRef": ["name": "credentials", "key": "password"]]],
                ["name": "POD_NAME", "valueFrom": ["fieldRef": ["fieldPath": "metadata.name"]]],
                ["name": "POD_NAMESPACE", "valueFrom": ["fieldRef": ["fieldPath": "metadata.namespace"]]],
                ["name": "APP", "valueFrom": ["fieldRef": ["fieldPath": "metadata.labels['app']"]]],
                ["name": "POD_IP", "valueFrom": ["fieldRef": ["fieldPath": "status.podIP"]]],
                ["name": "MISSING", "valueFrom": ["configMapKeyRef": ["name": "nowhere", "key": "x", "optional": true]]],
            ]
            let names = "PLAIN,GREETING,EXPANDED,PASSWORD,POD_NAME,POD_NAMESPACE,APP,POD_IP,MISSING,PORT,HOSTNAME"
            _ = try await cluster.create(WorkloadSamples.pod("env", ["--print-env", names, "--say", "$(GREETING) from $(POD_NAME)"], env: env))
            let log = try await eventually("the printed environment") {
                let (code, text) = try await cluster.text("/api/v1/namespaces/default/pods/env/log")
                return code == 200 && text.contains("say: ") ? text : nil
            }
            let pod = try #require(try await cluster.pod("env"))
            let port = try #require(pod["metadata"]?["annotations"]?[PodWorker.portAnnotation]?.stringValue)
            for line in ["PLAIN=plain-$(GREETING)", "GREETING=hola", "EXPANDED=hola-$(GREETING)-$(UNKNOWN)", "PASSWORD=s3cr3t",
                         "POD_NAME=env", "POD_NAMESPACE=default", "APP=fixture", "POD_IP=127.0.0.1", "MISSING=<unset>",
                         "PORT=\(port)", "HOSTNAME=env", "say: hola from env"] {
                #expect(log.contains(line + "\n"), "\(line) in \(log)")
            }

            // A required key that does not exist keeps the container from starting, with the reason.
            _ = try await cluster.create(WorkloadSamples.pod("misconfigured", env: [
                ["name": "X", "valueFrom": ["secretKeyRef": ["name": "credentials", "key": "absent"]]]]))
            let waiting = try await eventually("CreateContainerConfigError") {
                let state = WorkloadSamples.containerStatus(try await cluster.pod("misconfigured"))?["state"]?["waiting"]
                return state?["reason"] == "CreateContainerConfigError" ? state : nil
            }
            #expect(waiting["message"] == "couldn't find key absent in Secret default/credentials")
        }
    }

    @Test func logsHonourTailLimitTimestampsAndFollow() async throws {
        try await WorkloadCluster.with { cluster in
            _ = try await cluster.create(WorkloadSamples.pod("talker", ["--lines", "5", "--stderr", "to stderr", "--tick-ms", "300"]))
            let base = "/api/v1/namespaces/default/pods/talker/log"
            let all = try await eventually("five lines and stderr") {
                let (code, text) = try await cluster.text(base)
                return code == 200 && text.contains("line 5\n") && text.contains("to stderr\n") ? text : nil
            }
            #expect(all.hasPrefix("started pid="))

            let (_, tail) = try await cluster.text(base + "?tailLines=2")
            #expect(tail.split(separator: "\n").count == 2)
            #expect(all.hasSuffix(tail) || tail.contains("tick"))

            let (_, limited) = try await cluster.text(base + "?limitBytes=7")
            #expect(limited == "started")

            let (_, stamped) = try await cluster.text(base + "?timestamps=true&tailLines=1")
            let stamp = try #require(stamped.split(separator: " ").first)
            #expect(Timestamp(rfc3339: String(stamp)) != nil && stamp.hasSuffix("Z"))

            // Following: the lines already there, then new ones as they come.
            let stream = try await cluster.client.stream(HTTPRequest(url: cluster.url(base + "?follow=true&tailLines=1"), timeout: .seconds(30)))
            #expect(stream.status == 200)
            #expect(stream.headers["Content-Type"]?.hasPrefix("text/plain") == true)
            var lines: [String] = []
            for try await line in stream.body.lines() {
                lines.append(String(decoding: line, as: UTF8.self))
                if lines.count == 3 { break }
            }
            stream.body.cancel()
            #expect(lines.count == 3)
            #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("tick ") })

            // The real server's refusals.
            let (missing, notFound) = try await cluster.send(.get, "/api/v1/namespaces/default/pods/nobody/log")
            #expect(missing == 404)
            #expect(notFound["message"] == #"pods "nobody" not found"#)
            let (wrong, invalid) = try await cluster.send(.get, base + "?container=sidecar")
            #expect(wrong == 400)
            #expect(invalid["message"] == "container sidecar is not valid for pod talker")
            let (noPrevious, previous) = try await cluster.send(.get, base + "?previous=true")
            #expect(noPrevious == 400)
            #expect(previous["message"] == #"previous terminated container "app" in pod "talker" not found"#)
        }
    }

    @Test func aFollowedLogEndsWhenThePodIsDeleted() async throws {
        try await WorkloadCluster.with { cluster in
            _ = try await cluster.create(WorkloadSamples.pod("leaving", ["--tick-ms", "200"], grace: 1))
            _ = try await eventually("running") {
                WorkloadSamples.containerStatus(try await cluster.pod("leaving"))?["state"]?["running"] != nil ? true : nil
            }
            let stream = try await cluster.client.stream(HTTPRequest(url: cluster.url("/api/v1/namespaces/default/pods/leaving/log?follow=1"),
                                                                     timeout: .seconds(30)))
            let (status, marked) = try await cluster.send(.delete, "/api/v1/namespaces/default/pods/leaving")
            #expect(status == 200)
            #expect(marked["metadata"]?["deletionTimestamp"] != nil)
            #expect(marked["metadata"]?["deletionGracePeriodSeconds"] == 1)
            // The stream ends by itself once the container has stopped.
            let text = String(decoding: try await stream.collect(), as: UTF8.self)
            #expect(text.contains("terminating\n"))
        }
    }

    @Test func anImageThatCannotRunLocallyStaysPending() async throws {
        try await WorkloadCluster.with { cluster in
            _ = try await cluster.create(WorkloadSamples.pod("elsewhere", image: "docker.io/library/nginx:1.27"))
            let pod = try await eventually("the waiting reason") {
                let pod = try await cluster.pod("elsewhere")
                return WorkloadSamples.containerStatus(pod)?["state"]?["waiting"]?["reason"] == "ImageNotRunnableLocally" ? pod : nil
            }
            #expect(pod["status"]?["phase"] == "Pending")
            #expect(pod["spec"]?["nodeName"] == "eventmesh-local")
            #expect(WorkloadSamples.condition("Ready", of: pod)?["status"] == "False")
            let message = WorkloadSamples.containerStatus(pod)?["state"]?["waiting"]?["message"]?.stringValue ?? ""
            #expect(message.contains("docker.io/library/nginx:1.27"))
            let (code, status) = try await cluster.send(.get, "/api/v1/namespaces/default/pods/elsewhere/log")
            #expect(code == 400)
            #expect(status["message"] == #"container "app" in pod "elsewhere" is waiting to start: ImageNotRunnableLocally"#)
            // Such a pod never ran: deleting it removes it at once.
            let (deleted, _) = try await cluster.send(.delete, "/api/v1/namespaces/default/pods/elsewhere")
            #expect(deleted == 200)
            #expect(try await cluster.pod("elsewhere") == nil)
        }
    }

    @Test func deletingAPodStopsItsProcess() async throws {
        try await WorkloadCluster.with { cluster in
            _ = try await cluster.create(WorkloadSamples.pod("polite"))
            _ = try await cluster.create(WorkloadSamples.pod("stubborn", ["--ignore-sigterm"], labels: ["app": "stubborn"], grace: 1))
            var pids: [String: pid_t] = [:]
            for name in ["polite", "stubborn"] {
                pids[name] = try await eventually("\(name) running") {
                    let id = WorkloadSamples.containerStatus(try await cluster.pod(name))?["containerID"]?.stringValue
                    return id.flatMap { pid_t($0.replacingOccurrences(of: "eventmesh-local://", with: "")) }
                }
                #expect(kill(pids[name]!, 0) == 0)
            }
            for name in ["polite", "stubborn"] {
                let (status, _) = try await cluster.send(.delete, "/api/v1/namespaces/default/pods/\(name)")
                #expect(status == 200)
            }
            for name in ["polite", "stubborn"] {
                _ = try await eventually("\(name) removed") { try await cluster.pod(name) == nil ? true : nil }
                // SIGTERM for the polite one; SIGKILL after the grace period for the other.
                #expect(kill(pids[name]!, 0) == -1 && errno == ESRCH)
            }
            // The logs went with the pods.
            #expect(!FileManager.default.fileExists(atPath: cluster.stateDirectory + "/pods/default_polite"))
        }
    }

    @Test func podsRunAgainAfterARestartOfTheControlPlane() async throws {
        let first = try await WorkloadCluster()
        _ = try await first.create(WorkloadSamples.pod("survivor"))
        let pid = try await eventually("running and ready") { () async throws -> pid_t? in
            let status = WorkloadSamples.containerStatus(try await first.pod("survivor"))
            guard status?["ready"] == true else { return nil }
            return status?["containerID"]?.stringValue.flatMap { pid_t($0.replacingOccurrences(of: "eventmesh-local://", with: "")) }
        }
        await first.stop(keepState: true)
        #expect(kill(pid, 0) == -1)

        let second = try await WorkloadCluster(stateDirectory: first.stateDirectory)
        let status = try await eventually("running again") {
            let status = WorkloadSamples.containerStatus(try await second.pod("survivor"))
            return status?["state"]?["running"] != nil && status?["ready"] == true ? status : nil
        }
        #expect(status["restartCount"] == 1)
        #expect(status["lastState"]?["terminated"]?["reason"] == "Unknown")
        let (_, previous) = try await second.text("/api/v1/namespaces/default/pods/survivor/log?previous=true")
        #expect(previous.contains("terminating\n"))
        await second.stop()
    }
}
