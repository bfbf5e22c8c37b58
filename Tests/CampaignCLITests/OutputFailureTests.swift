import Foundation
import Testing

/// Outputs that cannot be written, with the built binary (docs/output.md): a full device is
/// an I/O error that names the output (exit 2); a reader that closes the pipe early ends the
/// run quietly with its own status; a file appears whole or not at all. Never a crash.
@Suite struct OutputFailureTests {
    enum Output: CustomStringConvertible {
        /// `> /dev/full`.
        case fullDevice
        /// A pipe whose reader is gone before the command starts (a write gets EPIPE).
        case closedPipe
        /// `| head -1`: the reader takes one line and closes the pipe.
        case readerTakesOneLine

        var description: String {
            switch self {
            case .fullDevice: "/dev/full"
            case .closedPipe: "a closed pipe"
            case .readerTakesOneLine: "| head -1"
            }
        }
    }

    struct Outcome {
        let status: Int32
        /// The signal that ended the process, if one did (a crash, or SIGPIPE).
        let signal: Int32?
        let firstLine: String
        let errors: String
    }

    /// The binary, ready to run in the repository with nothing on standard input; under a
    /// file-size limit of 4 KiB (`ulimit -f 8`, in 512-byte blocks) with `smallFileLimit`,
    /// so that a file growing past it fails to write, as on a full disk.
    static func process(_ arguments: [String], smallFileLimit: Bool = false) -> Process {
        let process = Process()
        if smallFileLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -f 8 && exec \"$0\" \"$@\"", EndToEndTests.binary.path] + arguments
        } else {
            process.executableURL = EndToEndTests.binary
            process.arguments = arguments
        }
        process.currentDirectoryURL = CLITests.root
        process.standardInput = FileHandle.nullDevice
        return process
    }

    /// Runs the binary with standard output going to `output`; standard error is captured.
    static func run(_ arguments: [String], output: Output) throws -> Outcome {
        let process = Self.process(arguments)
        let err = Pipe()
        process.standardError = err
        var reader: FileHandle?
        switch output {
        case .fullDevice:
            process.standardOutput = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        case .closedPipe:
            var ends: [Int32] = [0, 0]
            #expect(pipe(&ends) == 0)
            close(ends[0])
            process.standardOutput = FileHandle(fileDescriptor: ends[1], closeOnDealloc: true)
        case .readerTakesOneLine:
            let out = Pipe()
            process.standardOutput = out
            reader = out.fileHandleForReading
        }
        try process.run()
        var firstLine: [UInt8] = []
        if let reader {
            while !firstLine.contains(0x0A) {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                firstLine += chunk
            }
            try reader.close()
        }
        if case .closedPipe = output { try? (process.standardOutput as? FileHandle)?.close() }
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let line = String(decoding: firstLine.prefix(while: { $0 != 0x0A }), as: UTF8.self)
        let signal = process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil
        return Outcome(status: process.terminationStatus, signal: signal, firstLine: line, errors: String(decoding: errors, as: UTF8.self))
    }

    static let data = ["--customers", "examples/data/customers.csv", "--events", "examples/data/events.csv"]
    static let window = ["--from", "2026-09-01", "--to", "2026-12-31"]

    /// Every command that writes to standard output, in each of its kinds of output.
    static let commands: [[String]] = [
        ["--version"],
        ["--help"],
        ["check", "--format", "json", "examples"],
        ["check", "Tests/CampaignSyntaxTests/Fixtures/errors/bad_duration_unit.campaign"],
        ["fmt", "examples/birthday.campaign"],
        ["graph", "examples"],
        ["segments", "examples"] + data + ["--at", "2026-11-01"],
        ["preview", "examples"] + data + window,
        ["explain", "c001", "examples"] + data + window,
        ["plan", "examples"] + data + window + ["--format", "csv"],
        ["plan", "examples"] + data + window + ["--format", "table"],
    ]

    @Test(arguments: commands)
    func aFullDeviceIsAnIOErrorThatNamesTheOutput(_ arguments: [String]) throws {
        let outcome = try Self.run(arguments, output: .fullDevice)
        #expect(outcome.signal == nil, "killed by signal \(outcome.signal ?? 0): \(outcome.errors)")
        #expect(outcome.status == 2, "\(outcome.errors)")
        #expect(outcome.errors.hasSuffix("error: cannot write to standard output: No space left on device\n"), "\(outcome.errors)")
        #expect(outcome.errors.components(separatedBy: "error: cannot write").count == 2, "said once")
    }

    /// A reader gone before the first write: the run ends as it would have, without a word.
    @Test(arguments: commands)
    func aClosedPipeEndsQuietlyWithTheRunsOwnStatus(_ arguments: [String]) throws {
        let (status, _, errors) = try EndToEndTests.run(arguments)
        let outcome = try Self.run(arguments, output: .closedPipe)
        #expect(outcome.signal == nil, "killed by signal \(outcome.signal ?? 0)")
        #expect(outcome.status == status)
        #expect(outcome.errors == errors)
    }

    /// A schedule of a thousand kilobytes, far more than a pipe holds, so the reader leaves
    /// while the command is still writing.
    static let largeData: [String] = {
        let folder = (try? TemporaryFolder.make()) ?? "/missing"
        _ = try? EndToEndTests.run(["gen", "--customers", "2000", "--seed", "3", "--out", folder])
        return ["--customers", folder + "/customers.csv", "--events", folder + "/events.csv", "--from", "2026-01-01", "--to", "2026-12-31"]
    }()

    @Test(arguments: ["csv", "ndjson", "json", "table"])
    func aReaderThatStopsAfterOneLineEndsTheRunQuietly(_ format: String) throws {
        let arguments = ["plan", "examples"] + Self.largeData + ["--format", format]
        let (status, full, errors) = try EndToEndTests.run(arguments)
        #expect(status == 0 && full.utf8.count > 500_000, "\(errors)")
        let outcome = try Self.run(arguments, output: .readerTakesOneLine)
        #expect(outcome.signal == nil, "killed by signal \(outcome.signal ?? 0)")
        #expect(outcome.status == 0)
        #expect(outcome.errors == errors, "nothing more than an undisturbed run says")
        #expect(outcome.firstLine == full.prefix(while: { $0 != "\n" }))
    }

    @Test func standardErrorThatCannotBeWrittenNeverStopsTheRun() throws {
        for (arguments, expected) in [(["check", "/no/such/file.campaign"], Int32(2)), (["check", "examples"], 0),
                                      (["plan", "examples"] + Self.data + Self.window + ["--format", "table"], 0)] {
            let process = Self.process(arguments)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try #require(FileHandle(forWritingAtPath: "/dev/full"))
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationReason == .exit && process.terminationStatus == expected, "\(arguments)")
        }
    }

    /// Runs the binary under the small file-size limit; its status, how it ended, its errors.
    static func runWithSmallFileLimit(_ arguments: [String]) throws -> (Int32, Process.TerminationReason, String) {
        let process = Self.process(arguments, smallFileLimit: true)
        process.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        process.standardError = err
        try process.run()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, process.terminationReason, String(decoding: errors, as: UTF8.self))
    }

    @Test func anHTMLReportThatCannotBeWrittenLeavesNoFile() throws {
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/preview.html"
        let (status, reason, errors) = try Self.runWithSmallFileLimit(["preview", "examples"] + Self.data + Self.window + ["--html", path])
        #expect(reason == .exit && status == 2, "\(errors)")
        #expect(errors == "error: cannot write to \(path): File too large\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [], "no empty, partial or temporary file")
        let (bad, _, badErrors) = try EndToEndTests.run(["preview", "examples"] + Self.data + Self.window + ["--html", "/dev/full/x.html"])
        #expect(bad == 2 && badErrors == "error: cannot write to /dev/full/x.html: Not a directory\n")
        let (full, _, fullErrors) = try EndToEndTests.run(["preview", "examples"] + Self.data + Self.window + ["--html", "/dev/full"])
        #expect(full == 2 && fullErrors == "error: cannot write to /dev/full: No space left on device\n")
    }

    @Test func aDatasetThatCannotBeWrittenLeavesNoFileNorFolder() throws {
        let parent = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let (status, reason, errors) = try Self.runWithSmallFileLimit(["gen", "--customers", "500", "--out", parent + "/data"])
        #expect(reason == .exit && status == 2, "\(errors)")
        #expect(errors == "error: cannot write to \(parent)/data/customers.csv: File too large\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == [])
        let (bad, _, badErrors) = try EndToEndTests.run(["gen", "--customers", "5", "--out", "/dev/full/data"])
        #expect(bad == 2 && badErrors == "error: cannot write to /dev/full/data: Not a directory\n")
    }

    @Test func aFormattedFileThatCannotBeWrittenKeepsItsOldContents() throws {
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/many.campaign"
        let original = (1...400).map { "segment   s\($0)=1<2\n" }.joined()
        try Data(original.utf8).write(to: URL(fileURLWithPath: path))
        let (status, reason, errors) = try Self.runWithSmallFileLimit(["fmt", "-w", path])
        #expect(reason == .exit && status == 2, "\(errors)")
        #expect(errors == "error: cannot write to \(path): File too large\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == original)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["many.campaign"])
    }
}
