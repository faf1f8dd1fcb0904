import KubeCore
import KubeRuntime
import StrictJSON
import Testing

@Suite("Finalizers")
struct FinalizersTests {
    static let finalizer = "eventmesh.coldchain.io/cleanup"

    struct Cell: Sendable, CustomTestStringConvertible {
        var deleting: Bool
        var has: Bool
        var expected: FinalizerAction
        var testDescription: String { "deleting=\(deleting) has=\(has) → \(expected)" }
    }

    @Test(arguments: [
        Cell(deleting: false, has: false, expected: .addFinalizer),
        Cell(deleting: false, has: true, expected: .reconcile),
        Cell(deleting: true, has: true, expected: .runCleanupThenRemove),
        Cell(deleting: true, has: false, expected: .nothing),
    ])
    func theTwoByTwoTable(cell: Cell) {
        #expect(Finalizers.action(isBeingDeleted: cell.deleting, hasFinalizer: cell.has) == cell.expected)

        var metadata = ObjectMeta(name: "route", namespace: "mesh",
                                  deletionTimestamp: cell.deleting ? Timestamp(secondsSinceEpoch: 1_800_000_000) : nil,
                                  finalizers: cell.has ? ["other", Self.finalizer] : ["other"])
        #expect(Finalizers.action(for: metadata, finalizer: Self.finalizer) == cell.expected)
        metadata.finalizers = cell.has ? [Self.finalizer] : nil
        #expect(Finalizers.action(for: metadata, finalizer: Self.finalizer) == cell.expected)

        var object: JSONValue = ["metadata": ["name": "route"]]
        if cell.deleting { object["metadata"]?["deletionTimestamp"] = "2027-01-15T08:00:00Z" }
        if cell.has { object["metadata"]?["finalizers"] = [.string(Self.finalizer)] }
        #expect(Finalizers.action(for: object, finalizer: Self.finalizer) == cell.expected)
    }

    @Test func nothingToCleanUpMeansNoFinalizerIsAdded() {
        #expect(Finalizers.action(isBeingDeleted: false, hasFinalizer: false, needsCleanup: false) == .reconcile)
        #expect(Finalizers.action(isBeingDeleted: false, hasFinalizer: true, needsCleanup: false) == .reconcile)
        // One added earlier is still honoured, so deletion removes it.
        #expect(Finalizers.action(isBeingDeleted: true, hasFinalizer: true, needsCleanup: false) == .runCleanupThenRemove)
        #expect(Finalizers.action(isBeingDeleted: true, hasFinalizer: false, needsCleanup: false) == .nothing)
    }

    @Test func metadataAddsOnlyWhenAbsentAndKeepsOrder() {
        let empty = ObjectMeta(name: "a")
        #expect(!empty.hasFinalizer(Self.finalizer))
        let added = empty.addingFinalizer(Self.finalizer)
        #expect(added.finalizers == [Self.finalizer])
        #expect(added.addingFinalizer(Self.finalizer) == added)

        let others = ObjectMeta(name: "a", finalizers: ["first", "second"])
        #expect(others.addingFinalizer(Self.finalizer).finalizers == ["first", "second", Self.finalizer])
    }

    @Test func metadataRemovesOnlyOurs() {
        let metadata = ObjectMeta(name: "a", finalizers: ["first", Self.finalizer, "second", Self.finalizer])
        let removed = metadata.removingFinalizer(Self.finalizer)
        #expect(removed.finalizers == ["first", "second"])
        #expect(removed.removingFinalizer(Self.finalizer) == removed)
        #expect(ObjectMeta(name: "a", finalizers: [Self.finalizer]).removingFinalizer(Self.finalizer).finalizers == nil)
        let none = ObjectMeta(name: "a")
        #expect(none.removingFinalizer(Self.finalizer) == none)
    }

    @Test func jsonObjectsAddOnlyWhenAbsent() {
        let bare: JSONValue = ["kind": "EventRoute"]
        #expect(bare.finalizers.isEmpty)
        #expect(!bare.isBeingDeleted)
        let added = bare.addingFinalizer(Self.finalizer)
        #expect(added[path: "metadata", "finalizers"] == [.string(Self.finalizer)])
        #expect(added["kind"] == "EventRoute")
        #expect(added.addingFinalizer(Self.finalizer) == added)

        let others: JSONValue = ["metadata": ["name": "r", "finalizers": ["first"]]]
        let appended = others.addingFinalizer(Self.finalizer)
        #expect(appended.finalizers == ["first", Self.finalizer])
        #expect(appended[path: "metadata", "name"] == "r")
    }

    @Test func jsonObjectsRemoveOnlyOurs() {
        let object: JSONValue = ["metadata": ["name": "r", "finalizers": ["first", .string(Self.finalizer)]]]
        let removed = object.removingFinalizer(Self.finalizer)
        #expect(removed.finalizers == ["first"])
        #expect(removed.removingFinalizer(Self.finalizer) == removed)

        let last: JSONValue = ["metadata": ["name": "r", "finalizers": [.string(Self.finalizer)]]]
        let emptied = last.removingFinalizer(Self.finalizer)
        #expect(emptied["metadata"] == ["name": "r"])
        let bare: JSONValue = ["kind": "EventRoute"]
        #expect(bare.removingFinalizer(Self.finalizer) == bare)
    }

    @Test func aNullDeletionTimestampIsNotADeletion() {
        let object: JSONValue = ["metadata": ["deletionTimestamp": nil]]
        #expect(!object.isBeingDeleted)
        let deleting: JSONValue = ["metadata": ["deletionTimestamp": "2027-01-15T08:00:00Z"]]
        #expect(deleting.isBeingDeleted)
    }
}
