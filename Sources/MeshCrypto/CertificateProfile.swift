/// What a leaf certificate should say: subject, subjectAltNames, purposes and lifetime.
/// Pure data; `validate()` reports what OpenSSL would otherwise refuse less clearly.
public struct CertificateProfile: Hashable, Sendable {
    /// The subject CN; Kubernetes reads it as the user name of a client certificate.
    public var commonName: String
    /// The subject O values; Kubernetes reads them as groups (`system:masters`, `system:nodes`).
    public var organizations: [String]
    public var dnsNames: [String]
    public var ipAddresses: [IPAddress]
    public var usages: Set<ExtendedKeyUsage>
    /// How long from issuance; cut to the issuing CA's own expiry.
    public var validity: Duration

    /// One year, as for kubeadm's leaf certificates.
    public static let defaultValidity = Duration.seconds(365 * 86_400)

    public init(commonName: String, organizations: [String] = [], dnsNames: [String] = [],
                ipAddresses: [IPAddress] = [], usages: Set<ExtendedKeyUsage>,
                validity: Duration = defaultValidity) {
        self.commonName = commonName
        self.organizations = organizations
        self.dnsNames = dnsNames
        self.ipAddresses = ipAddresses
        self.usages = usages
        self.validity = validity
    }

    /// A TLS serving certificate for `dnsNames` and `ipAddresses`.
    public static func server(commonName: String, dnsNames: [String], ipAddresses: [IPAddress],
                              validity: Duration = defaultValidity) -> CertificateProfile {
        CertificateProfile(commonName: commonName, dnsNames: dnsNames, ipAddresses: ipAddresses,
                           usages: [.serverAuth], validity: validity)
    }

    /// A TLS client certificate for user `commonName` in groups `organizations`.
    public static func client(commonName: String, organizations: [String] = [],
                              validity: Duration = defaultValidity) -> CertificateProfile {
        CertificateProfile(commonName: commonName, organizations: organizations, usages: [.clientAuth],
                           validity: validity)
    }

    /// Throws `.invalidRequest` naming the first problem.
    public func validate() throws(CryptoError) {
        try Self.validateNameAttribute(commonName, "commonName")
        for organization in organizations { try Self.validateNameAttribute(organization, "organization") }
        for name in dnsNames {
            guard Self.isValidDNSName(name) else {
                throw CryptoError(.invalidRequest, "\"\(name)\" is not a DNS name (letters, digits, '-', '_' "
                                  + "in dot-separated labels, optionally starting with \"*.\")")
            }
        }
        guard !usages.isEmpty else {
            throw CryptoError(.invalidRequest, "certificate \"\(commonName)\" has no extended key usage")
        }
        guard validity > .zero else {
            throw CryptoError(.invalidRequest, "certificate \"\(commonName)\" has a validity of \(validity)")
        }
    }

    /// X.520 caps CN and O at 64 characters.
    static func validateNameAttribute(_ value: String, _ field: String) throws(CryptoError) {
        guard (1...64).contains(value.unicodeScalars.count) else {
            throw CryptoError(.invalidRequest, "a subject \(field) must have 1 to 64 characters: \"\(value)\"")
        }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw CryptoError(.invalidRequest, "a subject \(field) contains control characters")
        }
    }

    /// dNSName is an IA5String, so ASCII only; a wildcard is allowed as the whole first label.
    static func isValidDNSName(_ name: String) -> Bool {
        guard (1...253).contains(name.utf8.count) else { return false }
        var labels = name.split(separator: ".", omittingEmptySubsequences: false)
        if labels.count > 1, labels[0] == "*" { labels.removeFirst() }
        return labels.allSatisfy { label in
            (1...63).contains(label.utf8.count)
                && label.first != "-" && label.last != "-"
                && label.utf8.allSatisfy { byte in
                    (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a)
                        || (byte >= 0x30 && byte <= 0x39) || byte == 0x2d || byte == 0x5f
                }
        }
    }
}
