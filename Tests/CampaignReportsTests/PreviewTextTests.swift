import CampaignData
import CampaignPlanner
@testable import CampaignReports
import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// What the text preview writes for people: times with their weekday and zone, and goal
/// comparisons that say when the groups are too small to tell anything.
@Suite struct PreviewTextTests {
    @Test(arguments: [
        ("2026-12-01T03:00:00Z", 25_200, "Tue 2026-12-01 10:00 UTC+7"),
        ("2026-11-24T18:00:00Z", -28_800, "Tue 2026-11-24 10:00 UTC−8"),
        ("2026-07-31T10:00:00Z", 12_600, "Fri 2026-07-31 13:30 UTC+3:30"),
        ("2026-07-31T10:00:00Z", -12_600, "Fri 2026-07-31 06:30 UTC−3:30"),
        ("2026-07-31T10:00:00Z", 20_700, "Fri 2026-07-31 15:45 UTC+5:45"),
        ("2027-01-01T00:00:00Z", 0, "Fri 2027-01-01 00:00 UTC"),
        ("2026-04-01T09:30:15Z", 0, "Wed 2026-04-01 09:30:15 UTC"),
        ("2026-03-01T01:00:00Z", -7_200, "Sat 2026-02-28 23:00 UTC−2"),
    ])
    func readableTimes(_ instant: String, _ offset: Int64, _ expected: String) {
        #expect(ReadableTime.string(ReportTests.instant(instant), offset: offset) == expected)
    }

    static let source = """
    customer { id: id  email: email?  signup_at: time  email_opt_in: bool }
    event purchase { amount: number }
    channel email { address: email consent: email_opt_in }
    campaign hello {
      trigger 0d after signup_at
      holdout 50%
      goal purchase within 7d
      send email welcome { subject "Hi" body "Welcome" }
    }
    """

    static func text(customers n: Int) throws -> String {
        var customers = "id,email,signup_at,email_opt_in\n"
        for i in 0..<n { customers += "x\(i),a\(i)@example.com,2026-06-01T10:00:00Z,true\n" }
        let project = try SmallProject(source: source, customers: customers, events: "customer_id,event,time,amount\n", from: "2026-05-01", to: "2026-07-01")
        return PreviewText.render(Preview(project.plan, policyOf: project.table))
    }

    /// A handful of customers in each group: the difference is not a number to act on, and the
    /// text says so instead of printing one; with no one at all it says why.
    @Test func smallOrEmptyGroupsAreTooFewToTell() throws {
        let few = try Self.text(customers: 12)
        #expect(few.contains("difference: too few customers to tell (fewer than 100 in a group)"), "\(few)")
        #expect(few.contains("held out (0.0%)"))
        let none = try Self.text(customers: 0)
        #expect(none.contains("goal reached by 0 of 0 (–)\n  holdout: goal reached by 0 of 0 held out (–); difference: too few customers to tell (no one entered)\n"), "\(none)")
        // Funnel steps give their share of the entries, except when there are none.
        #expect(few.contains("    welcome: reached ") && few.contains(" (100.0% of entered), sent "))
        #expect(none.contains("    welcome: reached 0, sent 0\n"))
        for text in [few, none] { #expect(!text.contains("difference –") && !text.contains("difference: –")) }
    }

    /// The heading gives the window in words a person reads, with its length.
    @Test func theWindowIsReadable() throws {
        let text = try Self.text(customers: 1)
        #expect(text.hasPrefix("preview Fri 2026-05-01 00:00 UTC to Wed 2026-07-01 00:00 UTC (61d) · 1 customer · 2 schedule rows\n"), "\(text.prefix(120))")
    }
}
