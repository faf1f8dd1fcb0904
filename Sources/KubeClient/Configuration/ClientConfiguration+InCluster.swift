import Foundation
import HTTP
import KubeCore

extension ClientConfiguration {
    /// The configuration of a pod, as client-go's `InClusterConfig` builds it: the server from
    /// `KUBERNETES_SERVICE_HOST`/`KUBERNETES_SERVICE_PORT`, the service account's token (re-read
    /// as the kubelet rotates it, see `TokenFileSource`) and CA (`ca.crt`; the system's CAs when
    /// it cannot be read) from `directory`, the namespace from `POD_NAMESPACE`, else the
    /// `namespace` file, else `default` (as kubectl).
    public static func inCluster(directory: String = Self.serviceAccountDirectory,
                                 environment: [String: String] = ProcessInfo.processInfo.environment,
                                 now: @escaping @Sendable () -> Date = { Date() }) throws -> ClientConfiguration {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
              let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else {
            throw ClientConfigurationError("unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined")
        }
        let source = try TokenFileSource(path: directory + "/token", now: now)
        let authority = directory + "/ca.crt"
        let fileNamespace = (try? String(contentsOfFile: directory + "/namespace", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let namespace = [environment["POD_NAMESPACE"], fileNamespace].compactMap { $0 }.first { !$0.isEmpty } ?? "default"
        return ClientConfiguration(
            server: "https://" + (host.contains(":") ? "[\(host)]" : host) + ":" + port,
            namespace: namespace,
            tls: TLSConfiguration(trustRoots: FileManager.default.isReadableFile(atPath: authority) ? .file(authority) : nil),
            authentication: .bearerTokenProvider { source.token() })
    }
}
