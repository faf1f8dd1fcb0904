import Foundation

/// How the workload runner runs pods on this machine.
public struct WorkloadSettings: Sendable {
    /// The images that run as local processes: image name (without registry, tag or digest)
    /// → executable. Any other image leaves its pod Pending (`ImageNotRunnableLocally`).
    public var images: [String: String]
    /// The kubelet's backoff before restarting a crashed container: `base`, doubling per
    /// crash up to `cap` (10 s and 5 min on a real node).
    public var backoffBase: Duration = .seconds(10)
    public var backoffCap: Duration = .seconds(300)
    /// An upper bound on `terminationGracePeriodSeconds` (nil: none), so tests and shutdown are quick.
    public var maxGracePeriod: Duration?
    /// How long stopping the whole runner (eventmesh-local shutting down) waits for each process.
    public var shutdownGracePeriod: Duration = .seconds(5)
    /// The node pods are bound to (`spec.nodeName`).
    public var nodeName = "eventmesh-local"
    /// Passed to every container as `KUBECONFIG`, so the project's binaries reach this control plane.
    public var kubeconfigPath: String?

    /// The project's images (`eventmesh-operator`, `eventmesh-worker`), found in `binDirectory`.
    public init(binDirectory: String = WorkloadSettings.defaultBinDirectory) {
        images = Dictionary(uniqueKeysWithValues: ["eventmesh-operator", "eventmesh-worker"].map {
            ($0, URL(fileURLWithPath: binDirectory).appendingPathComponent($0).path)
        })
    }

    /// `EVENTMESH_LOCAL_BIN_DIR`, else the directory of the running executable (where SwiftPM
    /// puts the project's other binaries).
    public static var defaultBinDirectory: String {
        if let directory = ProcessInfo.processInfo.environment["EVENTMESH_LOCAL_BIN_DIR"], !directory.isEmpty {
            return directory
        }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments.first ?? "."
        return URL(fileURLWithPath: executable).deletingLastPathComponent().path
    }

    /// The name an image reference runs under: `ghcr.io/acme/eventmesh-worker:1.2@sha256:…` → `eventmesh-worker`.
    static func imageName(_ reference: String) -> String {
        var name = reference
        if let at = name.firstIndex(of: "@") { name = String(name[..<at]) }
        if let slash = name.lastIndex(of: "/") { name = String(name[name.index(after: slash)...]) }
        if let colon = name.firstIndex(of: ":") { name = String(name[..<colon]) }
        return name
    }

    /// Why `image` cannot run here, or nil with its executable when it can.
    func executable(for image: String) -> Result<String, ImageProblem> {
        let name = Self.imageName(image)
        guard let path = images[name] else {
            let known = images.keys.sorted().joined(separator: ", ")
            return .failure(ImageProblem(message: "image \"\(image)\" cannot run locally: eventmesh-local runs only the project's own images (\(known))"))
        }
        guard FileManager.default.isExecutableFile(atPath: path) else {
            return .failure(ImageProblem(message: "image \"\(image)\" runs \(path), which is not built (swift build --product \(name))"))
        }
        return .success(path)
    }

    /// The backoff before restart number `crashes` (1 for the first crash): the first restart
    /// is immediate, then base, 2×base, … up to cap, as the kubelet does.
    func backoff(afterCrash crashes: Int) -> Duration {
        guard crashes > 1 else { return .zero }
        var delay = backoffBase
        for _ in 2..<crashes where delay < backoffCap { delay = delay * 2 }
        return min(delay, backoffCap)
    }

    /// The grace period to give a process, after the cap.
    func grace(_ seconds: Int64) -> Duration {
        let requested = Duration.seconds(max(0, seconds))
        return maxGracePeriod.map { min($0, requested) } ?? requested
    }
}

/// Why a pod's image cannot run as a local process.
struct ImageProblem: Error, Sendable {
    var message: String
}
