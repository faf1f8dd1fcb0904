import Foundation
import StrictJSON

extension Kubeconfig {
    /// Parses a kubeconfig written in YAML or JSON. An empty file is an empty kubeconfig.
    ///
    /// `origin` is the file's path: errors name it, every entry records it, and relative paths
    /// (`certificate-authority`, `client-certificate`, `client-key`, `tokenFile`, and an exec
    /// `command` holding a `/`) are resolved against its directory, as kubectl resolves them.
    /// Unknown fields are ignored, as kubectl ignores them; a field of the wrong type is an error.
    public init(parsing text: String, origin: String? = nil) throws(KubeconfigError) {
        let documents: [JSONValue]
        do {
            documents = try ManifestReader.documents(fromYAML: text)
        } catch {
            throw KubeconfigError(file: origin, reason: "cannot parse YAML: \(error)")
        }
        switch documents.count {
        case 0: self.init()
        case 1: try self.init(json: documents[0], origin: origin)
        default: throw KubeconfigError(file: origin, reason: "expected one YAML document, found \(documents.count)")
        }
    }

    /// Reads a kubeconfig already turned into JSON; see `init(parsing:origin:)`.
    public init(json: JSONValue, origin: String? = nil) throws(KubeconfigError) {
        let reader = FieldReader(file: origin)
        let root = try reader.object(json, "") ?? [:]
        if let kind = try reader.string(root, "kind", ""), kind != "Config" {
            throw reader.error("kind", "expected \"Config\", found \"\(kind)\"")
        }
        if let version = try reader.string(root, "apiVersion", ""), version != "v1" {
            throw reader.error("apiVersion", "no kind \"Config\" is registered for version \"\(version)\"")
        }
        let base = origin.map(KubeconfigPath.directory(of:))
        self.init(currentContext: try reader.string(root, "current-context", ""))
        clusters = try reader.namedEntries(root, "clusters", body: "cluster") { entry, path throws(KubeconfigError) in
            try Self.cluster(entry, path, reader, base: base)
        }
        users = try reader.namedEntries(root, "users", body: "user") { entry, path throws(KubeconfigError) in
            try Self.user(entry, path, reader, base: base)
        }
        contexts = try reader.namedEntries(root, "contexts", body: "context") { entry, path throws(KubeconfigError) in
            Context(cluster: try reader.string(entry, "cluster", path), user: try reader.string(entry, "user", path),
                    namespace: try reader.string(entry, "namespace", path), origin: origin)
        }
    }

    private static func cluster(_ entry: [String: JSONValue], _ path: String, _ reader: FieldReader,
                                base: String?) throws(KubeconfigError) -> Cluster {
        var extensions: [String: JSONValue] = [:]
        for (index, item) in (try reader.array(entry["extensions"], path + ".extensions") ?? []).enumerated() {
            let itemPath = "\(path).extensions[\(index)]"
            guard let object = try reader.object(item, itemPath), let name = try reader.string(object, "name", itemPath) else {
                throw reader.error(itemPath + ".name", "required")
            }
            extensions[name] = object["extension"] ?? .null
        }
        return Cluster(
            server: try reader.string(entry, "server", path),
            tlsServerName: try reader.string(entry, "tls-server-name", path),
            insecureSkipTLSVerify: try reader.bool(entry, "insecure-skip-tls-verify", path) ?? false,
            certificateAuthority: KubeconfigPath.resolve(try reader.string(entry, "certificate-authority", path), against: base),
            certificateAuthorityData: try reader.base64(entry, "certificate-authority-data", path),
            proxyURL: try reader.string(entry, "proxy-url", path),
            disableCompression: try reader.bool(entry, "disable-compression", path) ?? false,
            extensions: extensions, origin: reader.file)
    }

    private static func user(_ entry: [String: JSONValue], _ path: String, _ reader: FieldReader,
                             base: String?) throws(KubeconfigError) -> User {
        var extra: [String: [String]] = [:]
        if let object = try reader.object(entry["as-user-extra"], path + ".as-user-extra") {
            for (key, values) in object {
                extra[key] = try reader.strings(values, "\(path).as-user-extra.\(key)")
            }
        }
        var authProvider: String?
        if let provider = try reader.object(entry["auth-provider"], path + ".auth-provider") {
            authProvider = try reader.string(provider, "name", path + ".auth-provider") ?? ""
        }
        var exec: ExecConfig?
        if let object = try reader.object(entry["exec"], path + ".exec") {
            let execPath = path + ".exec"
            var environment: [ExecConfig.EnvironmentVariable] = []
            for (index, item) in (try reader.array(object["env"], execPath + ".env") ?? []).enumerated() {
                let itemPath = "\(execPath).env[\(index)]"
                let variable = try reader.object(item, itemPath) ?? [:]
                environment.append(.init(name: try reader.string(variable, "name", itemPath) ?? "",
                                         value: try reader.string(variable, "value", itemPath) ?? ""))
            }
            var command = try reader.string(object, "command", execPath)
            if let written = command, written.contains("/") {
                command = KubeconfigPath.resolve(written, against: base)
            }
            exec = ExecConfig(
                command: command, arguments: try reader.strings(object["args"], execPath + ".args"),
                environment: environment, apiVersion: try reader.string(object, "apiVersion", execPath),
                installHint: try reader.string(object, "installHint", execPath),
                provideClusterInfo: try reader.bool(object, "provideClusterInfo", execPath) ?? false,
                interactiveMode: try reader.string(object, "interactiveMode", execPath))
        }
        return User(
            clientCertificate: KubeconfigPath.resolve(try reader.string(entry, "client-certificate", path), against: base),
            clientCertificateData: try reader.base64(entry, "client-certificate-data", path),
            clientKey: KubeconfigPath.resolve(try reader.string(entry, "client-key", path), against: base),
            clientKeyData: try reader.base64(entry, "client-key-data", path),
            token: try reader.string(entry, "token", path),
            tokenFile: KubeconfigPath.resolve(try reader.string(entry, "tokenFile", path), against: base),
            impersonate: try reader.string(entry, "as", path),
            impersonateUID: try reader.string(entry, "as-uid", path),
            impersonateGroups: try reader.strings(entry["as-groups"], path + ".as-groups"),
            impersonateUserExtra: extra,
            username: try reader.string(entry, "username", path),
            password: try reader.string(entry, "password", path),
            authProvider: authProvider, exec: exec, origin: reader.file)
    }
}

