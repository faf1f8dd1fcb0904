// eventmesh-local: a Kubernetes-API-compatible control plane that real kubectl drives.
//
//   eventmesh-local [--state-dir DIR] [--host HOST] [--port PORT] [--kubeconfig FILE]
//
// State (TLS material, objects, admin token) lives in DIR (default .local/cluster); the admin
// kubeconfig is written to FILE (default .local/kubeconfig) once the server listens.
import Dispatch
import Foundation
import LocalCluster
import Logging

let usage = "usage: eventmesh-local [--state-dir DIR] [--host HOST] [--port PORT] [--kubeconfig FILE]\n"

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("eventmesh-local: \(message)\n".utf8))
    exit(2)
}

var configuration = LocalControlPlane.Configuration(stateDirectory: ".local/cluster", kubeconfigPath: ".local/kubeconfig")
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    func value() -> String {
        guard let value = arguments.popFirst() else { fail("\(argument) needs a value\n\(usage)") }
        return value
    }
    switch argument {
    case "--state-dir": configuration.stateDirectory = value()
    case "--host": configuration.host = value()
    case "--port":
        guard let port = Int(value()), (0...65535).contains(port) else { fail("--port needs a number from 0 to 65535") }
        configuration.port = port
    case "--kubeconfig": configuration.kubeconfigPath = value()
    case "-h", "--help":
        print(usage, terminator: "")
        exit(0)
    default: fail("unknown argument \(argument)\n\(usage)")
    }
}

LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = .info
    return handler
}

// SIGTERM and SIGINT end the server: the task is cancelled and main returns.
signal(SIGTERM, SIG_IGN)
signal(SIGINT, SIG_IGN)
let server = Task {
    let controlPlane = try await LocalControlPlane(configuration: configuration)
    try await controlPlane.run()
}
let signals = [SIGTERM, SIGINT].map { number in
    let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
    source.setEventHandler { server.cancel() }
    source.resume()
    return source
}
Task {
    do {
        try await server.value
        exit(0)
    } catch is CancellationError {
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("eventmesh-local: \(error)\n".utf8))
        exit(1)
    }
}
withExtendedLifetime(signals) { dispatchMain() }
