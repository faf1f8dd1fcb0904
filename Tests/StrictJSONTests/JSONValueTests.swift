import StrictJSON
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    @Test func subscriptsReadAndWrite() {
        var value: JSONValue = ["spec": ["source": ["kafka": ["topic": "StockBajo"]]]]
        #expect(value[path: "spec", "source", "kafka", "topic"]?.stringValue == "StockBajo")
        #expect(value["missing"] == nil)
        #expect(value["spec"]?[0] == nil)
        value["status"] = ["ready": true]
        value["spec"] = nil
        #expect(value == ["status": ["ready": true]])
        var null = JSONValue.null
        null["a"] = 1
        #expect(null == ["a": 1])
    }

    @Test func accessors() {
        #expect(JSONValue.double(3.0).int64Value == 3)
        #expect(JSONValue.double(3.5).int64Value == nil)
        #expect(JSONValue.integer(2).doubleValue == 2)
        #expect(JSONValue.bool(true).boolValue == true)
        #expect(JSONValue.null.isNull)
        #expect(JSONValue.array([]).typeName == "array")
        #expect(JSONValue.double(1).typeName == "number")
        #expect(JSONValue.integer(1).typeName == "integer")
    }

    @Test("3 and 3.0 are different values")
    func integerAndDoubleDiffer() {
        #expect(JSONValue.integer(3) != .double(3))
        #expect(Set<JSONValue>([3, 3.0, "3"]).count == 3)
    }
}
