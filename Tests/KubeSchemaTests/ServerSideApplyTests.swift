import KubeCore
import StrictJSON
import Testing
@testable import KubeSchema

/// Schemas and objects shared by the apply and managed-fields suites; recorded bodies are kept
/// verbatim from the shared fixtures (`fixtures/kube-apiserver-v1.20/`).
enum ApplyFixtures {
    static let apiVersion = "fixture.example.com/v1"

    /// `00-crd.yaml`'s schema.
    static let gadgetSchema: JSONValue = [
        "type": "object",
        "properties": [
            "spec": [
                "type": "object", "required": ["topic"],
                "properties": [
                    "topic": ["type": "string", "minLength": 1],
                    "partitions": ["type": "integer", "minimum": 1, "maximum": 1000, "default": 1],
                    "deletionPolicy": ["type": "string", "enum": ["Retain", "Delete"], "default": "Retain"],
                ],
            ],
            "status": [
                "type": "object",
                "properties": [
                    "observedGeneration": ["type": "integer", "format": "int64"],
                    "conditions": [
                        "type": "array",
                        "items": [
                            "type": "object", "required": ["type", "status"],
                            "properties": ["type": ["type": "string"], "status": ["type": "string"]],
                        ],
                    ],
                ],
            ],
        ],
    ]

