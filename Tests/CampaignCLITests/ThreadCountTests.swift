import CampaignCLI
import Foundation
import Testing

/// Files over 1 MiB are read in parts on several cores: where they are cut must never show
/// in what the commands print, even for malformed CSV.
@Suite struct ThreadCountTests {
    /// About 1.25 MB of customers (over the 1 MiB below which a file is read as one part) with a stray quote in an unquoted field a little before the
    /// middle and a quoted value over a thousand lines across it (where two threads first
    /// cut), and a few events.
    static let half = 11_000

    static func dataset() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-threads-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func customer(_ i: Int, name: String = "Ana", country: String = "US") -> String {
            "c\(String(i + 100_000).dropFirst()),,,\(name),\(country),,2025-0\(1 + i % 9)-10T14:00:00Z,,\(["free", "plus", "pro"][i % 3]),true,\(i % 2 == 0),,"
        }
        let half = Self.half
        var lines = ["id,email,phone,first_name,country,timezone,signup_at,birthday,tier,email_opt_in,sms_opt_in,push_token,coupon_code"]
        for i in 0..<half { lines.append(customer(i, name: i == half - 40 ? "B\"o" : "Ana")) }
        lines.append(customer(half, country: "\"" + (0..<1_000).map { "line \($0), \"\"quoted\"\"" }.joined(separator: "\n") + "\""))
        for i in (half + 1)...(2 * half) { lines.append(customer(i)) }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("customers.csv"))
        var events = ["customer_id,event,time,amount,category"]
        for i in stride(from: 0, to: 2 * half, by: 7) {
            events.append("c\(String(i + 100_000).dropFirst()),purchase,2026-0\(1 + i % 9)-15T10:00:00Z,\(i % 50),home")
            events.append("c\(String(i + 100_000).dropFirst()),app_open,2026-10-2\(i % 9)T10:00:00Z,,")
        }
        try Data((events.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("events.csv"))
        return folder
    }

    @Test func outputIsTheSameAtOneAndTwoThreads() throws {
        let folder = try Self.dataset()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = ["--customers", folder.appendingPathComponent("customers.csv").path, "--events", folder.appendingPathComponent("events.csv").path]
        let commands: [[String]] = [
            ["segments", CLITests.examples] + data + ["--at", "2026-11-01"],
            ["segments", CLITests.examples] + data + ["--at", "2026-11-01", "--skip-bad-rows"],
            ["plan", CLITests.examples] + data + ["--from", "2026-10-01", "--to", "2026-11-15", "--skip-bad-rows", "--format", "csv"],
        ]
        for command in commands {
            let one = CLITests.run(command + ["--threads", "1"])
            let two = CLITests.run(command + ["--threads", "2"])
            #expect(one.0 == two.0, "\(command[0]): exit status")
            #expect(one.1 == two.1, "\(command[0]): output")
            #expect(one.2 == two.2, "\(command[0]): diagnostics")
            // The stray quote's row, and only it, is in error.
            let reported = command.contains("--skip-bad-rows") ? "skipped 1 bad row: 1 × D0105" : "customers.csv:\(Self.half - 40 + 2): error: a quote inside an unquoted field"
            #expect(one.2.contains(reported), "\(one.2)")
        }
    }
}
