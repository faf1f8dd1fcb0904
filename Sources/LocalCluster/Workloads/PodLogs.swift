#if canImport(Glibc)
import Glibc
#endif
import Foundation
import KubeCore
import StrictJSON

/// `GET /api/v1/namespaces/{ns}/pods/{name}/log`: a container's output from the log file the
/// kubelet writes, with `container`, `previous`, `tailLines`, `limitBytes`, `timestamps`,
/// `sinceSeconds`/`sinceTime` and `follow` (streamed until the container's run ends or the
/// client goes away). Refusals are the Status objects the real server sends.
struct PodLogs: Sendable {
    let store: ObjectStore
    let podsDirectory: URL
    /// How often a followed log is checked for more output.
    var pollInterval: Duration = .milliseconds(100)

    struct Options: Sendable {
        var container: String?
        var previous = false
        var follow = false
        var timestamps = false
        var tailLines: Int?
        var limitBytes: Int?
        /// Lines written before this are left out.
        var since: String?

        init(_ request: APIRequest) throws(APIError) {
            func flag(_ name: String) throws(APIError) -> Bool {
                guard let text = request.query(name) else { return false }
                switch text {
                case "1", "t", "T", "true", "TRUE", "True", "": return true
                case "0", "f", "F", "false", "FALSE", "False": return false
                default: throw .badRequest("invalid value for \(name): strconv.ParseBool: parsing \"\(text)\": invalid syntax")
                }
            }
            func number(_ name: String, minimum: Int) throws(APIError) -> Int? {
                guard let text = request.query(name) else { return nil }
                guard let value = Int(text) else {
                    throw .badRequest("invalid value for \(name): strconv.ParseInt: parsing \"\(text)\": invalid syntax")
                }
                guard value >= minimum else {
                    throw .invalid(kind: "PodLogOptions", group: "", name: "",
                                   [.invalid(FieldPath(name), .integer(Int64(value)), "must be greater than \(minimum == 0 ? "or equal to 0" : "0")")])
                }
                return value
            }
            container = request.query("container").flatMap { $0.isEmpty ? nil : $0 }
            previous = try flag("previous")
            follow = try flag("follow")
            timestamps = try flag("timestamps")
            tailLines = try number("tailLines", minimum: 0)
            limitBytes = try number("limitBytes", minimum: 1)
            if let seconds = try number("sinceSeconds", minimum: 1) {
                since = Timestamp(secondsSinceEpoch: Timestamp.now().secondsSinceEpoch - Int64(seconds)).formatted(fractionalDigits: 9)
            } else if let text = request.query("sinceTime") {
                guard let time = Timestamp(rfc3339: text) else { throw .badRequest("invalid value for sinceTime: \(text)") }
                since = time.formatted(fractionalDigits: 9)
            }
        }
    }

    func handle(_ request: APIRequest, namespace: String, name: String) async -> APIResponse {
        do {
            let options = try Options(request)
            guard let pod = await store.get(WorkloadResources.pods, ObjectKey(namespace: namespace, name: name)) else {
                throw APIError.notFound(WorkloadResources.pods, name)
            }
            let container = try Self.container(options.container, of: pod)
            // A pod not yet on a node has no logs at all (the real server answers with nothing).
            if (pod["spec"]?["nodeName"]?.stringValue ?? "").isEmpty { return .text("") }
            let status = pod["status"]?["containerStatuses"]?.arrayValue?.first { $0["name"]?.stringValue == container } ?? [:]
            let file = try Self.logFile(for: status, container: container, pod: name, previous: options.previous)
            let path = podsDirectory.appendingPathComponent("\(namespace)_\(name)")
                .appendingPathComponent(file == .previous ? "\(container).previous.log" : "\(container).log").path
            let followed = options.follow && !options.previous ? status["containerID"]?.stringValue : nil
            if let followed, status["state"]?["running"] != nil {
                return .stream(follow(path, options: options, key: ObjectKey(namespace: namespace, name: name), uid: pod.uid,
                                      container: container, containerID: followed), contentType: "text/plain")
            }
            var output = LogSelection(options: options)
            let bytes = output.take(ContainerLog.parse(ContainerLog.read(path)).records)
            return APIResponse(status: 200, headers: [("Content-Type", "text/plain")], body: .bytes(bytes))
        } catch let error as APIError {
            return .error(error)
        } catch {
            return .error(.internal("\(error)"))
        }
    }

