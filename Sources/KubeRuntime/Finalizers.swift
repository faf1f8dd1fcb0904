import KubeCore
import StrictJSON

/// What a reconciler does about its finalizer, from the two facts that decide it (kube-rs'
/// `finalizer` table):
///
/// | | has our finalizer | lacks it |
/// |---|---|---|
/// | **not being deleted** | `.reconcile` | `.addFinalizer` (or `.reconcile` when nothing needs cleaning up) |
/// | **being deleted** | `.runCleanupThenRemove` | `.nothing` |
public enum FinalizerAction: Sendable, Hashable {
    /// Add the finalizer first (and write it) so deletion waits for cleanup; reconcile after.
    case addFinalizer
    /// Reconcile normally.
    case reconcile
    /// Deletion was requested: clean up what the object owns, then remove the finalizer.
    case runCleanupThenRemove
    /// Deletion was requested and our cleanup is done (or never needed): leave the object alone.
    case nothing
}

/// Finalizer helpers for typed objects (`ObjectMeta`) and untyped ones (`JSONValue`).
public enum Finalizers {
    /// The 2×2 decision. `needsCleanup` false (e.g. `deletionPolicy: Retain` with nothing else
    /// to undo) means no finalizer is added: an object that leaves nothing behind never makes
    /// its deletion wait. A finalizer already present is still honoured on deletion, so one
    /// added under an earlier policy is removed by the (then trivial) cleanup.
    public static func action(isBeingDeleted: Bool, hasFinalizer: Bool, needsCleanup: Bool = true) -> FinalizerAction {
        switch (isBeingDeleted, hasFinalizer) {
        case (false, false): needsCleanup ? .addFinalizer : .reconcile
        case (false, true): .reconcile
        case (true, true): .runCleanupThenRemove
        case (true, false): .nothing
        }
    }

    /// The decision for an object with this metadata and finalizer name.
    public static func action(for metadata: ObjectMeta, finalizer: String, needsCleanup: Bool = true) -> FinalizerAction {
        action(isBeingDeleted: metadata.isBeingDeleted, hasFinalizer: metadata.hasFinalizer(finalizer),
               needsCleanup: needsCleanup)
    }

    /// The decision for an untyped object (`metadata.deletionTimestamp`, `metadata.finalizers`).
    public static func action(for object: JSONValue, finalizer: String, needsCleanup: Bool = true) -> FinalizerAction {
        action(isBeingDeleted: object.isBeingDeleted, hasFinalizer: object.hasFinalizer(finalizer),
               needsCleanup: needsCleanup)
    }
}

extension ObjectMeta {
    /// Whether `finalizers` contains `finalizer`.
    public func hasFinalizer(_ finalizer: String) -> Bool {
        finalizers?.contains(finalizer) ?? false
    }

    /// This metadata with `finalizer` appended, or unchanged when it is already there.
    public func addingFinalizer(_ finalizer: String) -> ObjectMeta {
        guard !hasFinalizer(finalizer) else { return self }
        var copy = self
        copy.finalizers = (finalizers ?? []) + [finalizer]
        return copy
    }

    /// This metadata without `finalizer` (every occurrence); `finalizers` becomes nil when empty,
    /// as the API server omits an empty list.
    public func removingFinalizer(_ finalizer: String) -> ObjectMeta {
        guard hasFinalizer(finalizer) else { return self }
        var copy = self
        let remaining = (finalizers ?? []).filter { $0 != finalizer }
        copy.finalizers = remaining.isEmpty ? nil : remaining
        return copy
    }
}

extension JSONValue {
    /// Whether this object's `metadata.deletionTimestamp` is set (deletion was requested).
    public var isBeingDeleted: Bool {
        guard let timestamp = self[path: "metadata", "deletionTimestamp"] else { return false }
        return !timestamp.isNull
    }

    /// This object's `metadata.finalizers` (the strings among them).
    public var finalizers: [String] {
        self[path: "metadata", "finalizers"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// Whether `metadata.finalizers` contains `finalizer`.
    public func hasFinalizer(_ finalizer: String) -> Bool {
        finalizers.contains(finalizer)
    }

    /// This object with `finalizer` appended to `metadata.finalizers` (created if missing), or
    /// unchanged when it is already there. Other members of the list are kept as they are.
    public func addingFinalizer(_ finalizer: String) -> JSONValue {
        guard !hasFinalizer(finalizer) else { return self }
        var copy = self
        let existing = self[path: "metadata", "finalizers"]?.arrayValue ?? []
        var metadata = self["metadata"] ?? [:]
        metadata["finalizers"] = .array(existing + [.string(finalizer)])
        copy["metadata"] = metadata
        return copy
    }

    /// This object without `finalizer` in `metadata.finalizers`; the member is removed when the
    /// list becomes empty.
    public func removingFinalizer(_ finalizer: String) -> JSONValue {
        guard hasFinalizer(finalizer), var metadata = self["metadata"] else { return self }
        var copy = self
        let remaining = (metadata["finalizers"]?.arrayValue ?? []).filter { $0 != .string(finalizer) }
        metadata["finalizers"] = remaining.isEmpty ? nil : .array(remaining)
        copy["metadata"] = metadata
        return copy
    }
}
