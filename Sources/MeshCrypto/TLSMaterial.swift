import Foundation

/// The local API server's TLS files: a CA, a serving certificate and an admin client
/// certificate, kept in one folder as `ca.crt`/`ca.key`, `server.crt`/`server.key` and
/// `admin.crt`/`admin.key` (keys mode 0600, certificates 0644).
public struct TLSMaterial: Sendable {
    public let certificateAuthority: CertificateAuthority
    public let server: IssuedCertificate
    public let admin: IssuedCertificate
    /// Whether each pair was reused from the folder or made anew, and why.
    public let caOrigin: Origin
    public let serverOrigin: Origin
    public let adminOrigin: Origin

    /// The file names in the folder.
    public enum File {
        public static let caCertificate = "ca.crt", caKey = "ca.key"
        public static let serverCertificate = "server.crt", serverKey = "server.key"
        public static let adminCertificate = "admin.crt", adminKey = "admin.key"
    }

    /// Where a pair came from at this start.
    public enum Origin: Sendable, Equatable {
        case loaded
        case generated(because: ReplacementReason)
    }

    /// Why a pair found in the folder was not reused.
    public enum ReplacementReason: Sendable, Equatable, CustomStringConvertible {
        case missing(file: String)
        case unreadable(file: String, CryptoError)
        case keyMismatch
        case notUsableAsCA(CryptoError)
        case notIssuedByCA
        /// The CA was replaced, so everything it had issued is replaced too.
        case issuerReplaced
        case notYetValid(notBefore: Date)
        /// Expired, or closer to expiry than `Configuration.renewBefore`.
        case expiring(notAfter: Date)
        case missingUsage(ExtendedKeyUsage)
        case hostsNotCovered(dnsNames: [String], ipAddresses: [IPAddress])
        case subjectChanged

        public var description: String {
            switch self {
            case .missing(let file): "\(file) is missing"
            case .unreadable(let file, let error): "\(file) is unreadable: \(error)"
            case .keyMismatch: "the key does not belong to the certificate"
            case .notUsableAsCA(let error): "the CA cannot issue certificates: \(error)"
            case .notIssuedByCA: "the certificate was not issued by the CA"
            case .issuerReplaced: "the CA was replaced"
            case .notYetValid(let notBefore): "the certificate is not valid before \(notBefore)"
            case .expiring(let notAfter): "the certificate expires at \(notAfter)"
            case .missingUsage(let usage): "the certificate lacks extendedKeyUsage \(usage.rawValue)"
            case .hostsNotCovered(let names, let addresses):
                "the certificate does not cover \((names + addresses.map(\.description)).joined(separator: ", "))"
            case .subjectChanged: "the certificate's subject differs from the configured one"
            }
        }
    }

    /// What to generate, and when an existing file set still fits.
    public struct Configuration: Sendable, Hashable {
        public var caCommonName: String
        public var serverCommonName: String
        /// Host names and addresses the serving certificate must cover.
        public var serverDNSNames: [String]
        public var serverIPAddresses: [IPAddress]
        /// Kubernetes reads the admin certificate's CN as the user and O as groups.
        public var adminCommonName: String
        public var adminOrganizations: [String]
        public var keyAlgorithm: PrivateKey.Algorithm
        public var caValidity: Duration
        public var leafValidity: Duration
        /// Certificates closer than this to expiry are replaced; shorter than both validities.
        public var renewBefore: Duration

        public init(caCommonName: String = "eventmesh-local-ca",
                    serverCommonName: String = "eventmesh-apiserver",
                    serverDNSNames: [String] = ["localhost"],
                    serverIPAddresses: [IPAddress] = [.loopbackV4, .loopbackV6],
                    adminCommonName: String = "eventmesh-admin",
                    adminOrganizations: [String] = ["system:masters"],
                    keyAlgorithm: PrivateKey.Algorithm = .ecdsaP256,
                    caValidity: Duration = CertificateAuthority.defaultValidity,
                    leafValidity: Duration = CertificateProfile.defaultValidity,
                    renewBefore: Duration = .seconds(30 * 86_400)) {
            self.caCommonName = caCommonName
            self.serverCommonName = serverCommonName
            self.serverDNSNames = serverDNSNames
            self.serverIPAddresses = serverIPAddresses
            self.adminCommonName = adminCommonName
            self.adminOrganizations = adminOrganizations
            self.keyAlgorithm = keyAlgorithm
            self.caValidity = caValidity
            self.leafValidity = leafValidity
            self.renewBefore = renewBefore
        }

        /// The serving certificate to issue: serverAuth for the configured hosts.
        public var serverProfile: CertificateProfile {
            .server(commonName: serverCommonName, dnsNames: serverDNSNames, ipAddresses: serverIPAddresses,
                    validity: leafValidity)
        }

        /// The admin client certificate to issue: clientAuth, configured user and groups.
        public var adminProfile: CertificateProfile {
            .client(commonName: adminCommonName, organizations: adminOrganizations, validity: leafValidity)
        }

