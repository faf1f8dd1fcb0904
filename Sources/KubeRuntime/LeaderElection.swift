import Foundation
import KubeClient
import KubeCore
import Logging
import StrictJSON
import Synchronization

/// Leader election on a `coordination.k8s.io/v1` Lease, as client-go's leaderelection does:
/// one candidate holds the lease and renews it every `retryPeriod`; the others try to take it
/// once it has not been renewed for `leaseDuration` (measured on their own clock from when they
/// last saw it change, so clock skew between machines does not matter). A leader that cannot
/// renew within `renewDeadline` stops leading — before its lease can expire for the others —
/// and releases the lease when it shuts down, so a successor need not wait.
public struct LeaderElection: Sendable {
    public struct Configuration: Sendable {
        public var namespace: String
        public var name: String
        /// This candidate's identity (a pod name; for local processes, host + pid).
        public var identity: String
        public var leaseDuration: Duration
        public var renewDeadline: Duration
        public var retryPeriod: Duration
        /// Give the lease up on shutdown so a successor need not wait out `leaseDuration`.
        public var releaseOnCancel: Bool

        public init(namespace: String, name: String, identity: String, leaseDuration: Duration = .seconds(15),
                    renewDeadline: Duration = .seconds(10), retryPeriod: Duration = .seconds(2), releaseOnCancel: Bool = true) {
            self.releaseOnCancel = releaseOnCancel
            self.namespace = namespace
            self.name = name
            self.identity = identity
            self.leaseDuration = leaseDuration
            self.renewDeadline = renewDeadline
            self.retryPeriod = retryPeriod
        }
    }

    public let client: KubeClient
    public let configuration: Configuration
    var logger = Logger(label: "eventmesh.leader-election")

    public init(client: KubeClient, configuration: Configuration) {
        self.client = client
        self.configuration = configuration
    }

    var path: ResourcePath {
        get throws(KubeError) {
            do {
                return try ResourcePath(GroupVersionResource(group: "coordination.k8s.io", version: "v1", resource: "leases"),
                                        namespace: configuration.namespace, name: configuration.name)
            } catch {
                throw .badRequest(Status(message: "\(error)", code: 400))
            }
        }
    }

    /// Contends for the lease until cancelled; while this candidate leads, `lead` runs (it is
    /// cancelled when leadership is lost). With `untilLost`, returns once leadership has been
    /// held and lost. Releases the lease on the way out.
    public func run(untilLost: Bool = false, lead: @escaping @Sendable () async -> Void) async {
        var observed: (record: JSONValue?, at: ContinuousClock.Instant) = (nil, .now)
        while !Task.isCancelled {
            if await tryAcquireOrRenew(&observed) {
                logger.info("\(configuration.identity) became the leader of \(configuration.namespace)/\(configuration.name)")
                await leadWhileRenewing(lead: lead, observed: &observed)
                if Task.isCancelled || untilLost { break }
                logger.warning("\(configuration.identity) lost the lease \(configuration.namespace)/\(configuration.name)")
            }
            do { try await Task.sleep(for: configuration.retryPeriod) } catch { break }
        }
        // In a task of its own: this one is cancelled, and the release must still be sent.
        guard configuration.releaseOnCancel else { return }
        let election = self
        await Task { await election.release() }.value
    }

    /// Runs `lead` while renewing; returns when a renewal could not be made within the deadline
    /// (after cancelling `lead` and waiting for it) or when cancelled.
    private func leadWhileRenewing(lead: @escaping @Sendable () async -> Void,
                                   observed: inout (record: JSONValue?, at: ContinuousClock.Instant)) async {
        let leading = Task { await lead() }
        defer { leading.cancel() }
        var lastRenewal = ContinuousClock.now
        while !Task.isCancelled {
            do { try await Task.sleep(for: configuration.retryPeriod) } catch { break }
            if await tryAcquireOrRenew(&observed) {
                lastRenewal = .now
            } else if ContinuousClock.now - lastRenewal >= configuration.renewDeadline || !holds(observed.record) {
                break
            }
        }
        leading.cancel()
        _ = await leading.value
    }

    private func holds(_ record: JSONValue?) -> Bool {
        record?["spec"]?["holderIdentity"]?.stringValue == configuration.identity
    }

    /// One attempt, as client-go's tryAcquireOrRenew: create the lease, renew our own, or take
    /// an expired one; an update carries the resourceVersion read, so two candidates cannot both win.
    func tryAcquireOrRenew(_ observed: inout (record: JSONValue?, at: ContinuousClock.Instant)) async -> Bool {
        let now = Timestamp(Date())
        let micro = JSONValue.string(now.formatted(fractionalDigits: 6))
        let seconds = Int64(configuration.leaseDuration.components.seconds)
        do {
            let path = try self.path
            guard let current = try await current(path) else {
                let lease: JSONValue = [
                    "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                    "metadata": ["name": .string(configuration.name), "namespace": .string(configuration.namespace)],
                    "spec": ["holderIdentity": .string(configuration.identity), "leaseDurationSeconds": .integer(seconds),
                             "acquireTime": micro, "renewTime": micro, "leaseTransitions": 0],
                ]
                let created = try await client.create(lease, in: try collection())
                observed = (created, .now)
                return true
            }
            if current["spec"] != observed.record?["spec"] { observed = (current, .now) }
            let holder = current["spec"]?["holderIdentity"]?.stringValue ?? ""
            let expired = ContinuousClock.now - observed.at >= configuration.leaseDuration
            guard holder.isEmpty || holder == configuration.identity || expired else { return false }
            var updated = current
            var spec = current["spec"]?.objectValue ?? [:]
            if holder != configuration.identity {
                spec["acquireTime"] = micro
                spec["leaseTransitions"] = .integer((spec["leaseTransitions"]?.int64Value ?? 0) + (holder.isEmpty ? 0 : 1))
            }
            spec["holderIdentity"] = .string(configuration.identity)
            spec["leaseDurationSeconds"] = .integer(seconds)
            spec["renewTime"] = micro
            updated["spec"] = .object(spec)
            let stored = try await client.replace(updated, at: path)
            observed = (stored, .now)
            return true
        } catch {
            logger.debug("lease \(configuration.namespace)/\(configuration.name): \(error)")
            return false
        }
    }

    /// Gives the lease up (holder cleared, 1 s duration) if this candidate still holds it.
    func release() async {
        guard let path = try? self.path, let current = try? await current(path), holds(current) else { return }
        var released = current
        released["spec"]?["holderIdentity"] = .null
        released["spec"]?["leaseDurationSeconds"] = 1
        released["spec"]?["renewTime"] = .string(Timestamp(Date()).formatted(fractionalDigits: 6))
        _ = try? await client.replace(released, at: path)
        logger.info("\(configuration.identity) released the lease \(configuration.namespace)/\(configuration.name)")
    }

    private func current(_ path: ResourcePath) async throws(KubeError) -> JSONValue? {
        do { return try await client.get(path) } catch .notFound { return nil }
    }

    private func collection() throws(KubeError) -> ResourcePath {
        do {
            return try ResourcePath(GroupVersionResource(group: "coordination.k8s.io", version: "v1", resource: "leases"),
                                    namespace: configuration.namespace)
        } catch {
            throw .badRequest(Status(message: "\(error)", code: 400))
        }
    }
}
