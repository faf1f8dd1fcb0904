/// Why a `ResourcePath` cannot be built: a part that cannot travel as one URL path segment.
public struct ResourcePathError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which part of the path was wrong.
    public enum Part: String, Sendable, Hashable {
        case group, version, resource, namespace, name, subresource
    }

    public var part: Part
    public var value: String
    /// What is wrong, in the API machinery's words (`may not contain '/'`).
    public var problems: [String]

    public init(part: Part, value: String, problems: [String]) {
        self.part = part
        self.value = value
        self.problems = problems
    }

    public var description: String {
        "invalid \(part.rawValue) \"\(value)\": \(problems.joined(separator: ", "))"
    }
}

/// The URL path of a resource, a collection or a subresource, exactly as client-go builds it:
/// `/api/v1/namespaces/{ns}/configmaps/{name}`, `/apis/{group}/{version}/{plural}` and so on.
public struct ResourcePath: Sendable, Hashable, CustomStringConvertible {
    public let resource: GroupVersionResource
    /// nil for a cluster-scoped resource, or for a list or watch across all namespaces.
    public let namespace: String?
    /// nil for the collection (list, watch, create, deletecollection).
    public let name: String?
    /// e.g. `status`, `scale`; only with a name.
    public let subresource: String?

    /// Checks every part as client-go does: an empty namespace means none, a name may not be
    /// empty, `.` or `..`, or contain `/` or `%`, and a subresource needs a name.
    public init(_ resource: GroupVersionResource, namespace: String? = nil, name: String? = nil,
                subresource: String? = nil) throws(ResourcePathError) {
        if !resource.group.isEmpty { try Self.check(.group, resource.group) }
        try Self.check(.version, resource.version)
        try Self.check(.resource, resource.resource)
        let namespace = namespace.flatMap { $0.isEmpty ? nil : $0 }
        if let namespace { try Self.check(.namespace, namespace) }
        if let name { try Self.check(.name, name) }
        if let subresource {
            try Self.check(.subresource, subresource)
            guard name != nil else {
                throw ResourcePathError(part: .subresource, value: subresource, problems: ["requires a name"])
            }
        }
        self.resource = resource
        self.namespace = namespace
        self.name = name
        self.subresource = subresource
    }

    /// The path of a typed resource; a namespace given for a cluster-scoped kind is an error.
    public init<Resource: KubernetesResource>(
        _ type: Resource.Type, namespace: String? = nil, name: String? = nil, subresource: String? = nil
    ) throws(ResourcePathError) {
        if !Resource.namespaced, let namespace, !namespace.isEmpty {
            throw ResourcePathError(part: .namespace, value: namespace,
                                    problems: ["\(Resource.kind) is cluster-scoped"])
        }
        try self.init(GroupVersionResource(of: type), namespace: namespace, name: name, subresource: subresource)
    }

    /// The path, each part percent-encoded as a path segment.
    public var path: String {
        var path = resource.groupVersion.path
        if let namespace { path += "/namespaces/" + URLEncoding.pathSegment(namespace) }
        path += "/" + URLEncoding.pathSegment(resource.resource)
        if let name { path += "/" + URLEncoding.pathSegment(name) }
        if let subresource { path += "/" + URLEncoding.pathSegment(subresource) }
        return path
    }

    /// The request target: the path, then `?` and the options' query when there is one.
    public func target(_ options: some QueryOptions) -> String {
        let query = options.queryString
        return query.isEmpty ? path : path + "?" + query
    }

    public var description: String { path }

    private static func check(_ part: ResourcePathError.Part, _ value: String) throws(ResourcePathError) {
        let problems = value.isEmpty ? ["may not be empty"] : KubernetesName.pathSegmentProblems(value)
        guard problems.isEmpty else { throw ResourcePathError(part: part, value: value, problems: problems) }
    }
}
