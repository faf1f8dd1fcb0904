/// The most recent changes, for watches that start from a past resourceVersion.
/// Bounded: a watch from before the oldest kept change gets `410 Gone` and must relist.
struct EventHistory: Sendable {
    private var events: [StoreEvent?]
    private var next = 0
    private(set) var count = 0
    /// Changes at or below this version are no longer kept.
    private(set) var compactedThrough: UInt64

    init(capacity: Int, startingAfter resourceVersion: UInt64) {
        events = Array(repeating: nil, count: max(1, capacity))
        compactedThrough = resourceVersion
    }

    mutating func append(_ event: StoreEvent) {
        if count == events.count, let dropped = events[next] {
            compactedThrough = dropped.resourceVersion
        } else {
            count += 1
        }
        events[next] = event
        next = (next + 1) % events.count
    }

    /// Every kept change newer than `resourceVersion`, oldest first; nil when some of them are gone.
    func events(after resourceVersion: UInt64) -> [StoreEvent]? {
        guard resourceVersion >= compactedThrough else { return nil }
        var result: [StoreEvent] = []
        let start = (next - count + events.count) % events.count
        for offset in 0..<count {
            guard let event = events[(start + offset) % events.count] else { continue }
            if event.resourceVersion > resourceVersion { result.append(event) }
        }
        return result
    }
}
