#if canImport(Glibc)
import Glibc
#endif
import Foundation
import KubeCore
import Synchronization

/// A container's log file, in the CRI format the kubelet writes: one record per line,
/// `<RFC 3339 time with nanoseconds> <stdout|stderr> <F|P> <text>` (`P` for a piece of a line
/// longer than the record limit). The time of each line is what `--timestamps` shows.
/// A file that reaches `maxFileBytes` moves to `<file>.1` (replacing the one before), so a
/// run keeps at most twice that much, like the kubelet's `containerLogMaxSize` rotation.
enum ContainerLog {
    /// Longer lines are split into partial records, as the kubelet does at 16 KiB.
    static let maxRecordBytes = 16 * 1024
    static let maxFileBytes = 10 << 20

    /// Where a log file's older part goes when it is rotated for size.
    static func rotated(_ path: String) -> String { path + ".1" }

    /// Everything a log holds: its rotated part, then the file (empty when there is none).
    static func read(_ path: String) -> [UInt8] {
        [rotated(path), path].flatMap { FileManager.default.contents(atPath: $0).map { Array($0) } ?? [] }
    }

    /// Moves a finished run's log (and its rotated part) to `destination`, replacing what was there.
    static func move(_ path: String, to destination: String) throws {
        let manager = FileManager.default
        for (from, to) in [(rotated(path), rotated(destination)), (path, destination)] {
            try? manager.removeItem(atPath: to)
            if manager.fileExists(atPath: from) { try manager.moveItem(atPath: from, toPath: to) }
        }
    }

    /// The inode of a path or descriptor, to tell whether a file was rotated away.
    static func inode(_ path: String) -> UInt? {
        var info = stat()
        return stat(path, &info) == 0 ? UInt(info.st_ino) : nil
    }

    static func inode(_ fd: Int32) -> UInt? {
        var info = stat()
        return fstat(fd, &info) == 0 ? UInt(info.st_ino) : nil
    }

    /// One record: the time it was written, the stream, whether the line goes on, the text.
    struct Record: Sendable, Equatable {
        var time: String
        var stream: String
        var partial: Bool
        var text: [UInt8]
    }

    static func encode(_ text: some Collection<UInt8>, stream: String, partial: Bool, time: String) -> [UInt8] {
        Array("\(time) \(stream) \(partial ? "P" : "F") ".utf8) + text + [UInt8(ascii: "\n")]
    }

    /// The records of `bytes`, up to the last complete line; also returns how many bytes that is.
    static func parse(_ bytes: some Collection<UInt8>) -> (records: [Record], consumed: Int) {
        var records: [Record] = []
        var consumed = 0
        var line: [UInt8] = []
        var position = 0
        for byte in bytes {
            position += 1
            guard byte == UInt8(ascii: "\n") else {
                line.append(byte)
                continue
            }
            consumed = position
            let fields = line.split(separator: UInt8(ascii: " "), maxSplits: 3, omittingEmptySubsequences: false)
            if fields.count >= 3 {
                records.append(Record(time: String(decoding: fields[0], as: UTF8.self), stream: String(decoding: fields[1], as: UTF8.self),
                                      partial: fields[2].elementsEqual("P".utf8), text: fields.count > 3 ? Array(fields[3]) : []))
            }
            line.removeAll(keepingCapacity: true)
        }
        return (records, consumed)
    }

    /// The time now with nanoseconds, as log records carry it.
    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(secondsSinceEpoch: Int64(spec.tv_sec), nanoseconds: Int32(spec.tv_nsec)).formatted(fractionalDigits: 9)
    }
}

/// Copies a running container's stdout and stderr into its log file, on a dedicated thread
/// (reads block), until both pipes close.
final class ContainerLogWriter: Sendable {
    private let done = Mutex<(finished: Bool, waiters: [@Sendable () -> Void])>((false, []))

