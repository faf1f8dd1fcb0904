import KubeCore

/// Names shared by every kind of the `eventmesh.coldchain.io` API.
public enum EventMeshAPI {
    public static let group = "eventmesh.coldchain.io"
    public static let version = "v1alpha1"
    public static let apiVersion = "\(group)/\(version)"
    /// `kubectl get eventmesh` lists every kind of the API.
    public static let category = "eventmesh"
    /// `eventmesh.coldchain.io/paused: "true"` stops reconciliation of an object until removed.
    public static let pausedAnnotation = "eventmesh.coldchain.io/paused"
    /// The image of the project's worker binary, run by bridges and cold-chain services.
    public static let defaultWorkerImage = "eventmesh-worker"
}

/// A kind of the Event Mesh API: a namespaced custom resource with a schema, printer columns
/// and a validator that reports every problem of a spec at once.
public protocol MeshResource: CustomResource {
    /// One paragraph for `kubectl explain <kind>`.
    static var kindDescription: String { get }
    static var specSchema: Schema { get }
    static var statusSchema: Schema { get }
    static var printerColumns: [PrinterColumn] { get }
    /// Extra restrictions on `metadata.name` (a name that becomes a Deployment and label value).
    static var nameSchema: Schema? { get }
    /// The condition types this kind reports; `Ready` first.
    static var conditionTypes: [String] { get }

    /// Every problem of this object that needs no other object to find, with field paths.
    func validate() -> [FieldError]
}

extension MeshResource {
    public static var group: String { EventMeshAPI.group }
    public static var version: String { EventMeshAPI.version }
    public static var categories: [String] { [EventMeshAPI.category] }
    public static var namespaced: Bool { true }
    public static var nameSchema: Schema? { nil }

    /// Whether the object carries `eventmesh.coldchain.io/paused: "true"`.
    public var isPaused: Bool {
        metadata.annotations?[EventMeshAPI.pausedAnnotation] == "true"
    }
}
