// eventmesh-crdgen: writes the CustomResourceDefinitions of the Event Mesh API, one file per
// kind, from the schema declarations in MeshAPI.
//
//   eventmesh-crdgen [--output DIR]   write DIR/<plural>.eventmesh.coldchain.io.yaml (default crds/)
//   eventmesh-crdgen --check [--output DIR]   exit 1 when the files in DIR are not up to date
import Foundation
import MeshAPI

struct Options {
    var output = "crds"
    var check = false
}

func parseOptions(_ arguments: [String]) -> Options? {
    var options = Options()
    var remaining = arguments[...]
    while let argument = remaining.popFirst() {
        switch argument {
        case "--output", "-o":
            guard let directory = remaining.popFirst() else { return nil }
            options.output = directory
        case "--check":
            options.check = true
        default:
            return nil
        }
    }
    return options
}

let usage = "usage: eventmesh-crdgen [--output DIR] [--check]\n"
guard let options = parseOptions(Array(CommandLine.arguments.dropFirst())) else {
    FileHandle.standardError.write(Data(usage.utf8))
    exit(2)
}

let directory = URL(fileURLWithPath: options.output, isDirectory: true)
let files = CustomResourceDefinitions.renderedFiles()
var stale: [String] = []
do {
    if !options.check {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }
    for name in files.keys.sorted() {
        let url = directory.appendingPathComponent(name)
        let content = files[name] ?? ""
        let current = try? String(contentsOf: url, encoding: .utf8)
        if options.check {
            if current != content { stale.append(url.path) }
        } else if current != content {
            try content.write(to: url, atomically: true, encoding: .utf8)
            print("wrote \(url.path)")
        } else {
            print("unchanged \(url.path)")
        }
    }
} catch {
    FileHandle.standardError.write(Data("eventmesh-crdgen: \(error)\n".utf8))
    exit(1)
}
if !stale.isEmpty {
    FileHandle.standardError.write(Data(("out of date (run `make crds`):\n" + stale.joined(separator: "\n") + "\n").utf8))
    exit(1)
}