    /// Starts copying; `output` and `error` are the read ends of the container's pipes.
    init(path: String, output: FileHandle, error: FileHandle, maxFileBytes: Int = ContainerLog.maxFileBytes) throws {
        let file = LogFile(path: path, limit: maxFileBytes)
        try file.open()
        let thread = Thread { [self] in
            Self.copy(output: output, error: error, to: file)
            file.close()
            let waiters = done.withLock { state -> [@Sendable () -> Void] in
                state.finished = true
                defer { state.waiters = [] }
                return state.waiters
            }
            waiters.forEach { $0() }
        }
        thread.name = "eventmesh-log-writer"
        thread.start()
    }

    /// Waits until everything the container wrote is in the file, or `timeout` passes (a
    /// grandchild may keep a pipe open).
    func drained(within timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let finished = self.done.withLock { state -> Bool in
                        if !state.finished { state.waiters.append { continuation.resume() } }
                        return state.finished
                    }
                    if finished { continuation.resume() }
                }
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    private static func copy(output: FileHandle, error: FileHandle, to file: LogFile) {
        var streams = [(fd: output.fileDescriptor, name: "stdout", pending: [UInt8]()),
                       (fd: error.fileDescriptor, name: "stderr", pending: [UInt8]())]
        var open = [true, true]
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        func emit(_ text: ArraySlice<UInt8>, stream: String, partial: Bool) {
            file.write(ContainerLog.encode(text, stream: stream, partial: partial, time: ContainerLog.now()))
        }
        while open.contains(true) {
            var fds = streams.indices.map { pollfd(fd: open[$0] ? streams[$0].fd : -1, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), -1) >= 0 else {
                if errno == EINTR { continue }
                break
            }
            for index in streams.indices where open[index] && fds[index].revents != 0 {
                let count = read(streams[index].fd, &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 {
                    open[index] = false
                    if !streams[index].pending.isEmpty { emit(streams[index].pending[...], stream: streams[index].name, partial: false) }
                    continue
                }
                streams[index].pending += buffer[0..<count]
                // Whole lines go out as they come; a line too long for one record goes in pieces.
                while let newline = streams[index].pending.firstIndex(of: UInt8(ascii: "\n")) {
                    var line = streams[index].pending[..<newline]
                    while line.count > ContainerLog.maxRecordBytes {
                        emit(line.prefix(ContainerLog.maxRecordBytes), stream: streams[index].name, partial: true)
                        line = line.dropFirst(ContainerLog.maxRecordBytes)
                    }
                    emit(line, stream: streams[index].name, partial: false)
                    streams[index].pending.removeSubrange(...newline)
                }
                while streams[index].pending.count > ContainerLog.maxRecordBytes {
                    emit(streams[index].pending.prefix(ContainerLog.maxRecordBytes), stream: streams[index].name, partial: true)
                    streams[index].pending.removeFirst(ContainerLog.maxRecordBytes)
                }
            }
        }
        // Keep the handles (and so the descriptors) alive until here.
        withExtendedLifetime((output, error)) {}
    }
}

/// The file a writer appends to, rotated to `<path>.1` when it reaches its limit. Used by
/// the writer's thread only.
private final class LogFile: @unchecked Sendable {
    let path: String
    let limit: Int
    private var fd: Int32 = -1
    private var size = 0

    init(path: String, limit: Int) {
        self.path = path
        self.limit = limit
    }

    func open() throws {
        fd = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ContainerLogError(path: path, message: String(cString: strerror(errno))) }
        var info = stat()
        size = fstat(fd, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Appends one record, in one write.
    func write(_ record: [UInt8]) {
        guard fd >= 0 else { return }
        if size > 0 && size + record.count > limit {
            close()
            _ = rename(path, ContainerLog.rotated(path))
            do { try open() } catch { return }
        }
        let written = record.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        if written > 0 { size += written }
    }

    func close() {
        if fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
    }
}

struct ContainerLogError: Error, Sendable, CustomStringConvertible {
    var path: String
    var message: String
    var description: String { "cannot open the log \(path): \(message)" }
}
