import KubeCore
import Testing

/// `KUBECONFIG=a:b:c` as kubectl merges it (checked against `kubectl config view` 1.32): for
/// each name the first file that defines it wins whole, and so does the first current context.
@Suite("Kubeconfig merging")
struct KubeconfigMergeTests {
    static let files: [String: String] = [
        "a": """
            current-context: ""
            clusters:
            - {name: shared, cluster: {server: "https://a.example"}}
            - {name: only-a, cluster: {server: "https://only-a.example"}}
            users:
            - {name: u, user: {token: token-a}}
            contexts:
            - {name: ctx, context: {cluster: shared, user: u, namespace: from-a}}
            """,
        "b": """
            current-context: ctx2
            clusters:
            - {name: shared, cluster: {server: "https://b.example", certificate-authority: ca.pem}}
            users:
            - {name: u, user: {username: x, password: pw}}
            - {name: v, user: {token: token-v}}
            contexts:
            - {name: ctx, context: {cluster: only-a, user: v}}
            - {name: ctx2, context: {cluster: shared, user: u}}
            """,
        "c": """
            current-context: ctx3
            clusters:
            - {name: shared, cluster: {server: "https://c.example"}}
            contexts:
            - {name: ctx3, context: {cluster: shared, user: u}}
            """,
    ]

    struct Case: Sendable, CustomTestStringConvertible {
        var order: [String]
        var currentContext: String?
        /// The file whose `shared` cluster wins, and the cluster `ctx` points at.
        var sharedFrom: String?
        var ctxCluster: String?
        var contexts: Set<String>
        var userU: Kubeconfig.User?
        var testDescription: String { order.isEmpty ? "(none)" : order.joined(separator: ":") }
    }

    static let cases: [Case] = [
        Case(order: [], currentContext: nil, sharedFrom: nil, ctxCluster: nil, contexts: [], userU: nil),
        Case(order: ["a"], currentContext: nil, sharedFrom: "a", ctxCluster: "shared", contexts: ["ctx"],
             userU: .init(token: "token-a", origin: "/k/a")),
        Case(order: ["a", "b"], currentContext: "ctx2", sharedFrom: "a", ctxCluster: "shared", contexts: ["ctx", "ctx2"],
             userU: .init(token: "token-a", origin: "/k/a")),
        Case(order: ["b", "a"], currentContext: "ctx2", sharedFrom: "b", ctxCluster: "only-a", contexts: ["ctx", "ctx2"],
             userU: .init(username: "x", password: "pw", origin: "/k/b")),
        Case(order: ["a", "b", "c"], currentContext: "ctx2", sharedFrom: "a", ctxCluster: "shared",
             contexts: ["ctx", "ctx2", "ctx3"], userU: .init(token: "token-a", origin: "/k/a")),
        Case(order: ["c", "a", "b"], currentContext: "ctx3", sharedFrom: "c", ctxCluster: "shared",
             contexts: ["ctx", "ctx2", "ctx3"], userU: .init(token: "token-a", origin: "/k/a")),
        Case(order: ["c", "b"], currentContext: "ctx3", sharedFrom: "c", ctxCluster: "only-a",
             contexts: ["ctx", "ctx2", "ctx3"], userU: .init(username: "x", password: "pw", origin: "/k/b")),
    ]

    @Test(arguments: cases)
    func merge(_ expected: Case) throws {
        let configs = try expected.order.map { try Kubeconfig(parsing: Self.files[$0]!, origin: "/k/\($0)") }
        let merged = Kubeconfig.merged(configs)
        #expect(merged.currentContext == expected.currentContext)
        #expect(merged.clusters["shared"]?.server == expected.sharedFrom.map { "https://\($0).example" })
        #expect(merged.clusters["shared"]?.origin == expected.sharedFrom.map { "/k/\($0)" })
        #expect(merged.contexts["ctx"]?.cluster == expected.ctxCluster)
        #expect(Set(merged.contexts.keys) == expected.contexts)
        #expect(merged.users["u"] == expected.userU)
    }

    @Test func entriesAreNeverMergedFieldByField() throws {
        let merged = Kubeconfig.merged([try Kubeconfig(parsing: Self.files["a"]!, origin: "/k/a"),
                                        try Kubeconfig(parsing: Self.files["b"]!, origin: "/k/b")])
        // b's `shared` has a CA; a's wins whole, so the merged entry has none.
        #expect(merged.clusters["shared"]?.certificateAuthority == nil)
        // Each entry keeps the file it came from (for relative paths, already resolved).
        #expect(merged.users["v"]?.origin == "/k/b")
        #expect(merged.clusters["only-a"]?.origin == "/k/a")
    }

    @Test func relativePathsFollowTheirOwnFileThroughTheMerge() throws {
        let merged = Kubeconfig.merged([try Kubeconfig(parsing: Self.files["c"]!, origin: "/one/c"),
                                        try Kubeconfig(parsing: Self.files["b"]!, origin: "/two/b")])
        #expect(merged.clusters["shared"]?.certificateAuthority == nil)
        let reversed = Kubeconfig.merged([try Kubeconfig(parsing: Self.files["b"]!, origin: "/two/b"),
                                          try Kubeconfig(parsing: Self.files["c"]!, origin: "/one/c")])
        #expect(reversed.clusters["shared"]?.certificateAuthority == "/two/ca.pem")
        #expect(try reversed.resolve(context: "ctx3").certificateAuthority == .file("/two/ca.pem"))
    }
}
