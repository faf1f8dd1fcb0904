import COpenSSL

/// An in-memory OpenSSL `BIO`, the source and sink of every PEM read and write here.
final class MemoryBIO {
    let handle: OpaquePointer
    private let secure: Bool

    /// `secure` puts the buffer in OpenSSL's secure heap (when one is configured) and clears it
    /// on release: used whenever the BIO holds private key material.
    init(secure: Bool = false) throws(CryptoError) {
        guard let bio = BIO_new(secure ? BIO_s_secmem() : BIO_s_mem()) else {
            throw .openSSL(.encodingFailed, "cannot allocate a memory BIO")
        }
        handle = bio
        self.secure = secure
    }

    /// A BIO holding its own copy of `bytes`, ready to be read.
    convenience init(copying bytes: [UInt8], secure: Bool = false) throws(CryptoError) {
        try self.init(secure: secure)
        var offset = 0
        while offset < bytes.count {
            let chunk = min(bytes.count - offset, Int(Int32.max))
            let written = bytes.withUnsafeBytes { BIO_write(handle, $0.baseAddress! + offset, Int32(chunk)) }
            guard written > 0 else { throw .openSSL(.encodingFailed, "cannot fill a memory BIO") }
            offset += Int(written)
        }
    }

    deinit {
        BIO_free(handle)
    }

    /// Everything written to the BIO and not yet read.
    func readAll() -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = BIO_read(handle, &chunk, Int32(chunk.count))
            guard count > 0 else { break }
            result.append(contentsOf: chunk[..<Int(count)])
        }
        if secure { OPENSSL_cleanse(&chunk, chunk.count) }
        return result
    }
}
