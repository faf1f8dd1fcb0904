import CCurl
import Synchronization

/// Owns one libcurl easy handle. A handle is used by one transfer at a time: the client hands it
/// to a transfer thread and takes it back afterwards, so access is serialized by construction.
final class EasyHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer

    init() throws {
        guard let raw = curl_easy_init() else {
            throw HTTPError(code: .transport, message: "curl_easy_init failed", url: "")
        }
        self.raw = raw
    }

    deinit { curl_easy_cleanup(raw) }

    /// Forgets all options but keeps the live connections, so the next transfer can reuse them.
    func reset() { curl_easy_reset(raw) }

    func set(_ option: CURLoption, _ value: Int) throws {
        try check(emc_setopt_long(raw, option, value), option)
    }

    func set(_ option: CURLoption, _ value: Bool) throws { try set(option, value ? 1 : 0) }

    /// libcurl copies string options, so the Swift string only has to live for the call.
    func set(_ option: CURLoption, _ value: String?) throws {
        guard let value else {
            try check(emc_setopt_string(raw, option, nil), option)
            return
        }
        try value.withCString { try check(emc_setopt_string(raw, option, $0), option) }
    }

    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws {
        try check(emc_setopt_pointer(raw, option, pointer), option)
    }

    func set(_ option: CURLoption, offset: Int64) throws {
        try check(emc_setopt_off_t(raw, option, curl_off_t(offset)), option)
    }

    /// Blob options (in-memory certificates and keys); libcurl copies the bytes.
    func set(_ option: CURLoption, blob: [UInt8]) throws {
        try blob.withUnsafeBytes { try check(emc_setopt_blob(raw, option, $0.baseAddress, $0.count), option) }
    }

    func longInfo(_ info: CURLINFO) -> Int {
        var value = 0
        return emc_getinfo_long(raw, info, &value) == CURLE_OK ? value : 0
    }

    func doubleInfo(_ info: CURLINFO) -> Double {
        var value = 0.0
        return emc_getinfo_double(raw, info, &value) == CURLE_OK ? value : 0
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws {
        guard code == CURLE_OK else {
            let text = String(cString: curl_easy_strerror(code))
            throw HTTPError(code: .invalidRequest, curlCode: Int32(code.rawValue),
                            message: "option \(option.rawValue) refused: \(text)", url: "")
        }
    }
}

/// Idle easy handles kept for reuse. A handle keeps its connection cache across `curl_easy_reset`,
/// so a later request to the same server reuses a kept-alive connection and TLS session.
final class HandlePool: Sendable {
    private let idle = Mutex<[EasyHandle]>([])
    private let capacity: Int

    init(capacity: Int) { self.capacity = max(0, capacity) }

    func checkout() throws -> EasyHandle {
        if let handle = idle.withLock({ $0.popLast() }) { return handle }
        return try EasyHandle()
    }

    func checkin(_ handle: EasyHandle) {
        handle.reset()
        let kept = idle.withLock { handles -> Bool in
            guard handles.count < capacity else { return false }
            handles.append(handle)
            return true
        }
        // A handle not kept is released here, outside the lock, closing its connections.
        _ = kept
    }
}

/// A `curl_slist` of request headers, freed when the transfer that uses it is gone.
final class CurlHeaderList: @unchecked Sendable {
    private(set) var raw: UnsafeMutablePointer<curl_slist>?

    init(_ lines: [String]) {
        for line in lines {
            raw = line.withCString { curl_slist_append(raw, $0) }
        }
    }

    deinit { curl_slist_free_all(raw) }
}
