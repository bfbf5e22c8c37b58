import CampaignCLI
import Foundation
import Testing

/// `plan --format ndjson`'s `reason` objects (docs/output.md): a small project whose
/// campaigns each produce one kind of suppression, exit or goal, and its plan as a golden.
@Suite struct PlanReasonTests {
    static let folder = CLITests.fixtures.appendingPathComponent("reasons")

    static func plan(_ format: String) -> (Int32, String, String) {
        CLITests.run(["plan", folder.appendingPathComponent("reasons.campaign").path,
                      "--customers", folder.appendingPathComponent("customers.csv").path,
                      "--events", folder.appendingPathComponent("events.csv").path,
                      "--from", "2026-06-01", "--to", "2026-07-01", "--format", format, "--threads", "1"])
    }

    @Test func everyReasonCodeInTheGolden() throws {
        let (status, out, err) = Self.plan("ndjson")
        #expect(status == 0, "\(err)")
        let url = Self.folder.appendingPathComponent("plan.ndjson")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
            try Data(out.utf8).write(to: url)
            return
        }
        #expect(out == (try String(contentsOf: url, encoding: .utf8)))
        var codes: Set<String> = []
        for line in out.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            if let reason = object["reason"] as? [String: Any], let code = reason["code"] as? String { codes.insert(code) }
        }
        // Every code but `no_channel`, which a checked project cannot produce (a message on
        // an undeclared channel is error E0107).
        #expect(codes == ["no_address", "no_consent", "cap", "unsubscribed", "holdout", "no_allowed_time", "first_of",
                          "exit_event", "exit_condition", "exit_step", "goal"])
    }

    /// The CSV `detail` and the JSON `detail` are the same text, row for row.
    @Test func theDetailTextIsTheSameInEveryFormat() throws {
        let (_, csv, _) = Self.plan("csv")
        let (_, ndjson, _) = Self.plan("ndjson")
        let lines = ndjson.split(separator: "\n")
        let details = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])["detail"] as? String }
        let csvLines = csv.split(separator: "\n").dropFirst()
        #expect(csvLines.count == lines.count)
        for (line, detail) in zip(csvLines, details) {
            let detail = try #require(detail)
            let quoted = detail.contains(",") ? "\"" + detail.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : detail
            #expect(line.hasSuffix("," + quoted), "\(line)")
        }
    }
}
