#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as a certificate's subjectAltName holds it: 4 or 16 bytes.
/// Equal addresses compare equal whatever their spelling (`::1` and `0:0::1`).
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// Network byte order; 4 bytes for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    public static let loopbackV4 = IPAddress(validatedBytes: [127, 0, 0, 1])
    public static let loopbackV6 = IPAddress(validatedBytes: [UInt8](repeating: 0, count: 15) + [1])

    /// Parses dotted IPv4 or RFC 4291 IPv6 text; nil for anything else (including zone ids).
    public init?(_ text: String) {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            bytes = withUnsafeBytes(of: &v6) { Array($0) }
            return
        }
        return nil
    }

    /// nil unless `bytes` has 4 or 16 elements.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    private init(validatedBytes: [UInt8]) {
        bytes = validatedBytes
    }

    public var isIPv6: Bool { bytes.count == 16 }

    /// The conventional text form (`127.0.0.1`, `::1`).
    public var description: String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = isIPv6 ? AF_INET6 : AF_INET
        let written = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &text, socklen_t(text.count)) }
        guard written != nil else { return bytes.map(String.init).joined(separator: ".") }
        let length = text.firstIndex(of: 0) ?? text.count
        return String(decoding: text[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
