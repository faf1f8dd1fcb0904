@testable import LocalCluster
import Testing

@Suite struct RequestInfoTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var method: String
        var path: String
        var watch = false
        var verb: RequestInfo.Verb?
        var group = ""
        var version = ""
        var namespace: String?
        var resource = ""
        var name: String?
        var subresource: String?
        var testDescription: String { "\(method) \(path)" }
    }

    @Test(arguments: [
        Case(method: "GET", path: "/api/v1/namespaces/default/configmaps/x", verb: .get, version: "v1",
             namespace: "default", resource: "configmaps", name: "x"),
        Case(method: "GET", path: "/api/v1/namespaces/default/configmaps", verb: .list, version: "v1",
             namespace: "default", resource: "configmaps"),
        Case(method: "GET", path: "/api/v1/namespaces/default/configmaps", watch: true, verb: .watch, version: "v1",
             namespace: "default", resource: "configmaps"),
        Case(method: "GET", path: "/api/v1/configmaps", verb: .list, version: "v1", resource: "configmaps"),
        Case(method: "GET", path: "/api/v1/namespaces", verb: .list, version: "v1", resource: "namespaces"),
        Case(method: "GET", path: "/api/v1/namespaces/kube-system", verb: .get, version: "v1",
             resource: "namespaces", name: "kube-system"),
        Case(method: "PUT", path: "/api/v1/namespaces/dev/finalize", verb: .update, version: "v1",
             resource: "namespaces", name: "dev", subresource: "finalize"),
        Case(method: "PATCH", path: "/apis/eventmesh.coldchain.io/v1alpha1/namespaces/ns/eventroutes/r1/status",
             verb: .patch, group: "eventmesh.coldchain.io", version: "v1alpha1", namespace: "ns",
             resource: "eventroutes", name: "r1", subresource: "status"),
        Case(method: "POST", path: "/apis/apps/v1/namespaces/ns/deployments", verb: .create, group: "apps",
             version: "v1", namespace: "ns", resource: "deployments"),
        Case(method: "DELETE", path: "/apis/apps/v1/namespaces/ns/deployments", verb: .deletecollection, group: "apps",
             version: "v1", namespace: "ns", resource: "deployments"),
        Case(method: "DELETE", path: "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/a.b.c", verb: .delete,
             group: "apiextensions.k8s.io", version: "v1", resource: "customresourcedefinitions", name: "a.b.c"),
        Case(method: "GET", path: "/api/v1/namespaces/ns/pods/p1/log", verb: .get, version: "v1", namespace: "ns",
             resource: "pods", name: "p1", subresource: "log"),
    ])
    func resourceRequests(_ c: Case) {
        let info = RequestInfo.parse(method: c.method, path: c.path, watch: c.watch)
        #expect(info.isResourceRequest)
        #expect(info.verb == c.verb)
        #expect(info.group == c.group)
        #expect(info.version == c.version)
        #expect(info.namespace == c.namespace)
        #expect(info.resource == c.resource)
        #expect(info.name == c.name)
        #expect(info.subresource == c.subresource)
    }

    @Test(arguments: ["/api", "/api/v1", "/apis", "/apis/apps", "/apis/apps/v1", "/version", "/openapi/v2", "/healthz"])
    func discoveryAndOtherPathsAreNotResourceRequests(path: String) {
        #expect(!RequestInfo.parse(method: "GET", path: path, watch: false).isResourceRequest)
    }
}
