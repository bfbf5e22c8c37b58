import CampaignData
import CampaignPlanner
import CampaignSemantics
import Foundation
import Testing

/// The schedule of every example campaign over the bundled data (`examples/data`),
/// from April to the end of 2026, as CSV: one golden file per campaign, and the whole
/// project together (caps act across campaigns) with rendered text. Regenerate with
/// `UPDATE_GOLDENS=1 swift test`; review every changed row against docs/language.md §8.
@Suite struct GoldenScheduleTests {
    static let from = PlanSupport.instant("2026-04-01"), to = PlanSupport.instant("2027-01-01")
    static let campaigns = ["birthday", "lapsing_nudge", "onboarding", "patio_launch", "winback_sms"]

    static func schedule(_ data: (data: Dataset, messages: CheckedMessages), campaigns: [String], render: Bool, threads: Int = 1) -> String {
        var options = PlanOptions(from: from, to: to)
        options.messages = data.messages
        options.campaigns = campaigns
        options.render = render
        options.threads = threads
        return String(decoding: PlanWriter.write(Planner.plan(data.data, options: options), format: .csv), as: UTF8.self)
    }

    static func compare(_ actual: String, golden name: String) throws {
        let url = PlanSupport.fixtures.appendingPathComponent("schedules/\(name).csv")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
            try Data(actual.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false), e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, (x, y)) in zip(a, e).enumerated() where x != y {
            Issue.record("\(name).csv line \(i + 1):\n  expected \(y)\n  actual   \(x)")
            return
        }
        #expect(a.count == e.count, "\(name).csv: \(a.count) lines, golden has \(e.count)")
    }

    @Test(arguments: campaigns)
    func exampleCampaign(_ name: String) throws {
        let data = try PlanSupport.examplesDataset()
        try Self.compare(Self.schedule(data, campaigns: [name], render: false), golden: name)
    }

    @Test func wholeProjectRendered() throws {
        let data = try PlanSupport.examplesDataset()
        let one = Self.schedule(data, campaigns: [], render: true)
        try Self.compare(one, golden: "all-rendered")
        #expect(Self.schedule(data, campaigns: [], render: true, threads: 2) == one)
    }
}
