import StrictJSON

/// Kubernetes' protobuf wire format (`application/vnd.kubernetes.protobuf`): the `k8s\0` envelope
/// around a `runtime.Unknown`, and the built-in kinds kubectl sends that way, decoded to the JSON
/// the API would otherwise carry.
///
/// kubectl v1.32's generators (`kubectl create namespace|configmap|secret|service|deployment|
/// role|...`, `kubectl create token`) send protobuf; `kubectl run` and `kubectl create -f` send
/// JSON. The JSON produced follows the Go struct tags: `omitempty` fields are left out when
/// empty, pointers are written when set (even to zero or false), non-pointer structs are always
/// written, and a zero timestamp (Go's `null`) is left out.
public enum KubeProtobuf {
    /// The protobuf media type.
    public static let mediaType = "application/vnd.kubernetes.protobuf"

    /// The four bytes every Kubernetes protobuf body starts with: `k8s\0`.
    static let magic: [UInt8] = [0x6B, 0x38, 0x73, 0x00]

    /// How deep messages may nest. Built-in kinds need about 15 levels.
    static let maximumDepth = 64

    /// Whether a `Content-Type` header names the Kubernetes protobuf media type (parameters and
    /// case ignored).
    public static func isProtobuf(contentType: String) -> Bool {
        mediaType(of: contentType) == mediaType
    }

    /// Decodes a protobuf request body (`k8s\0` + `runtime.Unknown`) to the object's JSON,
    /// with `apiVersion` and `kind` from the envelope.
    ///
    /// - Throws: `KubeProtobufError` for malformed bytes, an envelope without a type, or a kind
    ///   this module does not describe (see `supportedKinds`).
    public static func decode(_ body: [UInt8]) throws(KubeProtobufError) -> JSONValue {
        try decode(body, depthLimit: maximumDepth)
    }

    /// `decode(_:)` with another nesting limit.
    static func decode(_ body: [UInt8], depthLimit: Int) throws(KubeProtobufError) -> JSONValue {
        try MessageDecoder(depthLimit: depthLimit).envelope(body[...], depth: 0)
    }

    /// Whether `decode(_:)` can decode objects of this kind.
    public static func supports(apiVersion: String, kind: String) -> Bool {
        Kinds.message(apiVersion: apiVersion, kind: kind) != nil
    }

    /// The kinds `decode(_:)` knows, as (apiVersion, kind), sorted. `DeleteOptions` is accepted
    /// under any apiVersion, as clients send it with their resource's group version.
    public static var supportedKinds: [(apiVersion: String, kind: String)] {
        Kinds.all.keys.sorted { ($0.apiVersion, $0.kind) < ($1.apiVersion, $1.kind) }
            .map { ($0.apiVersion, $0.kind) }
    }

    /// The media type of a Content-Type value: before any `;`, trimmed, lowercased.
    static func mediaType(of contentType: String) -> String {
        let type = contentType.prefix { $0 != ";" }
        return String(type.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()).lowercased()
    }
}
