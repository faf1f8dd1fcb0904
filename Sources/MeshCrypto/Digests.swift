import COpenSSL

/// SHA-256 and HMAC-SHA256 through OpenSSL's libcrypto (used by AWS Signature Version 4).
public enum SHA256 {
    public static let byteCount = 32

    /// The SHA-256 digest of `data`.
    public static func hash(_ data: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: byteCount)
        var length: UInt32 = 0
        data.withUnsafeBytes { bytes in
            _ = EVP_Digest(bytes.baseAddress, bytes.count, &digest, &length, EVP_sha256(), nil)
        }
        return digest
    }
}

/// SHA-1, only for name-based UUIDs (RFC 9562 version 5) and other non-security identifiers.
public enum SHA1 {
    public static let byteCount = 20

    public static func hash(_ data: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: byteCount)
        var length: UInt32 = 0
        data.withUnsafeBytes { bytes in
            _ = EVP_Digest(bytes.baseAddress, bytes.count, &digest, &length, EVP_sha1(), nil)
        }
        return digest
    }
}

public enum HMACSHA256 {
    /// The HMAC-SHA256 of `data` under `key` (RFC 2104).
    public static func authenticationCode(key: [UInt8], data: [UInt8]) -> [UInt8] {
        var code = [UInt8](repeating: 0, count: SHA256.byteCount)
        var length: UInt32 = 0
        key.withUnsafeBytes { keyBytes in
            data.withUnsafeBytes { dataBytes in
                // OpenSSL reads no bytes for an empty key, but wants a non-null pointer.
                let keyPointer = keyBytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)
                _ = HMAC(EVP_sha256(), keyPointer, Int32(keyBytes.count),
                         dataBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), dataBytes.count, &code, &length)
            }
        }
        return code
    }
}

public enum SecureRandom {
    /// `count` cryptographically strong random bytes.
    public static func bytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        precondition(RAND_bytes(&bytes, Int32(count)) == 1, "OpenSSL's random generator failed")
        return bytes
    }
}

extension Sequence<UInt8> {
    /// Lower-case hexadecimal, as SigV4 and trace ids write bytes.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
