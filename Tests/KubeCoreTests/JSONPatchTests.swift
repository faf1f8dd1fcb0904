import KubeCore
import StrictJSON
import Testing

/// A JSON text as a value, for tables of documents.
private func json(_ text: String) throws -> JSONValue { try JSONValue(parsing: text) }

@Suite("JSON pointers")
struct JSONPointerTests {
    /// The example document of RFC 6901, section 5.
    static let document = #"""
        {"foo": ["bar", "baz"], "": 0, "a/b": 1, "c%d": 2, "e^f": 3, "g|h": 4, "i\\j": 5, "k\"l": 6, " ": 7, "m~n": 8}
        """#

    @Test("RFC 6901 section 5 examples", arguments: [
        ("", nil), ("/foo", #"["bar","baz"]"#), ("/foo/0", #""bar""#), ("/", "0"), ("/a~1b", "1"), ("/c%d", "2"),
        ("/e^f", "3"), ("/g|h", "4"), (#"/i\j"#, "5"), (#"/k"l"#, "6"), ("/ ", "7"), ("/m~0n", "8"),
    ] as [(String, String?)])
    func resolvesTheRFCExamples(pointer: String, expected: String?) throws {
        let document = try json(Self.document)
        let parsed = try JSONPointer(parsing: pointer)
        #expect(parsed.value(in: document) == (try expected.map(json) ?? document))
        #expect(parsed.description == pointer)
    }

    @Test("escapes decode in order: ~01 is ~1, not /", arguments: [
        ("/~01", ["~1"]), ("/~1~0", ["/~"]), ("/a/b", ["a", "b"]), ("//", ["", ""]), ("/0/-", ["0", "-"]),
    ])
    func decodesEscapes(pointer: String, tokens: [String]) throws {
        let parsed = try JSONPointer(parsing: pointer)
        #expect(parsed.tokens == tokens)
        #expect(parsed.description == pointer)
        #expect(JSONPointer(tokens: tokens) == parsed)
    }

    @Test("malformed pointers are refused", arguments: ["a", "a/b", "/~", "/~2", "/a~", "/~a"])
    func refusesMalformedPointers(pointer: String) {
        #expect(throws: JSONPointerError.self) { try JSONPointer(parsing: pointer) }
    }

    @Test("array tokens must be plain indexes of existing elements", arguments: [
        ("/foo/1", true), ("/foo/2", false), ("/foo/-", false), ("/foo/01", false), ("/foo/-1", false),
        ("/foo/+1", false), ("/foo/ 1", false), ("/foo/99999999999999999999999", false), ("/foo/0/x", false),
    ])
    func resolvesArrayTokens(pointer: String, found: Bool) throws {
        #expect((try JSONPointer(parsing: pointer).value(in: json(Self.document)) != nil) == found)
    }

    @Test func relatesPointers() throws {
        let spec = try JSONPointer(parsing: "/spec")
        #expect(spec.isProperPrefix(of: try JSONPointer(parsing: "/spec/a")))
        #expect(!spec.isProperPrefix(of: spec))
        #expect(!spec.isProperPrefix(of: try JSONPointer(parsing: "/specs/a")))
        #expect(JSONPointer.root.isProperPrefix(of: spec))
        #expect(spec.parent == .root && JSONPointer.root.parent == nil)
    }
}

@Suite("JSON patch")
struct JSONPatchTests {
    /// Applies a patch document (text) to a document (text).
    private func apply(_ patch: String, to document: String) throws -> JSONValue {
        try JSONPatch(json: Array(patch.utf8)).apply(to: json(document))
    }

    // RFC 6902 appendix A, examples that succeed.
    @Test("RFC 6902 appendix A examples", arguments: [
        // A.1 adding an object member
        (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz","value":"qux"}]"#, #"{"baz":"qux","foo":"bar"}"#),
        // A.2 adding an array element
        (#"{"foo":["bar","baz"]}"#, #"[{"op":"add","path":"/foo/1","value":"qux"}]"#, #"{"foo":["bar","qux","baz"]}"#),
        // A.3 removing an object member
        (#"{"baz":"qux","foo":"bar"}"#, #"[{"op":"remove","path":"/baz"}]"#, #"{"foo":"bar"}"#),
        // A.4 removing an array element
        (#"{"foo":["bar","qux","baz"]}"#, #"[{"op":"remove","path":"/foo/1"}]"#, #"{"foo":["bar","baz"]}"#),
        // A.5 replacing a value
        (#"{"baz":"qux","foo":"bar"}"#, #"[{"op":"replace","path":"/baz","value":"boo"}]"#, #"{"baz":"boo","foo":"bar"}"#),
        // A.6 moving a value
        (#"{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}"#,
         #"[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]"#,
         #"{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}"#),
        // A.7 moving an array element
        (#"{"foo":["all","grass","cows","eat"]}"#, #"[{"op":"move","from":"/foo/1","path":"/foo/3"}]"#,
         #"{"foo":["all","cows","eat","grass"]}"#),
        // A.8 testing a value: success
        (#"{"baz":"qux","foo":["a",2,"c"]}"#,
         #"[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]"#,
         #"{"baz":"qux","foo":["a",2,"c"]}"#),
        // A.10 adding a nested member object
        (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/child","value":{"grandchild":{}}}]"#,
         #"{"foo":"bar","child":{"grandchild":{}}}"#),
        // A.11 ignoring unrecognized elements
        (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz","value":"qux","xyz":123}]"#, #"{"foo":"bar","baz":"qux"}"#),
        // A.14 ~ escape ordering
        (#"{"/":9,"~1":10}"#, #"[{"op":"test","path":"/~01","value":10}]"#, #"{"/":9,"~1":10}"#),
        // A.16 adding an array value
        (#"{"foo":["bar"]}"#, #"[{"op":"add","path":"/foo/-","value":["abc","def"]}]"#, #"{"foo":["bar",["abc","def"]]}"#),
    ])
    func appliesTheRFCExamples(document: String, patch: String, result: String) throws {
        #expect(try apply(patch, to: document) == json(result))
    }

    @Test func rfcA9FailedTestIsAnError() throws {
        #expect(throws: JSONPatchError(index: 0, operation: "test", path: "/baz",
                                       problem: .testFailed(expected: "bar", actual: "qux"))) {
            try apply(#"[{"op":"test","path":"/baz","value":"bar"}]"#, to: #"{"baz":"qux"}"#)
        }
    }

    @Test func rfcA12AddingToANonexistentTargetIsAnError() throws {
        #expect(throws: JSONPatchError(index: 0, operation: "add", path: "/baz/bat", problem: .pathNotFound)) {
            try apply(#"[{"op":"add","path":"/baz/bat","value":"qux"}]"#, to: #"{"foo":"bar"}"#)
        }
    }

    @Test func rfcA13ADuplicateOpMemberIsAnInvalidDocument() throws {
        #expect {
            try JSONPatch(json: Array(#"[{"op":"add","path":"/baz","value":"qux","op":"remove"}]"#.utf8))
        } throws: { error in
            guard let error = error as? JSONPatchError, case .invalidDocument(let reason) = error.problem else { return false }
            return reason.contains("duplicate member")
        }
    }

    @Test func rfcA15StringsAreNotNumbers() throws {
        #expect(throws: JSONPatchError(index: 0, operation: "test", path: "/~01",
                                       problem: .testFailed(expected: "10", actual: 10))) {
            try apply(#"[{"op":"test","path":"/~01","value":"10"}]"#, to: #"{"/":9,"~1":10}"#)
        }
    }

    @Test("more operations", arguments: [
        // The whole document.
        (#"{"a":1}"#, #"[{"op":"add","path":"","value":[1]}]"#, "[1]"),
        (#"{"a":1}"#, #"[{"op":"replace","path":"","value":{"b":2}}]"#, #"{"b":2}"#),
        (#"{"a":{"b":1}}"#, #"[{"op":"copy","from":"/a","path":""}]"#, #"{"b":1}"#),
        (#"{"a":{"b":1}}"#, #"[{"op":"move","from":"/a","path":""}]"#, #"{"b":1}"#),
        // add replaces an existing member, inserts at the end index, and may be null.
        (#"{"a":1}"#, #"[{"op":"add","path":"/a","value":2}]"#, #"{"a":2}"#),
        ("[1,2]", #"[{"op":"add","path":"/2","value":3}]"#, "[1,2,3]"),
        ("[1,2]", #"[{"op":"add","path":"/0","value":0}]"#, "[0,1,2]"),
        (#"{}"#, #"[{"op":"add","path":"/a","value":null}]"#, #"{"a":null}"#),
        (#"{"":{}}"#, #"[{"op":"add","path":"//x","value":1}]"#, #"{"":{"x":1}}"#),
        // replace and remove in nested arrays.
        (#"{"a":[{"b":[1,2,3]}]}"#, #"[{"op":"replace","path":"/a/0/b/2","value":9}]"#, #"{"a":[{"b":[1,2,9]}]}"#),
        (#"{"a":[{"b":[1,2,3]}]}"#, #"[{"op":"remove","path":"/a/0/b/0"}]"#, #"{"a":[{"b":[2,3]}]}"#),
        // copy duplicates, move to itself is a no-op.
        (#"{"a":[1],"b":{}}"#, #"[{"op":"copy","from":"/a","path":"/b/c"}]"#, #"{"a":[1],"b":{"c":[1]}}"#),
        (#"{"a":1}"#, #"[{"op":"move","from":"/a","path":"/a"}]"#, #"{"a":1}"#),
        ("[1,2,3]", #"[{"op":"move","from":"/0","path":"/-"}]"#, "[2,3,1]"),
        // test compares numbers by value and objects regardless of order.
        (#"{"a":1.0}"#, #"[{"op":"test","path":"/a","value":1}]"#, #"{"a":1.0}"#),
        (#"{"a":{"x":1,"y":[2,{"z":3}]}}"#, #"[{"op":"test","path":"/a","value":{"y":[2.0,{"z":3}],"x":1e0}}]"#,
         #"{"a":{"x":1,"y":[2,{"z":3}]}}"#),
        (#"{"a":null}"#, #"[{"op":"test","path":"/a","value":null}]"#, #"{"a":null}"#),
        // A Kubernetes-style status patch: several operations in order.
        (#"{"metadata":{"finalizers":["a","b"]},"spec":{"replicas":1}}"#,
         #"[{"op":"test","path":"/metadata/finalizers/1","value":"b"},{"op":"remove","path":"/metadata/finalizers/1"},{"op":"replace","path":"/spec/replicas","value":3},{"op":"add","path":"/metadata/labels","value":{"app":"demo"}}]"#,
         #"{"metadata":{"finalizers":["a"],"labels":{"app":"demo"}},"spec":{"replicas":3}}"#),
    ])
    func appliesMoreOperations(document: String, patch: String, result: String) throws {
        #expect(try apply(patch, to: document) == json(result))
    }

    @Test("failures name the operation and the path", arguments: [
        (#"{"a":1}"#, #"[{"op":"test","path":"/a","value":1},{"op":"remove","path":"/b"}]"#, 1, "remove", "/b",
         JSONPatchError.Problem.pathNotFound),
        (#"{"a":1}"#, #"[{"op":"replace","path":"/b","value":1}]"#, 0, "replace", "/b", .pathNotFound),
        ("[1]", #"[{"op":"add","path":"/2","value":1}]"#, 0, "add", "/2", .indexOutOfBounds(index: 2, count: 1)),
        ("[1]", #"[{"op":"add","path":"/01","value":1}]"#, 0, "add", "/01", .invalidArrayIndex("01")),
        ("[1]", #"[{"op":"remove","path":"/-"}]"#, 0, "remove", "/-", .invalidArrayIndex("-")),
        ("[1]", #"[{"op":"replace","path":"/1","value":0}]"#, 0, "replace", "/1", .indexOutOfBounds(index: 1, count: 1)),
        ("[1]", #"[{"op":"remove","path":"/x"}]"#, 0, "remove", "/x", .invalidArrayIndex("x")),
        (#"{"a":"s"}"#, #"[{"op":"add","path":"/a/b","value":1}]"#, 0, "add", "/a/b", .notAContainer),
        (#"{"a":1}"#, #"[{"op":"remove","path":""}]"#, 0, "remove", "", .removeRoot),
        (#"{"a":{"b":{}}}"#, #"[{"op":"move","from":"/a","path":"/a/b/c"}]"#, 0, "move", "/a", .moveIntoOwnChild),
        (#"{"a":1}"#, #"[{"op":"move","from":"/x","path":"/y"}]"#, 0, "move", "/x", .pathNotFound),
        (#"{"a":1}"#, #"[{"op":"copy","from":"/a","path":"/x/y"}]"#, 0, "copy", "/x/y", .pathNotFound),
        (#"{"a":1}"#, #"[{"op":"test","path":"/b","value":null}]"#, 0, "test", "/b", .pathNotFound),
        (#"{"a":[1]}"#, #"[{"op":"test","path":"/a","value":[1,2]}]"#, 0, "test", "/a",
         .testFailed(expected: [1, 2], actual: [1])),
    ])
    func reportsFailures(document: String, patch: String, index: Int, operation: String, path: String,
                         problem: JSONPatchError.Problem) {
        #expect(throws: JSONPatchError(index: index, operation: operation, path: path, problem: problem)) {
            try apply(patch, to: document)
        }
    }

    @Test("malformed patch documents are refused", arguments: [
        (#"{"op":"add"}"#, nil as Int?), ("[1]", 0), (#"[{"path":"/a"}]"#, 0), (#"[{"op":"add","value":1}]"#, 0),
        (#"[{"op":"add","path":"/a"}]"#, 0), (#"[{"op":"replace","path":"/a"}]"#, 0), (#"[{"op":"test","path":"/a"}]"#, 0),
        (#"[{"op":"move","path":"/a"}]"#, 0), (#"[{"op":"copy","path":"/a","from":1}]"#, 0),
        (#"[{"op":"remove","path":"/a"},{"op":"add","path":5,"value":1}]"#, 1), ("not json", nil),
    ])
    func refusesMalformedDocuments(patch: String, index: Int?) {
        #expect {
            try JSONPatch(json: Array(patch.utf8))
        } throws: { error in
            guard let error = error as? JSONPatchError, case .invalidDocument = error.problem else { return false }
            return error.index == index
        }
    }

    @Test func refusesUnknownOperationsAndBadPointers() {
        #expect(throws: JSONPatchError(index: 0, operation: "merge", path: "/a", problem: .unknownOperation("merge"))) {
            try JSONPatch(json: Array(#"[{"op":"merge","path":"/a"}]"#.utf8))
        }
        #expect(throws: JSONPatchError(index: 0, operation: "remove", path: "a",
                                       problem: .invalidPointer(JSONPointerError(pointer: "a", reason: "must be empty or start with '/'")))) {
            try JSONPatch(json: Array(#"[{"op":"remove","path":"a"}]"#.utf8))
        }
        #expect {
            try JSONPatch(json: Array(#"[{"op":"copy","path":"/a","from":"/~9"}]"#.utf8))
        } throws: { error in
            guard let error = error as? JSONPatchError, case .invalidPointer = error.problem else { return false }
            return error.path == "/~9"
        }
    }

    @Test func boundsTheNumberOfOperations() throws {
        let many = JSONValue.array(Array(repeating: ["op": "test", "path": "", "value": [:]], count: JSONPatch.maximumOperations + 1))
        #expect(throws: JSONPatchError(index: nil, operation: nil, path: "", problem: .tooManyOperations(JSONPatch.maximumOperations + 1))) {
            try JSONPatch(parsing: many)
        }
        let enough = JSONValue.array(Array(repeating: ["op": "test", "path": "", "value": [:]], count: JSONPatch.maximumOperations))
        #expect(try JSONPatch(parsing: enough).apply(to: [:]) == [:])
    }

    @Test func aFailedPatchLeavesTheDocumentUntouched() throws {
        let document: JSONValue = ["a": [1, 2]]
        let patch = JSONPatch([.remove(path: try JSONPointer(parsing: "/a/0")), .test(path: try JSONPointer(parsing: "/a/0"), value: 1)])
        #expect(throws: JSONPatchError.self) { try patch.apply(to: document) }
        #expect(document == ["a": [1, 2]])
    }

    @Test func patchesBuiltInCodeRoundTrip() throws {
        let patch = JSONPatch([
            .add(path: try JSONPointer(parsing: "/metadata/labels/app.kubernetes.io~1name"), value: "mesh"),
            .remove(path: try JSONPointer(parsing: "/status")),
            .replace(path: try JSONPointer(parsing: "/spec/replicas"), value: 2),
            .move(from: try JSONPointer(parsing: "/a"), path: try JSONPointer(parsing: "/b")),
            .copy(from: try JSONPointer(parsing: "/b"), path: try JSONPointer(parsing: "/c")),
            .test(path: try JSONPointer(parsing: "/c"), value: nil),
        ])
        #expect(try JSONPatch(parsing: patch.json) == patch)
        #expect(patch.operations.map(\.name) == ["add", "remove", "replace", "move", "copy", "test"])
        #expect(patch.json[0] == ["op": "add", "path": "/metadata/labels/app.kubernetes.io~1name", "value": "mesh"])
        #expect(patch.operations[3].json == ["op": "move", "from": "/a", "path": "/b"])
    }

    @Test func errorsDescribeThemselves() {
        #expect(JSONPatchError(index: 2, operation: "test", path: "/a", problem: .testFailed(expected: 1, actual: "x")).description
                == "JSON patch operation 2 (test) at \"/a\": test failed: expected 1, found \"x\"")
        #expect(JSONPatchError(index: 0, operation: "remove", path: "", problem: .removeRoot).description
                == "JSON patch operation 0 (remove) at the document root: cannot remove the whole document")
        #expect(JSONPatchError(index: nil, operation: nil, path: "", problem: .invalidDocument("a JSON patch must be an array")).description
                == "JSON patch: a JSON patch must be an array")
    }
}
