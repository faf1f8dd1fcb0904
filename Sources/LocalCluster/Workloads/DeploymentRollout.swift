import KubeCore
import StrictJSON

/// The deployment controller's arithmetic, as pure functions of a Deployment and its
/// ReplicaSets: how many replicas each ReplicaSet should have next (rolling update with
/// maxSurge/maxUnavailable, or recreate), and the status to report. Follows the upstream
/// controller (`pkg/controller/deployment`), one sync at a time.
enum DeploymentRollout {
    /// The replicas each ReplicaSet should have, by name (only those that change).
    typealias Scaling = [String: Int]

    // MARK: strategy parameters

    static func isRecreate(_ deployment: JSONValue) -> Bool {
        deployment["spec"]?["strategy"]?["type"]?.stringValue == "Recreate"
    }

    /// `maxSurge` and `maxUnavailable` resolved against the desired replicas (surge rounds up,
    /// unavailability down; both zero means one may be unavailable), as `ResolveFenceposts` does.
    static func fenceposts(_ deployment: JSONValue) -> (surge: Int, unavailable: Int) {
        guard !isRecreate(deployment) else { return (0, 0) }
        let desired = deployment.specReplicas
        let rolling = deployment["spec"]?["strategy"]?["rollingUpdate"]
        let surge = resolve(rolling?["maxSurge"], of: desired, roundUp: true)
        var unavailable = resolve(rolling?["maxUnavailable"], of: desired, roundUp: false)
        if surge == 0 && unavailable == 0 { unavailable = 1 }
        return (surge, min(unavailable, desired))
    }

    /// An int-or-percent (`2`, `"25%"`) against `total`; absent means 25%.
    static func resolve(_ value: JSONValue?, of total: Int, roundUp: Bool) -> Int {
        if let integer = value?.int64Value { return max(0, Int(integer)) }
        let text = value?.stringValue ?? "25%"
        guard text.hasSuffix("%"), let percent = Int(text.dropLast()) else { return Int(text) ?? 0 }
        let scaled = percent * total
        return max(0, roundUp ? (scaled + 99) / 100 : scaled / 100)
    }

    // MARK: scaling

    /// The next replica counts for a Deployment whose current template `newRS` already has a
    /// ReplicaSet, with `old` the other ReplicaSets it owns (oldest first).
    static func scaling(_ deployment: JSONValue, newRS: JSONValue, old: [JSONValue]) -> Scaling {
        var replicas = Dictionary(uniqueKeysWithValues: ([newRS] + old).map { ($0.name, $0.specReplicas) })
        let desired = deployment.specReplicas
        if isRecreate(deployment) {
            for rs in old { replicas[rs.name] = 0 }
            // The new pods start only once every old pod is gone.
            let oldRunning = old.reduce(0) { $0 + $1.statusCount("replicas") }
            if oldRunning == 0 && old.allSatisfy({ $0.specReplicas == 0 }) { replicas[newRS.name] = desired }
        } else {
            let (surge, unavailable) = fenceposts(deployment)
            // Scale the new ReplicaSet up, within maxSurge.
            let newCount = newRS.specReplicas
            if newCount > desired {
                replicas[newRS.name] = desired
            } else if newCount < desired {
                let current = replicas.values.reduce(0, +)
                let room = desired + surge - current
                if room > 0 { replicas[newRS.name] = newCount + min(room, desired - newCount) }
            }
            // Scale old ReplicaSets down, keeping at least desired - maxUnavailable available.
            let minAvailable = desired - unavailable
            let allCount = replicas.values.reduce(0, +)
            let newUnavailable = max(0, replicas[newRS.name, default: 0] - newRS.statusCount("availableReplicas"))
            var budget = allCount - minAvailable - newUnavailable
            if budget > 0 {
                // Unhealthy old replicas go first: they count for nothing.
                for rs in old where budget > 0 {
                    let unhealthy = replicas[rs.name, default: 0] - rs.statusCount("availableReplicas")
                    guard unhealthy > 0 else { continue }
                    let cut = min(unhealthy, budget)
                    replicas[rs.name, default: 0] -= cut
                    budget -= cut
                }
                let available = ([newRS] + old).reduce(0) { $0 + min($1.statusCount("availableReplicas"), replicas[$1.name, default: 0]) }
                var excess = available - minAvailable
                for rs in old where excess > 0 && replicas[rs.name, default: 0] > 0 {
                    let cut = min(replicas[rs.name, default: 0], excess)
                    replicas[rs.name, default: 0] -= cut
                    excess -= cut
                }
            }
        }
        return replicas.filter { name, count in
            ([newRS] + old).first { $0.name == name }?.specReplicas != count
        }
    }

    /// Replicas for a new ReplicaSet about to be created next to `old`.
    static func initialReplicas(_ deployment: JSONValue, old: [JSONValue]) -> Int {
        let desired = deployment.specReplicas
        if isRecreate(deployment) {
            let oldActive = old.reduce(0) { $0 + $1.specReplicas + $1.statusCount("replicas") }
            return oldActive == 0 ? desired : 0
        }
        let current = old.reduce(0) { $0 + $1.specReplicas }
        return max(0, min(desired, desired + fenceposts(deployment).surge - current))
    }

    /// Old ReplicaSets past `revisionHistoryLimit` (default 10) that hold no pods, oldest first.
    static func expired(_ deployment: JSONValue, old: [JSONValue]) -> [JSONValue] {
        let limit = Int(deployment["spec"]?["revisionHistoryLimit"]?.int64Value ?? 10)
        let idle = old.filter { $0.specReplicas == 0 && $0.statusCount("replicas") == 0 && !$0.isTerminating }
        return Array(idle.prefix(max(0, idle.count - limit)))
    }

