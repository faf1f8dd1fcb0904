import CCurl

/// libcurl's process-wide state. `curl_global_init` must run once per process, ideally at the top
/// of `main` before other threads start; every `HTTPClient` also makes sure it has run.
public enum CurlRuntime {
    private static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// Initializes libcurl once; later calls do nothing. Returns false if libcurl refused.
    @discardableResult
    public static func initialize() -> Bool { initialized }

    /// The libcurl version the process runs on, e.g. "7.88.1".
    public static var version: String {
        guard let info = emc_version_info(), let version = info.pointee.version else { return "unknown" }
        return String(cString: version)
    }
}
