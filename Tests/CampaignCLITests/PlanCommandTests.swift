import CampaignCLI
import Foundation
import Testing

/// `campaign plan` and `campaign explain` from the command line.
@Suite struct PlanCommandTests {
    static let data = ["--customers", "examples/data/customers.csv", "--events", "examples/data/events.csv"]
    static let window = ["--from", "2026-04-01", "--to", "2027-01-01"]

    /// In process, with the relative paths above made absolute (tests run concurrently,
    /// so none may change the working directory).
    static func run(_ arguments: [String]) -> (Int32, String, String) {
        CLITests.run(arguments.map { $0.hasPrefix("examples") ? CLITests.root.appendingPathComponent($0).path : $0 })
    }

    @Test func planOfTheExamplesMatchesTheReviewedSchedule() throws {
        let (status, out, err) = try EndToEndTests.run(["plan", "examples"] + Self.data + Self.window + ["--render", "--format", "csv"])
        #expect(status == 0, "\(err)")
        let golden = try String(contentsOf: CLITests.root.appendingPathComponent("Tests/CampaignPlannerTests/Fixtures/schedules/all-rendered.csv"), encoding: .utf8)
        #expect(out == golden)
        let (_, twoThreads, _) = try EndToEndTests.run(["plan", "examples"] + Self.data + Self.window + ["--render", "--format", "csv", "--threads", "2"])
        let (_, oneThread, _) = try EndToEndTests.run(["plan", "examples"] + Self.data + Self.window + ["--render", "--format", "csv", "--threads", "1"])
        #expect(oneThread == out && twoThreads == out)
    }

    /// `'now'` in a template is the instant the message goes out, after quiet hours moved
    /// it, and `date` shows it in the customer's zone: a purchase at 22:00 in New York
    /// waits for 08:00 (SMS quiet hours 21:00–08:00), and the code it sends expires a week
    /// after that, at 08:00 New York time.
    @Test func nowIsTheDeferredSendInTheCustomersZone() throws {
        let schema = try String(contentsOf: CLITests.root.appendingPathComponent("examples/schema.campaign"), encoding: .utf8)
        let campaign = """
        import "schema.campaign"
        campaign thanks_sms {
          audience sms_opt_in
          trigger on purchase
          send sms thanks { text "Code ends {{ 'now' | date: '%s' | plus: 604800 | date: '%b %d %H:%M' }} (sent {{ 'now' | date: '%H:%M %z' }})" }
        }
        """
        let customers = "id,email,phone,first_name,country,timezone,signup_at,birthday,tier,email_opt_in,sms_opt_in,push_token,coupon_code\n"
            + "c1,,+15551234567,Al,US,America/New_York,2025-01-01T00:00:00Z,,free,false,true,,\n"
        let events = "customer_id,event,time,amount,category\nc1,purchase,2026-11-04T03:00:00Z,10,\n"
        let folder = try TemporaryFolder.make(["schema.campaign": Array(schema.utf8), "thanks.campaign": Array(campaign.utf8),
                                               "customers.csv": Array(customers.utf8), "events.csv": Array(events.utf8)])
        let (status, out, err) = Self.run(["plan", folder, "--customers", folder + "/customers.csv", "--events", folder + "/events.csv",
                                           "--from", "2026-11-01", "--to", "2026-11-30", "--render", "--format", "csv"])
        #expect(status == 0, "\(err)")
        #expect(out.contains("2026-11-04T13:00:00Z,2026-11-04T08:00:00-05:00,c1,thanks_sms,thanks,send,sms,\"[GSM-7, 1 segment] Code ends Nov 11 08:00 (sent 08:00 -0500)\""), "\(out)")
    }

