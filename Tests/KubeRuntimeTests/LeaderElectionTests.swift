import Foundation
import KubeClient
import KubeCore
@testable import KubeRuntime
import StrictJSON
import Synchronization
import Testing

/// Who is leading right now, as the candidates report it.
final class Leadership: Sendable {
    private let state = Mutex<(current: Set<String>, ever: [String], overlaps: Int)>(([], [], 0))
    func started(_ name: String) {
        state.withLock {
            if !$0.current.isEmpty { $0.overlaps += 1 }
            $0.current.insert(name)
            $0.ever.append(name)
        }
    }
    func stopped(_ name: String) { state.withLock { _ = $0.current.remove(name) } }
    var current: Set<String> { state.withLock { $0.current } }
    var ever: [String] { state.withLock { $0.ever } }
    var overlaps: Int { state.withLock { $0.overlaps } }
}

@Suite(.serialized) struct LeaderElectionTests {
    func candidate(_ client: KubeClient, _ name: String, _ leadership: Leadership, releases: Bool = true) -> Task<Void, Never> {
        let election = LeaderElection(client: client, configuration: .init(
            namespace: "default", name: "eventmesh-operator", identity: name,
            leaseDuration: .seconds(2), renewDeadline: .milliseconds(1500), retryPeriod: .milliseconds(100),
            releaseOnCancel: releases))
        return Task {
            await election.run {
                leadership.started(name)
                // Leads until cancelled (leadership lost or shutdown).
                while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) }
                leadership.stopped(name)
            }
        }
    }

    @Test func oneLeadsAndTheOtherTakesOverAfterARelease() async throws {
        let api = try await RestartableAPI()
        defer { api.stop() }
        let leadership = Leadership()
        let first = candidate(api.client, "first", leadership)
        #expect(try await InformerTests.eventually { leadership.current == ["first"] })
        let second = candidate(api.client, "second", leadership)
        defer { second.cancel() }
        // The second waits while the first renews (several retry periods pass).
        let lease = try ResourcePath(GroupVersionResource(group: "coordination.k8s.io", version: "v1", resource: "leases"),
                                     namespace: "default", name: "eventmesh-operator")
        let renewed = try await api.client.get(lease)["spec"]?["renewTime"]
        #expect(try await InformerTests.eventually { (try? await api.client.get(lease))?["spec"]?["renewTime"] != renewed })
        #expect(leadership.current == ["first"])

        first.cancel()
        _ = await first.value
        #expect(try await InformerTests.eventually { leadership.current == ["second"] })
        #expect(leadership.overlaps == 0)
        let record = try await api.client.get(lease)
        #expect(record["spec"]?["holderIdentity"] == "second")
        #expect(record["spec"]?["leaseTransitions"]?.int64Value == 0, "a released lease is taken without a transition")
    }

    @Test func aLeaderThatLosesTheLeaseStopsLeading() async throws {
        let api = try await RestartableAPI()
        defer { api.stop() }
        let leadership = Leadership()
        let only = candidate(api.client, "only", leadership)
        defer { only.cancel() }
        #expect(try await InformerTests.eventually { leadership.current == ["only"] })
        // Someone else writes the lease (as a candidate that judged it expired would).
        let lease = try ResourcePath(GroupVersionResource(group: "coordination.k8s.io", version: "v1", resource: "leases"),
                                     namespace: "default", name: "eventmesh-operator")
        var stolen = try await api.client.get(lease)
        stolen["spec"]?["holderIdentity"] = "intruder"
        stolen["spec"]?["leaseDurationSeconds"] = 3600
        _ = try await api.client.replace(stolen, at: lease)
        #expect(try await InformerTests.eventually { leadership.current.isEmpty })
        #expect(leadership.ever == ["only"])
    }

    @Test func aKilledLeaderIsReplacedWithinTheLeaseDuration() async throws {
        let api = try await RestartableAPI()
        defer { api.stop() }
        let leadership = Leadership()
        // Without a release on the way out, as when the process is killed.
        let first = candidate(api.client, "first", leadership, releases: false)
        #expect(try await InformerTests.eventually { leadership.current == ["first"] })
        let second = candidate(api.client, "second", leadership)
        defer { second.cancel() }
        first.cancel()
        _ = await first.value
        let killed = ContinuousClock.now
        #expect(try await InformerTests.eventually { leadership.current == ["second"] })
        let takeover = ContinuousClock.now - killed
        // The lease (2 s) must run out first, measured from the last renewal the second saw.
        #expect(takeover < .seconds(5), "took \(takeover); a lease of 2 s plus retry periods and scheduling")
        let lease = try await api.client.get(try ResourcePath(GroupVersionResource(group: "coordination.k8s.io", version: "v1", resource: "leases"),
                                                              namespace: "default", name: "eventmesh-operator"))
        #expect(lease["spec"]?["leaseTransitions"] == 1)
    }
}
