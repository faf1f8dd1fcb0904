import Foundation
import KubeCore
import LocalProcesses
import Logging
import StrictJSON

/// Runs one pod on this machine: each container as a local process with the pod's port in
/// `PORT`, its output in `<pods>/<namespace>_<name>/<container>.log` (the run before in
/// `<container>.previous.log`), readiness and liveness probes, restarts per `restartPolicy`
/// with the kubelet's crash-loop backoff; and reports all of it in the pod's status.
actor PodWorker {
    nonisolated let uid: String
    nonisolated let key: ObjectKey
    /// The port the pod's processes listen on, shown in this annotation.
    static let portAnnotation = "eventmesh.coldchain.io/local-port"

    private let pod: JSONValue
    private let containers: [JSONValue]
    private let settings: WorkloadSettings
    private let store: ObjectStore
    nonisolated let directory: URL
    private let port: Int
    private let startTime: Timestamp
    private var records: [ContainerRecord]
    /// Whether the next start of a container is a restart (it ran before, maybe in an earlier
    /// run of eventmesh-local), and whether it has finished for good.
    private var restartNext: [Bool]
    private var done: [Bool]
    private var crashes: [Int]
    private var processes: [Int: ChildProcess] = [:]
    private var loops: [Task<Void, Never>] = []
    private var stopping = false
    private var silent = false
    private var dirty = false
    private var publishing = false
    private let logger: Logger

    /// A worker for `pod`, taking over what its status says about earlier runs (their
    /// processes are gone: they count as terminated with reason `Unknown`, as after a node reboot).
    init(pod: JSONValue, settings: WorkloadSettings, store: ObjectStore, podsDirectory: URL, logger: Logger) {
        self.pod = pod
        uid = pod.uid
        key = pod.objectKey
        containers = pod["spec"]?["containers"]?.arrayValue ?? []
        self.settings = settings
        self.store = store
        directory = podsDirectory.appendingPathComponent("\(pod.namespace)_\(pod.name)", isDirectory: true)
        port = LocalSocket.freePort() ?? Int.random(in: 20_000..<30_000)
        let now = Timestamp.now()
        startTime = pod["status"]?["startTime"]?.stringValue.flatMap(Timestamp.init(rfc3339:)) ?? now
        var logger = logger
        logger[metadataKey: "pod"] = "\(pod.objectKey)"
        self.logger = logger
        let previous = pod["status"]?["containerStatuses"]?.arrayValue ?? []
        let policy = pod["spec"]?["restartPolicy"]?.stringValue ?? "Always"
        var records: [ContainerRecord] = []
        var restartNext: [Bool] = []
        var done: [Bool] = []
        for container in containers {
            let name = container["name"]?.stringValue ?? ""
            var record = ContainerRecord(name: name, image: container["image"]?.stringValue ?? "")
            var restart = false
            var finished = false
            if let status = previous.first(where: { $0["name"]?.stringValue == name }) {
                record.restartCount = Int(status["restartCount"]?.int64Value ?? 0)
                record.started = status["started"]?.boolValue ?? false
                record.lastTermination = ContainerRecord.Termination(status["lastState"]?["terminated"])
                if let running = status["state"]?["running"] {
                    record.lastTermination = ContainerRecord.Termination(
                        exitCode: 255, reason: "Unknown", startedAt: running["startedAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)),
                        finishedAt: now, containerID: status["containerID"]?.stringValue)
                    restart = true
                } else if let terminated = ContainerRecord.Termination(status["state"]?["terminated"]) {
                    if Self.restarts(policy: policy, exitCode: terminated.exitCode) {
                        record.lastTermination = terminated
                        restart = true
                    } else {
                        record.state = .terminated(terminated)
                        finished = true
                    }
                } else {
                    restart = record.lastTermination != nil
                }
            }
            records.append(record)
            restartNext.append(restart)
            done.append(finished)
        }
        self.records = records
        self.restartNext = restartNext
        self.done = done
        crashes = Array(repeating: 0, count: containers.count)
    }

    /// Starts the containers (those that can run) and reports the pod's status.
    func start() {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for index in containers.indices where !done[index] {
            loops.append(Task { await self.runContainer(index) })
        }
        publish()
    }

    /// Stops every container: SIGTERM to its process group, SIGKILL after `grace`; then waits
    /// for the containers' loops to end. When eventmesh-local shuts down (`report` false) the
    /// status is left as it was, so the next start sees runs that died with the server.
    func stop(grace: Duration, report: Bool = true) async {
        stopping = true
        silent = !report
        let running = Array(processes.values)
        await withTaskGroup(of: Void.self) { group in
            for process in running { group.addTask { await process.terminate(grace: grace) } }
        }
        loops.forEach { $0.cancel() }
        for loop in loops { await loop.value }
    }

    // MARK: one container

    private static func restarts(policy: String, exitCode: Int32) -> Bool {
        policy == "Always" || (policy == "OnFailure" && exitCode != 0)
    }

    private func runContainer(_ index: Int) async {
        let spec = containers[index]
        let name = records[index].name
        let namespace = pod.namespace
        let store = store
        let policy = pod["spec"]?["restartPolicy"]?.stringValue ?? "Always"
        while !stopping {
            let launch: ContainerLaunch
            do {
                launch = try await ContainerLaunch.resolve(spec, pod: pod, port: port, settings: settings) { resource, name in
                    await store.get(resource, ObjectKey(namespace: namespace, name: name))
                }
            } catch {
                records[index].state = .waiting(reason: error.reason, message: error.message)
                publish()
                // An image that cannot run never will; a missing ConfigMap or Secret may appear.
                if error.reason == "ImageNotRunnableLocally" { return }
                guard await pause(max(settings.backoffBase, .milliseconds(100))) else { return }
                continue
            }
            guard !stopping else { return }
            if restartNext[index] { records[index].restartCount += 1 }
            restartNext[index] = true

            let begun = ContinuousClock.now
            let startedAt = Timestamp.now()
            let termination: ContainerRecord.Termination
            switch startProcess(launch, container: name) {
            case .failure(let problem):
                logger.warning("cannot start container", metadata: ["container": "\(name)", "error": "\(problem)"])
                termination = ContainerRecord.Termination(exitCode: 128, reason: "StartError", message: "\(problem)",
                                                          startedAt: startedAt, finishedAt: .now(), containerID: nil)
            case .success(let (process, writer)):
                processes[index] = process
                let containerID = "eventmesh-local://\(process.pid)"
                records[index].containerID = containerID
                records[index].state = .running(startedAt: startedAt)
                records[index].started = true
                let readiness = ContainerProbe(spec["readinessProbe"], container: spec, port: port)
                records[index].ready = readiness == nil
                logger.info("container started", metadata: ["container": "\(name)", "pid": "\(process.pid)",
                                                            "executable": "\(launch.executable)", "port": "\(port)"])
                publish()
                let run = records[index].restartCount
                var probes: [Task<Void, Never>] = []
                if let readiness {
                    probes.append(Task { await self.probe(index, readiness, run: run, liveness: false) })
                }
                if let liveness = ContainerProbe(spec["livenessProbe"], container: spec, port: port) {
                    probes.append(Task { await self.probe(index, liveness, run: run, liveness: true) })
                }
                let exit = await process.waitForExit()
                await writer.drained(within: .seconds(2))
                probes.forEach { $0.cancel() }
                processes[index] = nil
                try? FileManager.default.removeItem(at: pidFile(name))
                termination = ContainerRecord.Termination(exit, startedAt: startedAt, finishedAt: .now(), containerID: containerID)
                logger.info("container exited", metadata: ["container": "\(name)", "status": "\(exit)"])
            }
            records[index].ready = false
            if stopping || !Self.restarts(policy: policy, exitCode: termination.exitCode) {
                records[index].state = .terminated(termination)
                done[index] = true
                publish()
                return
            }
            records[index].lastTermination = termination
            // A container that ran long enough starts its backoff afresh, as the kubelet's expires.
            if ContinuousClock.now - begun > settings.backoffCap * 2 { crashes[index] = 0 }
            crashes[index] += 1
            let delay = settings.backoff(afterCrash: crashes[index])
            if delay > .zero {
                records[index].state = .waiting(reason: "CrashLoopBackOff",
                                                message: "back-off \(delay.goDurationString) restarting failed container=\(name) pod=\(pod.name)_\(namespace)(\(uid))")
                publish()
                guard await pause(delay) else { return }
            }
        }
    }

    /// Spawns the process with its output going to the log; the previous run's log is kept.
    private func startProcess(_ launch: ContainerLaunch, container: String) -> Result<(ChildProcess, ContainerLogWriter), Error> {
        let manager = FileManager.default
        let log = directory.appendingPathComponent("\(container).log")
        let previous = directory.appendingPathComponent("\(container).previous.log")
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
            try ContainerLog.move(log.path, to: previous.path)
            var environment = ProcessInfo.processInfo.environment
            for (name, value) in launch.environment { environment[name] = value }
            let process = try ChildProcess(executable: launch.executable, arguments: launch.arguments, environment: environment,
                                           workingDirectory: directory.path, standardOutput: .pipe, standardError: .pipe)
            guard let output = process.standardOutput, let error = process.standardError else {
                process.signal(SIGKILL)
                throw ContainerLogError(path: log.path, message: "the process has no output pipes")
            }
            do {
                let writer = try ContainerLogWriter(path: log.path, output: output, error: error)
                try? Data("\(process.pid)\n\(launch.executable)\n".utf8).write(to: pidFile(container))
                return .success((process, writer))
            } catch {
                process.signal(SIGKILL)
                throw error
            }
        } catch {
            return .failure(error)
        }
    }

    nonisolated func pidFile(_ container: String) -> URL { directory.appendingPathComponent("\(container).pid") }

    /// Probes a container's run `run` until it ends: readiness sets `ready`; failed liveness
    /// stops the process (and the restart policy takes over).
    private func probe(_ index: Int, _ probe: ContainerProbe, run: Int, liveness: Bool) async {
        var successes = 0
        var failures = 0
        guard await pause(probe.initialDelay) else { return }
        while !Task.isCancelled {
            let passed = await probe.check()
            guard !Task.isCancelled, !stopping, records[index].restartCount == run, let process = processes[index] else { return }
            if passed {
                successes += 1
                failures = 0
            } else {
                failures += 1
                successes = 0
            }
            if liveness {
                if failures >= probe.failureThreshold {
                    logger.info("liveness probe failed, restarting", metadata: ["container": "\(records[index].name)"])
                    let grace = settings.grace(pod["spec"]?["terminationGracePeriodSeconds"]?.int64Value ?? 30)
                    await process.terminate(grace: grace)
                    return
                }
            } else if passed && successes >= probe.successThreshold && !records[index].ready {
                records[index].ready = true
                publish()
            } else if !passed && failures >= probe.failureThreshold && records[index].ready {
                records[index].ready = false
                publish()
            }
            guard await pause(probe.period) else { return }
        }
    }

    /// Sleeps unless cancelled; false when the worker is stopping.
    private func pause(_ duration: Duration) async -> Bool {
        if duration > .zero { try? await Task.sleep(for: duration) }
        return !stopping && !Task.isCancelled
    }

    // MARK: status

    /// Writes the pod's status (and binds it to this node) soon; writes are serialized and the
    /// last state always gets written.
    private func publish() {
        guard !silent else { return }
        dirty = true
        guard !publishing else { return }
        publishing = true
        Task { await self.flush() }
    }

    private func flush() async {
        while dirty {
            dirty = false
            let records = records
            let uid = uid
            let node = settings.nodeName
            let port = String(port)
            let startTime = startTime
            do {
                try await store.mutate(WorkloadResources.pods, key) { current in
                    guard var current, current.uid == uid else { return .unchanged }
                    let before = current
                    if (current["spec"]?["nodeName"]?.stringValue ?? "").isEmpty { current["spec"]?["nodeName"] = .string(node) }
                    if current.annotations[Self.portAnnotation] != port { current = current.settingAnnotation(Self.portAnnotation, port) }
                    current["status"] = PodStatusBuilder.status(of: current, containers: records, startTime: startTime, now: .now())
                    return current == before ? .unchanged : .update(current)
                }
            } catch {
                logger.warning("cannot write the pod's status: \(error)")
            }
        }
        publishing = false
    }
}
