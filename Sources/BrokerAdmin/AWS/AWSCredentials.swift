import Foundation

/// An AWS access key: key id, secret and (for temporary credentials) a session token.
/// `description` never shows the secret or the token, so the value is safe to print.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and (optionally)
    /// `AWS_SESSION_TOKEN`; nil when the key id or the secret is missing or empty.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> AWSCredentials? {
        guard let id = environment["AWS_ACCESS_KEY_ID"], !id.isEmpty,
              let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else { return nil }
        let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        return AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: token)
    }

    /// Credentials from the data of a Kubernetes Secret, with the same keys as the environment
    /// (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), values already decoded.
    public static func fromSecretData(_ data: [String: [UInt8]]) -> AWSCredentials? {
        fromEnvironment(data.mapValues { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) })
    }

    /// The key id with all but its last four characters hidden; the secret and token are never shown.
    public var description: String {
        let tail = accessKeyID.count > 4 ? String(accessKeyID.suffix(4)) : ""
        return "AWSCredentials(accessKeyID: ****\(tail), secretAccessKey: <redacted>"
            + (sessionToken == nil ? ")" : ", sessionToken: <redacted>)")
    }

    public var debugDescription: String { description }

    /// `dump` and test failure messages see the redacted form too.
    public var customMirror: Mirror {
        Mirror(self, children: ["credentials": description], displayStyle: .struct)
    }

    /// Replaces any credential material appearing in `text` (a server message, say) with `<redacted>`.
    public func redact(_ text: String) -> String {
        var result = text
        for secret in [secretAccessKey, sessionToken ?? "", accessKeyID] where secret.count >= 4 {
            result = result.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return result
    }
}
