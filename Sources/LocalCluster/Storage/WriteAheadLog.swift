import Foundation
import StrictJSON

/// The store's durable form: one JSON line per change, appended before the change is visible.
///
/// On start the log is replayed and rewritten compactly (one line per live object), so it
/// grows with the changes since the last start, not forever. A torn last line (a crash while
/// writing) is dropped; any other damage stops the start with an error naming the line.
final class WriteAheadLog: @unchecked Sendable {
    struct Record: Sendable {
        var resourceVersion: UInt64
        var resource: GroupResource
        var key: ObjectKey
        /// nil for a deletion.
        var object: JSONValue?
    }

    private let url: URL
    private var handle: FileHandle?

    init(url: URL) { self.url = url }

    deinit { try? handle?.close() }

    /// Reads every record, then rewrites the file as `compacted` returns it and opens it for appending.
    func open(compacting compacted: ([Record]) -> [Record]) throws -> [Record] {
        let manager = FileManager.default
        try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var records: [Record] = []
        if let data = manager.contents(atPath: url.path) {
            let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            for (index, line) in lines.enumerated() where !line.isEmpty {
                do {
                    records.append(try Self.decode(JSONValue(parsing: line)))
                } catch {
                    // Only a final line without its newline can be torn by a crash mid-write.
                    if index == lines.count - 1 { break }
                    throw StoreError.persistence("\(url.path) line \(index + 1): \(error)")
                }
            }
        }
        let kept = compacted(records)
        let temporary = url.appendingPathExtension("tmp")
        var text: [UInt8] = []
        for record in kept { text += Self.encode(record) + [UInt8(ascii: "\n")] }
        guard manager.createFile(atPath: temporary.path, contents: Data(text)) else {
            throw StoreError.persistence("cannot write \(temporary.path)")
        }
        if manager.fileExists(atPath: url.path) { try manager.removeItem(at: url) }
        try manager.moveItem(at: temporary, to: url)
        handle = try FileHandle(forWritingTo: url)
        try handle?.seekToEnd()
        return records
    }

    /// Appends one record; `encodedObject` is the record's object already written as JSON
    /// (the store encodes each change once, for the log and for every watcher).
    func append(_ record: Record, encodedObject: [UInt8]? = nil) throws {
        guard let handle else { throw StoreError.persistence("the log is not open") }
        var line: [UInt8]
        if let encodedObject {
            var header = record
            header.object = nil
            line = Self.encode(header)
            line.removeLast()  // "}"
            line += Array(#","object":"#.utf8) + encodedObject + [UInt8(ascii: "}")]
        } else {
            line = Self.encode(record)
        }
        do {
            try handle.write(contentsOf: line + [UInt8(ascii: "\n")])
        } catch {
            throw StoreError.persistence("\(url.path): \(error)")
        }
    }

    private static func encode(_ record: Record) -> [UInt8] {
        var fields: [String: JSONValue] = [
            "rv": .integer(Int64(record.resourceVersion)),
            "group": .string(record.resource.group),
            "resource": .string(record.resource.resource),
            "namespace": .string(record.key.namespace),
            "name": .string(record.key.name),
        ]
        if let object = record.object { fields["object"] = object }
        return JSONValue.object(fields).jsonBytes()
    }

    private static func decode(_ value: JSONValue) throws -> Record {
        guard let rv = value["rv"]?.int64Value, rv >= 0,
              let group = value["group"]?.stringValue, let resource = value["resource"]?.stringValue,
              let namespace = value["namespace"]?.stringValue, let name = value["name"]?.stringValue
        else { throw StoreError.persistence("a record lacks rv, group, resource, namespace or name") }
        return Record(resourceVersion: UInt64(rv), resource: GroupResource(group: group, resource: resource),
                      key: ObjectKey(namespace: namespace, name: name),
                      object: value["object"].flatMap { $0.isNull ? nil : $0 })
    }
}
