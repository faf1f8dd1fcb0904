import KubeCore
import StrictJSON

/// Graceful deletion of pods, as the API server does it: a pod that runs somewhere is not
/// removed at once but marked (`deletionTimestamp` = now + grace, `deletionGracePeriodSeconds`);
/// the kubelet then stops its containers within the grace period and removes the object.
/// A pod that never ran or already finished, or a grace period of 0, is removed at once.
enum PodDeletion {
    /// The grace period a delete with `requested` seconds (nil: the pod's own
    /// `terminationGracePeriodSeconds`, default 30) gives `pod`; 0 means remove now.
    static func gracePeriod(of pod: JSONValue, requested: Int64?) -> Int64 {
        let phase = pod["status"]?["phase"]?.stringValue
        if (pod["spec"]?["nodeName"]?.stringValue ?? "").isEmpty || phase == "Succeeded" || phase == "Failed" { return 0 }
        return max(0, requested ?? pod["spec"]?["terminationGracePeriodSeconds"]?.int64Value ?? 30)
    }

    /// What deleting `current` with `grace` seconds stores: a mark, a shorter grace for a pod
    /// already marked, or the removal (only when nothing holds it: finalizers, a running pod).
    static func decide(_ current: JSONValue, grace: Int64, now: Timestamp) -> StoreMutation {
        let finalizers = ObjectLifecycle.finalizers(of: current)
        let existing = current["metadata"]?["deletionGracePeriodSeconds"]?.int64Value
        if grace == 0 && finalizers.isEmpty { return .delete }
        if current.isTerminating, let existing, existing <= grace { return .unchanged }
        let deadline = Timestamp(secondsSinceEpoch: now.secondsSinceEpoch + grace)
        return .update(current.settingMetadata("deletionTimestamp", .string(deadline.description))
            .settingMetadata("deletionGracePeriodSeconds", .integer(grace)))
    }

    /// Deletes `pod` (if it is still the same object) with its own grace period.
    static func delete(_ pod: JSONValue, in store: ObjectStore, now: Timestamp) async throws {
        do {
            try await store.mutate(WorkloadResources.pods, pod.objectKey) { current in
                guard let current, current.uid == pod.uid else { return .unchanged }
                return decide(current, grace: gracePeriod(of: current, requested: nil), now: now)
            }
        } catch StoreError.notFound {
            // Already gone.
        }
    }

    /// The final removal once the containers have stopped: the object goes unless finalizers
    /// still hold it (then it waits for them with a grace period of 0).
    static func remove(_ pod: JSONValue, from store: ObjectStore) async throws {
        do {
            try await store.mutate(WorkloadResources.pods, pod.objectKey) { current in
                guard let current, current.uid == pod.uid else { return .unchanged }
                if ObjectLifecycle.finalizers(of: current).isEmpty { return .delete }
                let updated = current.settingMetadata("deletionGracePeriodSeconds", .integer(0))
                return updated == current ? .unchanged : .update(updated)
            }
        } catch StoreError.notFound {
            // Already gone.
        }
    }

    /// `DELETE /api/v1/namespaces/{ns}/pods/{name}` when it is graceful: the marked pod (200).
    /// nil when the generic delete applies (grace 0 and no finalizers, a dry run, no such pod).
    static func handle(_ request: APIRequest, _ info: RequestInfo, store: ObjectStore, now: Timestamp) async -> APIResponse? {
        guard let namespace = info.namespace, let name = info.name else { return nil }
        let options: DeleteOptions
        do {
            let blank = request.body.allSatisfy { $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }
            options = blank ? try DeleteOptions(query: request.query) : try DeleteOptions(body: JSONValue(parsing: request.body))
        } catch {
            return .error(.badRequest("\(error)"))
        }
        guard !options.dryRun, let pod = await store.get(WorkloadResources.pods, ObjectKey(namespace: namespace, name: name)) else {
            return nil
        }
        if let failure = options.preconditions?.failure(uid: pod.uid, resourceVersion: pod["metadata"]?["resourceVersion"]?.stringValue) {
            return .error(.conflict(WorkloadResources.pods, name, failure))
        }
        let grace = gracePeriod(of: pod, requested: options.gracePeriodSeconds)
        if grace == 0 && ObjectLifecycle.finalizers(of: pod).isEmpty { return nil }
        do {
            let stored = try await store.mutate(WorkloadResources.pods, pod.objectKey) { current in
                guard let current, current.uid == pod.uid else { throw StoreError.conflict("the pod was replaced") }
                return decide(current, grace: grace, now: now)
            }
            return .json(stored ?? pod)
        } catch {
            return .error(.conflict(WorkloadResources.pods, name))
        }
    }
}
