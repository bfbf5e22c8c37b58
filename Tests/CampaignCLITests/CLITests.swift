import CampaignCLI
import Foundation
import Testing

/// The command line in process: exit statuses, help, usage errors, colour rules.
@Suite struct CLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let examples = root.appendingPathComponent("examples").path
    static let errors = root.appendingPathComponent("Tests/CampaignSyntaxTests/Fixtures/errors").path

    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil, terminal: Bool = false) -> (Int32, String, String) {
        let console = Console(environment: environment, standardInput: stdin.map { Array($0.utf8) }, terminal: terminal)
        let status = CLI.run(arguments, console: console)
        return (status, console.output, console.errors)
    }

    static func golden(_ actual: String, _ name: String, folder: String = "help", ext: String = ".expected", sourceLocation: SourceLocation = #_sourceLocation) {
        let url = fixtures.appendingPathComponent(folder).appendingPathComponent(name + ext)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
            try? Data(actual.utf8).write(to: url)
            return
        }
        let expected = (try? String(contentsOf: url, encoding: .utf8)) ?? "<missing \(name).expected>"
        #expect(actual == expected, sourceLocation: sourceLocation)
    }

    @Test func version() {
        let (status, out, _) = Self.run(["--version"])
        #expect(status == 0)
        #expect(out == "campaign \(CLI.version)\n")
    }

    @Test(arguments: [(["--help"], "tool"), (["check", "--help"], "check"), (["fmt", "-h"], "fmt"), (["help", "check"], "check"),
                      (["plan", "--help"], "plan"), (["preview", "--help"], "preview"), (["explain", "--help"], "explain"), (["segments", "--help"], "segments"),
                      (["gen", "--help"], "gen")])
    func help(_ arguments: [String], _ golden: String) {
        let (status, out, err) = Self.run(arguments, environment: ["COLUMNS": "100"])
        #expect(status == 0)
        #expect(err.isEmpty)
        Self.golden(out, golden)
    }

    @Test func noArgumentsShowsHelpAndFails() {
        let (status, _, err) = Self.run([])
        #expect(status == 2)
        #expect(err.contains("SUBCOMMANDS"))
    }

    @Test(arguments: [
        (["chek", "examples"], "unknown command 'chek'", "did you mean 'check'?"),
        (["check", "--fromat", "json", "x"], "unknown option '--fromat'", "did you mean '--format'?"),
        (["check", "--format", "xml", "x"], "invalid value 'xml' for '--format'", "expected one of: text, json, sarif, github"),
        (["check", "--format=jsn", "x"], "invalid value 'jsn'", "did you mean 'json'?"),
        (["check", "--format"], "missing value for '--format <format>'", "campaign check --help"),
        (["check"], "missing <path>", "usage: campaign check"),
        (["check", "--strict=yes", "x"], "takes no value", "usage:"),
        (["fmt", "-w", "--check", "x"], "cannot be used together", "campaign fmt"),
        (["deploy"], "unknown command 'deploy'", "campaign --help"),
    ])
    func usageErrorsExitTwo(_ arguments: [String], _ message: String, _ hint: String) {
        let (status, out, err) = Self.run(arguments)
        #expect(status == 2)
        #expect(out.isEmpty)
        #expect(err.contains(message), "\(err)")
        #expect(err.contains(hint), "\(err)")
    }

    @Test func missingFileIsAnIOError() {
        let (status, _, err) = Self.run(["check", "/no/such/file.campaign"])
        #expect(status == 2)
        #expect(err.contains("no such file or folder: /no/such/file.campaign"))
    }

    @Test func examplesCheckClean() {
        let (status, out, err) = Self.run(["check", Self.examples])
        #expect(status == 0)
        #expect(out.isEmpty)
        #expect(err.contains("checked 6 files: no problems"))
    }

    @Test func errorsExitOneAndRenderAsText() {
        let (status, out, err) = Self.run(["check", Self.errors + "/bad_duration_unit.campaign"])
        #expect(status == 1)
        #expect(out.contains("bad_duration_unit.campaign:2:11: error: invalid duration unit `x` in `30x` [E0007]"))
        #expect(err.contains("1 error, 0 warnings"))
    }

    @Test func warningsFailOnlyWhenStrict() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-strict-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.examples + "/schema.campaign", toPath: folder.appendingPathComponent("schema.campaign").path)
        let file = folder.appendingPathComponent("tabbed.campaign").path
        try Data("import \"schema.campaign\"\n\ncampaign tabbed {\n\ttrigger daily at 09:00\n\tsend push hi { body \"Hi\" }\n}\n".utf8).write(to: URL(fileURLWithPath: file))
        let (status, out, _) = Self.run(["check", file])
        #expect(status == 0, "\(out)")
        #expect(out.contains("[W0001]"))
        #expect(Self.run(["check", "--strict", file]).0 == 1)
    }

    @Test(arguments: ["json", "sarif"])
    func machineFormatsAreJSON(_ format: String) throws {
        let (status, out, err) = Self.run(["check", "--format", format, Self.errors + "/independent_errors.campaign"])
        #expect(status == 1)
        #expect(err.isEmpty, "machine formats print no summary")
        _ = try JSONSerialization.jsonObject(with: Data(out.utf8))
    }

    @Test func githubFormatAnnotatesEachProblem() {
        let (status, out, _) = Self.run(["check", "--format", "github", Self.errors + "/independent_errors.campaign"])
        #expect(status == 1)
        #expect(out.split(separator: "\n").count == 4)
        #expect(out.split(separator: "\n").allSatisfy { $0.hasPrefix("::error file=") })
    }

    @Test func colourFollowsTheTerminalAndNoColor() {
        let file = Self.errors + "/bad_duration_unit.campaign"
        #expect(!Self.run(["check", file]).1.contains("\u{1B}["))
        #expect(Self.run(["check", file], terminal: true).1.contains("\u{1B}["))
        #expect(!Self.run(["check", file], environment: ["NO_COLOR": "1"], terminal: true).1.contains("\u{1B}["))
        #expect(!Self.run(["check", "--color", "never", file], terminal: true).1.contains("\u{1B}["))
        #expect(Self.run(["check", "--color=always", file]).1.contains("\u{1B}["))
    }

    @Test func standardInput() {
        let (status, out, _) = Self.run(["check", "-"], stdin: "segment a = (\n")
        #expect(status == 1)
        #expect(out.hasPrefix("<stdin>:1:14: error:"))
        let formatted = Self.run(["fmt", "-"], stdin: "segment   a=vip\n")
        #expect(formatted.0 == 0)
        #expect(formatted.1 == "segment a = vip\n")
    }

    @Test func fmtCheckWriteCycle() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-fmt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let messy = folder.appendingPathComponent("a.campaign")
        let broken = folder.appendingPathComponent("b.campaign")
        try Data("segment   a=vip\n".utf8).write(to: messy)
        try Data("segment b = (\n".utf8).write(to: broken)

        let check = Self.run(["fmt", "--check", folder.path])
        #expect(check.0 == 1)
        #expect(check.1.contains("a.campaign"))
        #expect(check.2.contains("b.campaign:1:14: error"))

        let write = Self.run(["fmt", "-w", folder.path])
        #expect(write.0 == 1, "the broken file still fails")
        #expect(try String(contentsOf: messy, encoding: .utf8) == "segment a = vip\n")
        #expect(try String(contentsOf: broken, encoding: .utf8) == "segment b = (\n", "files with errors are left alone")

        try FileManager.default.removeItem(at: broken)
        #expect(Self.run(["fmt", "--check", folder.path]).0 == 0)
    }

    @Test func fmtPrintsCanonicalText() {
        let (status, out, _) = Self.run(["fmt", Self.examples + "/birthday.campaign"])
        #expect(status == 0)
        #expect(out == (try? String(contentsOfFile: Self.examples + "/birthday.campaign", encoding: .utf8)))
    }

    static let semanticFixture = root.appendingPathComponent("Tests/CampaignSemanticsTests/Fixtures/invalid/unknown_field_in_segment.campaign").path
    static let semanticRoot = root.appendingPathComponent("Tests/CampaignSemanticsTests/Fixtures").path

    /// The four formats carry the same diagnostics (codes and places) for type errors.
    @Test func everyFormatCarriesTheSameTypeErrors() throws {
        let base = ["check", "--root", Self.semanticRoot, Self.semanticFixture]
        let text = Self.run(base)
        #expect(text.0 == 1)
        #expect(text.1.contains("invalid/unknown_field_in_segment.campaign:4:21: error: unknown name `sms_optin` [E0102]"))
        let json = Self.run(base + ["--format", "json"])
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.1.utf8)) as? [[String: Any]])
        #expect(array.map { $0["code"] as? String } == ["E0102"])
        #expect(array.first?["line"] as? Int == 4 && array.first?["column"] as? Int == 21)
        let sarif = Self.run(base + ["--format", "sarif"])
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.1.utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.map { $0["ruleId"] as? String } == ["E0102"])
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(rules.contains { $0["id"] as? String == "E0102" })
        #expect(rules.contains { $0["id"] as? String == "E0007" })
        let github = Self.run(base + ["--format", "github"])
        #expect(github.1.hasPrefix("::error file="))
        #expect(github.1.contains("line=4,col=21"))
        #expect(github.1.contains("title=E0102::unknown name `sms_optin`"))
    }

    @Test func verboseShowsBoundsGuaranteesAndSMS() {
        let (status, out, _) = Self.run(["check", "--verbose", Self.examples])
        #expect(status == 0)
        #expect(out.contains("campaign winback_sms\n  at most 3 messages per entry (sms 3)\n"))
        #expect(out.contains("sms survey: consent: guaranteed by the audience (`sms_opt_in`); address: left to the planner (`phone` may be missing)"))
        #expect(out.contains("sms survey: UCS-2 worst case, 2 segments; GSM-7 when names are Latin, 1 segment"))
    }

    @Test func syntaxErrorsPostponeTypeChecking() {
        let (status, _, err) = Self.run(["check", Self.errors + "/bad_duration_unit.campaign"])
        #expect(status == 1)
        #expect(err.contains("type checking waits until the syntax errors are fixed"))
    }

    static let data = root.appendingPathComponent("examples/data").path

    @Test func segmentsOnTheBundledData() {
        let (status, out, err) = Self.run(["segments", Self.examples, "--customers", Self.data + "/customers.csv", "--events", Self.data + "/events.csv", "--at", "2026-11-01"])
        #expect(status == 0, "\(err)")
        let rows = out.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(rows.contains(["lapsing", "3", "37.5%"]))
        #expect(rows.contains(["loyal", "1", "12.5%"]))
        #expect(rows.contains(["inactive", "5", "62.5%"]))
        let csv = Self.run(["segments", Self.examples, "--customers", Self.data + "/customers.csv", "--events", Self.data + "/events.csv", "--at", "2026-11-01", "--format", "csv"])
        #expect(csv.1 == "segment,customers\nactive,2\nhome_readers,0\ninactive,5\nlapsing,3\nloyal,1\n")
        let list = Self.run(["segments", Self.examples, "--customers", Self.data + "/customers.csv", "--events", Self.data + "/events.csv", "--at", "2026-11-01T00:00:00Z", "--list", "lapsing"])
        #expect(list.1 == "c001\nc002\nc003\n")
    }

    @Test func segmentsUsageAndDataErrors() throws {
        let base = ["segments", Self.examples, "--customers", Self.data + "/customers.csv", "--events", Self.data + "/events.csv"]
        #expect(Self.run(base).0 == 2, "--at is required")
        #expect(Self.run(base + ["--at", "yesterday"]).0 == 2)
        #expect(Self.run(base + ["--at", "2026-11-01", "--list", "lapsng"]).2.contains("did you mean 'lapsing'?"))
        #expect(Self.run(["segments", Self.examples, "--customers", "/no/such.csv", "--events", Self.data + "/events.csv", "--at", "2026-11-01"]).0 == 2)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-rows-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let bad = folder.appendingPathComponent("customers.csv")
        var text = try String(contentsOfFile: Self.data + "/customers.csv", encoding: .utf8)
        text = text.replacingOccurrences(of: "2025-02-01T09:30:00Z", with: "last tuesday")
        try Data(text.utf8).write(to: bad)
        let failing = Self.run(["segments", Self.examples, "--customers", bad.path, "--events", Self.data + "/events.csv", "--at", "2026-11-01"])
        #expect(failing.0 == 1)
        #expect(failing.2.contains("customers.csv:3: error: column `signup_at`: expected an ISO 8601 time"))
        let skipping = Self.run(["segments", Self.examples, "--customers", bad.path, "--events", Self.data + "/events.csv", "--at", "2026-11-01", "--skip-bad-rows"])
        #expect(skipping.0 == 2 || skipping.0 == 0 || skipping.0 == 1)
        #expect(skipping.2.contains("skipped 1 bad row: 1 × D0203 (invalid time)"))
    }

    @Test func genIsDeterministic() throws {
        let a = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-gen-a-\(UUID().uuidString)").path
        let b = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-gen-b-\(UUID().uuidString)").path
        #expect(Self.run(["gen", "--customers", "200", "--events", "2000", "--seed", "4", "--out", a]).0 == 0)
        #expect(Self.run(["gen", "--customers", "200", "--events", "2000", "--seed", "4", "--out", b]).0 == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: a + "/events.csv")) == (try Data(contentsOf: URL(fileURLWithPath: b + "/events.csv"))))
        let (status, _, err) = Self.run(["segments", Self.examples, "--customers", a + "/customers.csv", "--events", a + "/events.csv", "--at", "2026-11-01"])
        #expect(status == 0, "\(err)")
        #expect(Self.run(["gen", "--customers", "lots", "--out", a]).0 == 2)
    }

    @Test func eventsFromStandardInput() throws {
        let events = try String(contentsOfFile: Self.data + "/events.csv", encoding: .utf8)
        let (status, out, err) = Self.run(["segments", Self.examples, "--customers", Self.data + "/customers.csv", "--events", "-",
                                           "--at", "2026-11-01", "--format", "csv"], stdin: events)
        #expect(status == 0, "\(err)")
        #expect(out.contains("lapsing,3\n"))
        let ndjson = "{\"customer_id\": \"c001\", \"event\": \"purchase\", \"time\": \"2026-10-30T10:00:00Z\", \"properties\": {\"amount\": 5}}\n"
        let forced = Self.run(["segments", Self.examples, "--customers", Self.data + "/customers.csv", "--events", "-", "--events-format", "ndjson",
                               "--at", "2026-11-01", "--list", "lapsing"], stdin: ndjson)
        #expect(forced.0 == 0, "\(forced.2)")
        #expect(forced.1 == "", "c001 bought on Oct 30, so nobody is lapsing from this one event")
    }
}