        /// Throws `.invalidRequest` for names OpenSSL would refuse or an impossible renewal window.
        public func validate() throws(CryptoError) {
            try CertificateProfile.validateNameAttribute(caCommonName, "CA commonName")
            try serverProfile.validate()
            try adminProfile.validate()
            guard !serverDNSNames.isEmpty || !serverIPAddresses.isEmpty else {
                throw CryptoError(.invalidRequest, "the serving certificate needs at least one host name or address")
            }
            // Otherwise every certificate would be due for renewal the moment it is made.
            guard renewBefore >= .zero, renewBefore < leafValidity, renewBefore < caValidity else {
                throw CryptoError(.invalidRequest, "renewBefore (\(renewBefore)) must be shorter than the CA "
                                  + "(\(caValidity)) and leaf (\(leafValidity)) validities")
            }
        }
    }

    /// Loads the folder's CA, serving and admin pairs where they are present and still fit
    /// `configuration` at `now`, and generates and writes the others. A replaced CA replaces
    /// both leaves. Blocking file I/O: call it at start-up, not from latency-sensitive tasks.
    public static func loadOrGenerate(in folder: String, configuration: Configuration = Configuration(),
                                      now: Date = Date()) throws(CryptoError) -> TLSMaterial {
        try configuration.validate()
        let directory = try PKIDirectory(creating: folder)

        let ca: CertificateAuthority
        let caOrigin: Origin
        switch try loadPair(directory, File.caCertificate, File.caKey) {
        case .reuse(let (certificate, key)):
            switch configuration.caVerdict(certificate, key: key, now: now) {
            case .reuse(let reused): (ca, caOrigin) = (reused, .loaded)
            case .replace(let reason): (ca, caOrigin) = (try generateCA(directory, configuration, now), .generated(because: reason))
            }
        case .replace(let reason):
            (ca, caOrigin) = (try generateCA(directory, configuration, now), .generated(because: reason))
        }

        func leaf(_ profile: CertificateProfile, _ certificateFile: String, _ keyFile: String)
            throws(CryptoError) -> (IssuedCertificate, Origin)
        {
            let reason: ReplacementReason
            if case .generated = caOrigin {
                reason = .issuerReplaced
            } else {
                switch try loadPair(directory, certificateFile, keyFile) {
                case .reuse(let (certificate, key)):
                    if let problem = configuration.leafProblem(certificate, key: key, profile: profile, ca: ca, now: now) {
                        reason = problem
                    } else {
                        return (try IssuedCertificate(certificate: certificate, key: key), .loaded)
                    }
                case .replace(let problem):
                    reason = problem
                }
            }
            let issued = try ca.issue(profile, keyAlgorithm: configuration.keyAlgorithm, now: now)
            try write(issued.certificate, issued.key, directory, certificateFile, keyFile)
            return (issued, .generated(because: reason))
        }

        let (server, serverOrigin) = try leaf(configuration.serverProfile, File.serverCertificate, File.serverKey)
        let (admin, adminOrigin) = try leaf(configuration.adminProfile, File.adminCertificate, File.adminKey)
        return TLSMaterial(certificateAuthority: ca, server: server, admin: admin,
                           caOrigin: caOrigin, serverOrigin: serverOrigin, adminOrigin: adminOrigin)
    }

    private static func generateCA(_ directory: PKIDirectory, _ configuration: Configuration,
                                   _ now: Date) throws(CryptoError) -> CertificateAuthority {
        let ca = try CertificateAuthority.generate(commonName: configuration.caCommonName,
                                                   validity: configuration.caValidity,
                                                   keyAlgorithm: configuration.keyAlgorithm, now: now)
        try write(ca.certificate, ca.key, directory, File.caCertificate, File.caKey)
        return ca
    }

    /// The key goes first: after a crash between the two renames the pair no longer matches,
    /// and the next start replaces it instead of trusting a half-written set.
    private static func write(_ certificate: Certificate, _ key: PrivateKey, _ directory: PKIDirectory,
                              _ certificateFile: String, _ keyFile: String) throws(CryptoError) {
        try directory.store(key.pemEncoded(), as: keyFile, permissions: 0o600)
        try directory.store(certificate.pemEncoded(), as: certificateFile, permissions: 0o644)
    }

    /// A pair read from the folder; absent or unparsable files are reasons, other I/O errors throw.
    private static func loadPair(_ directory: PKIDirectory, _ certificateFile: String, _ keyFile: String)
        throws(CryptoError) -> Verdict<(Certificate, PrivateKey)>
    {
        guard let certificatePEM = try directory.contents(of: certificateFile) else {
            return .replace(.missing(file: certificateFile))
        }
        guard let keyPEM = try directory.contents(of: keyFile) else { return .replace(.missing(file: keyFile)) }
        let certificate: Certificate
        do {
            certificate = try Certificate(pemEncoded: certificatePEM)
        } catch {
            return .replace(.unreadable(file: certificateFile, error))
        }
        do {
            return .reuse((certificate, try PrivateKey(pemEncoded: keyPEM)))
        } catch {
            return .replace(.unreadable(file: keyFile, error))
        }
    }
}
