import KubeCore
import StrictJSON
import Testing

@Suite("Watch events and lists")
struct WatchEventTests {
    /// The recorded stream's event lines (its first line is a comment naming the request).
    static let recordedLines = RecordedResponse.watchStream.split(separator: "\n").dropFirst().map(String.init)

    @Test func readsTheRecordedStream() throws {
        let events = try Self.recordedLines.map { try WatchEvent(json: Array($0.utf8)) }
        #expect(events.map(\.type) == [.added, .modified, .deleted, .modified, .deleted, .bookmark])
        #expect(events.map(\.resourceVersion) == ["289", "290", "291", "292", "293", "293"])
        let modified = try events[1].decodeObject(as: Gadget.self)
        #expect(modified.spec.partitions == 7 && modified.metadata.generation == 2)
        #expect(try events[3].decodeObject(as: Gadget.self).metadata.isBeingDeleted)
        #expect(events.allSatisfy { $0.status == nil })
    }

    @Test func writesEachEventAsTheAPIServerDid() throws {
        for line in Self.recordedLines {
            let event = try WatchEvent(json: Array(line.utf8))
            #expect(String(decoding: event.line, as: UTF8.self) == line + "\n")
        }
    }

    @Test func readsTheExpiredError() throws {
        let event = try WatchEvent(json: RecordedResponse.body(RecordedResponse.watchTooOld))
        #expect(event.type == .error)
        let status = try #require(event.status)
        #expect(status.code == 410 && status.reason == "Expired" && status.message == "too old resource version: 1 (283)")
        #expect(status.status == "Failure")
    }

    @Test func buildsErrorAndBookmarkEvents() throws {
        let expired = Status(message: "too old resource version: 1 (283)", reason: "Expired", code: 410)
        let error = WatchEvent(error: expired)
        #expect(error.status == expired)
        #expect(String(decoding: error.line, as: UTF8.self) == #"{"type":"ERROR","object":{"apiVersion":"v1","code":410,"kind":"Status","message":"too old resource version: 1 (283)","metadata":{},"reason":"Expired","status":"Failure"}}"# + "\n")
        #expect(try WatchEvent(json: error.line) == error)

        let bookmark = WatchEvent.bookmark(apiVersion: "fixture.example.com/v1", kind: "Gadget", resourceVersion: "293")
        #expect(String(decoding: bookmark.line, as: UTF8.self) == Self.recordedLines.last! + "\n")
        let initialEnd = WatchEvent.bookmark(apiVersion: "v1", kind: "ConfigMap", resourceVersion: "9", initialEventsEnd: true)
        #expect(initialEnd.object[path: "metadata", "annotations", "k8s.io/initial-events-end"] == "true")
        #expect(initialEnd.resourceVersion == "9")
    }

