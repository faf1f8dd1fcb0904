import KubeCore
import StrictJSON
import Testing

@Suite("Discovery")
struct DiscoveryTests {
    @Test func readsTheCoreVersions() throws {
        let json = try RecordedResponse.body(RecordedResponse.discoveryAPI)
        let versions = try json.decode(as: APIVersions.self)
        #expect(versions == APIVersions(versions: ["v1"], serverAddressByClientCIDRs: [
            ServerAddressByClientCIDR(clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1:6443"),
        ]))
        #expect(versions.apiVersion == nil)
        #expect(try JSONValue(encoding: versions) == json)
        #expect(APIVersions.path == "/api")
    }

    @Test func readsTheGroupList() throws {
        let json = try RecordedResponse.body(RecordedResponse.discoveryAPIs)
        let list = try json.decode(as: APIGroupList.self)
        #expect(list.kind == "APIGroupList" && list.apiVersion == "v1")
        #expect(list.groups.count == json["groups"]?.arrayValue?.count)
        let apps = try #require(list.groups.first { $0.name == "apps" })
        #expect(apps.versions == [GroupVersionForDiscovery(GroupVersion(group: "apps", version: "v1"))])
        #expect(apps.preferredVersion == GroupVersionForDiscovery(groupVersion: "apps/v1", version: "v1"))
        #expect(apps.path == "/apis/apps")
        let fixture = try #require(list.groups.first { $0.name == "fixture.example.com" })
        #expect(fixture.preferredVersion?.version == "v1")
        #expect(list.groups.first?.versions.map(\.version) == ["v1", "v1beta1"])
        #expect(try JSONValue(encoding: list) == json)
        #expect(try JSONValue(encoding: APIGroupList(groups: list.groups)) == json)
        #expect(APIGroupList.path == "/apis")
    }

    @Test func readsACustomGroupVersion() throws {
        let json = try RecordedResponse.body(RecordedResponse.discoveryGroupVersion)
        let list = try json.decode(as: APIResourceList.self)
        #expect(list.groupVersion == "fixture.example.com/v1" && list.apiVersion == "v1")
        let gadgets = try #require(list.resource(named: "gadgets"))
        #expect(gadgets == APIResource(name: "gadgets", singularName: "gadget", namespaced: true, kind: "Gadget",
                                       verbs: APIResource.allVerbs, shortNames: ["gd"], categories: ["fixture"],
                                       storageVersionHash: "AgdsXP2Cy8Y="))
        #expect(!gadgets.isSubresource)
        let status = try #require(list.resource(named: "gadgets/status"))
        #expect(status.isSubresource && status.singularName.isEmpty && status.verbs == ["get", "patch", "update"])
        #expect(status.shortNames.isEmpty && status.categories.isEmpty && status.storageVersionHash == nil)
        #expect(try JSONValue(encoding: list) == json)
        // The same answer, built the way the local API server would build it.
        let built = APIResourceList(groupVersion: GroupVersion(group: "fixture.example.com", version: "v1"), resources: [
            APIResource(of: Gadget.self, storageVersionHash: "AgdsXP2Cy8Y=").withCategories(["fixture"]),
            APIResource(name: "gadgets/status", namespaced: true, kind: "Gadget", verbs: ["get", "patch", "update"]),
        ])
        #expect(try JSONValue(encoding: built) == json)
    }

    @Test func readsTheCoreGroupVersion() throws {
        let json = try RecordedResponse.body(RecordedResponse.discoveryCoreV1)
        let list = try json.decode(as: APIResourceList.self)
        #expect(list.groupVersion == "v1" && list.apiVersion == nil)
        #expect(list.resource(named: "configmaps")?.shortNames == ["cm"])
        #expect(list.resource(named: "componentstatuses")?.namespaced == false)
        #expect(list.resource(named: "bindings")?.verbs == ["create"])
        #expect(try JSONValue(encoding: list) == json)
        #expect(try JSONValue(encoding: APIResourceList(groupVersion: .coreV1, resources: list.resources)) == json)
    }

    @Test func readsAppsWithSubresourcesOfOtherGroups() throws {
        let json = try RecordedResponse.body(RecordedResponse.discoveryAppsV1)
        let list = try json.decode(as: APIResourceList.self)
        let scale = try #require(list.resource(named: "deployments/scale"))
        #expect(scale.group == "autoscaling" && scale.version == "v1" && scale.kind == "Scale")
        let deployments = try #require(list.resource(named: "deployments"))
        #expect(deployments.shortNames == ["deploy"] && deployments.categories == ["all"])
        #expect(deployments.group == nil && deployments.version == nil)
        #expect(try JSONValue(encoding: list) == json)
    }

    @Test func resourcesToleratePartialEntries() throws {
        let resource = try JSONValue(parsing: #"{"name":"things","namespaced":false,"kind":"Thing"}"#).decode(as: APIResource.self)
        #expect(resource.singularName == "" && resource.verbs.isEmpty && resource.shortNames.isEmpty)
        #expect(throws: ObjectDecodingError.self) {
            try JSONValue(parsing: #"{"name":"things","kind":"Thing"}"#).decode(as: APIResource.self)
        }
    }
}

extension APIResource {
    func withCategories(_ categories: [String]) -> APIResource {
        var copy = self
        copy.categories = categories
        return copy
    }
}
