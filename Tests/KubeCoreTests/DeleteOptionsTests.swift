import KubeCore
import StrictJSON
import Testing

@Suite("Delete options")
struct DeleteOptionsTests {
    @Test("the body is the JSON client-go sends", arguments: [
        (DeleteOptions(), #"{"apiVersion":"v1","kind":"DeleteOptions"}"#),
        (DeleteOptions(propagationPolicy: .foreground),
         #"{"apiVersion":"v1","kind":"DeleteOptions","propagationPolicy":"Foreground"}"#),
        (DeleteOptions(gracePeriodSeconds: 0, propagationPolicy: .background, dryRun: true),
         #"{"apiVersion":"v1","dryRun":["All"],"gracePeriodSeconds":0,"kind":"DeleteOptions","propagationPolicy":"Background"}"#),
        (DeleteOptions(preconditions: Preconditions(uid: "u-1", resourceVersion: "42")),
         #"{"apiVersion":"v1","kind":"DeleteOptions","preconditions":{"resourceVersion":"42","uid":"u-1"}}"#),
        (DeleteOptions(preconditions: Preconditions(uid: "u-1")),
         #"{"apiVersion":"v1","kind":"DeleteOptions","preconditions":{"uid":"u-1"}}"#),
        (DeleteOptions(orphanDependents: true), #"{"apiVersion":"v1","kind":"DeleteOptions","orphanDependents":true}"#),
    ])
    func rendersTheBody(options: DeleteOptions, json: String) throws {
        #expect(options.body.jsonString() == json)
        #expect(try DeleteOptions(body: options.body) == options)
    }

    @Test func readsBodiesAsTheAPIServerDoes() throws {
        let body: JSONValue = ["kind": "DeleteOptions", "apiVersion": "meta.k8s.io/v1", "gracePeriodSeconds": 30,
                               "propagationPolicy": "Orphan", "preconditions": ["uid": nil, "resourceVersion": "7"],
                               "somethingNew": true, "orphanDependents": nil, "dryRun": nil]
        #expect(try DeleteOptions(body: body)
                == DeleteOptions(gracePeriodSeconds: 30, preconditions: Preconditions(resourceVersion: "7"), propagationPolicy: .orphan))
        // No kind or apiVersion is fine: curl users send just the options.
        #expect(try DeleteOptions(body: ["propagationPolicy": "Background"]) == DeleteOptions(propagationPolicy: .background))
        #expect(try DeleteOptions(body: ["apiVersion": "apps/v1", "kind": "DeleteOptions"]) == DeleteOptions())
    }

    @Test("malformed bodies are a 400", arguments: [
        (JSONValue.array([]), "body", "[]", "expected an object"),
        (["kind": "Status"], "kind", "Status", "expected DeleteOptions"),
        (["gracePeriodSeconds": "30"], "gracePeriodSeconds", "\"30\"", "expected an integer"),
        (["gracePeriodSeconds": 1.5], "gracePeriodSeconds", "1.5", "expected an integer"),
        (["orphanDependents": "true"], "orphanDependents", "\"true\"", "expected a boolean"),
        (["propagationPolicy": 1], "propagationPolicy", "1", "expected a string"),
        (["preconditions": "x"], "preconditions", "\"x\"", "expected an object"),
        (["preconditions": ["uid": 5]], "preconditions.uid", "5", "expected a string"),
        (["dryRun": "All"], "dryRun", "\"All\"", "expected an array of strings"),
        (["dryRun": [1]], "dryRun", "[1]", "expected an array of strings"),
    ] as [(JSONValue, String, String, String)])
    func refusesMalformedBodies(body: JSONValue, parameter: String, value: String, reason: String) {
        #expect(throws: QueryOptionsError.malformed(parameter: parameter, value: value, reason: reason)) {
            try DeleteOptions(body: body)
        }
    }

    @Test("options the API server refuses are a 422, from a body or a query", arguments: [
        ("propagationPolicy=Cascade", ["propagationPolicy": "Cascade"],
         [FieldError.notSupported("propagationPolicy", "Cascade", supported: ["Foreground", "Background", "Orphan", "nil"])]),
        ("propagationPolicy=foreground", ["propagationPolicy": "foreground"],
         [.notSupported("propagationPolicy", "foreground", supported: ["Foreground", "Background", "Orphan", "nil"])]),
        ("orphanDependents=true&propagationPolicy=Orphan", ["orphanDependents": true, "propagationPolicy": "Orphan"],
         [.invalid("propagationPolicy", "Orphan", "orphanDependents and deletionPropagation cannot be both set")]),
        ("dryRun=Server", ["dryRun": ["Server"]], [.notSupported("dryRun", ["Server"], supported: ["All"])]),
        ("gracePeriodSeconds=-1", ["gracePeriodSeconds": -1],
         [.invalid("gracePeriodSeconds", -1, "must be greater than or equal to 0")]),
    ] as [(String, JSONValue, [FieldError])])
    func refusesInvalidOptions(query: String, body: JSONValue, errors: [FieldError]) {
        let expected = QueryOptionsError.invalid(kind: "DeleteOptions", errors: errors)
        #expect(throws: expected) { try DeleteOptions(queryString: query) }
        #expect(throws: expected) { try DeleteOptions(body: body) }
    }

    @Test("the query form reads and renders", arguments: [
        ("", DeleteOptions()),
        ("gracePeriodSeconds=0&propagationPolicy=Foreground", DeleteOptions(gracePeriodSeconds: 0, propagationPolicy: .foreground)),
        ("dryRun=All&orphanDependents=false", DeleteOptions(orphanDependents: false, dryRun: true)),
    ])
    func queryForm(query: String, options: DeleteOptions) throws {
        #expect(try DeleteOptions(queryString: query) == options)
        #expect(options.queryString == query)
    }

    @Test func malformedQueryNumbersAreA400() {
        #expect(throws: QueryOptionsError.malformed(parameter: "gracePeriodSeconds", value: "soon", reason: "not an integer")) {
            try DeleteOptions(queryString: "gracePeriodSeconds=soon")
        }
    }

    @Test("preconditions explain a mismatch as the API server does", arguments: [
        (Preconditions(), "u1", "5", nil),
        (Preconditions(uid: "u1", resourceVersion: "5"), "u1", "5", nil),
        (Preconditions(uid: "u2"), "u1", "5", "Precondition failed: UID in precondition: u2, UID in object meta: u1"),
        (Preconditions(resourceVersion: "4"), "u1", "5",
         "Precondition failed: ResourceVersion in precondition: 4, ResourceVersion in object meta: 5"),
        (Preconditions(uid: "u1"), nil, nil, "Precondition failed: UID in precondition: u1, UID in object meta: "),
    ] as [(Preconditions, String?, String?, String?)])
    func checksPreconditions(preconditions: Preconditions, uid: String?, resourceVersion: String?, failure: String?) {
        #expect(preconditions.failure(uid: uid, resourceVersion: resourceVersion) == failure)
    }
}
