import CampaignData
import CampaignPlanner
@testable import CampaignReports
import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// The preview counts what compliance profiles do: sends they deferred (a column of its own
/// in the text, page and JSON, only when some send waited for one) and sends their count
/// suppressed (under `compliance`); the plan's JSON reason names the profile.
@Suite struct PreviewComplianceTests {
    /// c1 (UTC) gets four SMS on 10 June at 22:30 (the evening before: us_florida's hours
    /// end at 20:00): the first waits until 08:00 on the 11th, three go out, the fourth is
    /// suppressed by the count (3 per 24h). Only the first is deferred: the journey waits
    /// for it, and the others start at 08:00.
    static let project = """
    customer { id: id  phone: phone?  ok: bool }
    channel sms { address: phone consent: ok }
    policy { comply us_florida }
    campaign promo {
      trigger once at 2026-06-10 22:30
      send sms a { text "a" }  send sms b { text "b" }  send sms c { text "c" }  send sms d { text "d" }
    }
    """

    static func plan() throws -> Plan {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("compliance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(project.utf8).write(to: folder.appendingPathComponent("p.campaign"))
        let checked = SemanticChecker.check(try ProjectLoader.load(paths: [folder.path]))
        #expect(!checked.diagnostics.contains { $0.severity == .error }, "\(checked.diagnostics.map(\.message))")
        let data = try #require(DatasetLoader.load(table: checked.table, customers: DataFile(path: "c.csv", bytes: Array("id,phone,ok\nc1,+15550000001,true\n".utf8)),
                                                   events: DataFile(path: "e.csv", bytes: Array("customer_id,event,time\n".utf8)),
                                                   options: ReadOptions(threads: 1)).dataset)
        var options = PlanOptions(from: ReportTests.instant("2026-06-01"), to: ReportTests.instant("2026-07-01"))
        options.threads = 1
        return Planner.plan(data, options: options)
    }

    @Test func deferralsAndCountsAreCountedByProfile() throws {
        let plan = try Self.plan()
        let preview = Preview(plan)
        let messages = try #require(preview.campaigns.first).messages
        #expect(messages.map(\.sent) == [1, 1, 1, 0])
        // The first waits; the journey waits with it, so the others start at 08:00.
        #expect(messages.map(\.deferredByCompliance) == [1, 0, 0, 0])
        #expect(messages[3].suppressed == [[.compliance]: 1])
        #expect(preview.showsComplianceDeferrals)
        let text = PreviewText.render(preview)
        #expect(text.contains("compliance") && text.contains("compliance 1"), "\(text)")
        let json = String(decoding: PlanWriter.write(plan, format: .ndjson), as: UTF8.self)
        #expect(json.contains(#""detail":"compliance: us_florida 3 per 24h","reason":{"code":"compliance","profile":"us_florida","limit":3,"per":"24h","channel":"sms"}"#), "\(json)")
        #expect(PreviewJSON.render(preview).contains(#""compliance": 1"#))
        #expect(PreviewHTML.render(preview, graphs: [:]).contains(#"<th class="n">quiet hours</th><th class="n">compliance</th>"#))
    }

    /// Without profiles the preview reads as it did: no compliance column or key.
    @Test func noColumnWithoutComplianceDeferrals() throws {
        var preview = Preview(try Self.plan())
        for c in preview.campaigns.indices {
            for m in preview.campaigns[c].messages.indices { preview.campaigns[c].messages[m].deferredByCompliance = 0 }
        }
        #expect(!preview.showsComplianceDeferrals)
        #expect(!PreviewText.render(preview).contains("quiet hours  compliance"))
        // Once: the count of suppressions by reason; the `deferred` object has no key for it.
        #expect(PreviewJSON.render(preview).components(separatedBy: #""compliance": "#).count == 2)
        #expect(!PreviewHTML.render(preview, graphs: [:]).contains(#"<th class="n">compliance</th>"#))
    }
}
