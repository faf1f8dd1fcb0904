import Foundation
import KubeCore
import KubeSchema
import StrictJSON

/// Shared helpers of the KubeSchema tests.
enum TestSupport {
    /// The repository root (two folders above this file).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The first document of a YAML text.
    static func yaml(_ text: String) throws -> JSONValue {
        try ManifestReader.documents(fromYAML: text)[0]
    }

    /// A schema read from YAML.
    static func schema(_ text: String) throws -> StructuralSchema {
        try StructuralSchema(yaml(text))
    }

    /// A root schema whose `spec` is the given YAML schema.
    static func specSchema(_ spec: String) throws -> StructuralSchema {
        let specValue = try yaml(spec)
        return try StructuralSchema(["type": "object", "properties": ["spec": specValue]])
    }

    /// `reason field: message`, one per error, e.g. `FieldValueRequired spec.topic: Required value`.
    static func lines(_ errors: [FieldError]) -> [String] {
        errors.map { "\($0.type.rawValue) \($0.description)" }
    }

    /// Every YAML document under `folder` (recursively) of the repository.
    static func documents(under folder: String) throws -> [JSONValue] {
        let base = root.appendingPathComponent(folder)
        guard let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        var documents: [JSONValue] = []
        for case let file as URL in files where file.pathExtension == "yaml" {
            documents += try ManifestReader.documents(fromYAML: String(contentsOf: file, encoding: .utf8))
        }
        return documents
    }
}
