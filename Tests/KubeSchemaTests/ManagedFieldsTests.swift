import KubeCore
import StrictJSON
import Testing
@testable import KubeSchema

@Suite struct ManagedFieldsTests {
    let gadgets = MergeRules(openAPIV3Schema: ApplyFixtures.gadgetSchema)

    /// `15-get.json`: g1 as created by `curl` (POST, defaults applied).
    static let createdGadget = #"""
    {"apiVersion":"fixture.example.com/v1","kind":"Gadget","metadata":{"creationTimestamp":"2026-11-23T16:16:26Z","generation":1,"labels":{"app":"demo"},"managedFields":[{"apiVersion":"fixture.example.com/v1","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{".":{},"f:deletionPolicy":{},"f:partitions":{},"f:topic":{}}},"manager":"curl","operation":"Update","time":"2026-11-23T16:16:26Z"}],"name":"g1","namespace":"default","resourceVersion":"284","uid":"87c850c4-8cd7-4ce8-9962-449e81dcd277"},"spec":{"deletionPolicy":"Retain","partitions":1,"topic":"FallaCadenaFrio"}}
    """#

    /// `16-merge-patch-spec.json`: g1 after `curl` merge-patched `spec.partitions` to 2.
    static let patchedGadget = #"""
    {"apiVersion":"fixture.example.com/v1","kind":"Gadget","metadata":{"creationTimestamp":"2026-11-23T16:16:26Z","generation":2,"labels":{"app":"demo"},"managedFields":[{"apiVersion":"fixture.example.com/v1","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{".":{},"f:deletionPolicy":{},"f:partitions":{},"f:topic":{}}},"manager":"curl","operation":"Update","time":"2026-11-23T16:16:26Z"}],"name":"g1","namespace":"default","resourceVersion":"285","uid":"87c850c4-8cd7-4ce8-9962-449e81dcd277"},"spec":{"deletionPolicy":"Retain","partitions":2,"topic":"FallaCadenaFrio"}}
    """#

    static let recordedTime = Timestamp(rfc3339: "2026-11-23T16:16:26Z")!

    @Test func entriesRoundTrip() throws {
        let object = try JSONValue(parsing: Self.createdGadget)
        let json = try #require(object[path: "metadata", "managedFields"]?[0])
        let entry = try ManagedFieldsEntry(json: json)
        #expect(entry.manager == "curl")
        #expect(entry.operation == .update)
        #expect(entry.apiVersion == ApplyFixtures.apiVersion)
        #expect(entry.time == Self.recordedTime)
        #expect(entry.subresource == nil)
        #expect(entry.fields.fieldsV1JSON == FieldSetTests.createdFieldsV1)
        #expect(entry.json == json)
        #expect(ManagedFields.encode(try ManagedFields.decode(object[path: "metadata", "managedFields"])) == object[path: "metadata", "managedFields"])
    }

    @Test func unreadableEntriesAreRejected() throws {
        let entry: JSONValue = ["manager": "m", "operation": "Update", "apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": [:]]
        #expect(try ManagedFieldsEntry(json: entry).fields.isEmpty)
        var badOperation = entry
        badOperation["operation"] = "Patch"
        #expect(throws: ManagedFieldsError("operation must be `Apply` or `Update`")) { try ManagedFieldsEntry(json: badOperation) }
        var noType = entry
        noType["fieldsType"] = nil
        #expect(throws: ManagedFieldsError("missing fieldsType in managed fields entry 0")) { try ManagedFieldsEntry(json: noType) }
        var noVersion = entry
        noVersion["apiVersion"] = ""
        #expect(throws: ManagedFieldsError("apiVersion must not be empty")) { try ManagedFieldsEntry(json: noVersion) }
        #expect(throws: ManagedFieldsError.self) { try ManagedFields.decode(["not a list"]) }
    }

    @Test func createRecordsTheCreatorsFields() throws {
        let recorded = try JSONValue(parsing: Self.createdGadget)
        let new = recorded.settingManagedFields(nil)
        let created = ManagedFields.recordUpdate(old: nil, new: new, manager: "curl", apiVersion: ApplyFixtures.apiVersion,
                                                 rules: gadgets, now: Self.recordedTime)
        #expect(created == recorded)
    }

    @Test func mergePatchKeepsTheUpdatersEntry() throws {
        let old = try JSONValue(parsing: Self.createdGadget)
        let recorded = try JSONValue(parsing: Self.patchedGadget)
        // The patched object as the handler has it: live's managedFields carried along.
        var new = recorded
        new["metadata"]?["managedFields"] = old[path: "metadata", "managedFields"]
        let later = Timestamp(rfc3339: "2026-11-23T16:20:00Z")!
        let patched = ManagedFields.recordUpdate(old: old, new: new, manager: "curl", apiVersion: ApplyFixtures.apiVersion,
                                                 rules: gadgets, now: later)
        let entries = try ManagedFields.decode(patched[path: "metadata", "managedFields"])
        #expect(entries.count == 1)
        #expect(entries.first?.time == later)
        var expected = try ManagedFields.decode(recorded[path: "metadata", "managedFields"])
        expected[0].time = later
        #expect(entries == expected)
        #expect(patched.settingManagedFields(nil) == recorded.settingManagedFields(nil))
    }

    @Test func updatesTakeFieldsFromOtherManagers() throws {
        let old = try JSONValue(parsing: Self.createdGadget)
        var new = old
        new["spec"]?["partitions"] = 3
        new["spec"]?["deletionPolicy"] = nil
        new["metadata"]?["labels"]?["tier"] = "gold"
        let later = Timestamp(rfc3339: "2026-11-23T17:00:00Z")!
        let updated = ManagedFields.recordUpdate(old: old, new: new, manager: "kubectl-edit",
                                                 apiVersion: ApplyFixtures.apiVersion, rules: gadgets, now: later)
        #expect(try ApplyFixtures.owners(updated) == [
            "curl/Update: .metadata.labels .metadata.labels.app .spec .spec.topic",
            "kubectl-edit/Update: .metadata.labels.tier .spec.partitions",
        ])
        // An entry whose fields all go elsewhere is dropped.
        var patched = updated
        patched["metadata"]?["labels"]?["tier"] = nil
        patched["spec"]?["partitions"] = 9
        let taken = ManagedFields.recordUpdate(old: updated, new: patched, manager: "kubectl-patch",
                                               apiVersion: ApplyFixtures.apiVersion, rules: gadgets, now: later)
        #expect(try ApplyFixtures.owners(taken) == [
            "curl/Update: .metadata.labels .metadata.labels.app .spec .spec.topic",
            "kubectl-patch/Update: .spec.partitions",
        ])
        // An update that changes nothing records nothing.
        let unchanged = ManagedFields.recordUpdate(old: taken, new: taken, manager: "other",
                                                   apiVersion: ApplyFixtures.apiVersion, rules: gadgets, now: later)
        #expect(unchanged == taken)
    }

    @Test func requestedManagedFieldsAreHonouredOrReset() throws {
        let old = try JSONValue(parsing: Self.createdGadget)
        var edited = old
        edited["metadata"]?["managedFields"] = .array([ManagedFieldsEntry(
            manager: "someone", operation: .apply, apiVersion: ApplyFixtures.apiVersion,
            fields: FieldSet([["spec", "topic"]])).json])
        let honoured = ManagedFields.recordUpdate(old: old, new: edited, manager: "kubectl",
                                                  apiVersion: ApplyFixtures.apiVersion, rules: gadgets, now: Self.recordedTime)
        #expect(try ApplyFixtures.owners(honoured) == ["someone/Apply: .spec.topic"])

        for reset: JSONValue in [[], [[:]]] {
            var cleared = old
            cleared["metadata"]?["managedFields"] = reset
            let result = ManagedFields.recordUpdate(old: old, new: cleared, manager: "kubectl",
                                                    apiVersion: ApplyFixtures.apiVersion, rules: gadgets, now: Self.recordedTime)
            #expect(result[path: "metadata", "managedFields"] == nil)
        }

        // Through a subresource, the request's managedFields are ignored.
        let ignored = ManagedFields.recordUpdate(old: old, new: edited, manager: "kubectl", apiVersion: ApplyFixtures.apiVersion,
                                                 subresource: "status", rules: gadgets, now: Self.recordedTime)
        #expect(ignored[path: "metadata", "managedFields"] == old[path: "metadata", "managedFields"])
    }

    @Test func statusWritesAreScoped() throws {
        let old = try JSONValue(parsing: Self.createdGadget)
        var new = old
        new["status"] = ["observedGeneration": 1, "conditions": [["type": "Ready", "status": "True"]]]
        let later = Timestamp(rfc3339: "2026-11-23T17:00:00Z")!
        let status = ManagedFields.recordUpdate(old: old, new: new, manager: "gadget-controller", apiVersion: ApplyFixtures.apiVersion,
                                                subresource: "status", rules: gadgets, hasStatusSubresource: true, now: later)
        let entries = try ManagedFields.decode(status[path: "metadata", "managedFields"])
        #expect(entries.map(\.manager) == ["curl", "gadget-controller"])
        #expect(entries[1].subresource == "status")
        #expect(entries[1].fields.fieldsV1JSON == #"{"f:status":{".":{},"f:conditions":{},"f:observedGeneration":{}}}"#)
        #expect(entries[1].json["subresource"] == "status")

        // The main resource owns nothing in status.
        let main = ManagedFields.recordUpdate(old: old, new: new, manager: "kubectl", apiVersion: ApplyFixtures.apiVersion,
                                              rules: gadgets, hasStatusSubresource: true, now: later)
        #expect(main[path: "metadata", "managedFields"] == old[path: "metadata", "managedFields"])
    }

    @Test func entriesAreSortedAsTheServerSortsThem() throws {
        let early = Timestamp(secondsSinceEpoch: 100), late = Timestamp(secondsSinceEpoch: 200)
        let fields = FieldSet([["spec", "a"]])
        let entries = [
            ManagedFieldsEntry(manager: "b", operation: .update, apiVersion: "v1", time: early, fields: fields),
            ManagedFieldsEntry(manager: "a", operation: .update, apiVersion: "v1", time: late, fields: fields),
            ManagedFieldsEntry(manager: "z", operation: .apply, apiVersion: "v1", time: late, fields: fields),
            ManagedFieldsEntry(manager: "a", operation: .update, apiVersion: "v1", time: early, fields: fields, subresource: "status"),
        ]
        let encoded = try #require(ManagedFields.encode(entries)?.arrayValue)
        #expect(encoded.map { "\($0["manager"]!.stringValue!)/\($0["subresource"]?.stringValue ?? "")" } == ["z/", "a/status", "b/", "a/"])
        #expect(ManagedFields.encode([]) == nil)
    }

    @Test func defaultManagerComesFromTheUserAgent() {
        #expect(ManagedFields.defaultManager(userAgent: "kubectl/v1.32.0 (linux/amd64) kubernetes/70d3cc9") == "kubectl")
        #expect(ManagedFields.defaultManager(userAgent: "curl/8.5.0") == "curl")
        #expect(ManagedFields.defaultManager(userAgent: "kube-controller-manager/v1.20.2 (linux/amd64) kubernetes/faecb19/system:serviceaccount:kube-system:generic-garbage-collector") == "kube-controller-manager")
        #expect(ManagedFields.defaultManager(userAgent: "Go-http-client/1.1") == "Go-http-client")
        #expect(ManagedFields.defaultManager(userAgent: "") == "")
        #expect(ManagedFields.defaultManager(userAgent: "my tool\t\u{7}") == "my tool")
        #expect(ManagedFields.defaultManager(userAgent: String(repeating: "é", count: 100)) == String(repeating: "é", count: 64))
    }
}
