/// How a list's `resourceVersion` is matched (`resourceVersionMatch`).
public enum ResourceVersionMatch: String, Sendable, Hashable, CaseIterable {
    /// Data at least as new as `resourceVersion`.
    case notOlderThan = "NotOlderThan"
    /// Data at exactly `resourceVersion`.
    case exact = "Exact"
}

/// The options of a list or a watch (`metav1.ListOptions`); empty strings, `false` and a zero
/// limit are "not set", as in Go.
public struct ListOptions: QueryOptions {
    /// A label selector in its string form (see `LabelExpression`).
    public var labelSelector: String
    /// A field selector in its string form (see `FieldExpression`).
    public var fieldSelector: String
    public var watch: Bool
    public var allowWatchBookmarks: Bool
    /// Empty: the most recent data; `"0"`: any data (the cache).
    public var resourceVersion: String
    public var resourceVersionMatch: ResourceVersionMatch?
    /// How long a watch may stay open; a list ignores it.
    public var timeoutSeconds: Int64?
    /// The most items one page may hold; 0 means no limit.
    public var limit: Int64
    /// The token of the next page, from the previous page's `metadata.continue`.
    public var `continue`: String
    /// With `watch`: start with synthetic ADDED events for the current state, then a BOOKMARK.
    public var sendInitialEvents: Bool?

    public init(labelSelector: String = "", fieldSelector: String = "", watch: Bool = false,
                allowWatchBookmarks: Bool = false, resourceVersion: String = "",
                resourceVersionMatch: ResourceVersionMatch? = nil, timeoutSeconds: Int64? = nil,
                limit: Int64 = 0, continue: String = "", sendInitialEvents: Bool? = nil) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.watch = watch
        self.allowWatchBookmarks = allowWatchBookmarks
        self.resourceVersion = resourceVersion
        self.resourceVersionMatch = resourceVersionMatch
        self.timeoutSeconds = timeoutSeconds
        self.limit = limit
        self.continue = `continue`
        self.sendInitialEvents = sendInitialEvents
    }

    public var queryParameters: [String: [String]] {
        var parameters: [String: [String]] = [:]
        if !labelSelector.isEmpty { parameters["labelSelector"] = [labelSelector] }
        if !fieldSelector.isEmpty { parameters["fieldSelector"] = [fieldSelector] }
        if watch { parameters["watch"] = ["true"] }
        if allowWatchBookmarks { parameters["allowWatchBookmarks"] = ["true"] }
        if !resourceVersion.isEmpty { parameters["resourceVersion"] = [resourceVersion] }
        if let resourceVersionMatch { parameters["resourceVersionMatch"] = [resourceVersionMatch.rawValue] }
        if let timeoutSeconds { parameters["timeoutSeconds"] = [String(timeoutSeconds)] }
        if limit != 0 { parameters["limit"] = [String(limit)] }
        if !`continue`.isEmpty { parameters["continue"] = [`continue`] }
        if let sendInitialEvents { parameters["sendInitialEvents"] = [String(sendInitialEvents)] }
        return parameters
    }

    /// Reads and validates the options; an unknown `resourceVersionMatch` is a 422 NotSupported.
    public init(query: [String: [String]]) throws(QueryOptionsError) {
        let reader = QueryReader(query: query)
        self.init(labelSelector: reader.string("labelSelector") ?? "",
                  fieldSelector: reader.string("fieldSelector") ?? "",
                  watch: reader.bool("watch") ?? false,
                  allowWatchBookmarks: reader.bool("allowWatchBookmarks") ?? false,
                  resourceVersion: reader.string("resourceVersion") ?? "",
                  timeoutSeconds: try reader.int64("timeoutSeconds"),
                  limit: try reader.int64("limit") ?? 0,
                  continue: reader.string("continue") ?? "",
                  sendInitialEvents: reader.bool("sendInitialEvents"))
        var errors: [FieldError] = []
        if let match = reader.string("resourceVersionMatch"), !match.isEmpty {
            if let known = ResourceVersionMatch(rawValue: match) {
                resourceVersionMatch = known
            } else {
                let supported = watch ? [ResourceVersionMatch.notOlderThan.rawValue]
                    : [ResourceVersionMatch.exact.rawValue, ResourceVersionMatch.notOlderThan.rawValue, ""]
                errors.append(.notSupported("resourceVersionMatch", .string(match), supported: supported))
            }
        }
        errors += validationErrors
        guard errors.isEmpty else { throw .invalid(kind: "ListOptions", errors: errors) }
    }

    /// The API server's rules for a list or a watch (apimachinery's `ValidateListOptions`),
    /// plus non-negative `limit` and `timeoutSeconds`.
    public var validationErrors: [FieldError] {
        var errors = OptionRules.nonNegative(limit, "limit") + OptionRules.nonNegative(timeoutSeconds, "timeoutSeconds")
        let matchPath: FieldPath = "resourceVersionMatch"
        if watch {
            if sendInitialEvents != nil && resourceVersionMatch != .notOlderThan {
                errors.append(.forbidden(matchPath, "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"))
            }
            if let resourceVersionMatch {
                if sendInitialEvents == nil {
                    errors.append(.forbidden(matchPath, "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"))
                }
                if resourceVersionMatch != .notOlderThan {
                    errors.append(.notSupported(matchPath, .string(resourceVersionMatch.rawValue),
                                                supported: [ResourceVersionMatch.notOlderThan.rawValue]))
                }
                if !`continue`.isEmpty {
                    errors.append(.forbidden(matchPath, "resourceVersionMatch is forbidden when continue is provided"))
                }
            }
            return errors
        }
        if let resourceVersionMatch {
            if resourceVersion.isEmpty {
                errors.append(.forbidden(matchPath, "resourceVersionMatch is forbidden unless resourceVersion is provided"))
            }
            if !`continue`.isEmpty {
                errors.append(.forbidden(matchPath, "resourceVersionMatch is forbidden when continue is provided"))
            }
            if resourceVersionMatch == .exact && resourceVersion == "0" {
                errors.append(.forbidden(matchPath, "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""))
            }
        }
        if sendInitialEvents != nil {
            errors.append(.forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"))
        }
        return errors
    }
}

/// The options of a get (`metav1.GetOptions`).
public struct GetOptions: QueryOptions {
    /// Empty: the most recent data; `"0"`: any data (the cache).
    public var resourceVersion: String

    public init(resourceVersion: String = "") {
        self.resourceVersion = resourceVersion
    }

    public var queryParameters: [String: [String]] {
        resourceVersion.isEmpty ? [:] : ["resourceVersion": [resourceVersion]]
    }

    public init(query: [String: [String]]) throws(QueryOptionsError) {
        self.init(resourceVersion: QueryReader(query: query).string("resourceVersion") ?? "")
    }

    public var validationErrors: [FieldError] { [] }
}