    @Test func machineFormatsCarryTheSameRows() throws {
        let (_, csv, _) = try EndToEndTests.run(["plan", "examples"] + Self.data + Self.window + ["--format", "csv"])
        let (s1, ndjson, _) = try EndToEndTests.run(["plan", "examples"] + Self.data + Self.window + ["--format", "ndjson"])
        let (s2, json, _) = try EndToEndTests.run(["plan", "examples"] + Self.data + Self.window + ["--format", "json"])
        #expect(s1 == 0 && s2 == 0)
        let lines = ndjson.split(separator: "\n")
        #expect(lines.count == csv.split(separator: "\n").count - 1)
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object.keys.sorted() == ["action", "campaign", "channel", "customer_id", "detail", "local_time", "reason", "step", "time"])
            // The columns are text; `reason` is an object for suppressions, exits and goals, else null.
            #expect(object.filter { $0.key != "reason" }.allSatisfy { $0.value is String })
            let action = object["action"] as? String ?? ""
            #expect(["suppress", "exit", "goal"].contains(action) ? object["reason"] is [String: Any] : object["reason"] is NSNull, "\(line)")
        }
        let array = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(array?.count == lines.count)
        #expect(array?.first?["time"] as? String == "2026-07-31T10:00:00Z" && array?.first?["local_time"] as? String == "2026-07-31T13:30:00+03:30")
    }

    @Test func campaignFilterAndSuggestions() {
        let (status, out, _) = Self.run(["plan", "examples"] + Self.data + Self.window + ["--campaign", "birthday", "--format", "csv"])
        #expect(status == 0)
        #expect(out.split(separator: "\n").count == 5)
        let (bad, _, err) = Self.run(["plan", "examples"] + Self.data + Self.window + ["--campaign", "birthdya"])
        #expect(bad == 2)
        #expect(err == "error: no campaign named 'birthdya'; did you mean 'birthday'?\n")
    }

    @Test(arguments: [
        (["--from", "2026-04-01"], "error: --from INSTANT and --to INSTANT are both required (the window to plan)\n"),
        (["--from", "2026-04-01", "--to", "2026-03-01"], "error: the window is empty: --to (2026-03-01) must be after --from (2026-04-01)\n"),
        (["--from", "April", "--to", "2026-05-01"], "error: --from takes a date (2026-11-01, midnight UTC), a date and time (2026-11-01 09:00, UTC unless a zone follows) or an ISO 8601 time with a zone, not 'April'\n"),
        (["--from", "2026-04-01", "--to", "2026-05-01", "--engagement", "sms.clicks=0.2"], "error: --engagement: 'clicks' in 'sms.clicks=0.2' should be open or click\n"),
        (["--from", "2026-04-01", "--to", "2026-05-01", "--engagement", "sms.click=2"], "error: --engagement: the rate in 'sms.click=2' must be a number from 0 to 1\n"),
        (["--from", "2026-04-01", "--to", "2026-05-01", "--engagement", "fax.open=0.1"], "error: --engagement: 'fax.open' should be a channel (email, sms, push, in_app, webhook), a dot and open or click\n"),
    ])
    func usageErrors(_ c: ([String], String)) {
        let (status, _, err) = Self.run(["plan", "examples"] + Self.data + c.0)
        #expect(status == 2)
        #expect(err == c.1)
    }

    /// Instants on the command line: the language's own `2026-04-01 09:00` (UTC, or in a
    /// named zone, a DST gap resolved to its end), and an impossible date refused with why.
    @Test(arguments: [
        ("2026-04-01 09:00", "segments at 2026-04-01T09:00:00Z"),
        ("2026-04-01 09:00:30", "segments at 2026-04-01T09:00:30Z"),
        ("2026-04-01 9:00 Europe/Paris", "segments at 2026-04-01T07:00:00Z"),
        ("2026-03-29 02:30 \"Europe/Paris\"", "segments at 2026-03-29T01:00:00Z"),
    ])
    func languageInstants(_ at: String, _ heading: String) {
        let (status, out, err) = Self.run(["segments", "examples"] + Self.data + ["--at", at])
        #expect(status == 0, "\(err)")
        #expect(out.hasPrefix(heading), "\(out)")
    }

    @Test(arguments: [
        ("2026-09-31", "error: --at: '2026-09-31' is not a date: September 2026 has 30 days\n"),
        ("2027-02-29", "error: --at: '2027-02-29' is not a date: February 2027 has 28 days\n"),
        ("2026-13-01", "error: --at: '2026-13-01' is not a date: there is no month 13\n"),
        ("2026-04-01 09:00 Mars/Base", "error: --at: unknown time zone 'Mars/Base'; use an IANA name such as Europe/Paris\n"),
    ])
    func impossibleInstants(_ at: String, _ message: String) {
        let (status, _, err) = Self.run(["segments", "examples"] + Self.data + ["--at", at])
        #expect(status == 2)
        #expect(err == message)
    }

    /// A folder where a data file belongs names the data files inside it; the two files
    /// given the wrong way round are said to be swapped, once.
    @Test func aFolderOrSwappedFilesAreNamed() throws {
        let (status, _, err) = Self.run(["plan", "examples", "--customers", "examples/data", "--events", "examples/data/events.csv"] + Self.window)
        #expect(status == 2)
        let folder = CLITests.root.appendingPathComponent("examples/data").path
        #expect(err == "\(folder): error: this is a folder; name a CSV or NDJSON file such as `\(folder)/customers.csv`, `\(folder)/events.csv` [D0001]\n")
        let (swapped, _, swappedErr) = Self.run(["plan", "examples", "--customers", "examples/data/events.csv", "--events", "examples/data/customers.csv"] + Self.window)
        #expect(swapped == 1)
        #expect(swappedErr.contains("did you swap --customers and --events? [D0111]"), "\(swappedErr)")
        #expect(!swappedErr.contains("D0101"), "\(swappedErr)")
    }

    /// A data file that cannot be opened is a usage error said once: `FILE: error: …`, not
    /// `error: FILE: error: …`.
    @Test(arguments: ["plan", "preview", "segments"])
    func unreadableDataFileIsOneError(_ command: String) throws {
        let folder = try TemporaryFolder.make()
        let missing = folder + "/nope.csv"
        let rest = command == "segments" ? ["--at", "2026-04-01"] : Self.window
        let (status, out, err) = Self.run([command, "examples", "--customers", missing, "--events", folder] + rest)
        #expect(status == 2)
        #expect(out.isEmpty)
        #expect(err == "\(missing): error: cannot read the file: no such file [D0001]\n")
    }

    /// A quote never closed would hide every later row inside one value: with
    /// `--skip-bad-rows` too, the run fails and says where the quote opened, instead of
    /// counting one skipped row and planning half the file.
    @Test(arguments: [[], ["--skip-bad-rows"]], [1, 2])
    func anUnclosedQuoteFailsTheRun(_ skip: [String], _ threads: Int) throws {
        let folder = try TemporaryFolder.make()
        let events = folder + "/events.csv"
        var text = "customer_id,event,time,amount,category\n"
        for day in 1...9 { text += "c001,purchase,2026-04-0\(day)T10:00:00Z,1,home\n" }
        text += "c001,purchase,2026-04-10T10:00:00Z,1,\"garden\n"
        for day in 11...28 { text += "c001,purchase,2026-04-\(day)T10:00:00Z,1,home\n" }
        try Data(text.utf8).write(to: URL(fileURLWithPath: events))
        let (status, out, err) = Self.run(["plan", "examples", "--customers", "examples/data/customers.csv", "--events", events,
                                           "--threads", String(threads)] + skip + Self.window)
        #expect(status == 1)
        #expect(out.isEmpty)
        #expect(err.contains("events.csv:11: error: a quoted field opened on this line is never closed"), "\(err)")
        #expect(err.contains("[D0110]"), "\(err)")
        #expect(!err.contains("skipped"), "\(err)")
    }

    @Test func badDataRowsFailWithTheirPlace() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plan-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let events = folder.appendingPathComponent("events.csv")
        try Data("customer_id,event,time,amount,category\nc001,purchase,2026-13-01T00:00:00Z,1,\n".utf8).write(to: events)
        let (status, out, err) = Self.run(["plan", "examples", "--customers", "examples/data/customers.csv", "--events", events.path] + Self.window)
        #expect(status == 1)
        #expect(out.isEmpty)
        #expect(err.contains("events.csv:2:"), "\(err)")
    }

    @Test func explainTellsTheStory() {
        let (status, out, _) = Self.run(["explain", "c001", "examples"] + Self.data + Self.window)
        #expect(status == 0)
        for line in [
            "customer c001, time zone America/New_York",
            "2026-10-01T11:00:00-04:00  winback_sms    entered: 30d after last(purchase) (2026-09-01T15:00:00Z)",
            "· sms_opt_in = true",
            "2026-10-27T18:00:00-04:00  lapsing_nudge  wait until best hour (1 of 1 events at 08:00): until 2026-10-28T08:00:00-04:00",
            "2026-11-30T10:00:00-05:00  winback_sms    branch: took if not clicked(survey) and not clicked(contest)",
            "2026-12-07T10:00:00-05:00  winback_sms    unsubscribed from sms",
            "6 send, 1 unsubscribe, 4 enter",
        ] {
            #expect(out.contains(line), "missing: \(line)\n\(out)")
        }
        let (missing, _, err) = Self.run(["explain", "c0001", "examples"] + Self.data + Self.window)
        #expect(missing == 2)
        #expect(err == "error: no customer with id 'c0001' in \(CLITests.root.path)/examples/data/customers.csv; did you mean 'c001'?\n")
    }

    @Test func explainOfSuppressionsAndFallbacks() {
        let (status, out, _) = Self.run(["explain", "c006", "examples"] + Self.data + Self.window)
        #expect(status == 0)
        #expect(out.contains("exited: exit when purchase: purchase at 2026-11-20T11:00:00Z"), "\(out)")
        #expect(out.contains("reached the goal purchase within 30d: purchase 19d after entry"), "\(out)")
    }

    @Test func previewWritesTextJSONAndHTML() throws {
        let html = FileManager.default.temporaryDirectory.appendingPathComponent("preview-\(UUID().uuidString).html")
        defer { try? FileManager.default.removeItem(at: html) }
        let (status, out, err) = try EndToEndTests.run(["preview", "examples"] + Self.data + Self.window + ["--html", html.path])
        #expect(status == 0, "\(err)")
        let golden = try String(contentsOf: CLITests.root.appendingPathComponent("Tests/CampaignReportsTests/Fixtures/preview.txt"), encoding: .utf8)
        #expect(out == golden)
        #expect(err == "wrote \(html.path)\n")
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("winback_sms"))
        let (jsonStatus, json, _) = try EndToEndTests.run(["preview", "examples"] + Self.data + Self.window + ["--format", "json"])
        #expect(jsonStatus == 0)
        #expect(json == (try String(contentsOf: CLITests.root.appendingPathComponent("Tests/CampaignReportsTests/Fixtures/preview.json"), encoding: .utf8)))
        let (bad, _, badErr) = Self.run(["preview", "examples"] + Self.data + Self.window + ["--html", "/nonexistent-folder/x.html"])
        #expect(bad == 2)
        #expect(badErr == "error: cannot write to /nonexistent-folder/x.html: No such file or directory\n")
    }

    @Test func graphDrawsTheJourneys() throws {
        let (status, out, _) = try EndToEndTests.run(["graph", "examples"])
        #expect(status == 0)
        #expect(out == (try String(contentsOf: CLITests.root.appendingPathComponent("Tests/CampaignReportsTests/Fixtures/graph.mmd"), encoding: .utf8)))
        let (dotStatus, dot, _) = try EndToEndTests.run(["graph", "examples", "--format", "dot"])
        #expect(dotStatus == 0)
        #expect(dot == (try String(contentsOf: CLITests.root.appendingPathComponent("Tests/CampaignReportsTests/Fixtures/graph.dot"), encoding: .utf8)))
        let (one, single, _) = Self.run(["graph", "examples", "--campaign", "winback_sms"])
        #expect(one == 0 && single.hasPrefix("flowchart TD\n  winback_sms_n0([\"trigger 30d after last(purchase)\"])"))
        let (bad, _, err) = Self.run(["graph", "examples", "--campaign", "winback"])
        #expect(bad == 2)
        #expect(err == "error: no campaign named 'winback'; did you mean 'winback_sms'?\n")
    }
}
