import KubeCore
import StrictJSON
import Testing

@Suite("Query options")
struct QueryOptionsTests {
    @Test("list options render as client-go renders them", arguments: [
        (ListOptions(), ""),
        (ListOptions(limit: 500), "limit=500"),
        // kubectl wait: list, then watch (40-kubectl-requests.txt).
        (ListOptions(fieldSelector: "metadata.name=k1", resourceVersion: "0", limit: 500),
         "fieldSelector=metadata.name%3Dk1&limit=500&resourceVersion=0"),
        (ListOptions(fieldSelector: "metadata.name=k1", watch: true, allowWatchBookmarks: true,
                     resourceVersion: "311", timeoutSeconds: 522),
         "allowWatchBookmarks=true&fieldSelector=metadata.name%3Dk1&resourceVersion=311&timeoutSeconds=522&watch=true"),
        (ListOptions(labelSelector: "app=demo"), "labelSelector=app%3Ddemo"),
        (ListOptions(labelSelector: "tier in (web,api),!legacy"), "labelSelector=tier+in+%28web%2Capi%29%2C%21legacy"),
        (ListOptions(limit: 1, continue: "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6Mjg4fQ"),
         "continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6Mjg4fQ&limit=1"),
        (ListOptions(resourceVersion: "288", resourceVersionMatch: .notOlderThan),
         "resourceVersion=288&resourceVersionMatch=NotOlderThan"),
        (ListOptions(resourceVersion: "288", resourceVersionMatch: .exact), "resourceVersion=288&resourceVersionMatch=Exact"),
        (ListOptions(watch: true, allowWatchBookmarks: true, resourceVersionMatch: .notOlderThan, sendInitialEvents: true),
         "allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&sendInitialEvents=true&watch=true"),
        // A Go pointer set to zero is still sent; a Go value at zero is not.
        (ListOptions(timeoutSeconds: 0, limit: 0), "timeoutSeconds=0"),
        (ListOptions(sendInitialEvents: false), "sendInitialEvents=false"),
    ])
    func rendersListOptions(options: ListOptions, query: String) throws {
        #expect(options.queryString == query)
    }

    @Test("list options read back what they render", arguments: [
        ListOptions(limit: 500),
        ListOptions(labelSelector: "a in (x,y)", fieldSelector: "metadata.name=k1", resourceVersion: "0", limit: 500),
        ListOptions(fieldSelector: "status.phase!=Failed", watch: true, allowWatchBookmarks: true,
                    resourceVersion: "311", timeoutSeconds: 522),
        ListOptions(resourceVersion: "10", resourceVersionMatch: .exact),
        ListOptions(watch: true, resourceVersionMatch: .notOlderThan, sendInitialEvents: true),
        ListOptions(limit: 2, continue: "token"),
    ])
    func listOptionsRoundTrip(options: ListOptions) throws {
        #expect(try ListOptions(queryString: options.queryString) == options)
        #expect(try ListOptions(query: options.queryParameters) == options)
    }

    @Test("query booleans read as the API server reads them", arguments: [
        ("watch=true", true), ("watch=1", true), ("watch=True", true), ("watch=", true), ("watch", true),
        ("watch=yes", true), ("watch=false", false), ("watch=FALSE", false), ("watch=0", false), ("", false),
        ("watch=false&watch=true", false),
    ])
    func readsBooleans(query: String, watch: Bool) throws {
        #expect(try ListOptions(queryString: query).watch == watch)
    }

    @Test func readsTheRecordedWatchQuery() throws {
        // 29-watch-stream.jsonl's request.
        let options = try ListOptions(queryString: "watch=1&resourceVersion=288&allowWatchBookmarks=true&timeoutSeconds=6")
        #expect(options == ListOptions(watch: true, allowWatchBookmarks: true, resourceVersion: "288", timeoutSeconds: 6))
    }

