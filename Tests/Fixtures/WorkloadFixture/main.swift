// workload-fixture: a stand-in for the project's images in the workload runner's tests.
//
//   workload-fixture [--exit-after-ms N] [--exit-code C] [--never-ready] [--ready-after-ms N]
//                    [--print-env A,B] [--say TEXT] [--stderr TEXT] [--lines N] [--tick-ms N]
//                    [--ignore-sigterm]
//
// Prints "started pid=<pid> port=<PORT>", serves HTTP on $PORT (GET /readyz: 200 once ready,
// 503 before; /healthz: 200), prints what it is asked to, and exits when told or on SIGTERM
// (printing "terminating"), unless --ignore-sigterm.
#if canImport(Glibc)
import Glibc
#endif
import Foundation

struct Options: Sendable {
    var exitAfter: Int?
    var exitCode: Int32 = 0
    var neverReady = false
    var readyAfter = 0
    var printEnv: [String] = []
    var say: [String] = []
    var stderrText: [String] = []
    var lines = 0
    var tick: Int?
    var ignoreSigterm = false
}

func parseOptions() -> Options {
    var options = Options()
    var arguments = CommandLine.arguments.dropFirst()
    while let argument = arguments.popFirst() {
        let value = { arguments.popFirst() ?? "" }
        switch argument {
        case "--exit-after-ms": options.exitAfter = Int(value())
        case "--exit-code": options.exitCode = Int32(value()) ?? 1
        case "--never-ready": options.neverReady = true
        case "--ready-after-ms": options.readyAfter = Int(value()) ?? 0
        case "--print-env": options.printEnv += value().split(separator: ",").map(String.init)
        case "--say": options.say.append(value())
        case "--stderr": options.stderrText.append(value())
        case "--lines": options.lines = Int(value()) ?? 0
        case "--tick-ms": options.tick = Int(value())
        case "--ignore-sigterm": options.ignoreSigterm = true
        default: FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8))
        }
    }
    return options
}

func milliseconds() -> Int {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return spec.tv_sec * 1000 + spec.tv_nsec / 1_000_000
}

/// Answers one HTTP request per connection, on its own thread.
func serve(port: Int, readyAt: Int?) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var yes: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0, listen(fd, 16) == 0 else {
        FileHandle.standardError.write(Data("cannot listen on \(port): \(String(cString: strerror(errno)))\n".utf8))
        return
    }
    while true {
        let client = accept(fd, nil, nil)
        guard client >= 0 else { continue }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(client, &buffer, buffer.count, 0)
        let request = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
        let path = request.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        let status: String
        switch path {
        case "/readyz": status = readyAt.map { milliseconds() >= $0 } ?? false ? "200 OK" : "503 Service Unavailable"
        case "/healthz": status = "200 OK"
        default: status = "404 Not Found"
        }
        let response = Array("HTTP/1.0 \(status)\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\n\(status.prefix(3))".utf8)
        _ = response.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        close(client)
    }
}

/// One line to stdout, written at once (print would buffer it when stdout is a pipe).
func emit(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

let options = parseOptions()
let start = milliseconds()
let port = Int(ProcessInfo.processInfo.environment["PORT"] ?? "") ?? 0
emit("started pid=\(getpid()) port=\(port)")
if options.ignoreSigterm {
    signal(SIGTERM, SIG_IGN)
} else {
    signal(SIGTERM) { _ in
        let text = Array("terminating\n".utf8)
        _ = text.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
        _exit(0)
    }
}
for name in options.printEnv {
    emit("\(name)=\(ProcessInfo.processInfo.environment[name] ?? "<unset>")")
}
for text in options.say { emit("say: \(text)") }
for text in options.stderrText { FileHandle.standardError.write(Data((text + "\n").utf8)) }
if options.lines > 0 { for number in 1...options.lines { emit("line \(number)") } }
if port > 0 {
    let readyAt: Int? = options.neverReady ? nil : start + options.readyAfter
    Thread { serve(port: port, readyAt: readyAt) }.start()
}
var ticks = 0
while true {
    let now = milliseconds()
    if let exitAfter = options.exitAfter, now - start >= exitAfter {
        emit("exiting with \(options.exitCode)")
        exit(options.exitCode)
    }
    var wait = 1_000
    if let exitAfter = options.exitAfter { wait = min(wait, start + exitAfter - now) }
    if let tick = options.tick {
        let due = start + (ticks + 1) * tick
        if now >= due {
            ticks += 1
            emit("tick \(ticks)")
            continue
        }
        wait = min(wait, due - now)
    }
    usleep(useconds_t(max(1, wait) * 1000))
}
