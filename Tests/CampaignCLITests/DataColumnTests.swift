import CampaignCLI
import Foundation
import Testing

/// Data that looks right but is not: a column whose name nearly spells a declared field is
/// an error with "did you mean" at its header cell (or NDJSON key), an optional field with
/// no column at all is a warning naming what it leaves empty, and `--strict` makes the data
/// commands fail on any warning, as `check --strict` does.
@Suite struct DataColumnTests {
    static let window = ["--from", "2026-11-01", "--to", "2026-11-03"]

    /// A temporary folder holding `files`, removed after `body`.
    static func withFolder<R>(_ files: [String: String], _ body: (String) throws -> R) throws -> R {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-columns-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        return try body(folder.path)
    }

    /// The bundled customers as NDJSON, every value a string (the reader parses strings by
    /// the schema), with `rename` applied to the keys.
    static func customersAsNDJSON(rename: [String: String]) throws -> String {
        let lines = try String(contentsOf: CLITests.root.appendingPathComponent("examples/data/customers.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0].map { rename[$0] ?? $0 }
        return lines.dropFirst().map { row in
            "{" + zip(header, row).filter { !$0.1.isEmpty }.map { "\"\($0)\": \"\($1)\"" }.joined(separator: ", ") + "}\n"
        }.joined()
    }

    static let bundledCustomers = (try? String(contentsOf: CLITests.root.appendingPathComponent("examples/data/customers.csv"), encoding: .utf8)) ?? ""
    static let bundledEvents = (try? String(contentsOf: CLITests.root.appendingPathComponent("examples/data/events.csv"), encoding: .utf8)) ?? ""

    /// `plan` over the examples with one data file replaced: the near miss fails the run
    /// (exit 1, nothing planned) with the file, line, column and a rename to make.
    @Test(arguments: [
        ("customers.csv", "customers.csv:1:16: error: no column for field `first_name`; the file has `firstname` [D0107]\n  = help: did you mean `first_name`? rename the column\n"),
        ("customers.ndjson", "customers.ndjson:1:69: error: no record has a key for field `first_name`; the file has `firstname` [D0107]\n  = help: did you mean `first_name`? rename the key\n"),
        ("events.csv", "events.csv:1:31: error: no column for property `category`; the file has `categroy` [D0107]\n  = help: did you mean `category`? rename the column\n"),
    ])
    func nearMissFailsThePlan(_ replaced: String, _ expected: String) throws {
        let files = [
            "customers.csv": Self.bundledCustomers.replacingOccurrences(of: ",first_name,", with: ",firstname,"),
            "customers.ndjson": try Self.customersAsNDJSON(rename: ["first_name": "firstname"]),
            "events.csv": Self.bundledEvents.replacingOccurrences(of: ",category\n", with: ",categroy\n"),
        ]
        try Self.withFolder([replaced: files[replaced] ?? ""]) { folder in
            let customers = replaced.hasPrefix("customers") ? folder + "/" + replaced : CLITests.data + "/customers.csv"
            let events = replaced.hasPrefix("events") ? folder + "/" + replaced : CLITests.data + "/events.csv"
            let (status, out, err) = CLITests.run(["plan", CLITests.examples, "--customers", customers, "--events", events] + Self.window)
            #expect(status == 1)
            #expect(out.isEmpty)
            #expect(err.hasPrefix(folder + "/" + expected), "\(err)")
        }
    }

    /// A misspelt column is no bad row: `--skip-bad-rows` does not hide it (it did, as a
    /// count of skipped rows, for any error about the header).
    @Test(arguments: [("firstname", "no column for field `first_name`; the file has `firstname` [D0107]"),
                      ("signupat", "no column for field `signup_at`; the file has `signupat` [D0107]"),
                      ("signed_up", "the header has no column `signup_at`, a required customer field [D0101]")])
    func fileErrorsAreNotSkippedRows(_ column: String, _ message: String) throws {
        let renamed = column == "firstname" ? ",first_name," : ",signup_at,"
        try Self.withFolder(["customers.csv": Self.bundledCustomers.replacingOccurrences(of: renamed, with: ",\(column),")]) { folder in
            let (status, _, err) = CLITests.run(["segments", CLITests.examples, "--customers", folder + "/customers.csv", "--events", CLITests.data + "/events.csv",
                                                 "--at", "2026-11-01", "--skip-bad-rows"])
            #expect(status == 1)
            #expect(err.contains(message), "\(err)")
            #expect(!err.contains("skipped"), "\(err)")
        }
    }

    /// The same bundled data with `first_name` renamed back reads cleanly: the check is the
    /// name, not the shape of the file.
    @Test func theNDJSONCustomersReadWhenTheKeyIsRight() throws {
        try Self.withFolder(["customers.ndjson": try Self.customersAsNDJSON(rename: [:])]) { folder in
            let (status, _, err) = CLITests.run(["plan", CLITests.examples, "--customers", folder + "/customers.ndjson", "--events", CLITests.data + "/events.csv"]
                + Self.window + ["--strict", "--format", "csv"])
            #expect(status == 0, "\(err)")
            #expect(err.isEmpty)
        }
    }

    /// A small project: a template reads `first_name`, a segment's condition reads a
    /// purchase's `category`; the data has neither column.
    static let project: [String: String] = [
        "schema.campaign": """
        customer { id: id  phone: phone?  first_name: text(max 20)?  signup_at: time  sms_opt_in: bool }
        event purchase { amount: number, category: text? }
        channel sms { address: phone consent: sms_opt_in }
        segment home_buyers = count(purchase where category == "home" in last 30d) >= 1
        policy { timezone "UTC" }

        """,
        "hello.campaign": """
        import "schema.campaign"

        campaign hello {
          audience home_buyers
          trigger daily at 09:00
          send sms hi { text "Hi {{ first_name | default: 'there' }}" }
        }

        """,
        "quiet.campaign": """
        import "schema.campaign"

        campaign quiet {
          trigger daily at 10:00
          send sms ping { text "Ping" }
        }

        """,
        "customers.csv": "id,phone,first_name,signup_at,sms_opt_in\nc1,+15551230001,Ana,2025-01-10T14:00:00Z,true\n",
        "events.csv": "customer_id,event,time,amount,category\nc1,purchase,2026-10-30T10:00:00Z,5,home\n",
    ]

    static let withoutOptionalColumns = project.merging([
        "customers.csv": "id,phone,signup_at,sms_opt_in\nc1,+15551230001,2025-01-10T14:00:00Z,true\n",
        "events.csv": "customer_id,event,time,amount\nc1,purchase,2026-10-30T10:00:00Z,5\n",
    ]) { $1 }

    @Test(arguments: [
        ([String](), [
            "customers.csv:1: warning: no column for optional field `first_name`, so no customer has a value; affects: template of `hello.hi` [D0108]",
            "events.csv:1: warning: no column for optional property `category`, so no event has a value; affects: condition of segment `home_buyers` [D0108]",
        ]),
        (["--campaign", "quiet"], [
            "customers.csv:1: warning: no column for optional field `first_name`, so no customer has a value; nothing in the selected campaigns or segments reads it [D0108]",
            "events.csv:1: warning: no column for optional property `category`, so no event has a value; nothing in the selected campaigns or segments reads it [D0108]",
        ]),
    ])
    func missingOptionalColumnsWarnWithWhatTheyAffect(_ selection: [String], _ expected: [String]) throws {
        try Self.withFolder(Self.withoutOptionalColumns) { folder in
            let (status, out, err) = CLITests.run(["plan", folder, "--customers", folder + "/customers.csv", "--events", folder + "/events.csv", "--format", "csv"]
                + Self.window + selection)
            #expect(status == 0, "warnings alone do not fail: \(err)")
            #expect(out.contains(",quiet,ping,send,sms,"))
            #expect(err == expected.map { folder + "/" + $0 + "\n" }.joined())
        }
    }

    /// NDJSON keys play the header's part: no record holds `category`.
    @Test func missingOptionalKeyWarnsInNDJSON() throws {
        let events = "{\"customer_id\": \"c1\", \"event\": \"purchase\", \"time\": \"2026-10-30T10:00:00Z\", \"properties\": {\"amount\": 5}}\n"
        try Self.withFolder(Self.project.merging(["events.ndjson": events]) { $1 }) { folder in
            let (status, _, err) = CLITests.run(["segments", folder, "--customers", folder + "/customers.csv", "--events", folder + "/events.ndjson", "--at", "2026-11-01"])
            #expect(status == 0)
            #expect(err == folder + "/events.ndjson: warning: no record has a key for optional property `category`, so no event has a value; affects: condition of segment `home_buyers` [D0108]\n")
        }
    }

    enum Warning: String, CaseIterable, CustomTestStringConvertible {
        case none, campaign, data
        var testDescription: String { rawValue }
    }

    static func arguments(_ command: String, _ folder: String) -> [String] {
        let data = ["--customers", folder + "/customers.csv", "--events", folder + "/events.csv"]
        switch command {
        case "segments": return ["segments", folder] + data + ["--at", "2026-11-01"]
        case "explain": return ["explain", "c1", folder] + data + window
        default: return [command, folder] + data + window
        }
    }

    /// Every data command: a warning (the campaigns' or the data's) fails with `--strict`
    /// and nothing is run; without it, or with no warning, the command succeeds.
    @Test(arguments: ["plan", "preview", "explain", "segments"], Warning.allCases)
    func strictFailsOnWarnings(_ command: String, _ warning: Warning) throws {
        var files = Self.project
        switch warning {
        case .none: break
        case .campaign: files["quiet.campaign"] = files["quiet.campaign"]?.replacingOccurrences(of: "  send", with: "\tsend")
        case .data: files = Self.withoutOptionalColumns
        }
        try Self.withFolder(files) { folder in
            let lenient = CLITests.run(Self.arguments(command, folder))
            #expect(lenient.0 == 0, "\(lenient.2)")
            #expect(!lenient.1.isEmpty)
            #expect(lenient.2.contains("warning:") == (warning != .none), "warnings are shown either way: \(lenient.2)")
            let strict = CLITests.run(Self.arguments(command, folder) + ["--strict"])
            #expect(strict.0 == (warning == .none ? 0 : 1), "\(strict.2)")
            #expect(strict.1.isEmpty == (warning != .none), "a strict failure runs nothing")
            switch warning {
            case .none: break
            case .campaign: #expect(strict.2.hasSuffix("the campaigns have 0 errors, 1 warning; --strict fails on warnings\n"), "\(strict.2)")
            case .data: #expect(strict.2.hasSuffix("the data has 2 warnings; --strict fails on warnings\n"), "\(strict.2)")
            }
        }
    }
}
