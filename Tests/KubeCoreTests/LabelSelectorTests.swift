import KubeCore
import StrictJSON
import Testing

@Suite("Label selectors")
struct LabelSelectorTests {
    @Test("the selector syntax parses and renders back canonically", arguments: [
        ("", ""),
        ("   ", ""),
        ("app=demo", "app=demo"),
        ("app==demo", "app=demo"),
        ("app!=demo", "app!=demo"),
        ("app", "app"),
        ("!app", "!app"),
        ("tier in (web,api)", "tier in (api,web)"),
        ("tier notin (web)", "tier notin (web)"),
        ("tier in (b,a,b)", "tier in (a,b)"),
        ("  app = demo ,  tier   in(  web , api ) ,! legacy  ", "app=demo,!legacy,tier in (api,web)"),
        ("b=1,a=2", "a=2,b=1"),
        ("a=", "a="),
        ("a!=,b", "a!=,b"),
        ("a in (x,)", "a in (,x)"),
        ("a in ()", "a in ()"),
        ("app.kubernetes.io/name=eventmesh", "app.kubernetes.io/name=eventmesh"),
        ("eventmesh.coldchain.io/paused", "eventmesh.coldchain.io/paused"),
        ("a=in", "a=in"),
        ("x\t=\ny", "x=y"),
        ("a in (notin)", "a in (notin)"),
    ])
    func parsesAndRenders(text: String, rendered: String) throws {
        let expression = try LabelExpression(parsing: text)
        #expect(expression.description == rendered)
        #expect(try LabelExpression(parsing: rendered) == expression)
    }

