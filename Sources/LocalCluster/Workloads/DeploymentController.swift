import KubeCore
import Logging
import StrictJSON

/// Keeps each Deployment's ReplicaSets in step with it: one ReplicaSet per version of the pod
/// template (named `<deployment>-<pod-template-hash>`, controlled by the Deployment), rolled
/// from old to new within maxSurge/maxUnavailable (or all at once for `Recreate`), old ones
/// pruned past `revisionHistoryLimit`, and the Deployment's status (what `kubectl rollout
/// status` reads) computed from them.
struct DeploymentController: Sendable {
    let store: ObjectStore
    let registry: ResourceRegistry
    var now: @Sendable () -> Timestamp = { .now() }
    var logger = Logger(label: "eventmesh-local.deployments")

    func run() async {
        let loop = ControllerLoop<ObjectKey>(store: store, logger: logger)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await loop.feed(WorkloadResources.deployments) { [$0.key] } }
            group.addTask {
                // A ReplicaSet's change wakes its Deployment.
                await loop.feed(WorkloadResources.replicaSets) { event in
                    guard let owner = event.object.controllerReference, owner.kind == "Deployment" else { return [] }
                    return [ObjectKey(namespace: event.key.namespace, name: owner.name)]
                }
            }
            group.addTask { await loop.process { try await reconcile($0) } }
            await group.next()
            group.cancelAll()
        }
    }

    /// One sync of the Deployment at `key`; returns when to look again (a progress deadline).
    func reconcile(_ key: ObjectKey) async throws -> Duration? {
        let (all, _) = await store.list(WorkloadResources.replicaSets, namespace: key.namespace)
        // ReplicaSets of a deleted Deployment are the garbage collector's.
        guard let deployment = await store.get(WorkloadResources.deployments, key), !deployment.isTerminating else { return nil }
        let owned = all.filter { $0.isControlled(by: deployment) && !$0.isTerminating }
            .sorted { ($0.creationTimestamp ?? Timestamp(secondsSinceEpoch: 0), $0.name) < ($1.creationTimestamp ?? Timestamp(secondsSinceEpoch: 0), $1.name) }
        let template = PodTemplateHash.withoutHashLabel(deployment["spec"]?["template"])
        var newRS = owned.first { PodTemplateHash.withoutHashLabel($0["spec"]?["template"]) == template }
        var old = owned.filter { $0.uid != newRS?.uid }
        let paused = deployment["spec"]?["paused"]?.boolValue == true
        var created = false

        if !paused {
            if newRS == nil {
                newRS = try await createReplicaSet(for: deployment, old: old)
                created = newRS != nil
                if newRS == nil { return .milliseconds(100) }  // a name collision: counted, try again
            } else if let current = newRS {
                newRS = try await promote(current, among: owned, for: deployment)
            }
            if let current = newRS {
                let scaling = DeploymentRollout.scaling(deployment, newRS: current, old: old)
                newRS = try await scale(current, to: scaling[current.name], for: deployment)
                for (index, rs) in old.enumerated() {
                    old[index] = try await scale(rs, to: scaling[rs.name], for: deployment)
                }
                for rs in DeploymentRollout.expired(deployment, old: old) {
                    _ = try? await store.mutate(WorkloadResources.replicaSets, rs.objectKey) { current in
                        current?.uid == rs.uid ? .delete : .unchanged
                    }
                    old.removeAll { $0.uid == rs.uid }
                }
            }
        }

        let timestamp = now()
        let everything = (newRS.map { [$0] } ?? []) + old
        let status = DeploymentRollout.status(deployment, newRS: newRS, all: everything, now: timestamp, createdNewRS: created)
        let revision = newRS?.annotations[WorkloadResources.revisionAnnotation]
        let written = try await store.mutate(WorkloadResources.deployments, key) { current in
            guard var current, current.uid == deployment.uid else { return .unchanged }
            let before = current
            current["status"] = status
            if let revision { current = current.settingAnnotation(WorkloadResources.revisionAnnotation, revision) }
            return current == before ? .unchanged : .update(current)
        }
        let progressing = written.flatMap { WorkloadConditions.find("Progressing", in: $0) }
        if let deadline = DeploymentRollout.progressDeadline(deployment, condition: progressing),
           progressing?["status"] == "True" {
            return .seconds(max(1, deadline.secondsSinceEpoch - timestamp.secondsSinceEpoch + 1))
        }
        return nil
    }

    /// Creates the ReplicaSet for the Deployment's current template; nil on a hash collision
    /// with a foreign ReplicaSet of that name (the collision count is raised, as upstream).
    private func createReplicaSet(for deployment: JSONValue, old: [JSONValue]) async throws -> JSONValue? {
        guard let type = registry.lookup(group: "apps", version: "v1", resource: "replicasets"),
              var template = deployment["spec"]?["template"] else { return nil }
        let collisions = deployment["status"]?["collisionCount"]?.int64Value
        let hash = PodTemplateHash.of(template, collisionCount: collisions)
        var metadata = template["metadata"] ?? [:]
        var labels = metadata["labels"] ?? [:]
        labels[WorkloadResources.templateHashLabel] = .string(hash)
        metadata["labels"] = labels
        template["metadata"] = metadata
        var selector = deployment["spec"]?["selector"] ?? [:]
        var matchLabels = selector["matchLabels"] ?? [:]
        matchLabels[WorkloadResources.templateHashLabel] = .string(hash)
        selector["matchLabels"] = matchLabels
        let replicas = DeploymentRollout.initialReplicas(deployment, old: old)
        let desired = deployment.specReplicas
        let name = "\(deployment.name)-\(hash)"
        let body: JSONValue = [
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": [
                "name": .string(name),
                "labels": labels,
                "annotations": [
                    WorkloadResources.revisionAnnotation: .string(String(DeploymentRollout.nextRevision(old))),
                    WorkloadResources.desiredReplicasAnnotation: .string(String(desired)),
                    WorkloadResources.maxReplicasAnnotation: .string(String(desired + DeploymentRollout.fenceposts(deployment).surge)),
                ],
                "ownerReferences": [deployment.controllerReference(apiVersion: "apps/v1", kind: "Deployment")],
            ],
            "spec": [
                "replicas": .integer(Int64(replicas)),
                "minReadySeconds": deployment["spec"]?["minReadySeconds"] ?? 0,
                "selector": selector,
                "template": template,
            ],
        ]
        let object = try ObjectLifecycle.prepareCreate(body, type: type, namespace: deployment.namespace, now: now())
        do {
            let stored = try await store.mutate(WorkloadResources.replicaSets, object.objectKey) { _ in .create(object) }
            logger.info("created replica set", metadata: ["deployment": "\(deployment.objectKey)", "replicaset": "\(name)", "replicas": "\(replicas)"])
            return stored
        } catch StoreError.alreadyExists {
            let existing = await store.get(WorkloadResources.replicaSets, object.objectKey)
            if let existing, existing.isControlled(by: deployment),
               PodTemplateHash.withoutHashLabel(existing["spec"]?["template"]) == PodTemplateHash.withoutHashLabel(deployment["spec"]?["template"]) {
                return existing
            }
            try await store.mutate(WorkloadResources.deployments, deployment.objectKey) { current in
                guard var current, current.uid == deployment.uid else { return .unchanged }
                current["status"] = current["status"] ?? [:]
                current["status"]?["collisionCount"] = .integer((collisions ?? 0) + 1)
                return .update(current)
            }
            return nil
        }
    }

    /// A ReplicaSet that becomes current again (a rollback) takes the next revision.
    private func promote(_ rs: JSONValue, among owned: [JSONValue], for deployment: JSONValue) async throws -> JSONValue {
        let next = DeploymentRollout.nextRevision(owned)
        if Int(rs.annotations[WorkloadResources.revisionAnnotation] ?? "") == next - 1 { return rs }
        let revision = String(next)
        return try await store.mutate(WorkloadResources.replicaSets, rs.objectKey) { current in
            guard let current, current.uid == rs.uid else { return .unchanged }
            return .update(current.settingAnnotation(WorkloadResources.revisionAnnotation, revision))
        } ?? rs
    }

    /// Sets a ReplicaSet's replicas (and the annotations recording the Deployment's size).
    private func scale(_ rs: JSONValue, to replicas: Int?, for deployment: JSONValue) async throws -> JSONValue {
        guard let replicas else { return rs }
        let desired = deployment.specReplicas
        let maximum = desired + DeploymentRollout.fenceposts(deployment).surge
        logger.info("scaling replica set", metadata: ["replicaset": "\(rs.objectKey)", "from": "\(rs.specReplicas)", "to": "\(replicas)"])
        return try await store.mutate(WorkloadResources.replicaSets, rs.objectKey) { current in
            guard let current, current.uid == rs.uid else { return .unchanged }
            let updated = current.settingReplicas(replicas)
                .settingAnnotation(WorkloadResources.desiredReplicasAnnotation, String(desired))
                .settingAnnotation(WorkloadResources.maxReplicasAnnotation, String(maximum))
            return updated == current ? .unchanged : .update(updated)
        } ?? rs
    }
}