    /// A schema with every list and map type.
    static let routerSchema: JSONValue = [
        "type": "object",
        "properties": [
            "spec": [
                "type": "object",
                "properties": [
                    "routes": [
                        "type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"],
                        "items": [
                            "type": "object",
                            "properties": ["name": ["type": "string"], "target": ["type": "string"], "weight": ["type": "integer"]],
                        ],
                    ],
                    "endpoints": [
                        "type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["host", "port"],
                        "items": [
                            "type": "object",
                            "properties": ["host": ["type": "string"], "port": ["type": "integer", "default": 80]],
                        ],
                    ],
                    "tags": ["type": "array", "x-kubernetes-list-type": "set", "items": ["type": "string"]],
                    "hosts": ["type": "array", "items": ["type": "string"]],
                    "settings": [
                        "type": "object",
                        "additionalProperties": ["type": "object", "properties": ["count": ["type": "integer"]]],
                    ],
                    "selector": [
                        "type": "object", "x-kubernetes-map-type": "atomic",
                        "additionalProperties": ["type": "string"],
                    ],
                    "empty": ["type": "object", "properties": ["a": ["type": "string"]]],
                    "unset": ["type": "string"],
                    "size": ["type": "integer"],
                ],
            ],
        ],
    ]

    static func gadget(name: String = "g2", partitions: Int64? = nil, topic: String? = "StockBajo") -> JSONValue {
        var spec: [String: JSONValue] = [:]
        if let topic { spec["topic"] = .string(topic) }
        if let partitions { spec["partitions"] = .integer(partitions) }
        return ["apiVersion": .string(apiVersion), "kind": "Gadget", "metadata": ["name": .string(name)], "spec": .object(spec)]
    }

    static func router(_ spec: JSONValue) -> JSONValue {
        ["apiVersion": .string(apiVersion), "kind": "Router", "metadata": ["name": "r1", "namespace": "default"], "spec": spec]
    }

    /// `20-apply-ssa.json`: the object alice created by applying.
    static let appliedGadget = #"""
    {"apiVersion":"fixture.example.com/v1","kind":"Gadget","metadata":{"creationTimestamp":"2026-11-23T16:16:28Z","generation":1,"managedFields":[{"apiVersion":"fixture.example.com/v1","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:partitions":{},"f:topic":{}}},"manager":"alice","operation":"Apply","time":"2026-11-23T16:16:28Z"}],"name":"g2","namespace":"default","resourceVersion":"288","uid":"1bfac3c9-3220-4173-b479-dfd027853867"},"spec":{"deletionPolicy":"Retain","partitions":4,"topic":"StockBajo"}}
    """#

    /// `21-apply-ssa-409-field-conflict.json`: bob's apply refused.
    static let conflictStatus = #"""
    {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Apply failed with 1 conflict: conflict with \"alice\": .spec.partitions","reason":"Conflict","details":{"causes":[{"reason":"FieldManagerConflict","message":"conflict with \"alice\"","field":".spec.partitions"}]},"code":409}
    """#

    static let created = Timestamp(rfc3339: "2026-11-23T16:16:28Z")!
    static let later = Timestamp(rfc3339: "2026-11-23T17:00:00Z")!

    static func managedFields(_ object: JSONValue) -> JSONValue? {
        object[path: "metadata", "managedFields"]
    }

    static func entries(_ object: JSONValue) throws -> [ManagedFieldsEntry] {
        try ManagedFields.decode(managedFields(object))
    }

    /// Each manager's fields, in the entries' order, as `manager/Operation: paths` (sorted).
    static func owners(_ object: JSONValue) throws -> [String] {
        try entries(object).map {
            "\($0.manager)/\($0.operation.rawValue): " + $0.fields.paths.map(\.description).sorted().joined(separator: " ")
        }
    }
}

@Suite struct ServerSideApplyTests {
    let gadgets = MergeRules(openAPIV3Schema: ApplyFixtures.gadgetSchema)
    let routers = MergeRules(openAPIV3Schema: ApplyFixtures.routerSchema)

    func apply(_ config: JSONValue, to live: JSONValue?, as manager: String, force: Bool = false,
               rules: MergeRules? = nil, at now: Timestamp = ApplyFixtures.later,
               hasStatusSubresource: Bool = false, subresource: String? = nil) throws(ApplyError) -> JSONValue {
        try ServerSideApply.apply(config: config, to: live, manager: manager, force: force,
                                  apiVersion: ApplyFixtures.apiVersion, rules: rules ?? gadgets, now: now,
                                  subresource: subresource, hasStatusSubresource: hasStatusSubresource)
    }

    /// The recorded object, as the store holds it after alice's apply.
    func aliceGadget() throws -> JSONValue {
        try JSONValue(parsing: ApplyFixtures.appliedGadget)
    }

    @Test func createByApplyRecordsTheAppliersFields() throws {
        let created = try apply(ApplyFixtures.gadget(partitions: 4), to: nil, as: "alice", at: ApplyFixtures.created)
        let recorded = try aliceGadget()
        #expect(ApplyFixtures.managedFields(created) == ApplyFixtures.managedFields(recorded))
        #expect(created["spec"] == ["partitions": 4, "topic": "StockBajo"])
        #expect(created["metadata"]?["name"] == "g2")
    }

    @Test func reapplyingTheSameConfigurationChangesNothing() throws {
        let live = try aliceGadget()
        let again = try apply(ApplyFixtures.gadget(partitions: 4), to: live, as: "alice")
        #expect(again == live)
    }

    @Test func applyRemovesWhatTheApplierNoLongerSets() throws {
        let live = try aliceGadget()
        let result = try apply(ApplyFixtures.gadget(partitions: nil), to: live, as: "alice")
        // partitions goes; the defaulted deletionPolicy nobody owns stays.
        #expect(result["spec"] == ["deletionPolicy": "Retain", "topic": "StockBajo"])
        #expect(try ApplyFixtures.owners(result) == ["alice/Apply: .spec.topic"])
        #expect(try ApplyFixtures.entries(result).first?.time == ApplyFixtures.later)
        #expect(result["metadata"]?["uid"] == live["metadata"]?["uid"])
    }

    @Test func removalSparesFieldsOthersOwn() throws {
        let live = try aliceGadget()
        let shared = try apply(ApplyFixtures.gadget(partitions: 4, topic: nil), to: live, as: "bob")
        // bob changed nothing, so his entry has no time, and sorts first.
        #expect(try ApplyFixtures.owners(shared) == ["bob/Apply: .spec.partitions", "alice/Apply: .spec.partitions .spec.topic"])
        let result = try apply(ApplyFixtures.gadget(partitions: nil), to: shared, as: "alice")
        #expect(result["spec"]?["partitions"] == 4)
        #expect(try ApplyFixtures.owners(result) == ["bob/Apply: .spec.partitions", "alice/Apply: .spec.topic"])
    }

    @Test func conflictingApplyAnswersLikeTheServer() throws {
        let live = try aliceGadget()
        do {
            _ = try apply(ApplyFixtures.gadget(partitions: 5), to: live, as: "bob")
            Issue.record("bob's apply should conflict")
        } catch {
            guard case .conflict(let conflict) = error else { throw error }
            #expect(try JSONValue(encoding: error.status) == JSONValue(parsing: ApplyFixtures.conflictStatus))
            #expect(conflict.conflicts.map(\.manager) == ["alice"])
            #expect(conflict.conflicts.map(\.field) == [".spec.partitions"])
            #expect(conflict.conflicts.first?.apiVersion == nil)
        }
    }

    @Test func forceMovesOwnership() throws {
        let live = try aliceGadget()
        let result = try apply(ApplyFixtures.gadget(partitions: 5, topic: nil), to: live, as: "bob", force: true)
        #expect(result["spec"]?["partitions"] == 5)
        #expect(try ApplyFixtures.owners(result) == ["alice/Apply: .spec.topic", "bob/Apply: .spec.partitions"])
    }

    @Test func equalValuesShareOwnership() throws {
        let live = try aliceGadget()
        let result = try apply(ApplyFixtures.gadget(partitions: 4), to: live, as: "bob")
        #expect(try ApplyFixtures.owners(result) == [
            "bob/Apply: .spec.partitions .spec.topic", "alice/Apply: .spec.partitions .spec.topic",
        ])
        // Nothing changed, so bob's entry has no time, and the object is live's.
        let bob = try ApplyFixtures.entries(result).first { $0.manager == "bob" }
        #expect(bob?.time == nil)
        #expect(result.removingManagedFields == live.removingManagedFields)
    }

    @Test func updaterTakesFieldsThenApplyConflictsWithIt() throws {
        let live = try aliceGadget()
        var patched = live
        patched["spec"]?["partitions"] = 6
        let updated = ManagedFields.recordUpdate(old: live, new: patched, manager: "kubectl-client-side-apply",
                                                 apiVersion: ApplyFixtures.apiVersion, rules: gadgets, now: ApplyFixtures.later)
        #expect(try ApplyFixtures.owners(updated) == [
            "alice/Apply: .spec.topic", "kubectl-client-side-apply/Update: .spec.partitions",
        ])
        do {
            _ = try apply(ApplyFixtures.gadget(partitions: 4), to: updated, as: "alice")
            Issue.record("alice's apply should conflict")
        } catch {
            guard case .conflict(let conflict) = error else { throw error }
            #expect(conflict.message == #"Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using fixture.example.com/v1: .spec.partitions"#)
            #expect(conflict.causes == [StatusCause(reason: "FieldManagerConflict",
                                                    message: #"conflict with "kubectl-client-side-apply" using fixture.example.com/v1"#,
                                                    field: ".spec.partitions")])
            #expect(conflict.conflicts.first?.apiVersion == ApplyFixtures.apiVersion)
            #expect(error.status.code == 409)
            #expect(error.status.reason == "Conflict")
        }
        let forced = try apply(ApplyFixtures.gadget(partitions: 4), to: updated, as: "alice", force: true)
        #expect(try ApplyFixtures.owners(forced) == ["alice/Apply: .spec.partitions .spec.topic"])
        #expect(forced["spec"]?["partitions"] == 4)
    }

    @Test func severalConflictsAreListedByManager() throws {
        var live = try apply(ApplyFixtures.router(["size": 1, "unset": "a"]), to: nil, as: "zed", rules: routers)
        live = try apply(ApplyFixtures.router(["tags": ["x"], "hosts": ["h"]]), to: live, as: "amy", rules: routers)
        do {
            _ = try apply(ApplyFixtures.router(["size": 2, "unset": "b", "hosts": ["other"]]), to: live, as: "bob", rules: routers)
            Issue.record("bob's apply should conflict")
        } catch {
            guard case .conflict(let conflict) = error else { throw error }
            #expect(conflict.message == """
                Apply failed with 3 conflicts: conflicts with "amy":
                - .spec.hosts
                conflicts with "zed":
                - .spec.size
                - .spec.unset
                """)
            #expect(conflict.causes.map(\.field) == [".spec.hosts", ".spec.size", ".spec.unset"])
        }
    }

    @Test func mapListsMergeByKey() throws {
        var live = try apply(ApplyFixtures.router(["routes": [["name": "a", "target": "x"], ["name": "b", "target": "y"]]]),
                             to: nil, as: "alice", rules: routers)
        live = try apply(ApplyFixtures.router(["routes": [["name": "c", "target": "z"]]]), to: live, as: "bob", rules: routers)
        #expect(live["spec"]?["routes"] == [["name": "a", "target": "x"], ["name": "b", "target": "y"], ["name": "c", "target": "z"]])
        let bob = try ApplyFixtures.entries(live).first { $0.manager == "bob" }
        #expect(bob?.fields.fieldsV1JSON == #"{"f:spec":{"f:routes":{"k:{\"name\":\"c\"}":{".":{},"f:name":{},"f:target":{}}}}}"#)

        // alice drops b and changes a; bob's c stays.
        live = try apply(ApplyFixtures.router(["routes": [["name": "a", "target": "w"]]]), to: live, as: "alice", rules: routers)
        #expect(live["spec"]?["routes"] == [["name": "a", "target": "w"], ["name": "c", "target": "z"]])

        // A field of an element someone else set conflicts; another field of it does not.
        #expect(throws: ApplyError.self) {
            try apply(ApplyFixtures.router(["routes": [["name": "c", "target": "q"]]]), to: live, as: "carol", rules: routers)
        }
        let weighted = try apply(ApplyFixtures.router(["routes": [["name": "c", "weight": 3]]]), to: live, as: "carol", rules: routers)
        #expect(weighted["spec"]?["routes"]?[1] == ["name": "c", "target": "z", "weight": 3])
    }

    @Test func mapListKeysTakeDefaults() throws {
        let live = try apply(ApplyFixtures.router(["endpoints": [["host": "a"], ["host": "a", "port": 81]]]),
                             to: nil, as: "alice", rules: routers)
        let fields = try ApplyFixtures.entries(live).first?.fields
        #expect(fields?.contains(["spec", "endpoints", .key(["host": "a", "port": 80])]) == true)
        #expect(fields?.contains(["spec", "endpoints", .key(["host": "a", "port": 81])]) == true)
    }

    @Test func setListsMergeByValueAndAtomicListsReplace() throws {
        var live = try apply(ApplyFixtures.router(["tags": ["blue", "green"], "hosts": ["h1", "h2"]]), to: nil, as: "alice", rules: routers)
        live = try apply(ApplyFixtures.router(["tags": ["red", "blue"]]), to: live, as: "bob", rules: routers)
        #expect(live["spec"]?["tags"] == ["red", "blue", "green"])
        #expect(try ApplyFixtures.owners(live) == [
            #"alice/Apply: .spec.hosts .spec.tags[="blue"] .spec.tags[="green"]"#,
            #"bob/Apply: .spec.tags[="blue"] .spec.tags[="red"]"#,
        ])
        // The atomic list is one field: bob setting any other content conflicts with alice.
        do {
            _ = try apply(ApplyFixtures.router(["hosts": ["h1"]]), to: live, as: "bob", rules: routers)
            Issue.record("an atomic list is owned whole")
        } catch {
            guard case .conflict(let conflict) = error else { throw error }
            #expect(conflict.message == #"Apply failed with 1 conflict: conflict with "alice": .spec.hosts"#)
        }
        let replaced = try apply(ApplyFixtures.router(["tags": ["red", "blue"], "hosts": ["h3"]]), to: live, as: "bob",
                                 force: true, rules: routers)
        #expect(replaced["spec"]?["hosts"] == ["h3"])
        #expect(try ApplyFixtures.owners(replaced) == [
            #"alice/Apply: .spec.tags[="blue"] .spec.tags[="green"]"#,
            #"bob/Apply: .spec.hosts .spec.tags[="blue"] .spec.tags[="red"]"#,
        ])
        // alice stops setting tags: green (only hers) goes, blue (also bob's) stays.
        let pruned = try apply(ApplyFixtures.router(["unset": "x"]), to: replaced, as: "alice", rules: routers)
        #expect(pruned["spec"]?["tags"] == ["red", "blue"])
    }

    @Test func labelsAnnotationsAndFinalizersAreOrdinaryFields() throws {
        var config = ApplyFixtures.gadget(partitions: 4)
        config["metadata"] = [
            "name": "g2",
            "labels": ["app": "demo"],
            "annotations": [ServerSideApply.lastAppliedAnnotation: "{\"kept\":true}\n"],
            "finalizers": ["example.com/cleanup"],
        ]
        let recorded = try aliceGadget()
        var labelled = recorded
        labelled["metadata"]?["labels"] = ["team": "cold-chain"]
        let live = ManagedFields.recordUpdate(old: recorded, new: labelled, manager: "kubectl-label",
                                              apiVersion: ApplyFixtures.apiVersion, rules: gadgets, now: ApplyFixtures.later)
        let result = try apply(config, to: live, as: "alice")
        #expect(result["metadata"]?["labels"] == ["app": "demo", "team": "cold-chain"])
        #expect(result["metadata"]?["annotations"]?[ServerSideApply.lastAppliedAnnotation] == "{\"kept\":true}\n")
        let fields = try ApplyFixtures.entries(result).first { $0.manager == "alice" }?.fields
        #expect(fields?.fieldsV1JSON == #"{"f:metadata":{"f:annotations":{"f:kubectl.kubernetes.io/last-applied-configuration":{}},"f:finalizers":{"v:\"example.com/cleanup\"":{}},"f:labels":{"f:app":{}}},"f:spec":{"f:partitions":{},"f:topic":{}}}"#)

        // Dropping them again removes only what alice set.
        let dropped = try apply(ApplyFixtures.gadget(partitions: 4), to: result, as: "alice")
        #expect(dropped["metadata"]?["labels"] == ["team": "cold-chain"])
        #expect(dropped["metadata"]?["annotations"] == nil)
        #expect(dropped["metadata"]?["finalizers"] == nil)
        #expect(dropped["metadata"]?["uid"] == live["metadata"]?["uid"])
    }

    @Test func statusIsLeftToTheStatusSubresource() throws {
        var live = try aliceGadget()
        live["status"] = ["observedGeneration": 1]
        var config = ApplyFixtures.gadget(partitions: 4)
        config["status"] = ["observedGeneration": 7]
        let main = try apply(config, to: live, as: "alice", hasStatusSubresource: true)
        #expect(main["status"] == ["observedGeneration": 1])
        #expect(try ApplyFixtures.owners(main) == ["alice/Apply: .spec.partitions .spec.topic"])

        let status = try apply(config, to: live, as: "controller", hasStatusSubresource: true, subresource: "status")
        #expect(status["status"] == ["observedGeneration": 7])
        #expect(status["spec"] == live["spec"])
        let entry = try ApplyFixtures.entries(status).first { $0.manager == "controller" }
        #expect(entry?.subresource == "status")
        #expect(entry?.fields.paths.map(\.description) == [".status.observedGeneration"])
    }

    @Test func malformedRequestsAreRefused() throws {
        var withManagedFields = ApplyFixtures.gadget(partitions: 4)
        withManagedFields["metadata"]?["managedFields"] = []
        #expect(throws: ApplyError.badRequest("metadata.managedFields must be nil")) {
            try apply(withManagedFields, to: nil, as: "alice")
        }
        var otherVersion = ApplyFixtures.gadget(partitions: 4)
        otherVersion["apiVersion"] = "fixture.example.com/v2"
        #expect(throws: ApplyError.badRequest("Incorrect version specified in apply patch. Specified patch version: fixture.example.com/v2, expected: fixture.example.com/v1")) {
            try apply(otherVersion, to: nil, as: "alice")
        }
        do {
            _ = try apply(ApplyFixtures.router(["routes": [["target": "x"]]]), to: nil, as: "alice", rules: routers)
            Issue.record("a map list element needs its key")
        } catch {
            #expect(error.status.code == 500)
            #expect(error.status.message == #"failed to create typed patch object: .spec.routes: element 0: associative list with keys has an element that omits key field "name" (and doesn't have default value)"#)
        }
    }

    @Test func kubectlUpgradesFromClientSideApply() throws {
        // `kubectl apply` (client-side) created the object: an Update entry and the annotation.
        var created = ApplyFixtures.gadget(partitions: 4)
        let lastApplied = ApplyFixtures.gadget(partitions: 4).jsonString() + "\n"
        created["metadata"]?["annotations"] = [ServerSideApply.lastAppliedAnnotation: .string(lastApplied)]
        let live = ManagedFields.recordUpdate(old: nil, new: created, manager: "kubectl-client-side-apply",
                                              apiVersion: ApplyFixtures.apiVersion, rules: gadgets, now: ApplyFixtures.created)

        // Another applier conflicts; kubectl may take what the annotation says it applied.
        #expect(throws: ApplyError.self) { try apply(ApplyFixtures.gadget(partitions: 5), to: live, as: "other") }
        let upgraded = try apply(ApplyFixtures.gadget(partitions: 5), to: live, as: "kubectl")
        #expect(upgraded["spec"]?["partitions"] == 5)
        #expect(try ApplyFixtures.owners(upgraded) == [
            "kubectl/Apply: .spec.partitions .spec.topic",
            "kubectl-client-side-apply/Update: .metadata.annotations .metadata.annotations.kubectl.kubernetes.io/last-applied-configuration .spec .spec.topic",
        ])
        let annotation = upgraded[path: "metadata", "annotations", ServerSideApply.lastAppliedAnnotation]
        #expect(annotation == .string(ApplyFixtures.gadget(partitions: 5).jsonString() + "\n"))

        // A field whose live value no longer matches the annotation still conflicts.
        var drifted = live
        drifted["spec"]?["topic"] = "Changed"
        drifted = ManagedFields.recordUpdate(old: live, new: drifted, manager: "kubectl-edit",
                                             apiVersion: ApplyFixtures.apiVersion, rules: gadgets, now: ApplyFixtures.later)
        do {
            _ = try apply(ApplyFixtures.gadget(partitions: 5, topic: "Other"), to: drifted, as: "kubectl")
            Issue.record("a drifted field conflicts")
        } catch {
            guard case .conflict(let conflict) = error else { throw error }
            #expect(conflict.message == #"Apply failed with 1 conflict: conflict with "kubectl-edit" using fixture.example.com/v1: .spec.topic"#)
        }
    }
}
