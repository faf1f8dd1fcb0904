import KubeCore
import KubeRuntime
import StrictJSON
import Testing

@Suite("Conditions")
struct ConditionsTests {
    let earlier = Timestamp(secondsSinceEpoch: 1_800_000_000)
    let now = Timestamp(secondsSinceEpoch: 1_800_000_600)
    let given = Timestamp(secondsSinceEpoch: 1_800_000_300)

    func ready(_ status: ConditionStatus, reason: String = "Provisioned", message: String = "",
               generation: Int64? = 1, time: Timestamp? = nil) -> Condition {
        Condition(type: "Ready", status: status, reason: reason, message: message,
                  observedGeneration: generation, lastTransitionTime: time)
    }

    @Test func aNewTypeIsAppendedAtNow() {
        var conditions = [Condition(type: "SourceReady", status: .true, reason: "Provisioned", lastTransitionTime: earlier)]
        #expect(Conditions.set(ready(.true), in: &conditions, now: now))
        #expect(conditions.map(\.type) == ["SourceReady", "Ready"])
        #expect(conditions[1].lastTransitionTime == now)
        #expect(conditions[0].lastTransitionTime == earlier)
    }

    @Test func aNewTypeKeepsTheTimeItCarries() {
        var conditions: [Condition] = []
        Conditions.set(ready(.true, time: given), in: &conditions, now: now)
        #expect(conditions.first?.lastTransitionTime == given)
    }

    @Test func theSameStatusKeepsItsTransitionTimeButTakesTheRest() {
        var conditions = [ready(.false, reason: "BrokerUnreachable", message: "timeout", generation: 1, time: earlier)]
        let changed = Conditions.set(ready(.false, reason: "SecretNotFound", message: "no secret", generation: 2),
                                     in: &conditions, now: now)
        #expect(changed)
        #expect(conditions == [ready(.false, reason: "SecretNotFound", message: "no secret", generation: 2, time: earlier)])
    }

    @Test func theSameConditionAgainChangesNothing() {
        var conditions = [ready(.true, time: earlier)]
        #expect(!Conditions.set(ready(.true), in: &conditions, now: now))
        #expect(!Conditions.set(ready(.true, time: given), in: &conditions, now: now))
        #expect(conditions == [ready(.true, time: earlier)])
    }

    @Test func aStatusChangeMovesTheTransitionTime() {
        var conditions = [ready(.false, reason: "Progressing", time: earlier)]
        #expect(Conditions.set(ready(.true), in: &conditions, now: now))
        #expect(conditions == [ready(.true, time: now)])
        #expect(Conditions.set(ready(.unknown, reason: "BrokerUnreachable", time: given), in: &conditions, now: now))
        #expect(conditions == [ready(.unknown, reason: "BrokerUnreachable", time: given)])
    }

    @Test func observedGenerationIsUpdatedEvenToNone() {
        var conditions = [ready(.true, generation: 3, time: earlier)]
        #expect(Conditions.set(ready(.true, generation: 4), in: &conditions, now: now))
        #expect(conditions.first?.observedGeneration == 4)
        #expect(Conditions.set(ready(.true, generation: nil), in: &conditions, now: now))
        #expect(conditions.first?.observedGeneration == nil)
        #expect(conditions.first?.lastTransitionTime == earlier)
    }

    @Test func aConditionWrittenWithoutATimeGetsOne() {
        var conditions = [ready(.true, time: nil)]
        #expect(Conditions.set(ready(.true), in: &conditions, now: now))
        #expect(conditions.first?.lastTransitionTime == now)
    }

    @Test func anAbsentListIsCreated() {
        var conditions: [Condition]? = nil
        #expect(Conditions.set(ready(.true), in: &conditions, now: now))
        #expect(conditions == [ready(.true, time: now)])
        #expect(!Conditions.set(ready(.true), in: &conditions, now: now))
    }

    @Test func findAndStatusQueries() {
        let conditions: [Condition]? = [
            ready(.true, time: earlier),
            Condition(type: "SinkReady", status: .false, reason: "BrokerUnreachable"),
            Condition(type: "BridgeReady", status: .unknown, reason: "Progressing"),
        ]
        #expect(Conditions.find("SinkReady", in: conditions)?.reason == "BrokerUnreachable")
        #expect(Conditions.find("Missing", in: conditions) == nil)
        #expect(Conditions.find("Ready", in: nil) == nil)
        #expect(Conditions.isTrue("Ready", in: conditions))
        #expect(!Conditions.isTrue("SinkReady", in: conditions))
        #expect(!Conditions.isTrue("Missing", in: conditions))
        #expect(Conditions.isFalse("SinkReady", in: conditions))
        #expect(!Conditions.isFalse("Missing", in: conditions))
        #expect(Conditions.isUnknown("BridgeReady", in: conditions))
        #expect(Conditions.isUnknown("Missing", in: conditions))
        #expect(!Conditions.isUnknown("Ready", in: conditions))
    }

