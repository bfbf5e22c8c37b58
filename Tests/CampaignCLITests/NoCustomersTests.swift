import CampaignCLI
import Foundation
import Testing

/// Data with no rows left: a CSV header alone, an empty NDJSON file, or files whose every
/// row is bad under `--skip-bad-rows`. Every data command runs to the end on them (exit 0,
/// an empty schedule, zero counts), in every output format; `plan` and `preview` died with
/// an index out of range when the schema had a `timezone` field.
@Suite struct NoCustomersTests {
    static let header = String(DataColumnTests.bundledCustomers.prefix { $0 != "\n" }) + "\n"
    static let eventsHeader = String(DataColumnTests.bundledEvents.prefix { $0 != "\n" }) + "\n"
    static let bundledRow = String(DataColumnTests.bundledCustomers.split(separator: "\n")[1])

    /// Name, customers file, events file, whether `--skip-bad-rows` is needed.
    static let inputs: [(String, String, String, Bool)] = [
        ("header-only csv", header, eventsHeader, false),
        ("empty ndjson", "", "", false),
        ("every row bad, csv", header + bundledRow.replacingOccurrences(of: "America/New_York", with: "Mars/Olympus") + "\nc9,too,few\n",
         eventsHeader + "c001,purchase,2026-09-01T15:00:00Z,42.50,home\nc001,purchase,yesterday,,\n", true),
        ("every row bad, ndjson",
         "{\"id\": \"c1\", \"email\": \"a@b.co\", \"timezone\": \"Mars/Olympus\", \"signup_at\": \"2025-01-10T14:00:00Z\", \"tier\": \"free\","
             + " \"email_opt_in\": true, \"sms_opt_in\": false}\n{\"id\": \n",
         "{\"customer_id\": \"c1\", \"event\": \"purchase\", \"time\": \"2026-09-01T15:00:00Z\"}\n{bad\n", true),
    ]

    static let window = ["--from", "2026-04-01", "--to", "2026-05-01"]

    /// Each command and format, and what its whole output is with nobody to plan for.
    static let commands: [([String], @Sendable (String) -> Bool)] = [
        (["plan", "--format", "csv"], { $0 == "time,local_time,customer_id,campaign,step,action,channel,detail\n" }),
        (["plan", "--format", "ndjson"], { $0.isEmpty }),
        (["plan", "--format", "json"], { $0.trimmingCharacters(in: .whitespacesAndNewlines) == "[]" }),
        (["plan", "--format", "table"], { $0.hasPrefix("time (UTC)") && $0.split(separator: "\n").count == 1 }),
        (["plan", "--render", "--format", "csv"], { $0.split(separator: "\n").count == 1 }),
        (["preview"], { $0.contains("· 0 customers · 0 schedule rows") && $0.contains("none in the window") }),
        (["preview", "--format", "json"], { $0.contains("\"customers\": 0") && $0.contains("\"rows\": 0") }),
        (["segments", "--at", "2026-04-01"], { $0.contains("0 customers, 0 events") && $0.split(separator: "\n").contains { $0.split(separator: " ") == ["lapsing", "0", "–"] } }),
        (["segments", "--at", "2026-04-01", "--format", "csv"], { $0 == "segment,customers\nactive,0\nhome_readers,0\ninactive,0\nlapsing,0\nloyal,0\n" }),
        (["segments", "--at", "2026-04-01", "--list", "lapsing"], { $0.isEmpty }),
    ]

    @Test(arguments: inputs.indices, commands.indices)
    func everyCommandRunsOnNoCustomers(_ input: Int, _ command: Int) throws {
        let (name, customers, events, skip) = Self.inputs[input]
        let (words, expected) = Self.commands[command]
        let ext = name.hasSuffix("ndjson") ? "ndjson" : "csv"
        try DataColumnTests.withFolder(["customers." + ext: customers, "events." + ext: events]) { folder in
            let window = words[0] == "segments" ? [] : Self.window
            let (status, out, err) = CLITests.run([words[0], CLITests.examples, "--customers", folder + "/customers." + ext, "--events", folder + "/events." + ext]
                                                  + Array(words.dropFirst()) + window + (skip ? ["--skip-bad-rows"] : []))
            #expect(status == 0, "\(name): \(words): \(err)")
            #expect(expected(out), "\(name): \(words): \(out)")
        }
    }

    @Test(arguments: inputs.indices)
    func previewWritesItsPageForNoCustomers(_ input: Int) throws {
        let (name, customers, events, skip) = Self.inputs[input]
        let ext = name.hasSuffix("ndjson") ? "ndjson" : "csv"
        try DataColumnTests.withFolder(["customers." + ext: customers, "events." + ext: events]) { folder in
            let page = folder + "/preview.html"
            let (status, _, err) = CLITests.run(["preview", CLITests.examples, "--customers", folder + "/customers." + ext, "--events", folder + "/events." + ext,
                                                 "--html", page] + Self.window + (skip ? ["--skip-bad-rows"] : []))
            #expect(status == 0, "\(name): \(err)")
            let html = try String(contentsOfFile: page, encoding: .utf8)
            #expect(html.contains("No message goes out in the window."))
            #expect(!html.contains("NaN") && !html.contains("inf\""))
        }
    }

    /// Nobody to explain: a usage error that says the file is empty, not a crash and not
    /// a suggestion from an empty list.
    @Test(arguments: inputs.indices)
    func explainSaysTheFileHasNoCustomers(_ input: Int) throws {
        let (name, customers, events, skip) = Self.inputs[input]
        let ext = name.hasSuffix("ndjson") ? "ndjson" : "csv"
        try DataColumnTests.withFolder(["customers." + ext: customers, "events." + ext: events]) { folder in
            let (status, out, err) = CLITests.run(["explain", "c001", CLITests.examples, "--customers", folder + "/customers." + ext,
                                                   "--events", folder + "/events." + ext] + Self.window + (skip ? ["--skip-bad-rows"] : []))
            #expect(status == 2)
            #expect(out.isEmpty)
            #expect(err.hasSuffix("error: no customer with id 'c001' in \(folder)/customers.\(ext), which has no customers\n"), "\(err)")
        }
    }

    /// An NDJSON file has no header: empty, it is no records; only CSV needs a header line.
    @Test func anEmptyCSVFileStillLacksItsHeader() throws {
        try DataColumnTests.withFolder(["customers.csv": "", "events.csv": Self.eventsHeader]) { folder in
            let (status, _, err) = CLITests.run(["plan", CLITests.examples, "--customers", folder + "/customers.csv", "--events", folder + "/events.csv"] + Self.window)
            #expect(status == 1)
            #expect(err.contains("customers.csv: error: the file is empty; expected a header line naming the columns [D0002]"), "\(err)")
        }
    }
}
