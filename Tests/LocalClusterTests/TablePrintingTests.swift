import Foundation
@testable import LocalCluster
import StrictJSON
import Testing

@Suite struct TablePrintingTests {
    let object: JSONValue = [
        "metadata": ["name": "g1", "creationTimestamp": "2026-11-23T16:16:23Z"],
        "spec": ["topic": "FallaCadenaFrio", "partitions": 3, "brokers": ["a", "b"]],
        "status": ["conditions": [["type": "Synced", "status": "False"], ["type": "Ready", "status": "True", "reason": "Provisioned"]]],
    ]

    @Test(arguments: [
        (".spec.topic", ["FallaCadenaFrio"]),
        (".spec.partitions", ["3"]),
        (".spec.brokers[*]", ["a", "b"]),
        (".spec.brokers[1]", ["b"]),
        (#".status.conditions[?(@.type=="Ready")].status"#, ["True"]),
        (#".status.conditions[?(@.type=="Ready")].reason"#, ["Provisioned"]),
        (".spec.missing", []),
        ("{.metadata.name}", ["g1"]),
    ])
    func columnPaths(path: String, expected: [String]) throws {
        let column = try #require(ColumnPath(path))
        #expect(column.values(in: object).map(ColumnPath.text) == expected)
    }

    @Test func aTableLikeTheRealServers() throws {
        var type = BuiltinResources.core[1]
        type.printerColumns = [
            PrinterColumnSpec(name: "Topic", type: "string", description: "", jsonPath: ".spec.topic"),
            PrinterColumnSpec(name: "Ready", type: "string", description: "", jsonPath: #".status.conditions[?(@.type=="Ready")].status"#),
            PrinterColumnSpec(name: "Age", type: "date", description: "", jsonPath: ".metadata.creationTimestamp"),
        ]
        let now = try #require(ISO8601DateFormatter().date(from: "2026-11-23T16:16:26Z"))
        let table = TablePrinting.table(for: [object], type: type, resourceVersion: "288", now: now)
        #expect(table["kind"] == "Table")
        #expect(table["metadata"]?["resourceVersion"] == "288")
        #expect(table["columnDefinitions"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Name", "Topic", "Ready", "Age"])
        #expect(table["rows"]?[0]?["cells"] == ["g1", "FallaCadenaFrio", "True", "3s"])
        #expect(table["rows"]?[0]?["object"]?["kind"] == "PartialObjectMetadata")
    }

    @Test(arguments: [(5.0, "5s"), (119, "119s"), (200, "3m20s"), (3600, "60m"), (18_000, "5h"), (90_000, "25h"),
                      (273_600, "3d4h"), (864_000, "10d"), (70_000_000, "2y")])
    func agesAreShortened(seconds: Double, text: String) {
        #expect(TablePrinting.humanDuration(seconds) == text)
    }
}
