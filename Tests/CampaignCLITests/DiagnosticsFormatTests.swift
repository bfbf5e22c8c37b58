import Foundation
import Testing

/// `--diagnostics-format` on the commands that run against data: the data's problems in
/// the machine formats `check --format` has (docs/diagnostics.md, "Data problems"), on
/// standard error, with standard output and the exit status as without it. Run through
/// the built binary, as a CI job runs it.
@Suite struct DiagnosticsFormatTests {
    static let fixtures = CLITests.fixtures.appendingPathComponent("diagnostics")
    /// A customers file whose line 3 has `yesterday` for `signup_at` (D0203).
    static let badTime = ["--customers", "Tests/CampaignCLITests/Fixtures/diagnostics/bad_time_customers.csv",
                          "--events", "Tests/CampaignCLITests/Fixtures/diagnostics/events.csv"]

    static func golden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = fixtures.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
            try? Data(actual.utf8).write(to: url)
            return
        }
        let expected = (try? String(contentsOf: url, encoding: .utf8)) ?? "<missing \(name)>"
        #expect(actual == expected, sourceLocation: sourceLocation)
    }

    /// The four commands, each with the arguments it needs besides the data files.
    static let commands: [[String]] = [
        ["segments", "examples", "--at", "2026-11-01"],
        ["plan", "examples", "--format", "csv"] + PlanCommandTests.window,
        ["preview", "examples"] + PlanCommandTests.window,
        ["explain", "c001", "examples"] + PlanCommandTests.window,
    ]

    @Test(arguments: ["json", "sarif", "github"])
    func aBadTimeInRowThree(_ format: String) throws {
        let (status, out, err) = try EndToEndTests.run(["plan", "examples"] + PlanCommandTests.window + Self.badTime + ["--diagnostics-format", format])
        #expect(status == 1)
        #expect(out.isEmpty)
        Self.golden(err, "bad_time." + format)
    }

    /// The text is what it was before the option existed.
    @Test func textIsTheDefault() throws {
        let (status, _, err) = try EndToEndTests.run(["plan", "examples"] + PlanCommandTests.window + Self.badTime)
        let (_, _, text) = try EndToEndTests.run(["plan", "examples"] + PlanCommandTests.window + Self.badTime + ["--diagnostics-format", "text"])
        #expect(status == 1)
        #expect(err == "Tests/CampaignCLITests/Fixtures/diagnostics/bad_time_customers.csv:3: error: column `signup_at`: expected an ISO 8601 time with a zone, such as 2026-11-03T15:00:00Z or 2026-11-03T10:00:00-05:00, or a date (midnight UTC), found \"yesterday\" [D0203]\n")
        #expect(text == err)
    }

    @Test(arguments: commands)
    func jsonOnStandardErrorAndTheResultUnchanged(_ command: [String]) throws {
        for data in [PlanCommandTests.data, Self.badTime] {
            let (status, out, _) = try EndToEndTests.run(command + data)
            let (jsonStatus, jsonOut, jsonErr) = try EndToEndTests.run(command + data + ["--diagnostics-format", "json"])
            #expect(jsonStatus == status, "\(command[0]): the exit status is the same")
            #expect(jsonOut == out, "\(command[0]): standard output is the same")
            let parsed = try JSONSerialization.jsonObject(with: Data(jsonErr.utf8))
            let diagnostics = try #require(parsed as? [[String: Any]], "\(command[0]): \(jsonErr)")
            let codes = diagnostics.compactMap { $0["code"] as? String }
            if data == Self.badTime {
                #expect(status == 1)
                #expect(codes == ["D0203"], "\(command[0]): \(jsonErr)")
                #expect(diagnostics.first?["line"] as? Int == 3)
            } else {
                #expect(status == 0)
                #expect(codes.allSatisfy { !$0.hasPrefix("E") }, "\(command[0]): \(jsonErr)")
            }
        }
    }

    /// The campaigns' errors go in the same document, with their ranges, and stop the run
    /// before the data is read.
    @Test func campaignErrorsInTheSameDocument() throws {
        let (status, out, err) = try EndToEndTests.run(["plan", CLITests.semanticFixture, "--root", CLITests.semanticRoot]
                                                       + PlanCommandTests.window + PlanCommandTests.data + ["--diagnostics-format", "json"])
        #expect(status == 1)
        #expect(out.isEmpty)
        let diagnostics = try #require(try JSONSerialization.jsonObject(with: Data(err.utf8)) as? [[String: Any]], "\(err)")
        #expect(!diagnostics.isEmpty && diagnostics.allSatisfy { ($0["code"] as? String)?.hasPrefix("E") == true && $0["endColumn"] != nil }, "\(err)")
    }

    /// A usage error before anything is checked stays one line of text, with no document.
    @Test func aUsageErrorIsText() throws {
        let (status, out, err) = try EndToEndTests.run(["plan", "examples", "--from", "2026-04-01"] + PlanCommandTests.data + ["--diagnostics-format", "sarif"])
        #expect(status == 2)
        #expect(out.isEmpty)
        #expect(err == "error: --from INSTANT and --to INSTANT are both required (the window to plan)\n")
    }

    /// A data file that cannot be read (exit 2, as before) is a diagnostic in the document.
    @Test func anUnreadableFileIsInTheDocument() throws {
        let (status, _, err) = try EndToEndTests.run(["segments", "examples", "--at", "2026-11-01", "--customers", "no/such.csv",
                                                      "--events", "examples/data/events.csv", "--diagnostics-format", "github"])
        #expect(status == 2)
        #expect(err.hasPrefix("::error file=no/such.csv,title=D0001::cannot read the file: "), "\(err)")
    }

    /// With `--skip-bad-rows` the text counts the skipped rows; the document, which has no
    /// prose, carries their errors, and the run succeeds as it does with text.
    @Test func skippedRowsAreStillInTheDocument() throws {
        let command = ["plan", "examples", "--format", "csv", "--skip-bad-rows"] + PlanCommandTests.window + Self.badTime
        let (status, out, err) = try EndToEndTests.run(command)
        let (jsonStatus, jsonOut, jsonErr) = try EndToEndTests.run(command + ["--diagnostics-format", "json"])
        #expect(status == 0 && jsonStatus == 0)
        #expect(jsonOut == out)
        #expect(err.hasSuffix("skipped 1 bad row: 1 × D0203 (invalid time)\n"), "\(err)")
        let diagnostics = try #require(try JSONSerialization.jsonObject(with: Data(jsonErr.utf8)) as? [[String: Any]], "\(jsonErr)")
        #expect(diagnostics.compactMap { $0["code"] as? String } == ["D0203"])
    }
}
