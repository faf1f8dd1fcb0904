/// A reference by name to another object in the same namespace.
public struct LocalObjectReference: Codable, Sendable, Hashable {
    public var name: String

    public init(name: String) {
        self.name = name
    }
}
