import Foundation
import StrictJSON

/// All objects of the cluster, versioned by one counter like etcd's revision.
///
/// Every change goes through `mutate`, which computes the new state from the current one inside
/// the actor, so a read-modify-write is atomic. Each change gets the next resourceVersion, is
/// written to the log (when there is one) before anyone can see it, is kept in a bounded
/// history for watches that resume, and is pushed to the live watches.
actor ObjectStore {
    private var tables: [GroupResource: [ObjectKey: JSONValue]] = [:]
    private(set) var resourceVersion: UInt64 = 0
    private var history: EventHistory
    private var watches: [Int: WatchRegistration] = [:]
    private var nextWatchID = 0
    private let log: WriteAheadLog?
    let watchBufferCapacity: Int

    /// An in-memory store (tests), or one persisted in `logURL` whose state survives restarts.
    init(logURL: URL? = nil, historyCapacity: Int = 10_000, watchBufferCapacity: Int = 1_000) throws {
        self.watchBufferCapacity = watchBufferCapacity
        var tables: [GroupResource: [ObjectKey: JSONValue]] = [:]
        var latest: UInt64 = 0
        if let logURL {
            let log = WriteAheadLog(url: logURL)
            _ = try log.open { records in
                for record in records {
                    latest = max(latest, record.resourceVersion)
                    tables[record.resource, default: [:]][record.key] = record.object
                }
                // One record per live object; the newest version is kept as the first line so
                // resourceVersions stay monotonic even when the newest change was a deletion.
                var compacted = [WriteAheadLog.Record(resourceVersion: latest, resource: GroupResource(group: "", resource: ""),
                                                      key: ObjectKey(namespace: "", name: ""), object: nil)]
                for (resource, objects) in tables.sorted(by: { $0.key < $1.key }) {
                    for (key, object) in objects.sorted(by: { $0.key < $1.key }) {
                        let version = UInt64(object["metadata"]?["resourceVersion"]?.stringValue ?? "") ?? latest
                        compacted.append(.init(resourceVersion: version, resource: resource, key: key, object: object))
                    }
                }
                return compacted
            }
            self.log = log
        } else {
            self.log = nil
        }
        tables[GroupResource(group: "", resource: "")] = nil
        self.tables = tables
        self.resourceVersion = latest
        self.history = EventHistory(capacity: historyCapacity, startingAfter: latest)
    }

    // MARK: reads

    func get(_ resource: GroupResource, _ key: ObjectKey) -> JSONValue? { tables[resource]?[key] }

    /// The objects of `resource` (in `namespace`, or all), ordered by namespace and name, and the
    /// store's version at the time of the list.
    func list(_ resource: GroupResource, namespace: String? = nil) -> (items: [JSONValue], resourceVersion: UInt64) {
        let objects = tables[resource] ?? [:]
        let keys = objects.keys.filter { namespace == nil || $0.namespace == namespace }.sorted()
        return (keys.compactMap { objects[$0] }, resourceVersion)
    }

    /// The objects of `resource` as they were right after `version` (nil: now), for list pages
    /// that continue a consistent snapshot. Rebuilt from the kept history by undoing the changes
    /// made since; throws `expired` when those changes are no longer kept.
    func list(_ resource: GroupResource, namespace: String? = nil, at version: UInt64?) throws -> (items: [JSONValue], resourceVersion: UInt64) {
        guard let version, version < resourceVersion else { return list(resource, namespace: namespace) }
        guard let changes = history.events(after: version) else {
            throw StoreError.expired(requested: version, oldest: history.compactedThrough + 1)
        }
        var objects = (tables[resource] ?? [:]).filter { namespace == nil || $0.key.namespace == namespace }
        for change in changes.reversed() where change.resource == resource
            && (namespace == nil || change.key.namespace == namespace) {
            objects[change.key] = change.kind == .added ? nil : change.previous
        }
        return (objects.keys.sorted().compactMap { objects[$0] }, version)
    }

    /// How many objects of `resource` exist (all namespaces).
    func count(_ resource: GroupResource) -> Int { tables[resource]?.count ?? 0 }

    // MARK: writes

    /// Applies the change `decide` computes from the current object (nil when absent).
    /// Returns the stored object (for a deletion: the last state), or nil when unchanged.
    @discardableResult
    func mutate(_ resource: GroupResource, _ key: ObjectKey,
                _ decide: (JSONValue?) throws -> StoreMutation) throws -> JSONValue? {
        let current = tables[resource]?[key]
        switch try decide(current) {
        case .unchanged:
            return current
        case .create(let object):
            guard current == nil else { throw StoreError.alreadyExists }
            return try commit(.added, resource, key, object, previous: nil)
        case .update(let object):
            guard let current else { throw StoreError.notFound }
            return try commit(.modified, resource, key, object, previous: current)
        case .delete:
            guard let current else { throw StoreError.notFound }
            return try commit(.deleted, resource, key, current, previous: current)
        }
    }

    private func commit(_ kind: StoreEvent.Kind, _ resource: GroupResource, _ key: ObjectKey,
                        _ object: JSONValue, previous: JSONValue?) throws -> JSONValue {
        let version = resourceVersion + 1
        var stored = object
        stored.setResourceVersion(version)
        // Spelled out: JSONValue is ExpressibleByNilLiteral, so a bare `nil` here would mean `.null`.
        let encoded = stored.jsonBytes()
        if kind == .deleted {
            try log?.append(.init(resourceVersion: version, resource: resource, key: key, object: Optional.none))
        } else {
            try log?.append(.init(resourceVersion: version, resource: resource, key: key, object: Optional.none),
                            encodedObject: encoded)
        }
        resourceVersion = version
        if kind == .deleted {
            tables[resource]?[key] = nil
        } else {
            tables[resource, default: [:]][key] = stored
        }
        let event = StoreEvent(kind: kind, resource: resource, key: key, object: stored, previous: previous,
                               resourceVersion: version, encodedObject: encoded)
        history.append(event)
        deliver(event)
        return stored
    }

    // MARK: watches

    /// Starts a watch on `resource` (in `namespace`, or all). With `after` nil every current object
    /// comes first as ADDED; otherwise the kept changes after that version, then live changes.
    /// The stream ends (and the client should resume from its last version) if the watcher falls
    /// `watchBufferCapacity` events behind.
    func watch(_ resource: GroupResource, namespace: String?, after: UInt64?,
               initialEventsEnd: Bool = false) throws -> WatchSubscription {
        let backlog: [StoreEvent]
        if let after, after > 0 {
            guard let kept = history.events(after: after) else {
                throw StoreError.expired(requested: after, oldest: history.compactedThrough + 1)
            }
            backlog = kept.filter { $0.resource == resource && (namespace == nil || $0.key.namespace == namespace) }
        } else {
            let (items, _) = list(resource, namespace: namespace)
            backlog = items.map { item in
                StoreEvent(kind: .added, resource: resource,
                           key: ObjectKey(namespace: item["metadata"]?["namespace"]?.stringValue ?? "",
                                          name: item["metadata"]?["name"]?.stringValue ?? ""),
                           object: item, previous: nil,
                           resourceVersion: UInt64(item["metadata"]?["resourceVersion"]?.stringValue ?? "") ?? resourceVersion)
            }
        }
        let id = nextWatchID
        nextWatchID += 1
        let (stream, continuation) = AsyncStream<StoreEvent>.makeStream(
            bufferingPolicy: .bufferingOldest(max(watchBufferCapacity, backlog.count + 1)))
        for event in backlog { continuation.yield(event) }
        if initialEventsEnd {
            continuation.yield(bookmark(resource, initialEventsEnd: true))
        }
        watches[id] = WatchRegistration(resource: resource, namespace: namespace, continuation: continuation)
        continuation.onTermination = { [weak self] _ in
            Task { await self?.endWatch(id) }
        }
        return WatchSubscription(id: id, events: stream, startedAt: resourceVersion)
    }

    /// Every change to every resource, starting with every current object as ADDED (for the
    /// in-process controllers that see the whole cluster, such as the garbage collector).
    /// Not bounded: such a watcher must keep up.
    func watchAll() -> AsyncStream<StoreEvent> {
        let (stream, continuation) = AsyncStream<StoreEvent>.makeStream()
        for (resource, objects) in tables.sorted(by: { $0.key < $1.key }) {
            for (key, object) in objects.sorted(by: { $0.key < $1.key }) {
                continuation.yield(StoreEvent(kind: .added, resource: resource, key: key, object: object, previous: nil,
                                              resourceVersion: resourceVersion))
            }
        }
        // The end of the initial state.
        continuation.yield(StoreEvent(kind: .bookmark, resource: GroupResource(group: "", resource: ""),
                                      key: ObjectKey(namespace: "", name: ""), object: [:], previous: nil,
                                      resourceVersion: resourceVersion))
        let id = nextWatchID
        nextWatchID += 1
        watches[id] = WatchRegistration(resource: nil, namespace: nil, continuation: continuation)
        continuation.onTermination = { [weak self] _ in
            Task { await self?.endWatch(id) }
        }
        return stream
    }

    /// The resources that have objects.
    var resources: [GroupResource] { tables.filter { !$0.value.isEmpty }.keys.sorted() }

    /// Sends watch `id` a BOOKMARK at the current version. It is queued behind every change
    /// already delivered, so the watcher may resume from it without missing anything.
    func sendBookmark(to id: Int) {
        guard let watch = watches[id], let resource = watch.resource else { return }
        watch.continuation.yield(bookmark(resource, initialEventsEnd: false))
    }

    private func bookmark(_ resource: GroupResource, initialEventsEnd: Bool) -> StoreEvent {
        var metadata: [String: JSONValue] = ["resourceVersion": .string(String(resourceVersion))]
        if initialEventsEnd { metadata["annotations"] = ["k8s.io/initial-events-end": "true"] }
        return StoreEvent(kind: .bookmark, resource: resource, key: ObjectKey(namespace: "", name: ""),
                          object: ["metadata": .object(metadata)], previous: nil, resourceVersion: resourceVersion)
    }

    /// The number of live watches, for metrics and tests.
    var watchCount: Int { watches.count }

    private func endWatch(_ id: Int) { watches[id] = nil }

    private func deliver(_ event: StoreEvent) {
        for (id, watch) in watches where (watch.resource == nil || watch.resource == event.resource)
            && (watch.namespace == nil || watch.namespace == event.key.namespace) {
            if case .dropped = watch.continuation.yield(event) {
                // Too slow: end this watch rather than lose an event silently.
                watch.continuation.finish()
                watches[id] = nil
            }
        }
    }
}

struct WatchRegistration: Sendable {
    /// nil: every resource.
    var resource: GroupResource?
    var namespace: String?
    var continuation: AsyncStream<StoreEvent>.Continuation
}

/// A running watch: its events and the store version when it started.
struct WatchSubscription: Sendable {
    var id: Int
    var events: AsyncStream<StoreEvent>
    var startedAt: UInt64
}

extension JSONValue {
    /// Sets `metadata.resourceVersion` (a string in Kubernetes JSON).
    mutating func setResourceVersion(_ version: UInt64) {
        guard case .object(var fields) = self else { return }
        var metadata = fields["metadata"]?.objectValue ?? [:]
        metadata["resourceVersion"] = .string(String(version))
        fields["metadata"] = .object(metadata)
        self = .object(fields)
    }
}