/// Typed access to a kubeconfig's JSON with errors that name the file and the field.
private struct FieldReader {
    let file: String?

    func error(_ field: String, _ reason: String) -> KubeconfigError {
        KubeconfigError(file: file, field: field.isEmpty ? nil : field, reason: reason)
    }

    private func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// nil when absent or null.
    func object(_ value: JSONValue?, _ path: String) throws(KubeconfigError) -> [String: JSONValue]? {
        guard let value, !value.isNull else { return nil }
        guard let object = value.objectValue else { throw error(path, "expected an object, found \(value.typeName)") }
        return object
    }

    func array(_ value: JSONValue?, _ path: String) throws(KubeconfigError) -> [JSONValue]? {
        guard let value, !value.isNull else { return nil }
        guard let array = value.arrayValue else { throw error(path, "expected a list, found \(value.typeName)") }
        return array
    }

    /// nil when absent, null or empty: client-go treats an empty string as unset.
    func string(_ object: [String: JSONValue], _ key: String, _ path: String) throws(KubeconfigError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw error(join(path, key), "expected a string, found \(value.typeName)") }
        return text.isEmpty ? nil : text
    }

    func bool(_ object: [String: JSONValue], _ key: String, _ path: String) throws(KubeconfigError) -> Bool? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let flag = value.boolValue else { throw error(join(path, key), "expected true or false, found \(value.typeName)") }
        return flag
    }

    func strings(_ value: JSONValue?, _ path: String) throws(KubeconfigError) -> [String] {
        var result: [String] = []
        for (index, item) in (try array(value, path) ?? []).enumerated() {
            guard let text = item.stringValue else { throw error("\(path)[\(index)]", "expected a string, found \(item.typeName)") }
            result.append(text)
        }
        return result
    }

    /// Bytes written in base64, as Go decodes a `[]byte` field (line breaks are skipped).
    func base64(_ object: [String: JSONValue], _ key: String, _ path: String) throws(KubeconfigError) -> [UInt8]? {
        guard let text = try string(object, key, path) else { return nil }
        let compact = text.filter { $0 != "\n" && $0 != "\r" }
        guard let data = Data(base64Encoded: compact) else { throw error(join(path, key), "illegal base64 data") }
        return [UInt8](data)
    }

    /// A list of `{name, <body>: {...}}` as a dictionary by name; a name given twice is an error.
    func namedEntries<Entry>(_ root: [String: JSONValue], _ key: String, body: String,
                             _ make: ([String: JSONValue], String) throws(KubeconfigError) -> Entry)
        throws(KubeconfigError) -> [String: Entry] {
        var entries: [String: Entry] = [:]
        for (index, item) in (try array(root[key], key) ?? []).enumerated() {
            let path = "\(key)[\(index)]"
            guard let object = try self.object(item, path) else { continue }
            guard let name = try string(object, "name", path) else { throw error(path + ".name", "required") }
            guard entries[name] == nil else { throw error(path + ".name", "duplicate name \"\(name)\" in \(key)") }
            entries[name] = try make(try self.object(object[body], path + "." + body) ?? [:], path + "." + body)
        }
        return entries
    }
}

/// File paths in a kubeconfig, handled lexically (no I/O) as Go's `path/filepath` does.
public enum KubeconfigPath {
    /// The directory part of `path` ("." for a bare file name).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `path` itself when absolute, else `path` joined to `base`; nil stays nil.
    public static func resolve(_ path: String?, against base: String?) -> String? {
        guard let path, !path.isEmpty else { return nil }
        guard let base, !path.hasPrefix("/") else { return path }
        return clean(base + "/" + path)
    }

    /// Go's `filepath.Clean`: no `.` segments, `..` applied, no doubled or trailing slashes.
    public static func clean(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                if let last = parts.last, last != ".." { parts.removeLast() } else if !absolute { parts.append(part) }
            default: parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
