/// The name rules of Kubernetes (apimachinery's `validation` package): each check returns the
/// problems it found, worded as the API server words them, and an empty list for a valid value.
public enum KubernetesName {
    /// The longest DNS subdomain (RFC 1123), e.g. an object name or a label key's prefix.
    public static let maxSubdomainLength = 253
    /// The longest name part of a qualified name, and the longest label value.
    public static let maxLabelLength = 63

    /// Problems with a lower-case RFC 1123 subdomain (`eventmesh.coldchain.io`, `my-object.v2`).
    public static func subdomainProblems(_ value: String) -> [String] {
        var problems: [String] = []
        if value.utf8.count > maxSubdomainLength {
            problems.append("must be no more than \(maxSubdomainLength) characters")
        }
        if !isSubdomain(value) {
            problems.append("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
        }
        return problems
    }

    /// Problems with a lower-case RFC 1123 label (a namespace's name, a Service's name).
    public static func labelProblems(_ value: String) -> [String] {
        var problems: [String] = []
        if value.utf8.count > maxLabelLength {
            problems.append("must be no more than \(maxLabelLength) characters")
        }
        if value.contains(".") || !isSubdomain(value) {
            problems.append("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")
        }
        return problems
    }

    /// Problems with a qualified name: an optional subdomain prefix and `/`, then a name of at
    /// most 63 of `[A-Za-z0-9._-]` starting and ending alphanumeric (label and annotation keys).
    public static func qualifiedNameProblems(_ value: String) -> [String] {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        let name: Substring
        var problems: [String] = []
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            name = parts[1]
            if parts[0].isEmpty {
                problems.append("prefix part must be non-empty")
            } else {
                problems += subdomainProblems(String(parts[0])).map { "prefix part " + $0 }
            }
        default:
            return ["a qualified name " + qualifiedNameExplanation
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
        }
        if name.isEmpty {
            problems.append("name part must be non-empty")
        } else if name.utf8.count > maxLabelLength {
            problems.append("name part must be no more than \(maxLabelLength) characters")
        }
        if !isQualifiedNamePart(name) {
            problems.append("name part " + qualifiedNameExplanation)
        }
        return problems
    }

    /// Problems with a label value: empty, or at most 63 of `[A-Za-z0-9._-]` starting and ending
    /// alphanumeric.
    public static func labelValueProblems(_ value: String) -> [String] {
        var problems: [String] = []
        if value.utf8.count > maxLabelLength {
            problems.append("must be no more than \(maxLabelLength) characters")
        }
        if !value.isEmpty && !isQualifiedNamePart(Substring(value)) {
            problems.append("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")
        }
        return problems
    }

    /// Problems with a name that must travel as one URL path segment: not `.` or `..`, and
    /// without `/` or `%` (the check client-go applies before it builds a path).
    public static func pathSegmentProblems(_ value: String) -> [String] {
        if value == "." || value == ".." { return ["may not be '\(value)'"] }
        return ["/", "%"].filter { value.contains($0) }.map { "may not contain '\($0)'" }
    }

    private static let qualifiedNameExplanation = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"

    private static func isSubdomain(_ value: String) -> Bool {
        guard !value.isEmpty else { return false }
        return value.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { label in
            guard let first = label.first, let last = label.last else { return false }
            return isLowerAlphanumeric(first) && isLowerAlphanumeric(last)
                && label.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
    }

    private static func isQualifiedNamePart(_ value: Substring) -> Bool {
        let bytes = value.utf8
        guard let first = bytes.first, let last = bytes.last else { return false }
        return isAlphanumeric(first) && isAlphanumeric(last) && bytes.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLowerAlphanumeric(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}
