import CampaignCLI
import Foundation
import Testing

/// `plan --bundles` against the two-file input on generated data (`campaign gen
/// --bundles`: customers shuffled, events.csv in time order): after a stable sort in the
/// plan's order, the same bytes, whatever the batch size, format and threads
/// (docs/language.md §9.5, "Customer bundles").
@Suite struct BundlePlanTests {
    static let window = ["--from", "2026-09-01", "--to", "2026-12-31"]
    /// Opens and clicks drawn per customer: the same draws in any batch.
    static let engagement = ["--engagement", "email.open=0.4,email.click=0.2,sms.click=0.3,push.open=0.5", "--seed", "5"]

    /// A generated dataset in a temporary folder: customers.csv, events.csv and bundles.ndjson.
    static func withGenerated<R>(seed: Int, customers: Int = 240, _ body: (String) throws -> R) throws -> R {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-bundles-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (status, _, err) = CLITests.run(["gen", "--customers", String(customers), "--seed", String(seed), "--out", folder, "--bundles", folder + "/bundles.ndjson"])
        try #require(status == 0, "\(err)")
        return try body(folder)
    }

    static func twoFile(_ folder: String) -> [String] { ["--customers", folder + "/customers.csv", "--events", folder + "/events.csv"] }

    /// Batch size (nil: one batch for everything), format, threads.
    static let cases: [(Int?, String, Int)] = [
        (1, "csv", 1), (7, "csv", 2), (1000, "csv", 1), (nil, "csv", 2),
        (1, "ndjson", 2), (7, "ndjson", 1), (1000, "ndjson", 2), (nil, "ndjson", 1),
        (7, "json", 2), (nil, "json", 1),
    ]