    /// The container a request means: the named one, or the only one.
    static func container(_ requested: String?, of pod: JSONValue) throws(APIError) -> String {
        let names = (pod["spec"]?["containers"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        guard let requested else {
            switch names.count {
            case 1: return names[0]
            case 0: throw .badRequest("a container name must be specified for pod \(pod.name)")
            default: throw .badRequest("a container name must be specified for pod \(pod.name), choose one of: [\(names.joined(separator: " "))]")
            }
        }
        guard names.contains(requested) else { throw .badRequest("container \(requested) is not valid for pod \(pod.name)") }
        return requested
    }

    enum File { case current, previous }

    /// Which run's log a request reads, by the kubelet's rules: the running or last terminated
    /// run; with `previous`, the run before it. The current file always holds the newest run
    /// (a container waiting to restart has not started a new one yet).
    static func logFile(for status: JSONValue, container: String, pod: String, previous: Bool) throws(APIError) -> File {
        let state = status["state"] ?? [:]
        let last = status["lastState"]?["terminated"]
        let hasNewerRun = state["running"] != nil || state["terminated"]?["containerID"] != nil
        if previous {
            guard last != nil else {
                throw .badRequest("previous terminated container \"\(container)\" in pod \"\(pod)\" not found")
            }
            return hasNewerRun ? .previous : .current
        }
        if hasNewerRun || last != nil { return .current }
        if state["terminated"] != nil { throw .badRequest("container \"\(container)\" in pod \"\(pod)\" is terminated") }
        let reason = state["waiting"]?["reason"]?.stringValue ?? "ContainerCreating"
        throw .badRequest("container \"\(container)\" in pod \"\(pod)\" is waiting to start: \(reason)")
    }

    /// What is in the log now, then what gets written, until the run `containerID` ends.
    private func follow(_ path: String, options: PodLogs.Options, key: ObjectKey, uid: String, container: String,
                        containerID: String) -> AsyncStream<[UInt8]> {
        let store = store
        let interval = pollInterval
        return AsyncStream { continuation in
            let producer = Task {
                var fd = open(path, O_RDONLY | O_CLOEXEC)
                defer { if fd >= 0 { close(fd) } }
                var selection = LogSelection(options: options)
                var pending: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 64 * 1024)
                var first = true
                // Reading the open descriptor keeps following this run even once a restart
                // renames its file to the previous log; a rotation for size (the file moved
                // to `.1`) continues in the new file.
                func drain() -> Bool {
                    guard fd >= 0 else { return true }
                    var fresh: [UInt8] = []
                    while true {
                        let count = Glibc.read(fd, &buffer, buffer.count)
                        if count > 0 {
                            fresh += buffer[0..<count]
                            continue
                        }
                        guard let current = ContainerLog.inode(fd), ContainerLog.inode(ContainerLog.rotated(path)) == current else { break }
                        let next = open(path, O_RDONLY | O_CLOEXEC)
                        guard next >= 0, ContainerLog.inode(next) != current else {
                            if next >= 0 { close(next) }
                            break
                        }
                        close(fd)
                        fd = next
                    }
                    pending += fresh
                    let (records, consumed) = ContainerLog.parse(pending)
                    pending.removeFirst(consumed)
                    let bytes = first ? selection.take(records) : selection.append(records)
                    first = false
                    if !bytes.isEmpty { continuation.yield(bytes) }
                    return !selection.exhausted
                }
                var more = drain()
                while more && !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    let pod = await store.get(WorkloadResources.pods, key)
                    let status = pod?["status"]?["containerStatuses"]?.arrayValue?.first { $0["name"]?.stringValue == container }
                    let running = pod?.uid == uid && status?["state"]?["running"] != nil && status?["containerID"]?.stringValue == containerID
                    more = drain() && running
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in producer.cancel() }
        }
    }
}

/// The lines of a log a request asks for: after `since`, the last `tailLines`, with or
/// without their times, cut at `limitBytes` in total.
struct LogSelection: Sendable {
    let options: PodLogs.Options
    private var sent = 0

    init(options: PodLogs.Options) { self.options = options }

    var exhausted: Bool { options.limitBytes.map { sent >= $0 } ?? false }

    /// The selection from what a log holds when the request comes (tailLines applies here only).
    mutating func take(_ records: [ContainerLog.Record]) -> [UInt8] {
        var records = records
        if let since = options.since { records.removeAll { $0.time < since } }
        if let tail = options.tailLines {
            // A line is one or more records, the last one not partial.
            var lines = 0
            var start = records.count
            while start > 0 {
                if !records[start - 1].partial {
                    if lines == tail { break }
                    lines += 1
                }
                start -= 1
            }
            records = Array(records[start...])
        }
        return append(records)
    }

    /// Formats `records` (new output of a followed log), within the byte limit.
    mutating func append(_ records: [ContainerLog.Record]) -> [UInt8] {
        var output: [UInt8] = []
        for record in records where options.since.map({ record.time >= $0 }) ?? true {
            if options.timestamps { output += Array(record.time.utf8) + [UInt8(ascii: " ")] }
            output += record.text
            if !record.partial { output.append(UInt8(ascii: "\n")) }
        }
        if let limit = options.limitBytes {
            output = Array(output.prefix(max(0, limit - sent)))
        }
        sent += output.count
        return output
    }
}
