// eventmesh-bench: the project's benchmarks, each reporting figures against a baseline measured
// in the same run (see bench/README.md).
//
//   eventmesh-bench local   [--objects N] [--watchers N] [--writers N] [--binary PATH] [--report FILE]
//   eventmesh-bench runtime [--objects N] [--writers N] [--binary PATH] [--report FILE]
import Foundation

let usage = "usage: eventmesh-bench local|runtime [--objects N] [--watchers N] [--writers N] [--binary PATH] [--report FILE]\n"

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("eventmesh-bench: \(message)\n".utf8))
    exit(2)
}

var arguments = CommandLine.arguments.dropFirst()
let which = arguments.popFirst() ?? ""
guard ["local", "runtime"].contains(which) else { fail(usage) }
let ownDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
var benchmark = LocalClusterBenchmark(binary: ownDirectory + "/eventmesh-local")
var runtime = RuntimeBenchmark(binary: ownDirectory + "/eventmesh-local")
var reportPath: String?
while let argument = arguments.popFirst() {
    func text() -> String {
        guard let text = arguments.popFirst() else { fail("\(argument) needs a value") }
        return text
    }
    func number() -> Int {
        guard let text = arguments.popFirst(), let value = Int(text), value > 0 else { fail("\(argument) needs a positive number") }
        return value
    }
    switch argument {
    case "--objects": benchmark.objects = number(); runtime.objects = benchmark.objects
    case "--watchers": benchmark.watchers = number()
    case "--writers": benchmark.writers = number(); runtime.writers = benchmark.writers
    case "--binary": benchmark.binary = text(); runtime.binary = benchmark.binary
    case "--report": reportPath = text()
    default: fail("unknown argument \(argument)\n\(usage)")
    }
}

do {
    let lines = which == "local" ? try await benchmark.run() : try await runtime.run()
    if let reportPath {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let header = "## \(which == "local" ? "eventmesh-local" : "controller runtime"), \(ISO8601DateFormatter().string(from: Date())) (\(cores) cores)\n\n"
        try Data((header + lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: reportPath))
    }
} catch {
    fail("\(error)")
}