    @Test func removeTakesOnlyThatType() {
        var conditions = [ready(.true, time: earlier), Condition(type: "SinkReady", status: .true, reason: "Provisioned")]
        #expect(Conditions.remove("Ready", from: &conditions))
        #expect(conditions.map(\.type) == ["SinkReady"])
        #expect(!Conditions.remove("Ready", from: &conditions))
        var absent: [Condition]? = nil
        #expect(!Conditions.remove("Ready", from: &absent))
        #expect(absent == nil)
        var optional: [Condition]? = conditions
        #expect(Conditions.remove("SinkReady", from: &optional))
        #expect(optional == [])
    }

    // MARK: Untyped objects

    @Test func jsonSetCreatesStatusAndKeepsTheRest() {
        var object: JSONValue = ["kind": "EventRoute", "status": ["observedGeneration": 2]]
        #expect(Conditions.set(ready(.true, generation: 2), inStatusOf: &object, now: now))
        #expect(object[path: "status", "observedGeneration"] == 2)
        #expect(object[path: "status", "conditions"] == [[
            "type": "Ready", "status": "True", "reason": "Provisioned", "message": "",
            "observedGeneration": 2, "lastTransitionTime": "2027-01-15T08:10:00Z",
        ]])
        #expect(Conditions.find("Ready", inStatusOf: object) == ready(.true, generation: 2, time: now))
        #expect(Conditions.isTrue("Ready", inStatusOf: object))

        var bare: JSONValue = ["kind": "EventRoute"]
        #expect(Conditions.set(ready(.false, generation: nil), inStatusOf: &bare, now: now))
        #expect(bare[path: "status", "conditions"]?[0]?["observedGeneration"] == nil)
        #expect(!Conditions.isTrue("Ready", inStatusOf: bare))
    }

    @Test func jsonSetFollowsTheTransitionRules() {
        var object: JSONValue = ["status": ["conditions": [[
            "type": "Ready", "status": "False", "reason": "Progressing", "message": "",
            "lastTransitionTime": "2027-01-15T08:00:00Z", "x-extra": "kept",
        ]]]]
        #expect(Conditions.set(ready(.false, reason: "BrokerUnreachable", generation: 3), inStatusOf: &object, now: now))
        var entry = object[path: "status", "conditions"]?[0]
        #expect(entry?["lastTransitionTime"] == "2027-01-15T08:00:00Z")
        #expect(entry?["reason"] == "BrokerUnreachable")
        #expect(entry?["observedGeneration"] == 3)
        #expect(entry?["x-extra"] == "kept")

        #expect(!Conditions.set(ready(.false, reason: "BrokerUnreachable", generation: 3), inStatusOf: &object, now: now))

        #expect(Conditions.set(ready(.true, generation: 3), inStatusOf: &object, now: now))
        entry = object[path: "status", "conditions"]?[0]
        #expect(entry?["status"] == "True")
        #expect(entry?["lastTransitionTime"] == "2027-01-15T08:10:00Z")
    }

    @Test func jsonRemoveTakesOnlyThatType() {
        var object: JSONValue = [:]
        Conditions.set(ready(.true), inStatusOf: &object, now: now)
        Conditions.set(Condition(type: "SinkReady", status: .true, reason: "Provisioned"), inStatusOf: &object, now: now)
        #expect(Conditions.remove("Ready", fromStatusOf: &object))
        #expect(!Conditions.remove("Ready", fromStatusOf: &object))
        #expect(Conditions.find("Ready", inStatusOf: object) == nil)
        #expect(Conditions.find("SinkReady", inStatusOf: object)?.status == .true)
        var bare: JSONValue = ["kind": "EventRoute"]
        #expect(!Conditions.remove("Ready", fromStatusOf: &bare))
        #expect(bare == ["kind": "EventRoute"])
    }

    @Test func jsonConditionsMatchTheirCodableForm() throws {
        let condition = ready(.unknown, reason: "BrokerUnreachable", message: "dial tcp: timeout", generation: 7, time: given)
        #expect(try JSONValue(encoding: condition) == Conditions.json(condition))
    }
}