    @Test(arguments: [1, 2, 3], cases.indices)
    func bundlesPlanAsTheTwoFilesDo(_ seed: Int, _ index: Int) throws {
        let (batch, format, threads) = Self.cases[index]
        try Self.withGenerated(seed: seed) { folder in
            let common = ["plan", CLITests.examples] + Self.window + Self.engagement + ["--format", format, "--render", "--threads", String(threads)]
            let (twoStatus, expected, twoErrors) = CLITests.run(common + Self.twoFile(folder))
            try #require(twoStatus == 0, "\(twoErrors)")
            let (status, out, err) = CLITests.run(common + ["--bundles", folder + "/bundles.ndjson", "--batch-size", String(batch ?? 1_000_000)])
            #expect(status == 0, "\(err)")
            #expect(err == twoErrors)
            #expect(expected.split(separator: "\n").count > 300, "the plan has rows to compare")
            let sorted = PlanOrder.sorted(out, format: format)
            #expect(sorted == expected, "seed \(seed), batch \(batch.map(String.init) ?? "all"), \(format), \(threads) threads")
            if batch == nil { #expect(out == expected, "one batch is the plan itself") }
            if batch == 7 { #expect(out != expected, "batches of seven shuffled customers are not in the plan's order until sorted") }
        }
    }

    /// Without --render and with one campaign: the same holds for the plain detail text.
    @Test(arguments: [(["--campaign", "winback_sms"], 3), ([], 50)])
    func selectedCampaignsAndPlainDetails(_ selection: [String], _ batch: Int) throws {
        try Self.withGenerated(seed: 9) { folder in
            let common = ["plan", CLITests.examples, "--format", "csv"] + Self.window + selection
            let (_, expected, _) = CLITests.run(common + Self.twoFile(folder))
            let (status, out, err) = CLITests.run(common + ["--bundles", folder + "/bundles.ndjson", "--batch-size", String(batch)])
            #expect(status == 0, "\(err)")
            #expect(PlanOrder.sorted(out, format: "csv") == expected)
        }
    }

    /// No bundles (an empty Spark partition) is no customers: the same bytes as two empty
    /// NDJSON files give, in every format.
    @Test(arguments: ["csv", "ndjson", "json"])
    func noBundlesIsAnEmptySchedule(_ format: String) throws {
        try DataColumnTests.withFolder(["customers.ndjson": "", "events.ndjson": "", "bundles.ndjson": "\n\n"]) { folder in
            let common = ["plan", CLITests.examples, "--format", format] + Self.window
            let (_, expected, _) = CLITests.run(common + ["--customers", folder + "/customers.ndjson", "--events", folder + "/events.ndjson"])
            let (status, out, err) = CLITests.run(common + ["--bundles", folder + "/bundles.ndjson"])
            #expect(status == 0, "\(err)")
            #expect(out == expected)
        }
    }

    /// Standard input in a test's console: `--bundles -`.
    @Test func standardInput() throws {
        try Self.withGenerated(seed: 4, customers: 60) { folder in
            let common = ["plan", CLITests.examples, "--format", "ndjson"] + Self.window
            let (_, expected, _) = CLITests.run(common + Self.twoFile(folder))
            let bundles = try String(contentsOfFile: folder + "/bundles.ndjson", encoding: .utf8)
            let (status, out, err) = CLITests.run(common + ["--bundles", "-", "--batch-size", "5"], stdin: bundles)
            #expect(status == 0, "\(err)")
            #expect(PlanOrder.sorted(out, format: "ndjson") == expected)
        }
    }

    /// Without --skip-bad-rows, the batches before the first with an error are written, the
    /// rest only read for their errors (all counted), and the exit status is 1.
    @Test func aRowErrorStopsTheOutputAtItsBatch() throws {
        try Self.withGenerated(seed: 6, customers: 40) { folder in
            var lines = try String(contentsOfFile: folder + "/bundles.ndjson", encoding: .utf8).split(separator: "\n").map(String.init)
            lines[20] = lines[20].replacingOccurrences(of: "\"tier\":\"", with: "\"tier\":\"gold")
            lines[30] = "not json"
            lines[35] = "[]"
            let input = lines.joined(separator: "\n") + "\n"
            let (status, out, err) = CLITests.run(["plan", CLITests.examples, "--bundles", "-", "--batch-size", "10", "--format", "csv", "--max-errors", "2"] + Self.window,
                                                  stdin: input)
            #expect(status == 1)
            // Only the first two batches (customers on lines 1 to 20) were planned.
            let firstTwenty = lines.prefix(20).joined(separator: "\n") + "\n"
            let (_, expected, _) = CLITests.run(["plan", CLITests.examples, "--bundles", "-", "--batch-size", "10", "--format", "csv"] + Self.window, stdin: firstTwenty)
            #expect(out == expected)
            #expect(err.contains("<stdin>:21: error: column `customer.tier`"), "\(err)")
            #expect(err.contains("<stdin>:31: error: expected a JSON object"), "\(err)")
            #expect(!err.contains("<stdin>:36:"), "--max-errors 2 shows two")
            #expect(err.contains("… and 1 more error (--max-errors shows more)"), "\(err)")
            #expect(err.hasSuffix("the schedule is incomplete: only the rows of the first 2 batches were written (--skip-bad-rows plans the customers without errors)\n"), "\(err)")
        }
    }

    /// With --skip-bad-rows, a bad customer leaves out its bundle and a bad event only
    /// itself: the rows are those of the bundles without them, and the skipped are counted.
    @Test func skippingBadRowsLeavesOutABundleOrAnEvent() throws {
        try Self.withGenerated(seed: 8, customers: 50) { folder in
            let lines = try String(contentsOfFile: folder + "/bundles.ndjson", encoding: .utf8).split(separator: "\n").map(String.init)
            let badEvent = #"{"event":"purchase","time":"yesterday"}"#
            var input = lines
            input[3] = input[3].replacingOccurrences(of: "\"tier\":\"", with: "\"tier\":\"gold")
            input[7] = input[7].replacingOccurrences(of: "\"events\":[", with: "\"events\":[" + badEvent + (input[7].hasSuffix("\"events\":[]}") ? "" : ","))
            var clean = lines
            clean.remove(at: 3)
            let (_, expected, _) = CLITests.run(["plan", CLITests.examples, "--bundles", "-", "--format", "csv"] + Self.window, stdin: clean.joined(separator: "\n") + "\n")
            let (status, out, err) = CLITests.run(["plan", CLITests.examples, "--bundles", "-", "--batch-size", "4", "--format", "csv", "--skip-bad-rows"] + Self.window,
                                                  stdin: input.joined(separator: "\n") + "\n")
            #expect(status == 0, "\(err)")
            #expect(PlanOrder.sorted(out, format: "csv") == PlanOrder.sorted(expected, format: "csv"))
            #expect(err == "<stdin>: skipped 2 bad rows: 1 × D0203 (invalid time), 1 × D0207 (value outside the enum)\n")
        }
    }
}
