import StrictJSON
import Testing
@testable import KubeSchema

@Suite struct FieldSetTests {
    /// `fieldsV1` of fixture 15 (`GET` of an object created with curl), compact, as sent.
    static let createdFieldsV1 =
        #"{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{".":{},"f:deletionPolicy":{},"f:partitions":{},"f:topic":{}}}"#
    /// `fieldsV1` of fixture 20 (created by server-side apply).
    static let appliedFieldsV1 = #"{"f:spec":{"f:partitions":{},"f:topic":{}}}"#

    @Test func readsAndWritesTheServersFieldsV1() throws {
        for text in [Self.createdFieldsV1, Self.appliedFieldsV1] {
            let json = try JSONValue(parsing: text)
            let set = try FieldSet(fieldsV1: json)
            #expect(set.fieldsV1 == json)
            #expect(set.fieldsV1JSON == text)
            #expect(try FieldSet(fieldsV1: set.fieldsV1) == set)
        }
    }

    @Test func membersOfTheCreatedObject() throws {
        let set = try FieldSet(fieldsV1: JSONValue(parsing: Self.createdFieldsV1))
        // The server's order: at each level the members, then what is below each child.
        #expect(set.paths.map(\.description) == [
            ".spec", ".metadata.labels", ".metadata.labels.app",
            ".spec.deletionPolicy", ".spec.partitions", ".spec.topic",
        ])
        #expect(set.contains(["spec"]))
        #expect(!set.contains(["metadata"]))
        #expect(set.count == 6)
        #expect(set.leaves.paths.map(\.description) == [".metadata.labels.app", ".spec.deletionPolicy", ".spec.partitions", ".spec.topic"])
    }

    @Test func keyValueAndIndexElements() throws {
        let text = #"{"f:spec":{"f:hosts":{},"f:routes":{"k:{\"name\":\"a\",\"port\":9}":{".":{},"f:name":{},"f:target":{}},"k:{\"name\":\"a\",\"port\":10}":{".":{}}},"f:tags":{"v:\"blue\"":{}},"f:matrix":{"i:0":{}}}}"#
        let set = try FieldSet(fieldsV1: JSONValue(parsing: text))
        let route9: FieldSet.PathElement = .key(["name": "a", "port": 9])
        let route10: FieldSet.PathElement = .key(["name": "a", "port": 10])
        #expect(set.contains(["spec", "routes", route9]))
        #expect(set.contains(["spec", "routes", route9, "target"]))
        #expect(set.contains(["spec", "routes", route10]))
        #expect(set.contains(["spec", "tags", .value("blue")]))
        #expect(set.contains(["spec", "matrix", .index(0)]))
        // The server orders keys by value (9 before 10) and fields before keys.
        #expect(set.fieldsV1JSON == #"{"f:spec":{"f:hosts":{},"f:matrix":{"i:0":{}},"f:routes":{"k:{\"name\":\"a\",\"port\":9}":{".":{},"f:name":{},"f:target":{}},"k:{\"name\":\"a\",\"port\":10}":{}},"f:tags":{"v:\"blue\"":{}}}}"#)
        #expect(FieldSet.Path(["spec", "routes", route9, "target"]).description == #".spec.routes[name="a",port=9].target"#)
        #expect(FieldSet.Path(["spec", "tags", .value("blue")]).description == #".spec.tags[="blue"]"#)
        #expect(FieldSet.Path(["spec", "matrix", .index(0)]).description == ".spec.matrix[0]")
    }

    @Test func unknownElementKindsAreIgnoredAndMalformedOnesRejected() throws {
        let set = try FieldSet(fieldsV1: JSONValue(parsing: #"{"f:spec":{"x:future":{},"f:a":{}}}"#))
        #expect(set.paths.map(\.description) == [".spec.a"])
        #expect(throws: FieldSetError.self) { try FieldSet(fieldsV1: JSONValue(parsing: #"{"spec":{}}"#)) }
        #expect(throws: FieldSetError.self) { try FieldSet(fieldsV1: JSONValue(parsing: #"{"i:one":{}}"#)) }
        #expect(throws: FieldSetError.self) { try FieldSet(fieldsV1: JSONValue(parsing: #"{"k:[1]":{}}"#)) }
        #expect(throws: FieldSetError.self) { try FieldSet(fieldsV1: "f:a") }
    }

    @Test func setOperations() {
        let a = FieldSet([["spec"], ["spec", "a"], ["spec", "b"], ["metadata", "labels", "x"]])
        let b = FieldSet([["spec", "b"], ["spec", "c"], ["metadata", "labels"]])
        #expect(a.union(b).paths.map(\.description) == [
            ".spec", ".metadata.labels", ".metadata.labels.x", ".spec.a", ".spec.b", ".spec.c",
        ])
        #expect(a.intersection(b).paths.map(\.description) == [".spec.b"])
        // Exact difference: removing `.metadata.labels` keeps what is below it.
        #expect(a.subtracting(b).paths.map(\.description) == [".spec", ".metadata.labels.x", ".spec.a"])
        #expect(a.subtractingRecursively(b).paths.map(\.description) == [".spec", ".spec.a"])
        #expect(a.subtractingRecursively(FieldSet([["spec"]])).paths.map(\.description) == [".metadata.labels.x"])
        #expect(a.subtracting(a).isEmpty)
        #expect(a.subtracting(a) == FieldSet())
    }

    @Test func fieldsOfAnAppliedConfiguration() throws {
        let rules = MergeRules(openAPIV3Schema: ApplyFixtures.gadgetSchema)
        let set = try FieldSet(of: ApplyFixtures.gadget(partitions: 4), rules: rules)
        #expect(set.paths.map(\.description) == [".apiVersion", ".kind", ".metadata.name", ".spec.partitions", ".spec.topic"])
        #expect(set.subtracting(ManagedFields.strippedFields).fieldsV1JSON == Self.appliedFieldsV1)
    }

    @Test func fieldsFollowListAndMapTypes() throws {
        let rules = MergeRules(openAPIV3Schema: ApplyFixtures.routerSchema)
        let config: JSONValue = [
            "spec": [
                "routes": [["name": "a", "target": "x"], ["name": "b"]],
                "tags": ["blue", "green"],
                "hosts": ["h1", "h2"],
                "settings": ["retries": ["count": 3]],
                "selector": ["app": "demo"],
                "empty": [:],
                "unset": nil,
            ],
        ]
        let set = try rules.fieldSet(of: config)
        #expect(set.paths.map(\.description) == [
            ".spec.empty", ".spec.hosts", ".spec.selector", ".spec.unset",
            #".spec.routes[name="a"]"#, #".spec.routes[name="b"]"#, #".spec.routes[name="a"].name"#,
            #".spec.routes[name="a"].target"#, #".spec.routes[name="b"].name"#,
            ".spec.settings.retries", ".spec.settings.retries.count",
            #".spec.tags[="blue"]"#, #".spec.tags[="green"]"#,
        ])
        #expect(set.fieldsV1JSON == #"{"f:spec":{"f:empty":{},"f:hosts":{},"f:routes":{"k:{\"name\":\"a\"}":{".":{},"f:name":{},"f:target":{}},"k:{\"name\":\"b\"}":{".":{},"f:name":{}}},"f:selector":{},"f:settings":{"f:retries":{".":{},"f:count":{}}},"f:tags":{"v:\"blue\"":{},"v:\"green\"":{}},"f:unset":{}}}"#)
        #expect(rules.listType(at: ["spec", "routes"]) == .map(keys: ["name"]))
        #expect(rules.listType(at: ["spec", "tags"]) == .set)
        #expect(rules.listType(at: ["spec", "hosts"]) == .atomic)
        #expect(rules.isAtomicMap(at: ["spec", "selector"]))
        #expect(MergeRules.builtIn.listType(at: ["metadata", "ownerReferences"]) == .map(keys: ["uid"]))
        #expect(MergeRules.builtIn.listType(at: ["metadata", "finalizers"]) == .set)
    }

    @Test func listElementsNeedTheirKeys() {
        let rules = MergeRules(openAPIV3Schema: ApplyFixtures.routerSchema)
        #expect(throws: FieldSetError(#".spec.routes: element 1: associative list with keys has an element that omits key field "name" (and doesn't have default value)"#)) {
            try rules.fieldSet(of: ["spec": ["routes": [["name": "a"], ["target": "x"]]]])
        }
        #expect(rules.configurationErrors(["spec": ["routes": [["name": "a"], ["name": "a"]], "tags": [["x": 1]]]]) == [
            #".spec.routes: duplicate entries for key [name="a"]"#,
            ".spec.tags: element 0: associative list without keys has an element that's a map type",
        ])
    }
}
