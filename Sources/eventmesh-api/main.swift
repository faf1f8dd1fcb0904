// eventmesh-api: the Event Mesh API's command line.
//
//   eventmesh-api crds [--output DIR] [--check]   write (or check) DIR/<plural>.eventmesh.coldchain.io.yaml
//   eventmesh-api validate PATH...                 validate manifests offline (files or folders)
import Foundation
import KubeCore
import MeshAPI
import StrictJSON

let usage = """
    usage: eventmesh-api crds [--output DIR] [--check]
           eventmesh-api validate PATH...

    crds      writes the CustomResourceDefinitions generated from the API types (default DIR: crds);
              with --check, writes nothing and exits 1 when DIR is out of date.
    validate  checks every Event Mesh object in the YAML/JSON files (folders are searched for
              *.yaml, *.yml, *.json) against the API's rules, endpoints against the MeshBrokers
              found in the same files; other kinds are skipped. Exits 1 when any object is invalid.

    """

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("eventmesh-api: \(message)\n".utf8))
    exit(code)
}

func writeCRDs(_ arguments: ArraySlice<String>) {
    var output = "crds"
    var check = false
    var remaining = arguments
    while let argument = remaining.popFirst() {
        switch argument {
        case "--output", "-o":
            guard let directory = remaining.popFirst() else { fail("--output needs a folder\n\(usage)", code: 2) }
            output = directory
        case "--check":
            check = true
        default:
            fail("unknown argument \(argument)\n\(usage)", code: 2)
        }
    }
    let directory = URL(fileURLWithPath: output, isDirectory: true)
    let files = CustomResourceDefinitions.renderedFiles()
    var stale: [String] = []
    do {
        if !check {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        for name in files.keys.sorted() {
            let url = directory.appendingPathComponent(name)
            let content = files[name] ?? ""
            let current = try? String(contentsOf: url, encoding: .utf8)
            if check {
                if current != content { stale.append(url.path) }
            } else if current != content {
                try content.write(to: url, atomically: true, encoding: .utf8)
                print("wrote \(url.path)")
            } else {
                print("unchanged \(url.path)")
            }
        }
    } catch {
        fail("\(error)", code: 1)
    }
    if !stale.isEmpty {
        fail("out of date (run `make crds`):\n" + stale.joined(separator: "\n"), code: 1)
    }
}

/// The manifest files under `paths`, folders searched recursively, in a stable order.
func manifestFiles(_ paths: ArraySlice<String>) -> [String] {
    let manager = FileManager.default
    var files: [String] = []
    for path in paths {
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { fail("\(path): no such file", code: 1) }
        guard isDirectory.boolValue else {
            files.append(path)
            continue
        }
        let found = (manager.enumerator(atPath: path)?.allObjects as? [String] ?? [])
            .filter { [".yaml", ".yml", ".json"].contains(where: $0.hasSuffix) && !$0.hasSuffix("kustomization.yaml") }
            .sorted()
            .map { (path as NSString).appendingPathComponent($0) }
        files.append(contentsOf: found)
    }
    return files
}

func validate(_ paths: ArraySlice<String>) {
    guard !paths.isEmpty else { fail("validate needs at least one file or folder\n\(usage)", code: 2) }
    var manifests: [(file: String, object: JSONValue)] = []
    for file in manifestFiles(paths) {
        do {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            manifests += try ManifestReader.objects(fromYAML: text).map { (file, $0) }
        } catch {
            fail("\(file): \(error)", code: 1)
        }
    }
    // Endpoints are checked against every MeshBroker in the files given, as one set.
    let brokers = manifests.compactMap { manifest -> MeshBroker? in
        guard case .meshBroker(let broker)? = try? MeshObject(manifest: manifest.object) else { return nil }
        return broker
    }
    var valid = 0, invalid = 0, skipped = 0
    for (file, object) in manifests {
        let kind = object["kind"]?.stringValue ?? "?"
        let name = object["metadata"]?["name"]?.stringValue ?? "?"
        guard object["apiVersion"]?.stringValue == EventMeshAPI.apiVersion else {
            skipped += 1
            continue
        }
        let errors = MeshValidator.validate(manifest: object, brokers: brokers)
        if errors.isEmpty {
            valid += 1
            print("\(file): \(kind) \(name): valid")
        } else {
            invalid += 1
            print("\(file): \(kind) \(name): \(errors.count) problem\(errors.count == 1 ? "" : "s")")
            for error in errors { print("  \(error)") }
        }
    }
    print("\(valid) valid, \(invalid) invalid, \(skipped) skipped (not Event Mesh kinds)")
    if invalid > 0 { exit(1) }
}

let arguments = CommandLine.arguments.dropFirst()
switch arguments.first {
case "crds": writeCRDs(arguments.dropFirst())
case "validate": validate(arguments.dropFirst())
case "-h", "--help", "help": print(usage, terminator: "")
default: fail("expected a command\n\(usage)", code: 2)
}
