import KubeCore
import StrictJSON
import Testing

@Suite("JSON merge patch")
struct JSONMergePatchTests {
    // RFC 7386 appendix A: original, patch, result.
    static let rfcExamples: [(String, String, String)] = [
        (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
        (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
        (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
        (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
        (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
        (#"{"a":"foo"}"#, "null", "null"),
        (#"{"a":"foo"}"#, #""bar""#, #""bar""#),
        (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
        ("[1,2]", #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
        ("{}", #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
    ]

    @Test("RFC 7386 appendix A examples", arguments: rfcExamples)
    func appliesTheRFCExamples(original: String, patch: String, result: String) throws {
        let patched = JSONMergePatch(try JSONValue(parsing: patch)).apply(to: try JSONValue(parsing: original))
        #expect(patched == (try JSONValue(parsing: result)))
    }

    @Test func appliesTheRFCSection3Example() throws {
        let target = try JSONValue(parsing: #"""
            {"title": "Goodbye!", "author": {"givenName": "John", "familyName": "Doe"},
             "tags": ["example", "sample"], "content": "This will be unchanged"}
            """#)
        let patch = try JSONValue(parsing: #"""
            {"title": "Hello!", "phoneNumber": "+01-123-456-7890", "author": {"familyName": null}, "tags": ["example"]}
            """#)
        let result = try JSONValue(parsing: #"""
            {"title": "Hello!", "author": {"givenName": "John"}, "tags": ["example"],
             "content": "This will be unchanged", "phoneNumber": "+01-123-456-7890"}
            """#)
        #expect(JSONMergePatch(patch).apply(to: target) == result)
    }

    @Test func patchesAKubernetesObjectLikeKubectl() throws {
        let object: JSONValue = ["metadata": ["name": "g1", "labels": ["app": "demo", "old": "x"]],
                                 "spec": ["topic": "FallaCadenaFrio", "partitions": 1]]
        let patch: JSONValue = ["metadata": ["labels": ["old": nil, "tier": "cold"]], "spec": ["partitions": 2]]
        #expect(JSONMergePatch(patch).apply(to: object)
                == ["metadata": ["name": "g1", "labels": ["app": "demo", "tier": "cold"]],
                    "spec": ["topic": "FallaCadenaFrio", "partitions": 2]])
    }

    @Test("a computed patch turns the original into the result", arguments: rfcExamples)
    func computesPatches(original: String, patch _: String, result: String) throws {
        let before = try JSONValue(parsing: original)
        let after = try JSONValue(parsing: result)
        #expect(JSONMergePatch(from: before, to: after).apply(to: before) == after)
    }

    @Test("computed patches are minimal", arguments: [
        (#"{"a":1,"b":{"c":1,"d":2}}"#, #"{"a":1,"b":{"c":1,"d":3}}"#, #"{"b":{"d":3}}"#),
        (#"{"a":1,"b":2}"#, #"{"a":1}"#, #"{"b":null}"#),
        (#"{"a":1}"#, #"{"a":1}"#, "{}"),
        (#"{"a":[1,2]}"#, #"{"a":[1,3]}"#, #"{"a":[1,3]}"#),
        (#"{"a":{"x":1}}"#, #"{"a":"s"}"#, #"{"a":"s"}"#),
        (#"{"a":1}"#, "[1]", "[1]"),
        (#"{"status":{"conditions":[]}}"#, #"{"status":{"conditions":[],"observedGeneration":2}}"#,
         #"{"status":{"observedGeneration":2}}"#),
    ])
    func computesMinimalPatches(original: String, modified: String, patch: String) throws {
        #expect(JSONMergePatch(from: try JSONValue(parsing: original), to: try JSONValue(parsing: modified)).patch
                == (try JSONValue(parsing: patch)))
    }
}
