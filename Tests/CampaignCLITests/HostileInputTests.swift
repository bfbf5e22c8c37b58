import Foundation
import Testing

/// Inputs that used to be shown raw, hidden, or read as something else (docs/output.md):
/// control characters in the data, file-level errors under `--skip-bad-rows`, standard
/// input named twice, options that quietly meant "everything" or "nothing".
@Suite struct HostileInputTests {
    static let events = CLITests.root.appendingPathComponent("examples/data/events.csv").path
    static let customers = CLITests.root.appendingPathComponent("examples/data/customers.csv").path
    static let window = ["--from", "2026-09-01", "--to", "2026-12-31"]

    /// The example customers with lines changed by `edit` (the header is line 0).
    static func customers(_ edit: (inout [String]) -> Void) throws -> [UInt8] {
        var lines = try String(contentsOfFile: customers, encoding: .utf8).split(separator: "\n").map(String.init)
        edit(&lines)
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    // MARK: control characters

    static let hostileID = "a\u{1B}]0;pwn\u{7}b"
    static let escapedID = #"a\u{1B}]0;pwn\u{7}b"#

    /// c001's row again, as a customer whose id sets the window title and whose name clears
    /// the screen and returns the cursor.
    static let hostileData: String = {
        let customers = try? Self.customers { lines in
            var fields = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[0] = hostileID
            fields[3] = "\"Eve\u{1B}[2J\rX\""
            lines.append(fields.joined(separator: ","))
        }
        var events = (try? String(contentsOfFile: Self.events, encoding: .utf8)) ?? ""
        events += hostileID + ",purchase,2026-09-01T15:00:00Z,42.50,home\n"
        return (try? TemporaryFolder.make(["customers.csv": customers ?? [], "events.csv": Array(events.utf8)])) ?? "/missing"
    }()

    static var hostileArguments: [String] {
        ["examples", "--customers", hostileData + "/customers.csv", "--events", hostileData + "/events.csv"] + window
    }

    static func expectNoRawControls(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let raw = text.unicodeScalars.filter { $0 != "\n" && ($0.value < 0x20 || (0x7F...0x9F).contains($0.value)) }
        #expect(raw.isEmpty, "raw control characters \(raw.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
    }

    @Test(arguments: [
        ["plan", "--format", "table", "--render"],
        ["preview"],
        ["explain", hostileID],
    ])
    func terminalOutputsEscapeControlCharacters(_ command: [String]) {
        let (status, out, err) = CLITests.run(command + Self.hostileArguments)
        #expect(status == 0, "\(err)")
        #expect(out.contains(Self.escapedID), "\(out)")
        #expect(out.contains(#"Eve\u{1B}[2J\rX"#) || command == ["explain", Self.hostileID], "\(out)")
        Self.expectNoRawControls(out)
        Self.expectNoRawControls(err)
    }

    @Test func segmentListsEscapeAsTextAndKeepExactDataAsCSV() {
        let arguments = ["segments", "examples", "--customers", Self.hostileData + "/customers.csv", "--events", Self.hostileData + "/events.csv",
                         "--at", "2026-11-01", "--list", "lapsing"]
        let (status, text, _) = CLITests.run(arguments)
        #expect(status == 0)
        #expect(text.contains(Self.escapedID + "\n"))
        Self.expectNoRawControls(text)
        let (_, csv, _) = CLITests.run(arguments + ["--format", "csv"])
        #expect(csv.contains(Self.hostileID))
    }

    @Test func machineFormatsKeepTheExactData() {
        let (status, csv, _) = CLITests.run(["plan", "--format", "csv", "--render"] + Self.hostileArguments)
        #expect(status == 0)
        #expect(csv.contains(Self.hostileID + ",winback_sms,survey,send,sms,\"[UCS-2, 2 segments] Hi Eve\u{1B}[2J\rX,"))
        let (_, ndjson, _) = CLITests.run(["plan", "--format", "ndjson"] + Self.hostileArguments)
        #expect(ndjson.contains(#""customer_id":"a\u001b]0;pwn\u0007b""#))
    }

    // MARK: data errors

    @Test func fileLevelErrorsShowEvenWhenSkippingBadRows() throws {
        let noTier = try Self.customers { lines in
            lines = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).enumerated().filter { $0.offset != 8 }.map(\.element).joined(separator: ",") }
        }
        let folder = try TemporaryFolder.make(["no-tier.csv": noTier, "latin1.csv": Array("id,tier\n".utf8) + [0x63, 0xE9, 0x2C, 0x66, 0x0A]])
        for (file, code) in [("no-tier.csv", "[D0101]"), ("latin1.csv", "[D0003]")] {
            let (status, _, err) = CLITests.run(["plan", "examples", "--customers", folder + "/" + file, "--events", Self.events, "--skip-bad-rows"] + Self.window)
            #expect(status == 1)
            #expect(err.contains(code), "\(err)")
            #expect(!err.contains("skipped"), "a file-level error is not a skipped row: \(err)")
        }
    }

    static let twoBadRows: [UInt8] = (try? customers { lines in
        lines[2] = lines[2].replacingOccurrences(of: "free", with: "gold")
        lines[3] = lines[3].replacingOccurrences(of: "2025-", with: "20x5-")
    }) ?? []

    @Test func maxErrorsZeroShowsNoRowButCountsThemAll() throws {
        let folder = try TemporaryFolder.make(["bad.csv": Self.twoBadRows])
        let arguments = ["plan", "examples", "--customers", folder + "/bad.csv", "--events", Self.events] + Self.window
        let (none, _, noneErr) = CLITests.run(arguments + ["--max-errors", "0"])
        #expect(none == 1)
        #expect(noneErr == "\(folder)/bad.csv: 2 errors in rows (--max-errors shows them)\n")
        let (one, _, oneErr) = CLITests.run(arguments + ["--max-errors", "1"])
        #expect(one == 1)
        #expect(oneErr.split(separator: "\n").count == 2 && oneErr.hasSuffix("… and 1 more error (--max-errors shows more)\n"), "\(oneErr)")
        let (skipped, _, skippedErr) = CLITests.run(arguments + ["--max-errors", "0", "--skip-bad-rows"])
        #expect(skipped == 0)
        #expect(skippedErr.hasPrefix("\(folder)/bad.csv: skipped 2 bad rows: 1 × D0203 (invalid time), 1 × D0207 (value outside the enum)\n"), "\(skippedErr)")
    }

    // MARK: usage

    @Test func standardInputCannotBeReadTwice() {
        let schema = try? String(contentsOfFile: CLITests.examples + "/schema.campaign", encoding: .utf8)
        for (data, named) in [(["--customers", "-", "--events", Self.events], "customers"), (["--customers", Self.customers, "--events", "-"], "events")] {
            let (status, out, err) = CLITests.run(["plan", "-"] + data + Self.window, stdin: schema)
            #expect(status == 2, "\(err)")
            #expect(out.isEmpty)
            #expect(err == "error: the campaigns and --\(named) cannot both read standard input ('-')\n")
        }
        let (both, _, bothErr) = CLITests.run(["plan", "examples", "--customers", "-", "--events", "-"] + Self.window, stdin: "")
        #expect(both == 2 && bothErr.contains("only one of --customers and --events"))
    }

    @Test(arguments: ["", ",", "birthday,,winback_sms", "birthday, "])
    func anEmptyCampaignNameIsAUsageError(_ list: String) {
        let data = ["--customers", Self.customers, "--events", Self.events]
        for command in [["plan", "examples"] + data + Self.window, ["graph", "examples"]] {
            let (status, out, err) = CLITests.run(command + ["--campaign", list])
            #expect(status == 2)
            #expect(out.isEmpty)
            #expect(err.hasPrefix("error: --campaign takes campaign names separated by commas"), "\(err)")
        }
    }

    @Test func eventsWithoutCustomersAreAUsageError() throws {
        let parent = try TemporaryFolder.make([:])
        let (status, _, err) = CLITests.run(["gen", "--customers", "0", "--events", "10", "--out", parent + "/data"])
        #expect(status == 2)
        #expect(err.hasPrefix("error: --events 10 needs customers to belong to; with --customers 0, --events must be 0\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == [], "no folder made for nothing")
        let (empty, _, emptyErr) = CLITests.run(["gen", "--customers", "0", "--out", parent + "/data"])
        #expect(empty == 0)
        #expect(emptyErr.contains("(0 customers, 0 MB)") && emptyErr.contains("(0 events, 0 MB)"), "\(emptyErr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent + "/data").sorted() == ["customers.csv", "events.csv"])
    }
}