    /// The revision the next new ReplicaSet gets: one more than any the Deployment owns.
    static func nextRevision(_ replicaSets: [JSONValue]) -> Int {
        (replicaSets.compactMap { Int($0.annotations[WorkloadResources.revisionAnnotation] ?? "") }.max() ?? 0) + 1
    }

    // MARK: status

    /// The Deployment's status from its ReplicaSets, with the Available and Progressing
    /// conditions (`NewReplicaSetAvailable` once the rollout is complete; `ProgressDeadlineExceeded`
    /// when it made no progress for `progressDeadlineSeconds`).
    static func status(_ deployment: JSONValue, newRS: JSONValue?, all: [JSONValue], now: Timestamp,
                       createdNewRS: Bool) -> JSONValue {
        let old = deployment["status"] ?? [:]
        let desired = deployment.specReplicas
        let sum = { (field: String) in all.reduce(0) { $0 + $1.statusCount(field) } }
        let available = sum("availableReplicas")
        let total = all.reduce(0) { $0 + $1.specReplicas }
        var status: JSONValue = [
            "observedGeneration": .integer(deployment.generation),
            "replicas": .integer(Int64(sum("replicas"))),
            "updatedReplicas": .integer(Int64(newRS?.statusCount("replicas") ?? 0)),
            "readyReplicas": .integer(Int64(sum("readyReplicas"))),
            "availableReplicas": .integer(Int64(available)),
            "unavailableReplicas": .integer(Int64(max(0, total - available))),
        ]
        if let collisions = old["collisionCount"] { status["collisionCount"] = collisions }
        // Zero counts are omitted, as Go's omitempty does.
        for field in ["replicas", "updatedReplicas", "readyReplicas", "availableReplicas", "unavailableReplicas"]
            where status[field] == .integer(0) { status[field] = nil }

        var conditions = old["conditions"]?.arrayValue ?? []
        let minimum = available >= desired - fenceposts(deployment).unavailable
        conditions = WorkloadConditions.set(minimum
            ? ["type": "Available", "status": "True", "reason": "MinimumReplicasAvailable", "message": "Deployment has minimum availability."]
            : ["type": "Available", "status": "False", "reason": "MinimumReplicasUnavailable", "message": "Deployment does not have minimum availability."],
            in: conditions, now: now, updateTime: true)

        let progressing = conditions.first { $0["type"] == "Progressing" }
        let rsName = newRS?.name ?? ""
        let count = { (value: JSONValue, field: String) in Int(value[field]?.int64Value ?? 0) }
        if createdNewRS {
            conditions = WorkloadConditions.set(["type": "Progressing", "status": "True", "reason": "NewReplicaSetCreated",
                                                 "message": .string("Created new replica set \"\(rsName)\"")],
                                                in: conditions, now: now, updateTime: true)
        } else if newRS != nil && progressing == nil {
            conditions = WorkloadConditions.set(["type": "Progressing", "status": "True", "reason": "FoundNewReplicaSet",
                                                 "message": .string("Found new replica set \"\(rsName)\"")],
                                                in: conditions, now: now, updateTime: true)
        }
        let settled = count(status, "replicas") == count(status, "updatedReplicas")
            && progressing?["reason"] == "NewReplicaSetAvailable"
        if !createdNewRS && !settled {
            let complete = count(status, "updatedReplicas") == desired && count(status, "replicas") == desired
                && available == desired
            let progressed = count(status, "updatedReplicas") > count(old, "updatedReplicas")
                || count(status, "replicas") - count(status, "updatedReplicas") < count(old, "replicas") - count(old, "updatedReplicas")
                || count(status, "readyReplicas") > count(old, "readyReplicas")
                || available > count(old, "availableReplicas")
            let current = conditions.first { $0["type"] == "Progressing" }
            if complete {
                conditions = WorkloadConditions.set(["type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable",
                                                     "message": .string("ReplicaSet \"\(rsName)\" has successfully progressed.")],
                                                    in: conditions, now: now, updateTime: true)
            } else if progressed {
                var condition: JSONValue = ["type": "Progressing", "status": "True", "reason": "ReplicaSetUpdated",
                                            "message": .string("ReplicaSet \"\(rsName)\" is progressing."),
                                            "lastUpdateTime": .string(now.description), "lastTransitionTime": .string(now.description)]
                if current?["status"] == "True" { condition["lastTransitionTime"] = current?["lastTransitionTime"] }
                conditions = conditions.filter { $0["type"] != "Progressing" } + [condition]
            } else if let deadline = progressDeadline(deployment, condition: current), deadline < now,
                      current?["reason"] != "ProgressDeadlineExceeded" {
                conditions = WorkloadConditions.set(["type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded",
                                                     "message": .string("ReplicaSet \"\(rsName)\" has timed out progressing.")],
                                                    in: conditions, now: now, updateTime: true)
            }
        }
        // Upstream order: Available before Progressing.
        status["conditions"] = .array(conditions.sorted { ($0["type"]?.stringValue ?? "") < ($1["type"]?.stringValue ?? "") })
        return status
    }

    /// When a rollout that has not completed counts as stuck: `progressDeadlineSeconds`
    /// (default 600) after the Progressing condition last saw progress.
    static func progressDeadline(_ deployment: JSONValue, condition: JSONValue?) -> Timestamp? {
        guard let condition, condition["reason"] != "NewReplicaSetAvailable",
              let updated = condition["lastUpdateTime"]?.stringValue.flatMap(Timestamp.init(rfc3339:)) else { return nil }
        let seconds = deployment["spec"]?["progressDeadlineSeconds"]?.int64Value ?? 600
        return Timestamp(secondsSinceEpoch: updated.secondsSinceEpoch + seconds)
    }
}
