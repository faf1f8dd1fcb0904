import Foundation
import StrictJSON
import Testing

extension RecordedResponse {
    /// The JSON body of a recording: the text after its first `headerLines` lines.
    static func body(_ text: String, headerLines: Int = 3) throws -> JSONValue {
        try JSONValue(parsing: text.split(separator: "\n", maxSplits: headerLines, omittingEmptySubsequences: false)
            .dropFirst(headerLines).joined(separator: "\n"))
    }

    /// The shared fixtures folder, when this machine has it (`EVENTMESH_FIXTURES` overrides).
    static let sharedFolder: URL? = {
        let path = ProcessInfo.processInfo.environment["EVENTMESH_FIXTURES"] ?? "/work/shared/fixtures/kube-apiserver-v1.20"
        return FileManager.default.fileExists(atPath: path) ? URL(fileURLWithPath: path) : nil
    }()
}

@Suite("Recorded responses")
struct RecordedFixtureTests {
    @Test("the copies in the tests are the shared recordings", .enabled(if: RecordedResponse.sharedFolder != nil))
    func copiesMatchTheSharedFiles() throws {
        let folder = try #require(RecordedResponse.sharedFolder)
        for (name, text) in RecordedResponse.files {
            let shared = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(shared == text + "\n", "\(name) differs from the shared recording")
        }
    }
}
