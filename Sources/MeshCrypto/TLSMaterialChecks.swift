import Foundation

/// What to do with something found in the folder.
enum Verdict<Value> {
    case reuse(Value)
    case replace(TLSMaterial.ReplacementReason)
}

/// The pure part of `TLSMaterial.loadOrGenerate`: does a pair found in the folder still fit?
extension TLSMaterial.Configuration {
    typealias Reason = TLSMaterial.ReplacementReason

    /// The CA to reuse, or why not.
    func caVerdict(_ certificate: Certificate, key: PrivateKey, now: Date) -> Verdict<CertificateAuthority> {
        guard certificate.matches(key) else { return .replace(.keyMismatch) }
        if let problem = timeProblem(certificate, now: now) { return .replace(problem) }
        do {
            return .reuse(try CertificateAuthority(certificate: certificate, key: key))
        } catch {
            return .replace(.notUsableAsCA(error))
        }
    }

    /// Why a serving or client pair cannot be reused under `ca` for `profile`, or nil.
    func leafProblem(_ certificate: Certificate, key: PrivateKey, profile: CertificateProfile,
                     ca: CertificateAuthority, now: Date) -> Reason? {
        guard certificate.matches(key) else { return .keyMismatch }
        guard certificate.verify(issuedBy: ca.certificate) else { return .notIssuedByCA }
        if let problem = timeProblem(certificate, now: now) { return problem }
        for usage in ExtendedKeyUsage.allCases.sorted(by: { $0.rawValue < $1.rawValue })
        where profile.usages.contains(usage) && !(certificate.extendedKeyUsage?.contains(usage) ?? true) {
            return .missingUsage(usage)
        }
        if profile.usages.contains(.serverAuth) {
            let names = Set(certificate.dnsNames.map { $0.lowercased() })
            let missingNames = profile.dnsNames.filter { !names.contains($0.lowercased()) }
            let missingAddresses = profile.ipAddresses.filter { !certificate.ipAddresses.contains($0) }
            if !missingNames.isEmpty || !missingAddresses.isEmpty {
                return .hostsNotCovered(dnsNames: missingNames, ipAddresses: missingAddresses)
            }
        } else if certificate.commonName != profile.commonName
                    || Set(certificate.organizations) != Set(profile.organizations) {
            // A client certificate's subject is its identity: user and groups must be the configured ones.
            return .subjectChanged
        }
        return nil
    }

    private func timeProblem(_ certificate: Certificate, now: Date) -> Reason? {
        if certificate.notBefore > now + CertificateAuthority.clockSkewAllowance {
            return .notYetValid(notBefore: certificate.notBefore)
        }
        if certificate.notAfter < now + renewBefore {
            return .expiring(notAfter: certificate.notAfter)
        }
        return nil
    }
}