    @Test("lines that are not watch events are refused", arguments: [
        ("{\"type\":\"ADDED\"", "invalidJSON"),
        ("[1]", "notAnEvent"),
        ("{\"object\":{}}", "notAnEvent"),
        ("{\"type\":1,\"object\":{}}", "notAnEvent"),
        ("{\"type\":\"ADDED\"}", "notAnEvent"),
        ("{\"type\":\"ADDED\",\"object\":\"x\"}", "notAnEvent"),
        ("{\"type\":\"CHANGED\",\"object\":{}}", "unknownType"),
        ("{\"type\":\"added\",\"object\":{}}", "unknownType"),
        ("{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\"}}", "errorWithoutStatus"),
        ("{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"code\":\"410\"}}", "errorWithoutStatus"),
    ])
    func refusesBadLines(line: String, problem: String) {
        #expect {
            try WatchEvent(json: Array(line.utf8))
        } throws: { error in
            guard let error = error as? WatchEventError else { return false }
            return switch error.problem {
            case .invalidJSON: problem == "invalidJSON"
            case .notAnEvent: problem == "notAnEvent"
            case .unknownType: problem == "unknownType"
            case .errorWithoutStatus: problem == "errorWithoutStatus"
            case .lineTooLong: false
            }
        }
    }

    @Test func describesItsErrors() {
        #expect(WatchEventError(.unknownType("CHANGED")).description == "got invalid watch event type: CHANGED")
        #expect(WatchEventError(.lineTooLong(limit: 8)).description == "watch event longer than 8 bytes")
    }

    @Test("a stream splits into events however its bytes arrive", arguments: [1, 2, 7, 100, 4096])
    func decodesAStreamInChunks(chunkSize: Int) throws {
        let body = Array(Self.recordedLines.joined(separator: "\n").utf8) + Array("\n\r\n\n".utf8)
        var decoder = WatchStreamDecoder()
        var events: [WatchEvent] = []
        var start = 0
        while start < body.count {
            let end = min(start + chunkSize, body.count)
            events += try decoder.feed(body[start..<end])
            start = end
        }
        #expect(try decoder.finish() == nil)
        #expect(events.map(\.type) == [.added, .modified, .deleted, .modified, .deleted, .bookmark])
    }

    @Test func aStreamEndingWithoutANewlineKeepsItsLastEvent() throws {
        var decoder = WatchStreamDecoder()
        let last = Self.recordedLines.last!
        #expect(try decoder.feed(Array(last.utf8)).isEmpty)
        #expect(try decoder.finish()?.type == .bookmark)
        #expect(try decoder.finish() == nil)
    }

    @Test func aStreamRefusesAnOverlongEvent() {
        var decoder = WatchStreamDecoder(maxEventBytes: 64)
        #expect(throws: WatchEventError(.lineTooLong(limit: 64))) {
            try decoder.feed(Array(Self.recordedLines[0].utf8))
        }
    }

    @Test func readsTheRecordedPageOfAList() throws {
        let json = try RecordedResponse.body(RecordedResponse.listLimitContinue)
        let list = try json.decode(as: UnstructuredList.self)
        #expect(list.kind == "GadgetList" && list.apiVersion == "fixture.example.com/v1")
        #expect(list.metadata.resourceVersion == "288" && list.metadata.remainingItemCount == 1)
        #expect(list.continueToken == "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6Mjg4LCJzdGFydCI6ImcxXHUwMDAwIn0")
        #expect(list.items.count == 1)
        #expect(try JSONValue(encoding: list) == json)

        let typed = try json.decode(as: ObjectList<Gadget>.self)
        #expect(typed.items.map(\.metadata.name) == ["g1"])
        #expect(try list.decodeItems(as: Gadget.self) == typed)
    }

    @Test func listsToleratePartsGoLeavesOut() throws {
        let bare = try JSONValue(parsing: #"{"items":null}"#).decode(as: ObjectList<Gadget>.self)
        #expect(bare.items.isEmpty && bare.kind == "" && bare.metadata == ListMeta() && bare.continueToken == nil)
        let empty = ObjectList<Gadget>(items: [])
        #expect(empty.kind == "GadgetList" && empty.apiVersion == "fixture.example.com/v1")
        #expect(try JSONValue(encoding: empty).jsonString()
                == #"{"apiVersion":"fixture.example.com/v1","items":[],"kind":"GadgetList","metadata":{}}"#)
        #expect(ObjectList<Gadget>(items: [], metadata: ListMeta(continue: "")).continueToken == nil)
    }

    @Test func decodingItemsNamesTheFailingItem() throws {
        let list = UnstructuredList(kind: "GadgetList", apiVersion: "fixture.example.com/v1", items: [
            ["spec": ["topic": "a"]], ["spec": ["topic": 5]],
        ])
        #expect(throws: ObjectDecodingError(field: "items[1].spec.topic", problem: .wrongType(expected: "a string"))) {
            try list.decodeItems(as: Gadget.self)
        }
    }
}
