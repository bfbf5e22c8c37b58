import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A plan stopped while it spills (Ctrl-C, `kill`, a closed terminal) removes its spill
/// folder and ends by the signal that stopped it, as an uncaught signal would end it.
@Suite struct InterruptionTests {
    @Test(arguments: [SIGTERM, SIGHUP])
    func aStoppedPlanLeavesNoSpillFolder(_ signalNumber: Int32) throws {
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let spill = folder + "/tmp"
        try FileManager.default.createDirectory(atPath: spill, withIntermediateDirectories: true)
        let (made, _, genErrors) = try EndToEndTests.run(["gen", "--customers", "20000", "--events", "1000", "--out", folder + "/data"])
        #expect(made == 0, "\(genErrors)")
        // A row per customer per day, spilled a run per megabyte: long enough to stop.
        let process = Process()
        process.executableURL = EndToEndTests.binary
        process.arguments = ["plan", "examples/schema.campaign", "Benchmarks/bigplan.campaign", "--customers", folder + "/data/customers.csv",
                             "--events", folder + "/data/events.csv", "--from", "2026-09-01", "--to", "2026-11-30", "--format", "csv",
                             "--memory-limit", "1MiB"]
        process.currentDirectoryURL = CLITests.root
        process.environment = ["TMPDIR": spill]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        // Waits until the run has spilled, then stops it.
        var spilled = false
        for _ in 0..<3_000 where process.isRunning {
            if try !FileManager.default.contentsOfDirectory(atPath: spill).isEmpty {
                spilled = true
                break
            }
            usleep(10_000)
        }
        #expect(spilled, "the plan never spilled")
        kill(process.processIdentifier, signalNumber)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == signalNumber)
        #expect(try FileManager.default.contentsOfDirectory(atPath: spill).isEmpty, "the spill folder is removed")
    }
}
