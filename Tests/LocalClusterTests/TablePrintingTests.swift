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
        type.definedBy = "gadgets.fixture.example.com"
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

    @Test func builtInKindsHaveTheRealServersColumns() throws {
        let now = try #require(ISO8601DateFormatter().date(from: "2026-11-23T16:16:26Z"))
        let configMap: JSONValue = ["metadata": ["name": "c", "creationTimestamp": "2026-11-23T16:16:20Z"],
                                    "data": ["a": "1", "b": "2"], "binaryData": ["c": "AA=="]]
        let table = TablePrinting.table(for: [configMap], type: BuiltinResources.core[1], resourceVersion: nil, now: now)
        #expect(table["columnDefinitions"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Name", "Data", "Age"])
        #expect(table["rows"]?[0]?["cells"] == ["c", 3, "6s"])

        let pod: JSONValue = ["metadata": ["name": "p", "creationTimestamp": "2026-11-23T16:16:20Z"],
                              "spec": ["containers": [["name": "a"], ["name": "b"]]],
                              "status": ["phase": "Running", "containerStatuses": [
                                ["name": "a", "ready": true, "restartCount": 2, "state": ["running": [:]]],
                                ["name": "b", "ready": false, "restartCount": 5, "state": ["waiting": ["reason": "CrashLoopBackOff"]]],
                              ]]]
        let pods = try #require(BuiltinResources.core.first { $0.resource == "pods" })
        let podTable = TablePrinting.table(for: [pod], type: pods, resourceVersion: nil, now: now)
        #expect(podTable["rows"]?[0]?["cells"]?.arrayValue?.prefix(4).map { $0 } == ["p", "1/2", "CrashLoopBackOff", 7])

        let deployment: JSONValue = ["metadata": ["name": "d", "creationTimestamp": "2026-11-23T16:16:20Z"],
                                     "spec": ["replicas": 3], "status": ["readyReplicas": 2, "updatedReplicas": 3]]
        let deployments = try #require(BuiltinResources.apps.first { $0.resource == "deployments" })
        let deploymentTable = TablePrinting.table(for: [deployment], type: deployments, resourceVersion: nil, now: now)
        #expect(deploymentTable["rows"]?[0]?["cells"]?.arrayValue?.prefix(4).map { $0 } == ["d", "2/3", 3, 0])
    }
}
