import CampaignData
import CampaignPlanner
@testable import CampaignReports
import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// The preview counts suppressions by the rule that decided them, read from the row's
/// typed reason: a message named like a rule (`cap`, `holdout`, `no`) cannot be mistaken
/// for one, as it was when the reason was parsed back out of the `detail` text.
@Suite struct PreviewReasonTests {
    static let project = """
    customer { id: id  email: email?  phone: phone?  email_opt_in: bool  sms_opt_in: bool  signup_at: time }
    event purchase { amount: number }
    channel email { address: email consent: email_opt_in }
    channel sms { address: phone consent: sms_opt_in }
    policy { cap sms 1 per 7d }
    campaign a_stop { trigger once at 2026-06-01 12:00  audience not email_opt_in  unsubscribe sms }
    campaign b_promo {
      trigger once at 2026-06-02 12:00
      send first of { sms cap { text "a" }  email no { subject "s" body "b" } }
    }
    campaign c_first {
      trigger once at 2026-06-03 12:00
      send first of { email holdout { subject "s" body "b" }  sms no { text "a" } }
    }
    campaign d_no { trigger once at 2026-06-04 12:00  send email no { subject "s" body "b" } }
    campaign e_cap { trigger once at 2026-06-20 12:00  send sms first { text "a" }  send sms cap { text "b" } }
    """

    /// c1 has no email consent and is unsubscribed from SMS by `a_stop`; c2 may receive
    /// everything but SMS beyond the cap. The project has no errors (the test checks).
    static let customers = """
    id,email,phone,email_opt_in,sms_opt_in,signup_at
    c1,c1@example.com,+15550000001,false,true,2025-01-01T00:00:00Z
    c2,c2@example.com,+15550000002,true,true,2025-01-01T00:00:00Z

    """

    static func preview() throws -> Preview {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reasons-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(project.utf8).write(to: folder.appendingPathComponent("p.campaign"))
        let checked = SemanticChecker.check(try ProjectLoader.load(paths: [folder.path]))
        #expect(!checked.diagnostics.contains { $0.severity == .error }, "\(checked.diagnostics.map(\.message))")
        let table = checked.table
        let data = try #require(DatasetLoader.load(table: table, customers: DataFile(path: "c.csv", bytes: Array(customers.utf8)),
                                                   events: DataFile(path: "e.csv", bytes: Array("customer_id,event,time,amount\n".utf8)),
                                                   options: ReadOptions(threads: 1)).dataset)
        var options = PlanOptions(from: ReportTests.instant("2026-05-01"), to: ReportTests.instant("2026-07-01"))
        options.threads = 1
        return Preview(Planner.plan(data, options: options))
    }

    @Test func messagesNamedLikeRulesAreCountedByTheirReason() throws {
        let preview = try Self.preview()
        var counts: [String: [[Suppression.Kind]: Int]] = [:]
        var sent: [String: Int] = [:]
        for campaign in preview.campaigns {
            for message in campaign.messages {
                counts["\(campaign.name).\(message.name)"] = message.suppressed
                sent["\(campaign.name).\(message.name)"] = message.sent
            }
        }
        #expect(counts == [
            // `send first of`: every message's reason, in order: `cap` was blocked by the
            // unsubscribe, the fallback `no` by the missing email consent. Counted under the
            // first alone, the email's missing consent went uncounted.
            "b_promo.cap": [[.unsubscribed, .noConsent]: 1], "b_promo.no": [:],
            // `holdout` was blocked by the missing email consent, and `no` by the unsubscribe.
            "c_first.holdout": [[.noConsent, .unsubscribed]: 1], "c_first.no": [:],
            "d_no.no": [[.noConsent]: 1],
            "e_cap.first": [[.unsubscribed]: 1], "e_cap.cap": [[.cap]: 1, [.unsubscribed]: 1],
        ])
        #expect(sent == ["b_promo.cap": 1, "b_promo.no": 0, "c_first.holdout": 1, "c_first.no": 0, "d_no.no": 1, "e_cap.first": 1, "e_cap.cap": 0])
    }
}