    @Test("malformed numbers are a 400", arguments: [
        ("limit=abc", "limit", "abc", "not an integer"), ("limit=", "limit", "", "not an integer"),
        ("limit=1.5", "limit", "1.5", "not an integer"), ("limit=%201", "limit", " 1", "not an integer"),
        ("timeoutSeconds=99999999999999999999", "timeoutSeconds", "99999999999999999999", "value out of range"),
        ("limit=-99999999999999999999", "limit", "-99999999999999999999", "value out of range"),
    ])
    func refusesMalformedNumbers(query: String, parameter: String, value: String, reason: String) {
        #expect(throws: QueryOptionsError.malformed(parameter: parameter, value: value, reason: reason)) {
            try ListOptions(queryString: query)
        }
    }

    @Test("list options the API server refuses are a 422", arguments: [
        ("limit=-1", [FieldError.invalid("limit", -1, "must be greater than or equal to 0")]),
        ("timeoutSeconds=-5", [.invalid("timeoutSeconds", -5, "must be greater than or equal to 0")]),
        ("resourceVersionMatch=Newest&resourceVersion=1",
         [.notSupported("resourceVersionMatch", "Newest", supported: ["Exact", "NotOlderThan", ""])]),
        ("resourceVersionMatch=Exact",
         [.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided")]),
        ("resourceVersionMatch=NotOlderThan&resourceVersion=5&continue=abc",
         [.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided")]),
        ("resourceVersionMatch=Exact&resourceVersion=0",
         [.forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"")]),
        ("sendInitialEvents=true", [.forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list")]),
        ("watch=true&sendInitialEvents=true",
         [.forbidden("resourceVersionMatch", "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")]),
        ("watch=true&resourceVersionMatch=NotOlderThan",
         [.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")]),
        ("watch=true&resourceVersionMatch=Exact&sendInitialEvents=true", [
            .forbidden("resourceVersionMatch", "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"),
            .notSupported("resourceVersionMatch", "Exact", supported: ["NotOlderThan"]),
        ]),
        ("watch=true&resourceVersionMatch=Bogus", [.notSupported("resourceVersionMatch", "Bogus", supported: ["NotOlderThan"])]),
    ])
    func refusesInvalidListOptions(query: String, errors: [FieldError]) {
        #expect(throws: QueryOptionsError.invalid(kind: "ListOptions", errors: errors)) {
            try ListOptions(queryString: query)
        }
    }

    @Test func invalidOptionsDescribeThemselvesLikeTheAPIServer() {
        let one = QueryOptionsError.invalid(kind: "ListOptions", errors: [.invalid("limit", -1, "must be greater than or equal to 0")])
        #expect(one.description == "ListOptions.meta.k8s.io \"\" is invalid: limit: Invalid value: -1: must be greater than or equal to 0")
        let two = QueryOptionsError.invalid(kind: "DeleteOptions", errors: [.forbidden("a", "x"), .forbidden("b", "y")])
        #expect(two.description == "DeleteOptions.meta.k8s.io \"\" is invalid: [a: Forbidden: x, b: Forbidden: y]")
        #expect(QueryOptionsError.malformed(parameter: "limit", value: "x", reason: "not an integer").description
                == "invalid value \"x\" for limit: not an integer")
    }

    @Test func getOptionsCarryOnlyTheResourceVersion() throws {
        #expect(GetOptions().queryString == "")
        #expect(GetOptions(resourceVersion: "0").queryString == "resourceVersion=0")
        #expect(try GetOptions(queryString: "resourceVersion=42&limit=abc") == GetOptions(resourceVersion: "42"))
        #expect(GetOptions().validationErrors.isEmpty)
    }

    @Test("write options render as kubectl sends them", arguments: [
        (CreateOptions(fieldManager: "kubectl-client-side-apply", fieldValidation: .strict).queryString,
         "fieldManager=kubectl-client-side-apply&fieldValidation=Strict"),
        (CreateOptions().queryString, ""),
        (CreateOptions(dryRun: true).queryString, "dryRun=All"),
        (UpdateOptions(dryRun: true, fieldManager: "eventmesh-operator", fieldValidation: .warn).queryString,
         "dryRun=All&fieldManager=eventmesh-operator&fieldValidation=Warn"),
        (PatchOptions(fieldManager: "kubectl", fieldValidation: .strict, force: false).queryString,
         "fieldManager=kubectl&fieldValidation=Strict&force=false"),
        (PatchOptions(fieldManager: "kubectl-last-applied", fieldValidation: .strict).queryString,
         "fieldManager=kubectl-last-applied&fieldValidation=Strict"),
        (PatchOptions(fieldManager: "alice", force: true).queryString, "fieldManager=alice&force=true"),
        (PatchOptions(fieldValidation: .ignore).queryString, "fieldValidation=Ignore"),
    ])
    func rendersWriteOptions(rendered: String, query: String) {
        #expect(rendered == query)
    }

    @Test func writeOptionsReadBack() throws {
        let create = CreateOptions(dryRun: true, fieldManager: "kubectl-client-side-apply", fieldValidation: .strict)
        #expect(try CreateOptions(queryString: create.queryString) == create)
        let update = UpdateOptions(fieldManager: "m", fieldValidation: .ignore)
        #expect(try UpdateOptions(queryString: update.queryString) == update)
        let patch = PatchOptions(dryRun: true, fieldManager: "kubectl", fieldValidation: .strict, force: false)
        #expect(try PatchOptions(queryString: patch.queryString) == patch)
        #expect(try PatchOptions(queryString: "fieldManager=kubectl&fieldValidation=") == PatchOptions(fieldManager: "kubectl"))
        #expect(try CreateOptions(queryString: "dryRun=All&dryRun=All").dryRun)
    }

    @Test("write options the API server refuses are a 422", arguments: [
        ("dryRun=all", [FieldError.notSupported("dryRun", ["all"], supported: ["All"])]),
        ("dryRun=All&dryRun=Server", [.notSupported("dryRun", ["All", "Server"], supported: ["All"])]),
        ("dryRun=", [.notSupported("dryRun", [""], supported: ["All"])]),
        ("fieldValidation=strict", [.notSupported("fieldValidation", "strict", supported: ["", "Ignore", "Warn", "Strict"])]),
        ("fieldManager=a%0Ab", [.invalid("fieldManager", "a\nb", "must only contain printable characters")]),
        ("fieldManager=" + String(repeating: "m", count: 129), [.tooLong("fieldManager", maxLength: 128)]),
    ])
    func refusesInvalidWriteOptions(query: String, errors: [FieldError]) {
        #expect(throws: QueryOptionsError.invalid(kind: "CreateOptions", errors: errors)) { try CreateOptions(queryString: query) }
        #expect(throws: QueryOptionsError.invalid(kind: "UpdateOptions", errors: errors)) { try UpdateOptions(queryString: query) }
        #expect(throws: QueryOptionsError.invalid(kind: "PatchOptions", errors: errors)) { try PatchOptions(queryString: query) }
    }

    @Test func fieldManagersMayUseAnyPrintableText() throws {
        #expect(try CreateOptions(queryString: "fieldManager=" + URLEncoding.queryComponent("kubectl édit ✓")).fieldManager
                == "kubectl édit ✓")
        #expect(try CreateOptions(queryString: "fieldManager=" + String(repeating: "m", count: 128)).fieldManager.count == 128)
    }

    @Test("patch options follow the rules of their patch type", arguments: [
        (PatchOptions(fieldManager: "kubectl", force: false), PatchType.apply, [FieldError]()),
        (PatchOptions(), .apply, [.required("fieldManager", "is required for apply patch")]),
        (PatchOptions(fieldManager: "m", force: false), .merge, [.forbidden("force", "may not be specified for non-apply patch")]),
        (PatchOptions(force: true), .json, [.forbidden("force", "may not be specified for non-apply patch")]),
        (PatchOptions(), .strategicMerge, []),
    ])
    func validatesPatchOptionsForTheirType(options: PatchOptions, type: PatchType, errors: [FieldError]) {
        #expect(options.validationErrors(for: type) == errors)
        if errors.isEmpty {
            #expect(throws: Never.self) { try options.validate(for: type) }
        } else {
            #expect(throws: QueryOptionsError.invalid(kind: "PatchOptions", errors: errors)) { try options.validate(for: type) }
        }
    }

    @Test("patch types follow the Content-Type header", arguments: [
        ("application/json-patch+json", PatchType.json), ("application/merge-patch+json", .merge),
        ("application/strategic-merge-patch+json", .strategicMerge), ("application/apply-patch+yaml", .apply),
        ("application/merge-patch+json; charset=utf-8", .merge), ("Application/Apply-Patch+YAML", .apply),
    ])
    func readsPatchTypes(header: String, type: PatchType) {
        #expect(PatchType(contentType: header) == type)
        #expect(PatchType(contentType: type.contentType) == type)
    }

    @Test func unknownContentTypesAreNoPatch() {
        #expect(PatchType(contentType: "application/json") == nil)
        #expect(PatchType(contentType: "") == nil)
    }
}
