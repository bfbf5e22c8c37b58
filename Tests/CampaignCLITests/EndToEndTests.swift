import Foundation
import TestFixtures
import Testing

/// The built `campaign` binary, run as a user runs it.
@Suite struct EndToEndTests {
    /// The built binary (`BuiltBinary`).
    static let binary = BuiltBinary.campaign

    static func run(_ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil) throws -> (Int32, String, String) {
        try run(binary, arguments, in: CLITests.root, stdin: stdin, environment: environment)
    }

    /// Any program, run in a folder to its end: its exit status, standard output and error.
    static func run(_ executable: URL, _ arguments: [String], in folder: URL, stdin: Data? = nil, environment: [String: String]? = nil) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    @Test func checkExamples() throws {
        let (status, out, err) = try Self.run(["check", "examples"])
        #expect(status == 0, "\(out)\(err)")
        #expect(err == "checked 6 files: no problems\n")
    }

    /// The product owner's examples as written check clean and plan exactly as the
    /// bundled ones, which differ from them in layout only.
    @Test func specExamplesCheckAndPlan() throws {
        let spec = Repository.specExamples
        #expect(try spec.names(endingWith: ".campaign").count == 6, "\(spec.path)")
        let (status, out, err) = try Self.run(["check", spec.path])
        #expect(status == 0, "\(out)\(err)")
        #expect(err == "checked 6 files: no problems\n")
        let options = PlanCommandTests.data + PlanCommandTests.window + ["--render", "--format", "csv"]
        let (planStatus, plan, planErrors) = try Self.run(["plan", spec.path] + options)
        #expect(planStatus == 0, "\(planErrors)")
        let (_, bundled, _) = try Self.run(["plan", "examples"] + options)
        #expect(plan.split(separator: "\n").count > 20, "the examples plan hardly anything: \(plan.prefix(400))")
        #expect(plan == bundled, "the spec's examples plan differently from examples/")
    }

    @Test func examplesAreFormatted() throws {
        let (status, out, _) = try Self.run(["fmt", "--check", "examples"])
        #expect(status == 0, "not formatted: \(out)")
    }

    @Test func eachExampleFileChecksAlone() throws {
        for name in ["birthday", "home_decor", "lapsing_push", "onboarding", "schema", "winback_sms"] {
            let (status, out, _) = try Self.run(["check", "examples/\(name).campaign"])
            #expect(status == 0, "\(name): \(out)")
        }
    }

    @Test func binaryGarbageIsOneErrorAndExitOne() throws {
        let (status, out, _) = try Self.run(["check", "Tests/CampaignSyntaxTests/Fixtures/errors/binary_garbage.campaign"])
        #expect(status == 1)
        #expect(out.contains("[E0002]"))
        #expect(!out.contains("\u{1B}"), "no raw control bytes reach the terminal")
    }

    @Test func stdinAndPipesGetNoColour() throws {
        let (status, out, _) = try Self.run(["check", "-"], stdin: Data("segment a = 30x\n".utf8))
        #expect(status == 1)
        #expect(out.hasPrefix("<stdin>:1:13: error: invalid duration unit"))
        #expect(!out.contains("\u{1B}["))
    }

    @Test func versionAndUsage() throws {
        #expect(try Self.run(["--version"]).0 == 0)
        let (status, _, err) = try Self.run(["check", "--bogus"])
        #expect(status == 2)
        #expect(err.contains("unknown option '--bogus'"))
    }
}
