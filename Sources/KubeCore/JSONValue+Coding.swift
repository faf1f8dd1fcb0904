import Foundation

/// A value that could not be decoded into a typed object, with the field path that failed
/// (e.g. `spec.inputs[0].endpoint.kafka.partitions`), ready for an `InvalidSpec` message.
public struct ObjectDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Dotted field path of the offending value; empty for the document itself.
    public var field: String
    /// What was wrong there.
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { field.isEmpty ? reason : "\(field): \(reason)" }

    init(_ error: DecodingError) {
        switch error {
        case .typeMismatch(let type, let context):
            self.init(field: Self.path(context.codingPath), reason: "expected \(Self.describe(type))")
        case .valueNotFound(let type, let context):
            self.init(field: Self.path(context.codingPath), reason: "expected \(Self.describe(type)), found null")
        case .keyNotFound(let key, let context):
            self.init(field: Self.path(context.codingPath + [key]), reason: "required value")
        case .dataCorrupted(let context):
            self.init(field: Self.path(context.codingPath), reason: context.debugDescription)
        @unknown default:
            self.init(field: "", reason: String(describing: error))
        }
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        var rendered = ""
        for key in codingPath {
            if let index = key.intValue {
                rendered += "[\(index)]"
            } else if rendered.isEmpty {
                rendered = key.stringValue
            } else {
                rendered += "." + key.stringValue
            }
        }
        return rendered
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int32.Type, is Int64.Type, is Int16.Type, is UInt16.Type, is UInt32.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        default:
            String(describing: type).hasPrefix("Array") ? "a list" : "an object"
        }
    }
}

extension JSONValue {
    /// The JSON form of an `Encodable` value.
    public init(encoding value: some Encodable) throws {
        let data = try JSONEncoder().encode(value)
        self = try JSONValue(parsing: data)
    }

    /// Decodes this value into a `Decodable` type; failures name the field path.
    public func decode<T: Decodable>(as type: T.Type = T.self) throws(ObjectDecodingError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: jsonData(sortedKeys: false))
        } catch let error as DecodingError {
            throw ObjectDecodingError(error)
        } catch {
            throw ObjectDecodingError(field: "", reason: String(describing: error))
        }
    }
}
