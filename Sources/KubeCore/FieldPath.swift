/// A path to a field of an object, rendered as Kubernetes renders it in field errors:
/// `spec.inputs[0].endpoint.kafka.topic`, `spec.settings[log-level]`.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public enum Component: Sendable, Hashable {
        case field(String)
        case index(Int)
        case key(String)
    }

    public private(set) var components: [Component]

    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// A path from dotted field names, e.g. `FieldPath("spec.source")`.
    public init(_ dotted: String) {
        components = dotted.split(separator: ".").map { .field(String($0)) }
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// The path to the named field of the object at this path.
    public func child(_ name: String) -> FieldPath {
        FieldPath(components + [.field(name)])
    }

    /// The path to an element of the list at this path.
    public func index(_ index: Int) -> FieldPath {
        FieldPath(components + [.index(index)])
    }

    /// The path to a value of the map at this path.
    public func key(_ key: String) -> FieldPath {
        FieldPath(components + [.key(key)])
    }

    public var description: String {
        var rendered = ""
        for component in components {
            switch component {
            case .field(let name): rendered += rendered.isEmpty ? name : "." + name
            case .index(let index): rendered += "[\(index)]"
            case .key(let key): rendered += "[\(key)]"
            }
        }
        return rendered
    }
}
