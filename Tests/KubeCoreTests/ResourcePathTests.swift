import KubeCore
import StrictJSON
import Testing

/// A cluster-scoped kind, to check that typed paths refuse a namespace for it.
struct ClusterGadget: KubernetesResource {
    static let group = "fixture.example.com"
    static let version = "v1"
    static let kind = "ClusterGadget"
    static let plural = "clustergadgets"
    static let namespaced = false
    var metadata: ObjectMeta
}

@Suite("Resource identity and paths")
struct ResourcePathTests {
    @Test("apiVersion strings parse into group and version", arguments: [
        ("v1", "", "v1"), ("apps/v1", "apps", "v1"),
        ("apiextensions.k8s.io/v1", "apiextensions.k8s.io", "v1"),
        ("eventmesh.coldchain.io/v1alpha1", "eventmesh.coldchain.io", "v1alpha1"),
    ])
    func parsesAPIVersion(text: String, group: String, version: String) throws {
        let parsed = try GroupVersion(apiVersion: text)
        #expect(parsed == GroupVersion(group: group, version: version))
        #expect(parsed.apiVersion == text)
        #expect(parsed.description == text)
        #expect(parsed.isCore == group.isEmpty)
    }

    @Test("malformed apiVersion strings are refused", arguments: ["", "/", "apps/", "/v1", "a/b/c", "apps//v1"])
    func refusesAPIVersion(text: String) {
        #expect(throws: GroupVersionError(apiVersion: text)) { try GroupVersion(apiVersion: text) }
    }

    @Test("group versions know their discovery path", arguments: [
        (GroupVersion.coreV1, "/api/v1"), (GroupVersion(group: "apps", version: "v1"), "/apis/apps/v1"),
        (GroupVersion(group: "fixture.example.com", version: "v1"), "/apis/fixture.example.com/v1"),
    ])
    func groupVersionPath(groupVersion: GroupVersion, path: String) {
        #expect(groupVersion.path == path)
    }

    @Test func kindsAndResourcesPrintAndConvert() throws {
        let kind = try GroupVersionKind(apiVersion: "apps/v1", kind: "Deployment")
        #expect(kind == GroupVersionKind(group: "apps", version: "v1", kind: "Deployment"))
        #expect(kind.description == "apps/v1, Kind=Deployment")
        #expect(kind.groupVersion.apiVersion == "apps/v1")
        #expect(GroupVersionKind(of: Gadget.self) == GroupVersionKind(group: "fixture.example.com", version: "v1", kind: "Gadget"))
        #expect(throws: GroupVersionError.self) { try GroupVersionKind(apiVersion: "a/b/c", kind: "X") }

        let resource = GroupVersionResource(of: Gadget.self)
        #expect(resource == GroupVersionResource(group: "fixture.example.com", version: "v1", resource: "gadgets"))
        #expect(resource.groupResource == "gadgets.fixture.example.com")
        #expect(resource.description == "fixture.example.com/v1, Resource=gadgets")
        #expect(GroupVersionResource(.coreV1, resource: "configmaps").groupResource == "configmaps")
        #expect(GroupVersion(group: "apps", version: "v1") < GroupVersion(group: "batch", version: "v1"))
    }

    static let configMaps = GroupVersionResource(.coreV1, resource: "configmaps")
    static let gadgets = GroupVersionResource(group: "fixture.example.com", version: "v1", resource: "gadgets")
    static let crds = GroupVersionResource(group: "apiextensions.k8s.io", version: "v1", resource: "customresourcedefinitions")
    static let namespaces = GroupVersionResource(.coreV1, resource: "namespaces")

    @Test("paths are the ones client-go builds", arguments: [
        (configMaps, "default", "settings", nil, "/api/v1/namespaces/default/configmaps/settings"),
        (configMaps, "default", nil, nil, "/api/v1/namespaces/default/configmaps"),
        (configMaps, nil, nil, nil, "/api/v1/configmaps"),
        (configMaps, "", nil, nil, "/api/v1/configmaps"),
        (gadgets, "default", "k1", nil, "/apis/fixture.example.com/v1/namespaces/default/gadgets/k1"),
        (gadgets, "default", "g1", "status", "/apis/fixture.example.com/v1/namespaces/default/gadgets/g1/status"),
        (gadgets, nil, nil, nil, "/apis/fixture.example.com/v1/gadgets"),
        (crds, nil, "gadgets.fixture.example.com", nil,
         "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.fixture.example.com"),
        (namespaces, nil, "default", nil, "/api/v1/namespaces/default"),
        (namespaces, nil, "default", "finalize", "/api/v1/namespaces/default/finalize"),
        (configMaps, "default", "a b", nil, "/api/v1/namespaces/default/configmaps/a%20b"),
        (configMaps, "default", "q?x#y", nil, "/api/v1/namespaces/default/configmaps/q%3Fx%23y"),
        (configMaps, "default", "a:b@c+d=e;f,g$h&i", nil, "/api/v1/namespaces/default/configmaps/a:b@c+d=e;f,g$h&i"),
        (configMaps, "default", "é!*'()", nil, "/api/v1/namespaces/default/configmaps/%C3%A9%21%2A%27%28%29"),
    ] as [(GroupVersionResource, String?, String?, String?, String)])
    func buildsPaths(resource: GroupVersionResource, namespace: String?, name: String?, subresource: String?, path: String) throws {
        let built = try ResourcePath(resource, namespace: namespace, name: name, subresource: subresource)
        #expect(built.path == path)
        #expect(built.description == path)
    }

