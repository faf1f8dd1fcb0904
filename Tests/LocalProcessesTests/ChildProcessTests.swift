import Foundation
import LocalProcesses
import Testing

@Suite struct ChildProcessTests {
    @Test func capturesOutputAndExitCode() async throws {
        let child = try ChildProcess(executable: "sh", arguments: ["-c", "echo hello; echo oops >&2; exit 3"],
                                     standardOutput: .pipe, standardError: .pipe)
        #expect(child.readLine() == "hello")
        #expect(await child.waitForExit() == .exited(3))
        let errors = try #require(child.standardError?.readDataToEndOfFile())
        #expect(String(decoding: errors, as: UTF8.self) == "oops\n")
    }

    @Test func sigtermReachesTheChildEvenIfOurThreadBlocksIt() async throws {
        // A shell that waits forever; SIGTERM must end it because the child's mask is empty.
        let child = try ChildProcess(executable: "sh", arguments: ["-c", "echo ready; exec sleep 600"], standardOutput: .pipe)
        #expect(child.readLine() == "ready")
        let status = await child.terminate(grace: .seconds(30))
        #expect(status == .signaled(SIGTERM))
    }

    @Test func aLongRunningChildDoesNotBlockReapingOthers() async throws {
        let longRunning = try ChildProcess(executable: "sleep", arguments: ["600"])
        for code in 0..<5 {
            let quick = try ChildProcess(executable: "sh", arguments: ["-c", "exit \(code)"])
            #expect(await quick.waitForExit() == .exited(Int32(code)))
        }
        #expect(longRunning.isRunning)
        longRunning.signal(SIGKILL)
        #expect(await longRunning.waitForExit() == .signaled(SIGKILL))
    }

    @Test func inheritsNoDescriptorsBeyondStandardOnes() async throws {
        let extra = open("/dev/null", O_RDONLY)
        defer { close(extra) }
        let child = try ChildProcess(executable: "sh", arguments: ["-c", "ls /proc/self/fd | wc -l"], standardOutput: .pipe)
        // 0, 1, 2 and the descriptor `ls` opens to read /proc/self/fd.
        #expect(child.readLine()?.trimmingCharacters(in: .whitespaces) == "4")
        #expect(await child.waitForExit() == .exited(0))
    }

    @Test func environmentAndWorkingDirectory() async throws {
        let child = try ChildProcess(executable: "sh", arguments: ["-c", "echo $GREETING $(pwd)"],
                                     environment: ["GREETING": "hi", "PATH": "/usr/bin:/bin"],
                                     workingDirectory: "/tmp", standardOutput: .pipe)
        #expect(child.readLine() == "hi /tmp")
        #expect(await child.waitForExit() == .exited(0))
    }

    @Test func aMissingExecutableIsASpawnError() {
        #expect(throws: SpawnError.self) { try ChildProcess(executable: "/nonexistent/program") }
    }
}
