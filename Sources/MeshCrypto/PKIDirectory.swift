import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder holding the PEM files of `TLSMaterial`; each write replaces a file atomically.
struct PKIDirectory {
    let path: String

    /// PEM files here are a few kilobytes; anything larger is not one of ours.
    static let maximumFileSize = 1 << 20

    /// Opens `path`, creating it (and missing parents) with mode 0700 when absent.
    init(creating path: String) throws(CryptoError) {
        self.path = path
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw CryptoError(.fileSystem, "cannot create the folder \(path): \(error)")
        }
    }

    func filePath(_ name: String) -> String { "\(path)/\(name)" }

    /// The file's text, or nil when it does not exist.
    func contents(of name: String) throws(CryptoError) -> String? {
        let file = filePath(name)
        let descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw Self.systemError("cannot open \(file)")
        }
        defer { close(descriptor) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        // Key files pass through here: do not leave their bytes in freed memory.
        defer { memset(&chunk, 0, chunk.count); memset(&contents, 0, contents.count) }
        while true {
            let count = read(descriptor, &chunk, chunk.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw Self.systemError("cannot read \(file)")
            }
            if count == 0 { break }
            contents.append(contentsOf: chunk[..<count])
            guard contents.count <= Self.maximumFileSize else {
                throw CryptoError(.fileSystem, "\(file) is larger than \(Self.maximumFileSize) bytes")
            }
        }
        return String(decoding: contents, as: UTF8.self)
    }

    /// Writes `text` to a new temporary file with `permissions` in this folder, flushes it to
    /// disk and renames it over `name`: readers see the old file or the new one, never a part.
    func store(_ text: String, as name: String, permissions: mode_t) throws(CryptoError) {
        let file = filePath(name)
        let suffix = SecureRandom.bytes(8).hexString
        let temporary = filePath(".\(name).\(suffix).tmp")
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard descriptor >= 0 else { throw Self.systemError("cannot create \(temporary)") }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        do throws(CryptoError) {
            // The umask may have cleared bits of `permissions`; set exactly what was asked.
            guard fchmod(descriptor, permissions) == 0 else { throw Self.systemError("cannot chmod \(temporary)") }
            var bytes = Array(text.utf8)
            defer { memset(&bytes, 0, bytes.count) }
            var offset = 0
            while offset < bytes.count {
                let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw Self.systemError("cannot write \(temporary)")
                }
                offset += count
            }
            guard fsync(descriptor) == 0 else { throw Self.systemError("cannot flush \(temporary)") }
        } catch {
            close(descriptor)
            throw error
        }
        guard close(descriptor) == 0 else { throw Self.systemError("cannot close \(temporary)") }
        guard rename(temporary, file) == 0 else { throw Self.systemError("cannot rename \(temporary) to \(file)") }
        renamed = true
        try syncFolder()
    }

    /// Makes the rename itself durable.
    private func syncFolder() throws(CryptoError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.systemError("cannot open the folder \(path)") }
        defer { close(descriptor) }
        // Some file systems cannot sync a folder (EINVAL); the data itself is already flushed.
        guard fsync(descriptor) == 0 || errno == EINVAL else { throw Self.systemError("cannot flush the folder \(path)") }
    }

    private static func systemError(_ what: String) -> CryptoError {
        let code = errno
        return CryptoError(.fileSystem, "\(what): \(String(cString: strerror(code))) (errno \(code))")
    }
}
