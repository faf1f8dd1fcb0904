import KubeCore
import StrictJSON
import Testing

@Suite struct StrategicMergePatchTests {
    let deployment: JSONValue = [
        "metadata": ["name": "d", "finalizers": ["a/one"], "labels": ["app": "x", "tier": "web"]],
        "spec": ["replicas": 2, "strategy": ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": 1]],
                 "template": ["spec": ["containers": [
                    ["name": "main", "image": "worker:1", "ports": [["containerPort": 8080, "name": "http"]],
                     "env": [["name": "A", "value": "1"], ["name": "B", "value": "2"]]],
                    ["name": "side", "image": "proxy:1"],
                 ]]]],
    ]

    func patch(_ text: String) throws -> JSONValue {
        try StrategicMergePatch(try JSONValue(parsing: Array(text.utf8))).apply(to: deployment)
    }

    func container(_ result: JSONValue, _ name: String) -> JSONValue? {
        result["spec"]?["template"]?["spec"]?["containers"]?.arrayValue?.first { $0["name"]?.stringValue == name }
    }

    @Test func containersMergeByNameKeepingWhatThePatchDoesNotMention() throws {
        let result = try patch(#"{"spec":{"template":{"spec":{"containers":[{"name":"main","image":"worker:2"}]}}}}"#)
        let main = try #require(container(result, "main"))
        #expect(main["image"] == "worker:2")
        #expect(main["ports"]?[0]?["containerPort"] == 8080)
        #expect(main["env"]?.arrayValue?.count == 2)
        #expect(container(result, "side")?["image"] == "proxy:1")
    }

    @Test func envMergesByNameAndNullDeletesAField() throws {
        let result = try patch(#"{"metadata":{"labels":{"tier":null}},"spec":{"template":{"spec":{"containers":[{"name":"main","env":[{"name":"B","value":"3"},{"name":"C","value":"4"}]}]}}}}"#)
        let env = container(result, "main")?["env"]?.arrayValue ?? []
        #expect(env.compactMap { $0["value"]?.stringValue } == ["1", "3", "4"])
        #expect(result["metadata"]?["labels"] == ["app": "x"])
    }

    @Test func directivesDeleteReplaceRetainAndOrder() throws {
        let deleted = try patch(#"{"spec":{"template":{"spec":{"containers":[{"name":"side","$patch":"delete"}]}}}}"#)
        #expect(container(deleted, "side") == nil && container(deleted, "main") != nil)

        let replaced = try patch(#"{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"i"},{"$patch":"replace"}]}}}}"#)
        #expect(replaced["spec"]?["template"]?["spec"]?["containers"] == [["name": "only", "image": "i"]])

        let retained = try patch(#"{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}"#)
        #expect(retained["spec"]?["strategy"] == ["type": "Recreate"])

        let ordered = try patch(#"{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"side"},{"name":"main"}]}}}}"#)
        #expect(ordered["spec"]?["template"]?["spec"]?["containers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["side", "main"])
    }

    @Test func finalizersAreASetAndCanBeRemoved() throws {
        let added = try patch(#"{"metadata":{"finalizers":["b/two","a/one"]}}"#)
        #expect(added["metadata"]?["finalizers"] == ["a/one", "b/two"])
        let removed = try patch(#"{"metadata":{"$deleteFromPrimitiveList/finalizers":["a/one"]}}"#)
        #expect(removed["metadata"]?["finalizers"] == [])
    }

    @Test func listsWithoutAStrategyAreReplacedAndServicePortsMergeByPort() throws {
        let service: JSONValue = ["spec": ["ports": [["port": 80, "targetPort": 8080], ["port": 443]], "externalIPs": ["1.1.1.1"]]]
        let result = try StrategicMergePatch(try JSONValue(parsing: Array(#"{"spec":{"ports":[{"port":80,"targetPort":9090}],"externalIPs":["2.2.2.2"]}}"#.utf8)))
            .apply(to: service)
        #expect(result["spec"]?["ports"] == [["port": 80, "targetPort": 9090], ["port": 443]])
        #expect(result["spec"]?["externalIPs"] == ["2.2.2.2"])
    }

    @Test func badPatchesAreErrors() {
        #expect(throws: StrategicMergePatch.Failure.self) { try patch("[1]") }
        #expect(throws: StrategicMergePatch.Failure.self) { try patch(#"{"spec":{"template":{"spec":{"containers":[{"image":"no-name"}]}}}}"#) }
        #expect(throws: StrategicMergePatch.Failure.self) { try patch(#"{"$patch":"explode"}"#) }
    }
}
