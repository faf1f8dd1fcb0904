import Foundation
import KubeCore
import MeshCrypto
import StrictJSON

/// Bearer tokens for service accounts, as the TokenRequest API (`kubectl create token`) issues
/// them: JWTs whose subject is `system:serviceaccount:<namespace>:<name>`, bound to the account's
/// uid, with audiences and an expiry. Signed with HS256 under a key kept in the state directory
/// (a real cluster signs RS256 with its service-account key; clients treat tokens as opaque).
struct ServiceAccountTokens: Sendable {
    /// The issuer and default audience, as on a cluster without an explicit issuer.
    static let issuer = "https://kubernetes.default.svc.cluster.local"
    let key: [UInt8]

    struct Claims: Sendable, Equatable {
        var namespace: String
        var name: String
        var uid: String
        var audiences: [String]
        var expires: Date

        var user: RequestUser {
            RequestUser(name: "system:serviceaccount:\(namespace):\(name)",
                        groups: ["system:serviceaccounts", "system:serviceaccounts:\(namespace)", "system:authenticated"])
        }
    }

    /// Loads the signing key from `url`, creating it on first start.
    static func load(from url: URL) throws -> ServiceAccountTokens {
        if let data = try? Data(contentsOf: url), data.count == 32 { return ServiceAccountTokens(key: Array(data)) }
        let key = SecureRandom.bytes(32)
        try Data(key).write(to: url, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        return ServiceAccountTokens(key: key)
    }

    func issue(_ claims: Claims, issuedAt: Date = Date()) -> String {
        let header: JSONValue = ["alg": "HS256", "typ": "JWT"]
        let payload: JSONValue = [
            "iss": .string(Self.issuer), "sub": .string(claims.user.name),
            "aud": .array(claims.audiences.map(JSONValue.string)),
            "iat": .integer(Int64(issuedAt.timeIntervalSince1970)), "nbf": .integer(Int64(issuedAt.timeIntervalSince1970)),
            "exp": .integer(Int64(claims.expires.timeIntervalSince1970)),
            "kubernetes.io": ["namespace": .string(claims.namespace),
                              "serviceaccount": ["name": .string(claims.name), "uid": .string(claims.uid)]],
        ]
        let signed = Self.base64URL(header.jsonBytes()) + "." + Self.base64URL(payload.jsonBytes())
        return signed + "." + Self.base64URL(HMACSHA256.authenticationCode(key: key, data: Array(signed.utf8)))
    }

    /// The claims of a token this server signed that has not expired, or nil.
    func verify(_ token: String, now: Date = Date()) -> Claims? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let signature = Self.decodeBase64URL(parts[2]),
              Self.constantTimeEqual(signature, HMACSHA256.authenticationCode(key: key, data: Array("\(parts[0]).\(parts[1])".utf8))),
              let body = Self.decodeBase64URL(parts[1]), let payload = try? JSONValue(parsing: body),
              payload["iss"]?.stringValue == Self.issuer,
              let expires = payload["exp"]?.int64Value, Double(expires) > now.timeIntervalSince1970,
              let info = payload["kubernetes.io"], let namespace = info["namespace"]?.stringValue,
              let name = info["serviceaccount"]?["name"]?.stringValue, let uid = info["serviceaccount"]?["uid"]?.stringValue
        else { return nil }
        return Claims(namespace: namespace, name: name, uid: uid,
                      audiences: payload["aud"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                      expires: Date(timeIntervalSince1970: Double(expires)))
    }

    /// The TokenRequest answer for `request` (its spec: audiences, expirationSeconds) on the
    /// stored service account: 10 minutes at least, 1 hour by default, 48 hours at most.
    func answer(_ request: JSONValue, serviceAccount: JSONValue, now: Date = Date()) throws(APIError) -> JSONValue {
        let metadata = serviceAccount["metadata"] ?? [:]
        let requested = request["spec"]?["expirationSeconds"]?.int64Value ?? 3600
        guard requested >= 600 else {
            throw .invalid(kind: "TokenRequest", group: "authentication.k8s.io", name: metadata["name"]?.stringValue ?? "",
                           [.invalid(FieldPath("spec.expirationSeconds"), .integer(requested), "may not specify a duration less than 10 minutes")])
        }
        let seconds = min(requested, 48 * 3600)
        var audiences = request["spec"]?["audiences"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if audiences.isEmpty { audiences = [Self.issuer] }
        let expires = now.addingTimeInterval(Double(seconds))
        let claims = Claims(namespace: metadata["namespace"]?.stringValue ?? "", name: metadata["name"]?.stringValue ?? "",
                            uid: metadata["uid"]?.stringValue ?? "", audiences: audiences, expires: expires)
        var spec = request["spec"]?.objectValue ?? [:]
        spec["audiences"] = .array(audiences.map(JSONValue.string))
        spec["expirationSeconds"] = .integer(seconds)
        return ["kind": "TokenRequest", "apiVersion": "authentication.k8s.io/v1",
                "metadata": ["name": metadata["name"] ?? "", "namespace": metadata["namespace"] ?? "",
                             "creationTimestamp": .string(Timestamp(now).description)],
                "spec": .object(spec),
                "status": ["token": .string(issue(claims, issuedAt: now)),
                           "expirationTimestamp": .string(Timestamp(expires).description)]]
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decodeBase64URL(_ text: Substring) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map(Array.init)
    }

    private static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