    @Test func parsesIntoRequirements() throws {
        let expression = try LabelExpression(parsing: "tier in (web,api),!legacy,app==demo,env!=prod,ready")
        #expect(expression.requirements == [
            try LabelRequirement(key: "app", operator: .equals, values: ["demo"]),
            try LabelRequirement(key: "env", operator: .notEquals, values: ["prod"]),
            try LabelRequirement(key: "legacy", operator: .doesNotExist),
            try LabelRequirement(key: "ready", operator: .exists),
            try LabelRequirement(key: "tier", operator: .in, values: ["api", "web"]),
        ])
        #expect(!expression.isEmpty && LabelExpression.everything.isEmpty)
    }

    @Test("syntax errors say where and what", arguments: [
        ("a=b,", 4, "", "identifier after ','"),
        (",a", 0, ",", "identifier"),
        ("a b", 2, "b", "'=', '!=', '==', 'in', 'notin'"),
        ("a=b c", 4, "c", "',' or 'end of string'"),
        ("!", 1, "", "identifier after '!'"),
        ("!a=b", 2, "=", "',' or 'end of string'"),
        ("a in x", 5, "x", "'('"),
        ("a in (x", 7, "", "',' or ')'"),
        ("a in (x y)", 8, "y", "',' or ')'"),
        ("a in (=)", 6, "=", "',', ')' or identifier"),
        ("a==(x)", 3, "(", "identifier"),
        ("a>1", 1, ">", "'=', '!=', '==', 'in', 'notin'"),
        ("in=x", 0, "in", "identifier"),
        ("a=b,,c=d", 4, ",", "identifier after ','"),
        ("=a", 0, "=", "identifier"),
    ])
    func reportsSyntaxErrors(text: String, offset: Int, found: String, expected: String) {
        #expect(throws: LabelSelectorError(.unexpected(found: found, expected: expected), at: .offset(offset))) {
            try LabelExpression(parsing: text)
        }
    }

    @Test("invalid keys and values are refused where they stand", arguments: [
        ("-a=b", 0, true), ("a-=b", 0, true), ("x=y,Bad_Prefix.io/a=b", 4, true), ("/a", 0, true),
        ("a/", 0, true), ("a/b/c", 0, true), (String(repeating: "k", count: 64), 0, true),
        ("a=-b", 2, false), ("a in (ok, -no)", 10, false), ("a=" + String(repeating: "v", count: 64), 2, false),
        ("a=b_", 2, false), ("a!=é", 3, false),
    ])
    func refusesInvalidKeysAndValues(text: String, offset: Int, isKey: Bool) {
        #expect {
            try LabelExpression(parsing: text)
        } throws: { error in
            guard let error = error as? LabelSelectorError, error.location == .offset(offset) else { return false }
            switch error.problem {
            case .invalidKey: return isKey
            case .invalidValue: return !isKey
            default: return false
            }
        }
    }

    @Test("keys and values may be any valid label", arguments: [
        "a.b-c_d=A.b-C_9", "example.com/Name=x", "a.b.c/d=", "k8s.io/x in (a,b.c,d-e)", "x=" + String(repeating: "v", count: 63),
        String(repeating: "p", count: 253) + "/" + String(repeating: "n", count: 63),
    ])
    func acceptsValidLabels(text: String) throws {
        #expect(throws: Never.self) { try LabelExpression(parsing: text) }
    }

    @Test("matching follows apimachinery", arguments: [
        ("app=demo", ["app": "demo"], true), ("app=demo", ["app": "other"], false), ("app=demo", [:], false),
        ("app!=demo", ["app": "demo"], false), ("app!=demo", ["app": "x"], true), ("app!=demo", [:], true),
        ("tier in (web,api)", ["tier": "api"], true), ("tier in (web,api)", ["tier": "db"], false),
        ("tier in (web,api)", [:], false), ("tier notin (web)", [:], true), ("tier notin (web)", ["tier": "web"], false),
        ("tier notin (web)", ["tier": "db"], true), ("ready", ["ready": ""], true), ("ready", [:], false),
        ("!legacy", [:], true), ("!legacy", ["legacy": "true"], false),
        ("a=", ["a": ""], true), ("a=", [:], false), ("a in ()", ["a": ""], true),
        ("app=demo,tier in (web)", ["app": "demo", "tier": "web"], true),
        ("app=demo,tier in (web)", ["app": "demo", "tier": "db"], false),
        ("", [:], true), ("", ["any": "thing"], true),
    ] as [(String, [String: String], Bool)])
    func matches(text: String, labels: [String: String], expected: Bool) throws {
        #expect(try LabelExpression(parsing: text).matches(labels: labels) == expected)
    }

    @Test("selector objects become expressions", arguments: [
        (LabelSelector(), ""),
        (LabelSelector(matchLabels: ["app": "demo", "a": "b"]), "a=b,app=demo"),
        (LabelSelector(matchExpressions: [
            LabelSelectorRequirement(key: "tier", operator: .in, values: ["web", "api"]),
            LabelSelectorRequirement(key: "env", operator: .notIn, values: ["prod"]),
            LabelSelectorRequirement(key: "ready", operator: .exists),
            LabelSelectorRequirement(key: "legacy", operator: .doesNotExist, values: []),
        ]), "env notin (prod),!legacy,ready,tier in (api,web)"),
        (LabelSelector(matchLabels: ["app": "demo"], matchExpressions: [
            LabelSelectorRequirement(key: "app", operator: .exists),
        ]), "app=demo,app"),
    ])
    func convertsObjects(selector: LabelSelector, rendered: String) throws {
        let expression = try LabelExpression(selector)
        #expect(expression.description == rendered)
        #expect(try LabelExpression(parsing: rendered) == expression)
    }

    @Test("selector objects are validated field by field", arguments: [
        (LabelSelector(matchLabels: ["-bad": "x"]), "matchLabels[-bad]", "key"),
        (LabelSelector(matchLabels: ["ok": "-bad"]), "matchLabels[ok]", "value"),
        (LabelSelector(matchExpressions: [LabelSelectorRequirement(key: "a b", operator: .exists)]),
         "matchExpressions[0].key", "key"),
        (LabelSelector(matchExpressions: [LabelSelectorRequirement(key: "a", operator: .in)]),
         "matchExpressions[0].values", "count"),
        (LabelSelector(matchExpressions: [LabelSelectorRequirement(key: "a", operator: .notIn, values: [])]),
         "matchExpressions[0].values", "count"),
        (LabelSelector(matchExpressions: [LabelSelectorRequirement(key: "a", operator: .exists),
                                          LabelSelectorRequirement(key: "a", operator: .exists, values: ["x"])]),
         "matchExpressions[1].values", "count"),
        (LabelSelector(matchExpressions: [LabelSelectorRequirement(key: "a", operator: .in, values: ["ok", "no way"])]),
         "matchExpressions[0].values[1]", "value"),
    ])
    func validatesObjects(selector: LabelSelector, field: String, kind: String) {
        #expect {
            try LabelExpression(selector)
        } throws: { error in
            guard let error = error as? LabelSelectorError, case .field(let path) = error.location,
                  path.description == field else { return false }
            switch error.problem {
            case .invalidKey: return kind == "key"
            case .invalidValue: return kind == "value"
            case .wrongValueCount: return kind == "count"
            case .unexpected: return false
            }
        }
    }

    @Test func selectorObjectsDecodeFromJSON() throws {
        let json = try JSONValue(parsing: #"""
            {"matchLabels":{"app":"demo"},"matchExpressions":[{"key":"tier","operator":"In","values":["web"]},
            {"key":"legacy","operator":"DoesNotExist"}]}
            """#)
        let selector = try json.decode(as: LabelSelector.self)
        #expect(try LabelExpression(selector).description == "app=demo,!legacy,tier in (web)")
        #expect(try JSONValue(encoding: selector) == json)
        #expect(throws: ObjectDecodingError.self) {
            try JSONValue(parsing: #"{"matchExpressions":[{"key":"a","operator":"Gt","values":["1"]}]}"#)
                .decode(as: LabelSelector.self)
        }
    }

    @Test("requirements built in code are checked too", arguments: [
        (LabelRequirement.Operator.equals, [String]()), (.equals, ["a", "b"]), (.notEquals, []),
        (.in, []), (.notIn, []), (.exists, ["x"]), (.doesNotExist, ["x"]),
    ])
    func checksValueCounts(operator: LabelRequirement.Operator, values: [String]) {
        #expect {
            try LabelRequirement(key: "k", operator: `operator`, values: values)
        } throws: { error in
            guard let error = error as? LabelSelectorError, case .wrongValueCount = error.problem else { return false }
            return error.location == .field("values")
        }
    }

    @Test func errorsDescribeThemselves() throws {
        #expect(LabelSelectorError(.unexpected(found: "", expected: "identifier after ','"), at: .offset(4)).description
                == "unable to parse requirement at position 4: found 'end of string', expected: identifier after ','")
        #expect(LabelSelectorError(.invalidValue("-b", reasons: ["bad"]), at: .field("matchLabels")).description
                == "invalid label value: \"-b\" at matchLabels: bad")
    }
}

@Suite("Kubernetes names")
struct KubernetesNameTests {
    @Test("qualified names", arguments: [
        ("app", true), ("App.Name_x-1", true), ("example.com/app", true), ("a", true), ("1", true),
        ("", false), ("-a", false), ("a-", false), ("a b", false), ("Example.com/app", false), ("/a", false),
        ("a/", false), ("a/b/c", false), (String(repeating: "n", count: 63), true), (String(repeating: "n", count: 64), false),
        ("-a.com/b", false), ("a..b/c", false), (String(repeating: "p", count: 254) + "/x", false),
    ])
    func qualifiedNames(name: String, valid: Bool) {
        #expect(KubernetesName.qualifiedNameProblems(name).isEmpty == valid)
    }

    @Test func qualifiedNameProblemsAreWordedLikeTheAPIServer() {
        #expect(KubernetesName.qualifiedNameProblems("a/")
                == ["name part must be non-empty", "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"])
        #expect(KubernetesName.qualifiedNameProblems("/a") == ["prefix part must be non-empty"])
        #expect(KubernetesName.qualifiedNameProblems("a/b/c").first?.hasPrefix("a qualified name must consist of") == true)
    }

    @Test("label values", arguments: [
        ("", true), ("demo", true), ("A.b_c-1", true), ("-a", false), ("a_", false), ("é", false),
        (String(repeating: "v", count: 63), true), (String(repeating: "v", count: 64), false),
    ])
    func labelValues(value: String, valid: Bool) {
        #expect(KubernetesName.labelValueProblems(value).isEmpty == valid)
    }

    @Test("subdomains", arguments: [
        ("eventmesh.coldchain.io", true), ("a", true), ("a-b.c", true), ("", false), ("A.b", false), ("a..b", false),
        (".a", false), ("a.", false), ("a_b", false), (String(repeating: "a", count: 253), true),
        (String(repeating: "a", count: 254), false),
    ])
    func subdomains(name: String, valid: Bool) {
        #expect(KubernetesName.subdomainProblems(name).isEmpty == valid)
    }
}
