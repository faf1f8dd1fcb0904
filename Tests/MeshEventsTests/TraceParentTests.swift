import Testing
@testable import MeshEvents

@Suite("W3C traceparent")
struct TraceParentTests {
    @Test("a valid version-00 header parses and prints back unchanged")
    func parsesValidHeader() throws {
        let header = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
        let parsed = try TraceParent(parsing: header)
        #expect(parsed.traceID.description == "0af7651916cd43dd8448eb211c80319c")
        #expect(parsed.parentID.description == "b7ad6b7169203331")
        #expect(parsed.isSampled)
        #expect(parsed.description == header)
    }

    @Test("the sampled flag is bit 0 of trace-flags")
    func readsFlags() throws {
        let unsampled = try TraceParent(parsing: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00")
        #expect(!unsampled.isSampled)
        let otherBits = try TraceParent(parsing: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03")
        #expect(otherBits.isSampled)
        #expect(otherBits.flags == 0x03)
    }

    @Test("malformed headers are rejected with the reason", arguments: [
        ("", TraceParentError.wrongLength(0)),
        ("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0", .wrongLength(54)),
        ("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-", .wrongLength(56)),
        ("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra", .wrongLength(61)),
        ("ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", .invalidVersion),
        ("0g-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", .invalidVersion),
        ("00_0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", .misplacedSeparator),
        ("00-0af7651916cd43dd8448eb211c80319cXb7ad6b7169203331-01", .misplacedSeparator),
        ("00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01", .invalidTraceID),
        ("00-0af7651916cd43dd8448eb211c8031zz-b7ad6b7169203331-01", .invalidTraceID),
        ("00-00000000000000000000000000000000-b7ad6b7169203331-01", .zeroTraceID),
        ("00-0af7651916cd43dd8448eb211c80319c-B7AD6B7169203331-01", .invalidParentID),
        ("00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01", .zeroParentID),
        ("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0x", .invalidFlags),
    ])
    func rejectsMalformed(header: String, expected: TraceParentError) {
        #expect(throws: expected) { try TraceParent(parsing: header) }
    }

    @Test("a higher version is read for its first four fields, extra fields after a dash")
    func acceptsFutureVersion() throws {
        let parsed = try TraceParent(parsing: "cc-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-what-the-future-adds")
        #expect(parsed.description == "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        #expect(throws: TraceParentError.wrongLength(56)) {
            try TraceParent(parsing: "cc-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01x")
        }
    }

    @Test("a child keeps the trace id and flags and gets a new non-zero span id")
    func childKeepsTrace() throws {
        var generator = SeededGenerator(seed: 7)
        let parent = try TraceParent(parsing: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        let child = parent.child(using: &generator)
        #expect(child.traceID == parent.traceID)
        #expect(child.flags == parent.flags)
        #expect(child.parentID != parent.parentID)
        #expect(!child.parentID.isZero)
        #expect(try TraceParent(parsing: child.description) == child)
    }

    @Test("a child never reuses its parent's span id, even if the generator repeats it")
    func childSkipsParentSpan() throws {
        var probe = ScriptedGenerator(values: [4])
        let firstDraw = UInt64.random(in: 1...UInt64.max, using: &probe)
        let parent = try TraceParent(traceID: TraceID(high: 1, low: 2), parentID: SpanID(firstDraw))
        var generator = ScriptedGenerator(values: [4, 9])
        let child = parent.child(using: &generator)
        #expect(child.parentID != parent.parentID)
    }

    @Test("a root context has non-zero ids, even when the generator yields zeros first")
    func rootIsNeverZero() throws {
        var generator = ScriptedGenerator(values: [0, 0, 0, 42])
        let root = TraceParent.root(using: &generator)
        #expect(!root.traceID.isZero)
        #expect(!root.parentID.isZero)
        #expect(root.isSampled)
        #expect(!TraceParent.root(sampled: false, using: &generator).isSampled)
    }

    @Test("ids print as zero-padded lower-case hex")
    func printsPadded() throws {
        let context = try TraceParent(traceID: TraceID(high: 0, low: 1), parentID: SpanID(0xAB), flags: 0)
        #expect(context.description == "00-00000000000000000000000000000001-00000000000000ab-00")
    }

    @Test("the memberwise initializer rejects zero ids")
    func memberwiseRejectsZero() {
        #expect(throws: TraceParentError.zeroTraceID) {
            try TraceParent(traceID: TraceID(high: 0, low: 0), parentID: SpanID(1))
        }
        #expect(throws: TraceParentError.zeroParentID) {
            try TraceParent(traceID: TraceID(high: 0, low: 1), parentID: SpanID(0))
        }
    }
}
