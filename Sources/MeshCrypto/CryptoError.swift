import COpenSSL

/// A failure of a key, certificate or TLS-material operation, with OpenSSL's own explanation.
public struct CryptoError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: String, Sendable, Equatable {
        /// OpenSSL could not generate a key pair.
        case keyGenerationFailed
        /// Input that should hold a private key, or a certificate, could not be read.
        case invalidKey, invalidCertificate
        /// The key is readable but of a kind this module does not sign with.
        case unsupportedKey
        /// A caller asked for something impossible (empty name, bad DNS name, key/certificate mismatch...).
        case invalidRequest
        /// Building or signing a certificate failed inside OpenSSL.
        case issuanceFailed
        /// Writing PEM or DER failed inside OpenSSL.
        case encodingFailed
        /// The random generator failed.
        case randomnessUnavailable
        /// Reading or writing a file failed.
        case fileSystem
    }

    public var code: Code
    /// What was being done, with context (which file, which subject).
    public var message: String
    /// The entries OpenSSL's error queue held when the operation failed, oldest first.
    public var openSSLErrors: [String]

    public init(_ code: Code, _ message: String, openSSLErrors: [String] = []) {
        self.code = code
        self.message = message
        self.openSSLErrors = openSSLErrors
    }

    public var description: String {
        let details = openSSLErrors.isEmpty ? "" : " (OpenSSL: \(openSSLErrors.joined(separator: "; ")))"
        return "\(code.rawValue): \(message)\(details)"
    }

    /// An error for a failed OpenSSL call; takes (and so clears) this thread's error queue.
    static func openSSL(_ code: Code, _ message: String) -> CryptoError {
        CryptoError(code, message, openSSLErrors: OpenSSLErrorQueue.drain())
    }
}

/// OpenSSL's per-thread error queue. Every public operation here is synchronous, so the queue
/// read after a failed call is the one that call wrote to.
enum OpenSSLErrorQueue {
    /// Bounded: a corrupt input can make OpenSSL stack many entries; the first ones explain it.
    private static let limit = 16

    static func drain() -> [String] {
        var messages: [String] = []
        var buffer = [CChar](repeating: 0, count: 256)
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            guard messages.count < limit else { continue }
            ERR_error_string_n(code, &buffer, buffer.count)
            let length = buffer.firstIndex(of: 0) ?? buffer.count
            messages.append(String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages
    }

    /// Forgets entries left by calls whose failure was an answer, not an error (a signature that
    /// does not verify), so they are not blamed on a later operation.
    static func clear() {
        ERR_clear_error()
    }
}
