import KubeCore
import StrictJSON

/// The `labelSelector` and `fieldSelector` of a list or watch.
struct ObjectFilter: Sendable {
    var labels: LabelExpression?
    var fields: FieldExpression?

    /// Parses the request's selectors; a malformed one is a 400, as on the real server.
    init(_ request: APIRequest) throws {
        if let text = request.query("labelSelector"), !text.isEmpty {
            do { labels = try LabelExpression(parsing: text) } catch {
                throw APIError.badRequest("unable to parse requirement: \(error)")
            }
        }
        if let text = request.query("fieldSelector"), !text.isEmpty {
            do { fields = try FieldExpression(parsing: text) } catch {
                throw APIError.badRequest("invalid field selector: \(error)")
            }
        }
    }

    var isEmpty: Bool { labels == nil && fields == nil }

    func matches(_ object: JSONValue) -> Bool {
        if let labels {
            let values = object["metadata"]?["labels"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
            guard labels.matches(labels: values) else { return false }
        }
        if let fields, !fields.matches(object: object) { return false }
        return true
    }

    /// How a change looks through this filter: an object that starts matching is ADDED, one
    /// that stops matching is DELETED, one that never matched is not sent at all.
    func view(_ event: StoreEvent) -> (kind: StoreEvent.Kind, object: JSONValue)? {
        guard !isEmpty, event.kind != .bookmark else { return (event.kind, event.object) }
        let now = event.kind != .deleted && matches(event.object)
        let before = event.previous.map(matches) ?? false
        switch (event.kind, before, now) {
        case (.deleted, _, _): return matches(event.object) ? (.deleted, event.object) : nil
        case (_, false, true): return (.added, event.object)
        case (_, true, false): return (.deleted, event.object)
        case (_, true, true): return (event.kind, event.object)
        case (_, false, false): return nil
        }
    }
}
