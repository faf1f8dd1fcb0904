#if canImport(Glibc)
import Glibc
#endif
import Foundation
import StrictJSON

/// One probe of a container (`readinessProbe`, `livenessProbe`) with the kubelet's defaults.
struct ContainerProbe: Sendable {
    enum Action: Sendable {
        /// `httpGet`: success is a status from 200 to 399.
        case http(path: String, port: Int, headers: [(String, String)])
        /// `tcpSocket`: success is an accepted connection.
        case tcp(port: Int)
        /// `exec` and `grpc` cannot run against a local process; they count as passing.
        case unsupported
    }

    var action: Action
    var initialDelay: Duration
    var period: Duration
    var timeout: Duration
    var successThreshold: Int
    var failureThreshold: Int

    /// Reads `probe` of `container`; a port that is the container's first declared port (by
    /// number or name), or any port when none is declared, becomes the pod's own `port`.
    init?(_ probe: JSONValue?, container: JSONValue, port: Int) {
        guard let probe else { return nil }
        let seconds = { (field: String, fallback: Int64) in Duration.seconds(probe[field]?.int64Value ?? fallback) }
        initialDelay = seconds("initialDelaySeconds", 0)
        period = seconds("periodSeconds", 10)
        timeout = seconds("timeoutSeconds", 1)
        successThreshold = Int(max(1, probe["successThreshold"]?.int64Value ?? 1))
        failureThreshold = Int(max(1, probe["failureThreshold"]?.int64Value ?? 3))
        let declared = container["ports"]?.arrayValue ?? []
        func resolve(_ value: JSONValue?) -> Int {
            guard let first = declared.first else { return port }
            if let name = value?.stringValue {
                if first["name"]?.stringValue == name { return port }
                let named = declared.first { $0["name"]?.stringValue == name }
                return named?["containerPort"]?.int64Value.map { Int($0) } ?? Int(name) ?? port
            }
            let number = value?.int64Value.map { Int($0) } ?? port
            return number == first["containerPort"]?.int64Value.map({ Int($0) }) ? port : number
        }
        if let http = probe["httpGet"] {
            let headers = (http["httpHeaders"]?.arrayValue ?? []).compactMap { header -> (String, String)? in
                guard let name = header["name"]?.stringValue else { return nil }
                return (name, header["value"]?.stringValue ?? "")
            }
            action = .http(path: http["path"]?.stringValue ?? "/", port: resolve(http["port"]), headers: headers)
        } else if let tcp = probe["tcpSocket"] {
            action = .tcp(port: resolve(tcp["port"]))
        } else {
            action = .unsupported
        }
    }

    /// Runs the probe once against 127.0.0.1, on its own thread (the socket calls block).
    func check() async -> Bool {
        let action = action
        let timeout = timeout
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: Self.run(action, timeout: timeout))
            }
            thread.name = "eventmesh-probe"
            thread.start()
        }
    }

    private static func run(_ action: Action, timeout: Duration) -> Bool {
        switch action {
        case .unsupported:
            return true
        case .tcp(let port):
            guard let socket = LocalSocket.connect(port: port, timeout: timeout) else { return false }
            close(socket)
            return true
        case .http(let path, let port, let headers):
            guard let socket = LocalSocket.connect(port: port, timeout: timeout) else { return false }
            defer { close(socket) }
            var request = "GET \(path.hasPrefix("/") ? path : "/" + path) HTTP/1.0\r\nHost: 127.0.0.1:\(port)\r\n"
            if !headers.contains(where: { $0.0.lowercased() == "user-agent" }) { request += "User-Agent: kube-probe/1.32\r\n" }
            if !headers.contains(where: { $0.0.lowercased() == "accept" }) { request += "Accept: */*\r\n" }
            for (name, value) in headers { request += "\(name): \(value)\r\n" }
            request += "Connection: close\r\n\r\n"
            let bytes = Array(request.utf8)
            guard bytes.withUnsafeBytes({ send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == bytes.count else { return false }
            // Only the status line matters: "HTTP/1.x NNN ...".
            var response: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 512)
            while response.count < 64 && !response.contains(UInt8(ascii: "\n")) {
                let count = recv(socket, &buffer, buffer.count, 0)
                guard count > 0 else { break }
                response += buffer[0..<count]
            }
            let statusLine = String(decoding: response.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }, as: UTF8.self)
            let parts = statusLine.split(separator: " ")
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let code = Int(parts[1]) else { return false }
            return (200..<400).contains(code)
        }
    }
}

/// Loopback TCP helpers for pods: a free port for each, and blocking connects with a timeout.
enum LocalSocket {
    /// A port nothing listens on right now (the kernel's pick for an ephemeral bind).
    static func freePort() -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { return nil }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return named == 0 ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }

    /// A connected socket to 127.0.0.1:`port`, with `timeout` on connect, send and receive.
    static func connect(port: Int, timeout: Duration) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        let (seconds, attoseconds) = timeout.components
        var limit = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        return address
    }
}
