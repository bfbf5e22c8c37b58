import Foundation
import Testing

/// `campaign plan --memory-limit` (docs/language.md §9.5): any budget writes the same bytes;
/// a bad size, and a spill folder that cannot be made, are errors with exit 2 and a message;
/// the spill folder is gone afterwards.
@Suite struct PlanMemoryLimitTests {
    static let plan = ["plan", "examples"] + PlanCommandTests.data + PlanCommandTests.window

    @Test(arguments: ["csv", "ndjson", "json", "table"])
    func aTinyBudgetWritesTheSameBytes(_ format: String) throws {
        let spill = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(atPath: spill) }
        let (status, expected, _) = PlanCommandTests.run(Self.plan + ["--render", "--format", format])
        #expect(status == 0)
        for threads in ["1", "2"] {
            let (status, out, err) = PlanCommandTests.run(Self.plan + ["--render", "--format", format, "--threads", threads, "--memory-limit", "200"])
            #expect(status == 0, "\(err)")
            let same = out == expected
            #expect(same, "\(format), \(threads) threads")
        }
        let (_, out, _) = CLITests.run((Self.plan + ["--format", format, "--memory-limit", "1KiB"]).map(Self.absolute), environment: ["TMPDIR": spill])
        let same = out == PlanCommandTests.run(Self.plan + ["--format", format]).1
        #expect(same)
        #expect(try FileManager.default.contentsOfDirectory(atPath: spill).isEmpty, "the spill folder is removed")
    }

    static func absolute(_ argument: String) -> String {
        argument.hasPrefix("examples") ? CLITests.root.appendingPathComponent(argument).path : argument
    }

    @Test(arguments: ["", "0", "12XB", "-5", "1.5GiB", "99999999999999999999", "GiB"])
    func aBadSizeIsAUsageError(_ size: String) {
        let (status, out, err) = PlanCommandTests.run(Self.plan + ["--memory-limit", size])
        #expect(status == 2)
        #expect(out.isEmpty)
        #expect(err.contains("--memory-limit") && err.contains("512MiB"), "\(err)")
    }

    @Test(arguments: ["64MiB", "512MB", "2GiB", "1000000", "4kib"])
    func sizesAsUsersWriteThem(_ size: String) {
        #expect(PlanCommandTests.run(Self.plan + ["--memory-limit", size]).0 == 0)
    }

    /// TMPDIR naming a regular file: no folder can be made in it (even by root); the run
    /// fails with exit 2 and says where, instead of writing part of the schedule.
    @Test func anUnwritableSpillFolderIsAnIOError() throws {
        let folder = try TemporaryFolder.make(["file": Array("x".utf8)])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (status, _, err) = CLITests.run((Self.plan + ["--format", "csv", "--memory-limit", "100"]).map(Self.absolute),
                                            environment: ["TMPDIR": folder + "/file"])
        #expect(status == 2)
        #expect(err.contains("cannot make a folder for the plan's spilled rows in '\(folder)/file'"), "\(err)")
    }
}
