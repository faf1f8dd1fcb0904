import Foundation
import HTTP
import KubeCore

extension ClientConfiguration {
    /// Loads the kubeconfig files kubectl would read and builds the configuration of `context`
    /// (nil: the current context).
    ///
    /// `kubeconfigPaths` nil reads the `KUBECONFIG` list (missing files skipped) or else
    /// `~/.kube/config` (an absent file is an empty configuration); given paths must all exist.
    /// Several files are merged as kubectl merges them (`Kubeconfig.merged`). An exec plugin is
    /// run once here: a certificate it returns goes into `tls` and is taken again only when the
    /// configuration is loaded again; a token it returns is served by a provider that runs the
    /// plugin again when the token expires (`execTimeout` bounds each run, `now` decides expiry).
    public static func load(kubeconfigPaths: [String]? = nil, context: String? = nil,
                            overrides: KubeconfigOverrides = KubeconfigOverrides(),
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            execTimeout: Duration = .seconds(60),
                            now: @escaping @Sendable () -> Date = { Date() }) throws -> ClientConfiguration {
        let kubeconfig = try loadKubeconfig(paths: kubeconfigPaths, environment: environment)
        let resolved = try kubeconfig.resolve(context: context, overrides: overrides)
        return try ClientConfiguration(resolved: resolved, environment: environment, execTimeout: execTimeout, now: now)
    }

    /// The merged kubeconfig of `paths`, or of the files kubectl reads when `paths` is nil.
    public static func loadKubeconfig(paths: [String]? = nil,
                                      environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Kubeconfig {
        let files: [String]
        let mustExist: Bool
        if let paths {
            (files, mustExist) = (paths, true)
        } else {
            (files, mustExist) = (defaultKubeconfigPaths(environment: environment), false)
        }
        var configs: [Kubeconfig] = []
        var seen: Set<String> = []
        for file in files.map(absolutePath) where seen.insert(file).inserted {
            guard FileManager.default.fileExists(atPath: file) else {
                if mustExist { throw ClientConfigurationError("stat \(file): no such file or directory") }
                continue
            }
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ClientConfigurationError("cannot read kubeconfig \(file)")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw KubeconfigError(file: file, reason: "not UTF-8 text")
            }
            configs.append(try Kubeconfig(parsing: text, origin: file))
        }
        return Kubeconfig.merged(configs)
    }

    /// The files kubectl reads: the `KUBECONFIG` list (`:`-separated, empty entries skipped),
    /// else `$HOME/.kube/config`.
    public static func defaultKubeconfigPaths(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            return list.split(separator: ":").map(String.init)
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return [home + "/.kube/config"]
    }

    /// The configuration a resolved kubeconfig describes. Files it names must be readable; a
    /// `tokenFile` is read now and re-read as it rotates; an exec plugin runs now (see `load`).
    /// Refused: `tls-server-name` other than the server's host and `proxy-url`, which the
    /// libcurl transport cannot honour (it takes proxies from `HTTPS_PROXY`/`NO_PROXY`).
    public init(resolved: ResolvedKubeconfig, environment: [String: String] = ProcessInfo.processInfo.environment,
                execTimeout: Duration = .seconds(60), now: @escaping @Sendable () -> Date = { Date() }) throws {
        let clusterName = resolved.clusterName ?? ""
        let userName = resolved.userName ?? ""
        if let name = resolved.tlsServerName, name.lowercased() != resolved.serverHost?.lowercased() {
            throw ClientConfigurationError("tls-server-name \"\(name)\" of cluster \"\(clusterName)\" is not supported: the HTTP transport verifies the server's certificate against the host of \(resolved.server)")
        }
        if let proxy = resolved.proxyURL {
            throw ClientConfigurationError("proxy-url \"\(proxy)\" of cluster \"\(clusterName)\" is not supported: set HTTPS_PROXY (and NO_PROXY) in the environment instead")
        }
        var tls = TLSConfiguration(
            trustRoots: try Self.pemSource(resolved.certificateAuthority, "certificate-authority", owner: clusterName),
            clientCertificate: try Self.pemSource(resolved.clientCertificate, "client-cert", owner: userName),
            clientKey: try Self.pemSource(resolved.clientKey, "client-key", owner: userName),
            insecureSkipVerify: resolved.insecureSkipTLSVerify)

        var authentication: HTTPAuthentication?
        switch resolved.authentication {
        case .none, .basic:
            break // basic authentication travels in `headers`
        case .token(let token):
            authentication = .bearerToken(token)
        case .tokenFile(let path):
            let source = try TokenFileSource(path: path, now: now)
            authentication = .bearerTokenProvider { source.token() }
        case .exec(let config):
            let plugin = ExecCredentialPlugin(config: config, cluster: try Self.execClusterInfo(resolved),
                                              environment: environment, timeout: execTimeout, now: now)
            let credential = try plugin.credential()
            if let certificate = credential.clientCertificateData, let key = credential.clientKeyData {
                tls.clientCertificate = .pem(Array(certificate.utf8))
                tls.clientKey = .pem(Array(key.utf8))
            }
            if credential.token != nil {
                authentication = .bearerTokenProvider { try plugin.token() }
            }
        }
        var headers = HTTPHeaders()
        for header in resolved.requestHeaders { headers.add(header.name, header.value) }
        self.init(server: resolved.server, namespace: resolved.namespace, tls: tls, authentication: authentication,
                  headers: headers, contextName: resolved.contextName)
    }

    /// The cluster as `provideClusterInfo` hands it to a plugin, the CA file read into data.
    private static func execClusterInfo(_ resolved: ResolvedKubeconfig) throws -> ExecClusterInfo {
        var authority: [UInt8]?
        switch resolved.certificateAuthority {
        case nil: break
        case .data(let bytes): authority = bytes
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ClientConfigurationError("unable to read certificate-authority \(path) for \(resolved.clusterName ?? "")")
            }
            authority = [UInt8](data)
        }
        return ExecClusterInfo(server: resolved.server, tlsServerName: resolved.tlsServerName,
                               insecureSkipTLSVerify: resolved.insecureSkipTLSVerify, certificateAuthorityData: authority,
                               proxyURL: resolved.proxyURL, config: resolved.execExtension)
    }

    /// Inline data as PEM bytes; a file checked for readability (libcurl reads it per connection).
    private static func pemSource(_ material: KubeconfigMaterial?, _ field: String, owner: String) throws -> PEMSource? {
        switch material {
        case nil:
            return nil
        case .data(let bytes):
            return .pem(bytes)
        case .file(let path):
            guard FileManager.default.isReadableFile(atPath: path) else {
                let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file or directory"
                throw ClientConfigurationError("unable to read \(field) \(path) for \(owner) due to open \(path): \(reason)")
            }
            return .file(path)
        }
    }

    static func absolutePath(_ path: String) -> String {
        KubeconfigPath.resolve(path, against: FileManager.default.currentDirectoryPath) ?? path
    }
}
