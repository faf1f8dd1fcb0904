import KubeCore
import Logging
import StrictJSON

/// Keeps each ReplicaSet's number of pods at `spec.replicas`: creates pods from its template
/// (`generateName: <replicaset>-`, controlled by the ReplicaSet), deletes the least useful ones
/// gracefully (the kubelet stops them, then removes them), and reports how many are ready and
/// available. Pods whose ReplicaSet is gone are left to the garbage collector.
struct ReplicaSetController: Sendable {
    let store: ObjectStore
    let registry: ResourceRegistry
    var now: @Sendable () -> Timestamp = { .now() }
    var logger = Logger(label: "eventmesh-local.replicasets")

    func run() async {
        let loop = ControllerLoop<ObjectKey>(store: store, logger: logger)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await loop.feed(WorkloadResources.replicaSets) { [$0.key] } }
            group.addTask {
                await loop.feed(WorkloadResources.pods) { event in
                    guard let owner = event.object.controllerReference, owner.kind == "ReplicaSet" else { return [] }
                    return [ObjectKey(namespace: event.key.namespace, name: owner.name)]
                }
            }
            group.addTask { await loop.process { try await reconcile($0) } }
            await group.next()
            group.cancelAll()
        }
    }

    /// One sync of the ReplicaSet at `key`; returns when to look again (minReadySeconds).
    func reconcile(_ key: ObjectKey) async throws -> Duration? {
        let (pods, _) = await store.list(WorkloadResources.pods, namespace: key.namespace)
        // Pods whose ReplicaSet is gone are the garbage collector's (it honours the propagation policy).
        guard let rs = await store.get(WorkloadResources.replicaSets, key), !rs.isTerminating else { return nil }

        var active = pods.filter { $0.isControlled(by: rs) && PodFacts.isActive($0) }
        let diff = active.count - rs.specReplicas
        if diff < 0 {
            for _ in 0 ..< -diff {
                active.append(try await createPod(for: rs))
            }
        } else if diff > 0 {
            let doomed = active.sorted(by: PodFacts.deletionOrder).prefix(diff)
            logger.info("deleting surplus pods", metadata: ["replicaset": "\(key)", "pods": "\(doomed.map(\.name))"])
            for pod in doomed {
                try await PodDeletion.delete(pod, in: store, now: now())
            }
            active.removeAll { pod in doomed.contains { $0.uid == pod.uid } }
        }

        let timestamp = now()
        let minReady = Int64(rs["spec"]?["minReadySeconds"]?.int64Value ?? 0)
        let ready = active.filter(PodFacts.isReady)
        let available = ready.filter { PodFacts.isAvailable($0, minReadySeconds: minReady, now: timestamp) }
        let templateLabels = rs["spec"]?["template"]?["metadata"]?["labels"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
        let fullyLabeled = active.filter { pod in templateLabels.allSatisfy { pod.labels[$0.key] == $0.value } }
        var status: JSONValue = [
            "replicas": .integer(Int64(active.count)),
            "fullyLabeledReplicas": .integer(Int64(fullyLabeled.count)),
            "readyReplicas": .integer(Int64(ready.count)),
            "availableReplicas": .integer(Int64(available.count)),
            "observedGeneration": .integer(rs.generation),
        ]
        for field in ["fullyLabeledReplicas", "readyReplicas", "availableReplicas"] where status[field] == .integer(0) {
            status[field] = nil
        }
        try await store.mutate(WorkloadResources.replicaSets, key) { current in
            guard var current, current.uid == rs.uid else { return .unchanged }
            let before = current
            current["status"] = status
            return current == before ? .unchanged : .update(current)
        }
        // A pod that is ready but not yet available becomes available with time alone.
        return ready.count > available.count ? .seconds(1) : nil
    }

    private func createPod(for rs: JSONValue) async throws -> JSONValue {
        guard let type = registry.lookup(group: "", version: "v1", resource: "pods") else {
            throw StoreError.persistence("the pods resource is not registered")
        }
        let template = rs["spec"]?["template"] ?? [:]
        var metadata = template["metadata"] ?? [:]
        metadata["name"] = nil
        metadata["generateName"] = .string("\(rs.name)-")
        metadata["ownerReferences"] = [rs.controllerReference(apiVersion: "apps/v1", kind: "ReplicaSet")]
        let body: JSONValue = ["apiVersion": "v1", "kind": "Pod", "metadata": metadata,
                               "spec": template["spec"] ?? [:], "status": ["phase": "Pending", "qosClass": "BestEffort"]]
        // A generated name can collide: try a few.
        for attempt in 1...5 {
            let pod = try ObjectLifecycle.prepareCreate(body, type: type, namespace: rs.namespace, now: now())
            do {
                return try await store.mutate(WorkloadResources.pods, pod.objectKey) { _ in .create(pod) } ?? pod
            } catch StoreError.alreadyExists where attempt < 5 {
                continue
            }
        }
        throw StoreError.alreadyExists
    }
}

/// What the controllers read from a pod's status.
enum PodFacts {
    /// Counts toward a ReplicaSet: not finished and not being deleted.
    static func isActive(_ pod: JSONValue) -> Bool {
        let phase = pod["status"]?["phase"]?.stringValue
        return phase != "Succeeded" && phase != "Failed" && !pod.isTerminating
    }

    static func isReady(_ pod: JSONValue) -> Bool { WorkloadConditions.isTrue("Ready", in: pod) }

    /// Ready for at least `minReadySeconds`.
    static func isAvailable(_ pod: JSONValue, minReadySeconds: Int64, now: Timestamp) -> Bool {
        guard isReady(pod) else { return false }
        guard minReadySeconds > 0 else { return true }
        guard let since = WorkloadConditions.find("Ready", in: pod)?["lastTransitionTime"]?.stringValue
            .flatMap(Timestamp.init(rfc3339:)) else { return false }
        return since.secondsSinceEpoch + minReadySeconds <= now.secondsSinceEpoch
    }

    /// Which pods a ReplicaSet gives up first, as upstream ranks them: unscheduled before
    /// scheduled, pending before running, not ready before ready, more restarts first, newer first.
    static func deletionOrder(_ a: JSONValue, _ b: JSONValue) -> Bool {
        func rank(_ pod: JSONValue) -> (Int, Int, Int, Int, String) {
            let scheduled = (pod["spec"]?["nodeName"]?.stringValue ?? "").isEmpty ? 0 : 1
            let phase = ["Pending": 0, "Unknown": 1, "Running": 2][pod["status"]?["phase"]?.stringValue ?? "Pending"] ?? 0
            let ready = isReady(pod) ? 1 : 0
            let restarts = (pod["status"]?["containerStatuses"]?.arrayValue ?? [])
                .reduce(0) { $0 + Int($1["restartCount"]?.int64Value ?? 0) }
            let created = pod["metadata"]?["creationTimestamp"]?.stringValue ?? ""
            return (scheduled, phase, ready, -restarts, created)
        }
        let (ra, rb) = (rank(a), rank(b))
        if (ra.0, ra.1, ra.2, ra.3) != (rb.0, rb.1, rb.2, rb.3) { return (ra.0, ra.1, ra.2, ra.3) < (rb.0, rb.1, rb.2, rb.3) }
        return ra.4 > rb.4
    }
}
