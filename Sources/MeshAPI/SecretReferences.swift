import KubeCore

/// A key of a Secret in the same namespace. `key` may be omitted where the field documents a default.
public struct SecretKeyReference: Codable, Sendable, Hashable {
    public var name: String
    public var key: String?

    public init(name: String, key: String? = nil) {
        self.name = name
        self.key = key
    }

    static func schema(_ description: String, defaultKey: String) -> Schema {
        .object(description, required: ["name"], properties: [
            "name": .string("Name of the Secret, in the same namespace.", .objectName),
            "key": Schema.string("Key within the Secret (default \(defaultKey)).", .secretKey)
                .defaulting(to: .string(defaultKey)),
        ])
    }

    func validate(at path: FieldPath, into errors: inout ErrorList) {
        errors.check(name, .objectName, path.child("name"), required: true)
        errors.check(key, .secretKey, path.child("key"))
    }
}

/// A Secret holding a user name and a password (SASL, AMQP).
public struct UsernamePasswordSecretReference: Codable, Sendable, Hashable {
    public static let defaultUsernameKey = "username"
    public static let defaultPasswordKey = "password"

    public var name: String
    public var usernameKey: String?
    public var passwordKey: String?

    public init(name: String, usernameKey: String? = nil, passwordKey: String? = nil) {
        self.name = name
        self.usernameKey = usernameKey
        self.passwordKey = passwordKey
    }

    static func schema(_ description: String) -> Schema {
        .object(description, required: ["name"], properties: [
            "name": .string("Name of the Secret, in the same namespace.", .objectName),
            "usernameKey": Schema.string("Key holding the user name (default username).", .secretKey)
                .defaulting(to: .string(defaultUsernameKey)),
            "passwordKey": Schema.string("Key holding the password (default password).", .secretKey)
                .defaulting(to: .string(defaultPasswordKey)),
        ])
    }

    func validate(at path: FieldPath, into errors: inout ErrorList) {
        errors.check(name, .objectName, path.child("name"), required: true)
        errors.check(usernameKey, .secretKey, path.child("usernameKey"))
        errors.check(passwordKey, .secretKey, path.child("passwordKey"))
    }
}

/// A Secret holding a client certificate and its private key (a `kubernetes.io/tls` Secret).
public struct TLSSecretReference: Codable, Sendable, Hashable {
    public static let defaultCertificateKey = "tls.crt"
    public static let defaultPrivateKeyKey = "tls.key"

    public var name: String
    public var certificateKey: String?
    public var privateKeyKey: String?

    public init(name: String, certificateKey: String? = nil, privateKeyKey: String? = nil) {
        self.name = name
        self.certificateKey = certificateKey
        self.privateKeyKey = privateKeyKey
    }

    static func schema(_ description: String) -> Schema {
        .object(description, required: ["name"], properties: [
            "name": .string("Name of the Secret, in the same namespace.", .objectName),
            "certificateKey": Schema.string("Key holding the PEM certificate chain (default tls.crt).", .secretKey)
                .defaulting(to: .string(defaultCertificateKey)),
            "privateKeyKey": Schema.string("Key holding the PEM private key (default tls.key).", .secretKey)
                .defaulting(to: .string(defaultPrivateKeyKey)),
        ])
    }

    func validate(at path: FieldPath, into errors: inout ErrorList) {
        errors.check(name, .objectName, path.child("name"), required: true)
        errors.check(certificateKey, .secretKey, path.child("certificateKey"))
        errors.check(privateKeyKey, .secretKey, path.child("privateKeyKey"))
    }
}

/// A Secret holding AWS credentials. The default keys match the AWS environment variables, so
/// the same Secret also works with `envFrom`.
public struct AWSCredentialsSecretReference: Codable, Sendable, Hashable {
    public static let defaultAccessKeyIDKey = "AWS_ACCESS_KEY_ID"
    public static let defaultSecretAccessKeyKey = "AWS_SECRET_ACCESS_KEY"

    public var name: String
    public var accessKeyIDKey: String?
    public var secretAccessKeyKey: String?
    /// Key of a session token; when omitted, no session token is used.
    public var sessionTokenKey: String?

    public init(name: String, accessKeyIDKey: String? = nil, secretAccessKeyKey: String? = nil,
                sessionTokenKey: String? = nil) {
        self.name = name
        self.accessKeyIDKey = accessKeyIDKey
        self.secretAccessKeyKey = secretAccessKeyKey
        self.sessionTokenKey = sessionTokenKey
    }

    static func schema(_ description: String) -> Schema {
        .object(description, required: ["name"], properties: [
            "name": .string("Name of the Secret, in the same namespace.", .objectName),
            "accessKeyIDKey": Schema.string("Key holding the access key id (default AWS_ACCESS_KEY_ID).", .secretKey)
                .defaulting(to: .string(defaultAccessKeyIDKey)),
            "secretAccessKeyKey": Schema.string(
                "Key holding the secret access key (default AWS_SECRET_ACCESS_KEY).", .secretKey)
                .defaulting(to: .string(defaultSecretAccessKeyKey)),
            "sessionTokenKey": .string(
                "Key holding a session token for temporary credentials; omit for long-lived keys.", .secretKey),
        ])
    }

    func validate(at path: FieldPath, into errors: inout ErrorList) {
        errors.check(name, .objectName, path.child("name"), required: true)
        errors.check(accessKeyIDKey, .secretKey, path.child("accessKeyIDKey"))
        errors.check(secretAccessKeyKey, .secretKey, path.child("secretAccessKeyKey"))
        errors.check(sessionTokenKey, .secretKey, path.child("sessionTokenKey"))
    }
}
