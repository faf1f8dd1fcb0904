#if canImport(Glibc)
import Glibc
#endif
import Foundation
import KubeCore
import Logging
import StrictJSON

/// The local node: binds every unscheduled pod to itself and runs it with a `PodWorker`.
/// A pod marked for deletion is stopped within its grace period and then removed; a pod whose
/// object is gone is stopped. Processes left by an eventmesh-local that died without stopping
/// them are killed at start, and the pods they belonged to start again.
actor Kubelet {
    private let store: ObjectStore
    private let settings: WorkloadSettings
    private let podsDirectory: URL
    private var workers: [String: PodWorker] = [:]
    private var terminating: Set<String> = []
    private let logger = Logger(label: "eventmesh-local.kubelet")

    init(store: ObjectStore, settings: WorkloadSettings, podsDirectory: URL) {
        self.store = store
        self.settings = settings
        self.podsDirectory = podsDirectory
    }

    /// Runs pods until cancelled, then stops every process (within `shutdownGracePeriod`).
    func run() async {
        Self.killLeftovers(in: podsDirectory, logger: logger)
        await removeStaleDirectories()
        while !Task.isCancelled {
            do {
                let watch = try await store.watch(WorkloadResources.pods, namespace: nil, after: nil)
                for await event in watch.events { await handle(event) }
            } catch {
                logger.error("cannot watch pods: \(error)")
                try? await Task.sleep(for: .seconds(1))
            }
        }
        // Not in this (cancelled) task: the processes get their grace period.
        let workers = Array(workers.values)
        let grace = settings.shutdownGracePeriod
        await Task {
            await withTaskGroup(of: Void.self) { group in
                for worker in workers { group.addTask { await worker.stop(grace: grace, report: false) } }
            }
        }.value
    }

    private func handle(_ event: StoreEvent) async {
        guard event.kind != .bookmark else { return }
        let pod = event.object
        let node = pod["spec"]?["nodeName"]?.stringValue ?? ""
        guard node.isEmpty || node == settings.nodeName else { return }
        switch event.kind {
        case .deleted:
            terminate(pod, grace: settings.grace(pod["spec"]?["terminationGracePeriodSeconds"]?.int64Value ?? 30), remove: false)
        case .added, .modified:
            if pod.isTerminating {
                terminate(pod, grace: settings.grace(pod["metadata"]?["deletionGracePeriodSeconds"]?.int64Value ?? 30), remove: true)
            } else if workers[pod.uid] == nil && !terminating.contains(pod.uid) {
                let worker = PodWorker(pod: pod, settings: settings, store: store, podsDirectory: podsDirectory, logger: logger)
                workers[pod.uid] = worker
                await worker.start()
            }
        case .bookmark:
            break
        }
    }

    /// Stops the pod's processes in the background; then removes the object (when it was
    /// marked for deletion) and the pod's directory.
    private func terminate(_ pod: JSONValue, grace: Duration, remove: Bool) {
        let uid = pod.uid
        guard !terminating.contains(uid) else { return }
        terminating.insert(uid)
        let worker = workers[uid]
        let store = store
        let directory = podsDirectory.appendingPathComponent("\(pod.namespace)_\(pod.name)", isDirectory: true)
        if worker != nil { logger.info("stopping pod", metadata: ["pod": "\(pod.objectKey)", "grace": "\(grace)"]) }
        Task {
            await worker?.stop(grace: grace)
            if remove { try? await PodDeletion.remove(pod, from: store) }
            self.forget(uid, directory: directory)
        }
    }

    private func forget(_ uid: String, directory: URL) {
        workers[uid] = nil
        terminating.remove(uid)
        // The logs go with the pod, unless a new pod of the same name uses the directory already.
        if !workers.values.contains(where: { $0.directory == directory }) {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// Log directories of pods that no longer exist.
    private func removeStaleDirectories() async {
        let (pods, _) = await store.list(WorkloadResources.pods)
        let live = Set(pods.map { "\($0.namespace)_\($0.name)" })
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: podsDirectory.path)) ?? []
        for entry in entries where !live.contains(entry) {
            try? FileManager.default.removeItem(at: podsDirectory.appendingPathComponent(entry))
        }
    }

    /// Kills the process groups recorded in pid files whose process still runs the recorded
    /// executable (so a reused pid is left alone).
    static func killLeftovers(in podsDirectory: URL, logger: Logger) {
        let manager = FileManager.default
        for pod in (try? manager.contentsOfDirectory(atPath: podsDirectory.path)) ?? [] {
            let directory = podsDirectory.appendingPathComponent(pod)
            for file in (try? manager.contentsOfDirectory(atPath: directory.path)) ?? [] where file.hasSuffix(".pid") {
                let url = directory.appendingPathComponent(file)
                defer { try? manager.removeItem(at: url) }
                guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
                let lines = text.split(separator: "\n").map(String.init)
                guard lines.count >= 2, let pid = Int32(lines[0]), pid > 1,
                      let running = try? manager.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe"),
                      URL(fileURLWithPath: running).resolvingSymlinksInPath().path
                        == URL(fileURLWithPath: lines[1]).resolvingSymlinksInPath().path
                else { continue }
                logger.info("killing a process left by an earlier run", metadata: ["pid": "\(pid)", "pod": "\(pod)"])
                _ = kill(-pid, SIGKILL)
            }
        }
    }
}
