#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import KubeCore
import LocalProcesses
import Synchronization

/// An exec credential plugin (`client.authentication.k8s.io/v1` or `v1beta1`), run as client-go
/// runs it and its credential cached until its `expirationTimestamp` (for good without one).
///
/// The plugin gets this client's environment plus the kubeconfig's `env` entries and
/// `KUBERNETES_EXEC_INFO` (the `ExecCredential` spec, with the cluster when
/// `provideClusterInfo` is set). Its standard output is read as an `ExecCredential`; its
/// standard error passes through to this process's. Plugins are never interactive here: stdin
/// is `/dev/null`, `spec.interactive` is false, and `interactiveMode: Always` is refused. A
/// plugin still running after `timeout` is killed (with the processes it started).
///
/// `credential()` blocks its caller while the plugin runs (rarely: once per expiry); concurrent
/// callers wait for that one run rather than starting their own.
public final class ExecCredentialPlugin: Sendable {
    public let config: Kubeconfig.ExecConfig
    public let cluster: ExecClusterInfo?
    public let timeout: Duration
    private let environment: [String: String]
    private let now: @Sendable () -> Date
    private let cached = Mutex<ExecCredential?>(nil)

    /// `environment` is the base environment the plugin inherits; `now` decides expiry (tests).
    public init(config: Kubeconfig.ExecConfig, cluster: ExecClusterInfo? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                timeout: Duration = .seconds(60), now: @escaping @Sendable () -> Date = { Date() }) {
        self.config = config
        self.cluster = cluster
        self.environment = environment
        self.timeout = timeout
        self.now = now
    }

    /// The cached credential while it has not expired, else a fresh one from the plugin.
    public func credential() throws -> ExecCredential {
        try cached.withLock { cached in
            if let credential = cached, !credential.isExpired(at: now()) { return credential }
            let fresh = try run()
            cached = fresh
            return fresh
        }
    }

    /// The bearer token of the current credential.
    public func token() throws -> String {
        guard let token = try credential().token else {
            throw ExecCredentialError("exec plugin \(config.command ?? "") returned no token (a client certificate is only taken when the configuration is loaded)")
        }
        return token
    }

    private static let installHintHelp = """


        It looks like you are trying to use a client-go credential plugin that is not installed.

        To learn more about this feature, consult the documentation available at:
              https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins
        """

    /// Runs the plugin once and reads its credential.
    private func run() throws -> ExecCredential {
        let command = config.command ?? ""
        if config.effectiveInteractiveMode == .always {
            throw ExecCredentialError("exec plugin cannot support interactive mode: standard input is not available to plugins run by this client")
        }
        var variables = environment
        for variable in config.environment { variables[variable.name] = variable.value }
        variables["KUBERNETES_EXEC_INFO"] = config.execInfo(interactive: false, cluster: cluster)

        let process: ChildProcess
        do {
            process = try ChildProcess(executable: command, arguments: config.arguments, environment: variables,
                                       standardInput: .null, standardOutput: .pipe, standardError: .inherit)
        } catch let error as SpawnError where error.message == String(cString: strerror(ENOENT)) {
            var message = "exec: executable \(command) not found" + Self.installHintHelp
            if let hint = config.installHint { message += "\n\n" + hint }
            throw ExecCredentialError(message)
        } catch {
            throw ExecCredentialError("exec: \(error)")
        }

        let timedOut = Flag()
        let watchdog = DispatchWorkItem {
            guard process.isRunning else { return }
            timedOut.set()
            process.signal(SIGKILL)
        }
        let milliseconds = Int(timeout.seconds * 1000)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds), execute: watchdog)
        let output = (try? process.standardOutput?.readToEnd()) ?? nil
        let status = process.waitUntilExit()
        watchdog.cancel()

        switch status {
        case .exited(0):
            break
        case .exited(let code):
            throw ExecCredentialError("exec: executable \(command) failed with exit code \(code)")
        case .signaled(let signal):
            if timedOut.isSet {
                throw ExecCredentialError("exec: executable \(command) did not finish within \(timeout) and was killed")
            }
            throw ExecCredentialError("exec: executable \(command) was killed by signal \(signal)")
        }
        return try ExecCredential(pluginOutput: [UInt8](output ?? Data()), apiVersion: config.apiVersion ?? "")
    }
}

/// A flag set once from another thread.
private final class Flag: Sendable {
    private let state = Mutex(false)
    func set() { state.withLock { $0 = true } }
    var isSet: Bool { state.withLock { $0 } }
}
