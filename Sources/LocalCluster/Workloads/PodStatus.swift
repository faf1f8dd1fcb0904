import KubeCore
import LocalProcesses
import StrictJSON

/// What the kubelet knows about one container of a pod.
struct ContainerRecord: Sendable {
    struct Termination: Sendable, Equatable {
        var exitCode: Int32
        var signal: Int32?
        var reason: String
        var message: String?
        var startedAt: Timestamp?
        var finishedAt: Timestamp
        var containerID: String?

        /// How `status` ended a run, in Kubernetes terms (a signal is exit code 128 + signal).
        init(_ status: ExitStatus, startedAt: Timestamp?, finishedAt: Timestamp, containerID: String?) {
            switch status {
            case .exited(let code): exitCode = code
            case .signaled(let number):
                exitCode = 128 + number
                signal = number
            }
            reason = exitCode == 0 ? "Completed" : "Error"
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.containerID = containerID
        }

        init(exitCode: Int32, reason: String, message: String? = nil, startedAt: Timestamp?, finishedAt: Timestamp, containerID: String?) {
            self.exitCode = exitCode
            self.reason = reason
            self.message = message
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.containerID = containerID
        }

        var json: JSONValue {
            var fields: JSONValue = ["exitCode": .integer(Int64(exitCode)), "reason": .string(reason),
                                     "finishedAt": .string(finishedAt.description)]
            if let signal { fields["signal"] = .integer(Int64(signal)) }
            if let message { fields["message"] = .string(message) }
            fields["startedAt"] = startedAt.map { .string($0.description) }
            fields["containerID"] = containerID.map { .string($0) }
            return fields
        }

        init?(_ json: JSONValue?) {
            guard let json, let code = json["exitCode"]?.int64Value else { return nil }
            exitCode = Int32(truncatingIfNeeded: code)
            signal = json["signal"]?.int64Value.map { Int32(truncatingIfNeeded: $0) }
            reason = json["reason"]?.stringValue ?? ""
            message = json["message"]?.stringValue
            startedAt = json["startedAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:))
            finishedAt = json["finishedAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)) ?? .now()
            containerID = json["containerID"]?.stringValue
        }
    }

    enum State: Sendable, Equatable {
        case waiting(reason: String, message: String?)
        case running(startedAt: Timestamp)
        case terminated(Termination)
    }

    var name: String
    var image: String
    var state: State = .waiting(reason: "ContainerCreating", message: nil)
    var lastTermination: Termination?
    var restartCount = 0
    var ready = false
    var started = false
    var containerID: String?

    var json: JSONValue {
        var status: JSONValue = ["name": .string(name), "image": .string(image), "imageID": "",
                                 "ready": .bool(ready), "started": .bool(started),
                                 "restartCount": .integer(Int64(restartCount)),
                                 "lastState": lastTermination.map { ["terminated": $0.json] } ?? [:]]
        switch state {
        case .waiting(let reason, let message):
            var waiting: JSONValue = ["reason": .string(reason)]
            if let message { waiting["message"] = .string(message) }
            status["state"] = ["waiting": waiting]
        case .running(let startedAt):
            status["state"] = ["running": ["startedAt": .string(startedAt.description)]]
            status["containerID"] = containerID.map { .string($0) }
        case .terminated(let termination):
            status["state"] = ["terminated": termination.json]
            status["containerID"] = termination.containerID.map { .string($0) }
        }
        return status
    }
}

/// A pod's status from its containers' records, as the kubelet reports it: phase, the
/// standard conditions (transition times kept while a condition holds), IPs (all 127.0.0.1
/// here), start time and container statuses.
enum PodStatusBuilder {
    static func status(of pod: JSONValue, containers: [ContainerRecord], startTime: Timestamp, now: Timestamp) -> JSONValue {
        let previous = pod["status"] ?? [:]
        let everStarted = containers.contains { $0.started || $0.lastTermination != nil }
        // A container is only left terminated when it will not restart.
        let finished = !containers.isEmpty && containers.allSatisfy { if case .terminated = $0.state { true } else { false } }
        let phase: String
        if finished {
            phase = containers.allSatisfy { if case .terminated(let t) = $0.state { t.exitCode == 0 } else { false } } ? "Succeeded" : "Failed"
        } else {
            phase = everStarted ? "Running" : "Pending"
        }
        let unready = containers.filter { !$0.ready }.map(\.name)
        func condition(_ type: String, _ ready: Bool, reason: String? = nil, message: String? = nil) -> JSONValue {
            var value: JSONValue = ["type": .string(type), "status": ready ? "True" : "False", "lastProbeTime": .null]
            if let reason, !ready { value["reason"] = .string(reason) }
            if let message, !ready { value["message"] = .string(message) }
            return value
        }
        let notReadyReason = phase == "Succeeded" || phase == "Failed" ? "PodCompleted" : "ContainersNotReady"
        let notReadyMessage: String? = notReadyReason == "PodCompleted" ? nil : "containers with unready status: [\(unready.joined(separator: " "))]"
        var conditions = previous["conditions"]?.arrayValue ?? []
        for new in [condition("PodReadyToStartContainers", !finished),
                    condition("Initialized", true),
                    condition("Ready", unready.isEmpty && !containers.isEmpty, reason: notReadyReason, message: notReadyMessage),
                    condition("ContainersReady", unready.isEmpty && !containers.isEmpty, reason: notReadyReason, message: notReadyMessage),
                    condition("PodScheduled", true)] {
            conditions = WorkloadConditions.set(new, in: conditions, now: now)
        }
        var status: JSONValue = [
            "phase": .string(phase),
            "conditions": .array(conditions),
            "hostIP": "127.0.0.1", "hostIPs": [["ip": "127.0.0.1"]],
            "podIP": "127.0.0.1", "podIPs": [["ip": "127.0.0.1"]],
            "startTime": .string(startTime.description),
            "qosClass": previous["qosClass"] ?? "BestEffort",
            "containerStatuses": .array(containers.map(\.json)),
        ]
        if previous["startTime"] != nil { status["startTime"] = previous["startTime"] }
        return status
    }
}