    @Test("parts that cannot be one path segment are refused", arguments: [
        (nil, "", nil, ResourcePathError.Part.name, ["may not be empty"]),
        (nil, ".", nil, .name, ["may not be '.'"]),
        (nil, "..", nil, .name, ["may not be '..'"]),
        (nil, "a/b", nil, .name, ["may not contain '/'"]),
        (nil, "100%/x", nil, .name, ["may not contain '/'", "may not contain '%'"]),
        ("a/b", "x", nil, .namespace, ["may not contain '/'"]),
        ("..", "x", nil, .namespace, ["may not be '..'"]),
        ("default", "x", "a/b", .subresource, ["may not contain '/'"]),
        ("default", nil, "status", .subresource, ["requires a name"]),
    ] as [(String?, String?, String?, ResourcePathError.Part, [String])])
    func refusesBadParts(namespace: String?, name: String?, subresource: String?, part: ResourcePathError.Part,
                         problems: [String]) {
        #expect(throws: ResourcePathError(part: part, value: (part == .namespace ? namespace : part == .name ? name : subresource) ?? "",
                                          problems: problems)) {
            try ResourcePath(Self.configMaps, namespace: namespace, name: name, subresource: subresource)
        }
    }

    @Test func refusesBadResourceParts() {
        #expect(throws: ResourcePathError.self) { try ResourcePath(GroupVersionResource(.coreV1, resource: "")) }
        #expect(throws: ResourcePathError.self) { try ResourcePath(GroupVersionResource(group: "a/b", version: "v1", resource: "x")) }
        #expect(throws: ResourcePathError.self) { try ResourcePath(GroupVersionResource(group: "g", version: "", resource: "x")) }
        let error = ResourcePathError(part: .name, value: "a/b", problems: ["may not contain '/'"])
        #expect(error.description == "invalid name \"a/b\": may not contain '/'")
    }

    @Test func typedKindsBuildTheirPaths() throws {
        #expect(try ResourcePath(Gadget.self, namespace: "default", name: "g1").path
                == "/apis/fixture.example.com/v1/namespaces/default/gadgets/g1")
        #expect(try ResourcePath(Gadget.self).path == "/apis/fixture.example.com/v1/gadgets")
        #expect(try ResourcePath(ClusterGadget.self, name: "c1").path == "/apis/fixture.example.com/v1/clustergadgets/c1")
        #expect(try ResourcePath(ClusterGadget.self, namespace: "", name: "c1").namespace == nil)
        #expect(throws: ResourcePathError(part: .namespace, value: "default", problems: ["ClusterGadget is cluster-scoped"])) {
            try ResourcePath(ClusterGadget.self, namespace: "default", name: "c1")
        }
    }

    @Test func targetsCarryTheQuery() throws {
        let path = try ResourcePath(Gadget.self, namespace: "default")
        #expect(path.target(ListOptions(limit: 500)) == "/apis/fixture.example.com/v1/namespaces/default/gadgets?limit=500")
        #expect(path.target(ListOptions()) == "/apis/fixture.example.com/v1/namespaces/default/gadgets")
    }

    @Test("query components escape like Go's url.QueryEscape", arguments: [
        ("metadata.name=k1", "metadata.name%3Dk1"), ("a b", "a+b"), ("a+b", "a%2Bb"),
        ("x in (a,b)", "x+in+%28a%2Cb%29"), ("-_.~", "-_.~"), ("é", "%C3%A9"), ("a/b:c", "a%2Fb%3Ac"),
        ("!x", "%21x"), ("", ""),
    ])
    func escapesQueryComponents(text: String, escaped: String) {
        #expect(URLEncoding.queryComponent(text) == escaped)
        #expect(URLEncoding.decode(escaped, plusAsSpace: true) == text)
    }

    @Test func queriesEncodeSortedAndParseLikeGo() {
        #expect(URLEncoding.query(["watch": ["true"], "allowWatchBookmarks": ["true"], "b": ["2", "1"]])
                == "allowWatchBookmarks=true&b=2&b=1&watch=true")
        #expect(URLEncoding.query([:]) == "")
        #expect(URLEncoding.parseQuery("limit=5&labelSelector=a%3Db&watch&x=1&x=2&&y=a+b")
                == ["limit": ["5"], "labelSelector": ["a=b"], "watch": [""], "x": ["1", "2"], "y": ["a b"]])
        // A bad escape or a semicolon drops only that pair.
        #expect(URLEncoding.parseQuery("a=%zz&b=1&c=1;d=2&e=%4") == ["b": ["1"]])
        #expect(URLEncoding.decode("%e9") == nil)
        #expect(URLEncoding.decode("a+b") == "a+b")
    }
}
