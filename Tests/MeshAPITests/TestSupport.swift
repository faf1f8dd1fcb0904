import Foundation
import KubeCore
import LocalProcesses
import MeshAPI
import StrictJSON
import Testing

/// Files of the repository the tests read (samples, committed CRDs, scripts).
enum Repository {
    /// The repository root: two folders above this file (Tests/MeshAPITests/).
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }

    static func read(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }

    /// The YAML files of a samples folder (recursively), sorted.
    static func yamlFiles(under relativePath: String) throws -> [String] {
        let base = url(relativePath)
        let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)
        var files: [String] = []
        while let file = enumerator?.nextObject() as? URL {
            if file.pathExtension == "yaml" || file.pathExtension == "yml" {
                files.append(relativePath + "/" + file.path.dropFirst(base.path.count + 1))
            }
        }
        return files.sorted()
    }
}

/// Runs `scripts/check_schema.py`: a real JSON-schema validator over the generated CRDs.
enum SchemaChecker {
    struct Result: Decodable {
        var index: Int
        var name: String?
        var kind: String?
        var status: String
        var errors: [Problem]

        struct Problem: Decodable {
            var path: String
            var message: String
        }
    }

    /// `$EVENTMESH_PYTHON`, else the project's venv, else `python3` from PATH.
    static var python: String {
        if let configured = ProcessInfo.processInfo.environment["EVENTMESH_PYTHON"], !configured.isEmpty {
            return configured
        }
        let venv = Repository.url(".local/venv/bin/python3").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "python3"
    }

    /// Checks documents against the committed CRD of `kind`, one result per document, in order.
    static func check(_ documents: [JSONValue], crd crdFile: String) throws -> [Result] {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("check-schema-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let input = scratch.appendingPathComponent("documents.jsonl")
        let output = scratch.appendingPathComponent("stdout")
        let errorOutput = scratch.appendingPathComponent("stderr")
        try documents.map { $0.jsonString() + "\n" }.joined().write(to: input, atomically: true, encoding: .utf8)
        for file in [output, errorOutput] {
            guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
                throw CheckFailure(message: "cannot create \(file.path)")
            }
        }

        let process = try ChildProcess(
            executable: python,
            arguments: [Repository.url("scripts/check_schema.py").path, Repository.url(crdFile).path, input.path],
            standardOutput: .file(output.path), standardError: .file(errorOutput.path))
        let status = process.waitUntilExit()

        let stderrText = (try? String(contentsOf: errorOutput, encoding: .utf8)) ?? ""
        guard status == .exited(0) || status == .exited(1) else {
            throw CheckFailure(message: """
                check_schema.py ended with \(status) with \(python): \(stderrText)
                (it needs Python 3 with jsonschema and PyYAML; set EVENTMESH_PYTHON to choose the interpreter)
                """)
        }
        let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n")
        let results = try lines.map { try JSONDecoder().decode(Result.self, from: Data($0.utf8)) }
        guard results.count == documents.count else {
            throw CheckFailure(message: "expected \(documents.count) results, got \(results.count): \(stderrText)")
        }
        return results
    }

    struct CheckFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

extension JSONValue {
    /// A copy with the value at `path` (dotted keys and `[index]`, e.g. `spec.inputs[0].name`)
    /// replaced, or removed when `value` is nil. Missing objects on the way are created.
    func setting(_ path: String, to value: JSONValue?) -> JSONValue {
        var copy = self
        copy.set(Array(JSONValue.components(of: path)[...]), to: value)
        return copy
    }

    private enum Step {
        case key(String)
        case index(Int)
    }

    private static func components(of path: String) -> [Step] {
        var steps: [Step] = []
        for part in path.split(separator: ".") {
            var rest = Substring(part)
            if let bracket = rest.firstIndex(of: "[") {
                steps.append(.key(String(rest[..<bracket])))
                rest = rest[bracket...]
                while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                    steps.append(.index(Int(rest[rest.index(after: rest.startIndex)..<close]) ?? 0))
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                steps.append(.key(String(rest)))
            }
        }
        return steps
    }

    private mutating func set(_ steps: [Step], to value: JSONValue?) {
        guard let step = steps.first else { return }
        let rest = Array(steps.dropFirst())
        switch step {
        case .key(let key):
            if rest.isEmpty {
                self[key] = value
            } else {
                var child = self[key] ?? .object([:])
                child.set(rest, to: value)
                self[key] = child
            }
        case .index(let index):
            guard var elements = arrayValue, elements.indices.contains(index) else { return }
            if rest.isEmpty {
                if let value { elements[index] = value } else { elements.remove(at: index) }
            } else {
                elements[index].set(rest, to: value)
            }
            self = .array(elements)
        }
    }
}

/// Parses one YAML document in a test.
func yamlDocument(_ text: String) throws -> JSONValue {
    let documents = try ManifestReader.documents(fromYAML: text)
    return try #require(documents.first)
}
