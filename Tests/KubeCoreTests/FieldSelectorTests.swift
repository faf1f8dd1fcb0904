import KubeCore
import StrictJSON
import Testing

@Suite("Field selectors")
struct FieldSelectorTests {
    @Test("terms parse and render as apimachinery writes them", arguments: [
        ("", ""),
        ("metadata.name=k1", "metadata.name=k1"),
        ("metadata.name==k1", "metadata.name=k1"),
        ("metadata.namespace!=kube-system", "metadata.namespace!=kube-system"),
        ("metadata.name=x,metadata.namespace!=y,status.phase==Running",
         "metadata.name=x,metadata.namespace!=y,status.phase=Running"),
        ("a=", "a="),
        ("a=x,,b=y,", "a=x,b=y"),
        (#"a=x\,y"#, #"a=x\,y"#),
        (#"a=x\=y\\z"#, #"a=x\=y\\z"#),
        ("a=b!c", "a=b!c"),
        ("spec.x = y", "spec.x = y"),
    ])
    func parsesAndRenders(text: String, rendered: String) throws {
        let expression = try FieldExpression(parsing: text)
        #expect(expression.description == rendered)
        #expect(try FieldExpression(parsing: rendered) == expression)
    }

    @Test func parsesIntoRequirements() throws {
        let expression = try FieldExpression(parsing: #"metadata.name=a\,b,status.phase!=Failed,metadata.name==c"#)
        #expect(expression.requirements == [
            FieldRequirement(field: "metadata.name", operator: .equals, value: "a,b"),
            FieldRequirement(field: "status.phase", operator: .notEquals, value: "Failed"),
            FieldRequirement(field: "metadata.name", operator: .equals, value: "c"),
        ])
        #expect(expression.fields == ["metadata.name", "status.phase"])
        #expect(expression.requiredValue(of: "metadata.name") == "a,b")
        #expect(expression.requiredValue(of: "status.phase") == nil)
        #expect(FieldExpression.everything.requirements.isEmpty)
    }

    @Test("the first operator in a term wins", arguments: [
        ("a!=b=c", "a", FieldRequirement.Operator.notEquals, nil as String?),
        ("a==b", "a", .equals, "b"),
        ("a=!=b", "a", .equals, nil),
        ("x!y=z", "x!y", .equals, "z"),
    ])
    func splitsAtTheFirstOperator(text: String, field: String, operator: FieldRequirement.Operator, value: String?) throws {
        if let value {
            #expect(try FieldExpression(parsing: text).requirements == [FieldRequirement(field: field, operator: `operator`, value: value)])
        } else {
            // The rest of the term holds an unescaped '=', which a value may not.
            #expect(throws: FieldSelectorError(term: text, offset: 0, problem: .unescapedCharacter("="))) {
                try FieldExpression(parsing: text)
            }
        }
    }

    @Test("malformed terms say which and why", arguments: [
        ("metadata.name", "metadata.name", 0, FieldSelectorError.Problem.missingOperator),
        ("a=b,c", "c", 4, .missingOperator),
        ("=x", "=x", 0, .missingField),
        (#"a=x\y"#, #"a=x\y"#, 0, .invalidEscape(#"\y"#)),
        (#"a=b,c=x\"#, #"c=x\"#, 4, .invalidEscape(#"\"#)),
        ("a=b=c", "a=b=c", 0, .unescapedCharacter("=")),
    ])
    func refusesMalformedTerms(text: String, term: String, offset: Int, problem: FieldSelectorError.Problem) {
        #expect(throws: FieldSelectorError(term: term, offset: offset, problem: problem)) {
            try FieldExpression(parsing: text)
        }
    }

    static let pod: JSONValue = [
        "metadata": ["name": "web-1", "namespace": "default", "labels": ["app": "web"]],
        "spec": ["nodeName": "node-a", "replicas": 3, "paused": false],
        "status": ["phase": "Running"],
    ]

    @Test("objects match by dotted path, a missing field being empty", arguments: [
        ("metadata.name=web-1", true), ("metadata.name=web-2", false), ("metadata.name!=web-2", true),
        ("metadata.name=web-1,metadata.namespace!=kube-system,status.phase==Running", true),
        ("metadata.name=web-1,status.phase=Failed", false),
        ("spec.missing=", true), ("spec.missing!=", false), ("spec.missing=x", false), ("nothing.at.all!=x", true),
        ("spec.replicas=3", true), ("spec.paused=false", true), ("metadata.labels=", true),
        ("", true),
    ])
    func matchesObjects(text: String, expected: Bool) throws {
        #expect(try FieldExpression(parsing: text).matches(object: Self.pod) == expected)
    }

    @Test func matchesPreparedFields() throws {
        let expression = try FieldExpression(parsing: "metadata.name=a,spec.nodeName!=")
        #expect(expression.matches(fields: ["metadata.name": "a", "spec.nodeName": "n"]))
        #expect(!expression.matches(fields: ["metadata.name": "a"]))
        #expect(!expression.matches(fields: [:]))
    }

    @Test func errorsDescribeThemselves() {
        #expect(FieldSelectorError(term: "abc", offset: 4, problem: .missingOperator).description
                == "invalid field selector at position 4: can't understand 'abc'")
    }
}
