import KubeCore
import StrictJSON

/// A column `kubectl get` prints for a kind (`additionalPrinterColumns`).
public struct PrinterColumn: Sendable, Hashable {
    public var name: String
    /// `string`, `integer`, `number`, `boolean` or `date`.
    public var type: String
    public var jsonPath: String
    public var description: String
    /// 0: always shown; 1: only with `-o wide`.
    public var priority: Int

    public init(_ name: String, type: String = "string", jsonPath: String, description: String, priority: Int = 0) {
        self.name = name
        self.type = type
        self.jsonPath = jsonPath
        self.description = description
        self.priority = priority
    }

    public static let ready = PrinterColumn(
        "Ready", jsonPath: #".status.conditions[?(@.type=="Ready")].status"#,
        description: "Whether the resource is ready (the Ready condition).")
    public static let reason = PrinterColumn(
        "Reason", jsonPath: #".status.conditions[?(@.type=="Ready")].reason"#,
        description: "Why the resource is or is not ready.")
    public static let age = PrinterColumn(
        "Age", type: "date", jsonPath: ".metadata.creationTimestamp", description: "Time since creation.")

    var jsonValue: JSONValue {
        var column: JSONValue = [
            "name": .string(name), "type": .string(type), "jsonPath": .string(jsonPath),
            "description": .string(description),
        ]
        if priority != 0 { column["priority"] = .integer(Int64(priority)) }
        return column
    }
}
