import Foundation
import Testing

/// `plan --bundles -` as a Spark job runs it, one partition through a pipe: the built binary reading bundles
/// from a pipe while its rows go out through another; an output it cannot write is an I/O
/// error (exit 2), never a crash and never a run that reads on for nothing.
@Suite struct BundleProcessTests {
    static let window = ["--from", "2026-09-01", "--to", "2026-12-31"]

    /// A binary that stops reading closes the pipe its input is written to: the write must
    /// fail (EPIPE), not kill the test process. Left ignored: tests run in parallel, and
    /// nothing here wants the signal.
    static let ignoringClosedPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// Runs the binary with `input` written into its standard input through a pipe (from
    /// another thread, so that neither side waits on a full pipe), standard output to
    /// `output` (captured when nil).
    static func run(_ arguments: [String], input: Data, output: FileHandle? = nil) throws -> (status: Int32, signal: Bool, out: String, err: String) {
        Self.ignoringClosedPipes
        let process = OutputFailureTests.process(arguments)
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = output ?? stdout
        process.standardError = stderr
        try process.run()
        let writer = Thread {
            // A reader that stops early closes the pipe: the write fails, which is fine.
            try? stdin.fileHandleForWriting.write(contentsOf: input)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let out = output == nil ? stdout.fileHandleForReading.readDataToEndOfFile() : Data()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    @Test func bundlesThroughAPipe() throws {
        try BundlePlanTests.withGenerated(seed: 11, customers: 400) { folder in
            let input = try Data(contentsOf: URL(fileURLWithPath: folder + "/bundles.ndjson"))
            let (_, expected, _) = CLITests.run(["plan", CLITests.examples, "--format", "csv", "--render"] + Self.window + BundlePlanTests.twoFile(folder))
            let outcome = try Self.run(["plan", "examples", "--bundles", "-", "--batch-size", "64", "--format", "csv", "--render"] + Self.window, input: input)
            #expect(outcome.status == 0, "\(outcome.err)")
            #expect(outcome.err.isEmpty)
            #expect(PlanOrder.sorted(outcome.out, format: "csv") == expected)
        }
    }

    /// Standard output closed (`>&-`) or a full device: exit 2, the output named.
    @Test(arguments: ["closed", "full"])
    func anOutputThatCannotBeWrittenIsExit2(_ kind: String) throws {
        try BundlePlanTests.withGenerated(seed: 12, customers: 200) { folder in
            let input = try Data(contentsOf: URL(fileURLWithPath: folder + "/bundles.ndjson"))
            let arguments = ["plan", "examples", "--bundles", "-", "--batch-size", "10", "--format", "ndjson"] + Self.window
            let outcome: (status: Int32, signal: Bool, out: String, err: String)
            if kind == "full" {
                outcome = try Self.run(arguments, input: input, output: try #require(FileHandle(forWritingAtPath: "/dev/full")))
            } else {
                // The shell closes descriptor 1 before it runs the binary.
                Self.ignoringClosedPipes
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments = ["-c", "exec \"$0\" \"$@\" >&-", EndToEndTests.binary.path] + arguments
                process.currentDirectoryURL = CLITests.root
                let stdin = Pipe(), stderr = Pipe()
                process.standardInput = stdin
                process.standardError = stderr
                try process.run()
                try? stdin.fileHandleForWriting.write(contentsOf: input)
                try? stdin.fileHandleForWriting.close()
                let err = stderr.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                outcome = (process.terminationStatus, process.terminationReason == .uncaughtSignal, "", String(decoding: err, as: UTF8.self))
            }
            #expect(!outcome.signal, "\(outcome.err)")
            #expect(outcome.status == 2, "\(outcome.err)")
            // With descriptor 1 closed, the next file the process opens may take its number:
            // the reason is whatever writing to that gives (EBADF, EINVAL).
            let prefix = kind == "full" ? "error: cannot write to standard output: No space left on device\n" : "error: cannot write to standard output: "
            #expect(outcome.err.hasPrefix(prefix), "\(outcome.err)")
            #expect(outcome.err.components(separatedBy: "error:").count == 2, "said once")
        }
    }
}
