import CampaignCLI
import Foundation
import Testing

/// Bad customer bundles (docs/language.md §9.5, "Customer bundles"): each problem names the line, the field
/// (`customer.signup_at`, `events[2].time`) and, where one is to blame, the character, with
/// the two-file input's codes and messages.
@Suite struct BundleErrorTests {
    /// A customer of the examples' schema with every field's key (nulls for the optional
    /// ones: a key that is present, so no warning says it never is).
    static let fields = #""id":"c1","email":null,"phone":null,"first_name":null,"country":"US","timezone":null,"signup_at":"2025-01-01T00:00:00Z","birthday":null,"tier":"free","email_opt_in":true,"sms_opt_in":false,"push_token":null,"coupon_code":null"#
    static let good = #"{"customer":{"# + fields + "}}"
    static func customer(id: String) -> String { good.replacingOccurrences(of: #""id":"c1""#, with: #""id":"\#(id)""#) }
    static func events(_ list: String) -> String { #"{"customer":{"# + fields + #"},"events":["# + list + "]}" }
    static let open = #"{"event":"app_open","time":"2026-01-01T00:00:00Z"}"#
    static let incomplete = "the schedule is incomplete: no rows were written (--skip-bad-rows plans the customers without errors)\n"

    /// Name, the input, the exit status, and everything on standard error.
    static let cases: [(String, [UInt8], Int32, String)] = [
        ("not JSON", Array((good + "\nnot json\n").utf8), 1,
         "<stdin>:2: error: expected a JSON object `{ … }` on this line [D0106]\n" + incomplete),
        ("JSON that is not an object", Array("[{\"customer\": {}}]\n".utf8), 1,
         "<stdin>:1: error: expected a JSON object `{ … }` on this line [D0106]\n" + incomplete),
        ("a key beside customer and events", Array((good.dropLast() + #","segment":"vip"}"# + "\n").utf8), 1,
         "<stdin>:1:241: error: `segment` is not part of a bundle: a line holds `customer` and `events` only [D0109]\n"
             + "  = help: a bundle line is {\"customer\": {…the customer's fields…}, \"events\": [{\"event\": …, \"time\": …, \"properties\": {…}}, …]}\n" + incomplete),
        ("no customer", Array("{\"events\": []}\n".utf8), 1,
         "<stdin>:1: error: column `customer`: this line has no `customer` object [D0109]\n"
             + "  = help: a bundle line is {\"customer\": {…the customer's fields…}, \"events\": [{\"event\": …, \"time\": …, \"properties\": {…}}, …]}\n" + incomplete),
        ("events not a list", Array((good.dropLast() + #","events":{"event":"app_open"}}"# + "\n").utf8), 1,
         "<stdin>:1:241: error: column `events`: `events` holds an object; expected a list of event objects [D0109]\n"
             + "  = help: a bundle line is {\"customer\": {…the customer's fields…}, \"events\": [{\"event\": …, \"time\": …, \"properties\": {…}}, …]}\n" + incomplete),
        ("a bad time in events[2]", Array((events([open, open, #"{"event":"app_open","time":"2026-02-30T00:00:00Z"}"#].joined(separator: ",")) + "\n").utf8), 1,
         "<stdin>:1: error: column `events[2].time`: expected an ISO 8601 time with a zone, such as 2026-11-03T15:00:00Z, or a date (midnight UTC), found \"2026-02-30T00:00:00Z\" [D0203]\n"
             + incomplete),
        ("a property the event does not declare", Array((events(#"{"event":"app_open","time":"2026-01-01T00:00:00Z","properties":{"amount":4}}"#) + "\n").utf8), 1,
         "<stdin>:1: error: column `events[0].properties.amount`: event `app_open` has no property `amount`; leave the cell empty [D0303]\n" + incomplete),
        ("a property no event declares", Array((events(#"{"event":"app_open","time":"2026-01-01T00:00:00Z","properties":{"shade":"teal"}}"#) + "\n").utf8), 0,
         "<stdin>: warning: ignoring event key the schema does not declare: `shade` [D0102]\n"),
        ("a customer_id in an event", Array((events(#"{"event":"app_open","customer_id":"c1","time":"2026-01-01T00:00:00Z"}"#) + "\n").utf8), 1,
         "<stdin>:1:271: error: column `events[0]`: an event in a bundle has no `customer_id`: it is the customer's; leave the key out [D0109]\n" + incomplete),
        ("a missing required field", Array((good.replacingOccurrences(of: #""signup_at":"2025-01-01T00:00:00Z","#, with: "") + "\n").utf8), 1,
         "<stdin>:1: error: column `customer.signup_at`: a value is required (the field is `time`), but the cell is empty [D0201]\n" + incomplete),
        ("a duplicate id in a later batch", Array([good, customer(id: "c2"), customer(id: "c3"), good].joined(separator: "\n").utf8), 1,
         "<stdin>:4:14: error: column `customer.id`: customer id \"c1\" appears more than once (first on line 1); ids must be unique [D0211]\n"
             + "the schedule is incomplete: only the rows of the first batch were written (--skip-bad-rows plans the customers without errors)\n"),
        ("a misspelt key", Array((good.replacingOccurrences(of: #""email":null"#, with: #""emial":null"#) + "\n").utf8), 1,
         "<stdin>:1:24: error: no record has a key for field `email`; the file has `emial` [D0107]\n  = help: did you mean `email`? rename the customer key\n"
             + "the schedule was written, but the data has errors about its keys: values under misspelt keys were not read\n"),
        ("an empty input", [], 0, ""),
        ("bytes that are not UTF-8", Array((good + "\n").utf8) + Array("{\"customer\":{\"id\":\"c".utf8) + [0xFF] + Array("\"}}\n".utf8), 1,
         "<stdin>:2:21: error: the file is not UTF-8 text: the byte 0xFF does not begin a UTF-8 character; save the file as UTF-8 [D0003]\n"
             + "the schedule is incomplete: no rows were written\n"),
        ("blank lines, counted", Array((good + "\n\n  \r\n" + #"{"customer":{"id":"c2"},"events":[1]}"# + "\n").utf8), 1,
         "<stdin>:4:35: error: column `events[0]`: `events[0]` holds `1`; expected an event object [D0109]\n"
             + "  = help: a bundle line is {\"customer\": {…the customer's fields…}, \"events\": [{\"event\": …, \"time\": …, \"properties\": {…}}, …]}\n" + incomplete),
    ]

    @Test(arguments: cases.indices)
    func badBundlesAreNamedByLineAndField(_ index: Int) {
        let (name, input, status, expected) = Self.cases[index]
        let console = Console(standardInput: input)
        let code = CLI.run(["plan", CLITests.examples, "--bundles", "-", "--batch-size", "2", "--from", "2026-09-01", "--to", "2026-12-31", "--format", "csv"],
                           console: console)
        #expect(code == status, "\(name): \(console.errors)")
        #expect(console.errors == expected, "\(name)")
        if status == 0 { #expect(console.output.hasPrefix("time,local_time,customer_id,campaign,step,action,channel,detail\n"), "\(name)") }
    }

    /// Usage errors: what --bundles cannot be given with, and the commands that do not read it.
    @Test(arguments: [
        (["plan", "--bundles", "b.ndjson", "--customers", "c.csv"], "error: --bundles replaces --customers and --events; leave out --customers\n"),
        (["plan", "--bundles", "b.ndjson", "--format", "table"], "error: --bundles writes csv, ndjson or json (a table needs every row before its first); use --format csv\n"),
        (["plan", "--bundles", "b.ndjson", "--batch-size", "0"], "error: --batch-size takes a whole number of customers from 1 to 10000000, not '0'\n"),
        (["plan", "--customers", "c.csv", "--events", "e.csv", "--batch-size", "10"], "error: --batch-size is for --bundles; the two-file input is planned whole\n"),
        (["preview", "--bundles", "b.ndjson"], "error: unknown option '--bundles': only `campaign plan` reads customer bundles\n"),
        (["segments", "--bundles", "b.ndjson"], "error: unknown option '--bundles': only `campaign plan` reads customer bundles\n"),
    ])
    func usageErrors(_ arguments: [String], _ message: String) {
        let (status, out, err) = CLITests.run([arguments[0], CLITests.examples] + Array(arguments.dropFirst()) + ["--from", "2026-09-01", "--to", "2026-12-31"])
        #expect(status == 2)
        #expect(out.isEmpty)
        #expect(err.hasPrefix(message), "\(err)")
    }

    /// A file that is not there is an I/O error (exit 2), as for --customers.
    @Test func aMissingFile() {
        let (status, _, err) = CLITests.run(["plan", CLITests.examples, "--bundles", "/nonexistent/b.ndjson", "--from", "2026-09-01", "--to", "2026-12-31"])
        #expect(status == 2)
        #expect(err == "/nonexistent/b.ndjson: error: cannot read the file: no such file [D0001]\n")
    }
}
