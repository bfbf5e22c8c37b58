import CampaignData
import CampaignPlanner
@testable import CampaignReports
import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// The text and JSON previews count sends per local day in the policy's time zone, with the
/// HTML charts' counting (`SendsPerDay`), and say which zone.
@Suite struct PreviewDaysTests {
    static func project(policy: String, signups: [String], from: String, to: String) throws -> SmallProject {
        let source = """
        customer { id: id  email: email?  signup_at: time  email_opt_in: bool }
        channel email { address: email consent: email_opt_in }
        \(policy)
        campaign hello {
          trigger 0d after signup_at
          send email welcome { subject "Hi" body "Welcome" }
        }
        """
        var customers = "id,email,signup_at,email_opt_in\n"
        for (i, signup) in signups.enumerated() { customers += "x\(i),a\(i)@example.com,\(signup),true\n" }
        return try SmallProject(source: source, customers: customers, events: "customer_id,event,time\n", from: from, to: to)
    }

    /// A send at 20:00 UTC on 1 June is on 2 June in Bangkok: text, JSON and HTML all count it
    /// there, and the text and JSON name the zone.
    @Test func textAndJSONCountDaysInThePolicysZone() throws {
        let project = try Self.project(policy: "policy { timezone \"Asia/Bangkok\" }", signups: ["2026-06-01T20:00:00Z"], from: "2026-05-01", to: "2026-06-30")
        let preview = Preview(project.plan, policyOf: project.table)
        let text = PreviewText.render(preview)
        #expect(text.contains("sends per day (days in Asia/Bangkok, the policy's time zone)\n  day         email  total\n  2026-06-02      1      1\n"), "\(text)")
        let json = PreviewJSON.render(preview)
        #expect(json.contains("\"dailyTimeZone\": \"Asia/Bangkok\""))
        #expect(json.contains("\"day\": \"2026-06-02\"") && !json.contains("2026-06-01"), "\(json)")
        let html = PreviewHTML.render(preview, graphs: [:], sends: preview.sends)
        #expect(html.contains("<title>2026-06-02 email: 1</title>"))
    }

    /// Without a policy zone the days are UTC's, and the text says the policy names none.
    @Test func withoutAPolicyZoneDaysAreUTC() throws {
        let project = try Self.project(policy: "", signups: ["2026-06-01T20:00:00Z"], from: "2026-05-01", to: "2026-06-30")
        let text = PreviewText.render(Preview(project.plan, policyOf: project.table))
        #expect(text.contains("sends per day (days in UTC: the policy names no time zone)\n  day         email  total\n  2026-06-01      1      1\n"), "\(text)")
    }
}
