/// The kinds of PATCH the API server accepts, named by the request's `Content-Type`.
public enum PatchType: String, Sendable, Hashable, CaseIterable {
    /// RFC 6902 JSON patch (`JSONPatch`).
    case json = "application/json-patch+json"
    /// RFC 7386 JSON merge patch (`JSONMergePatch`).
    case merge = "application/merge-patch+json"
    /// Kubernetes' strategic merge patch (built-in kinds only; custom resources answer 415).
    case strategicMerge = "application/strategic-merge-patch+json"
    /// Server-side apply: a partial object (YAML or JSON) owned by a `fieldManager`.
    case apply = "application/apply-patch+yaml"

    /// The `Content-Type` header value.
    public var contentType: String { rawValue }

    /// The patch type of a `Content-Type` header, ignoring parameters such as `; charset=utf-8`.
    public init?(contentType: String) {
        let mediaType = contentType.prefix { $0 != ";" }.filter { $0 != " " && $0 != "\t" }
        self.init(rawValue: mediaType.lowercased())
    }
}
