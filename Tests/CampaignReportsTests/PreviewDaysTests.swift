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
        let html = PreviewHTML.render(preview, graphs: [:])
        #expect(html.contains("<title>2026-06-02 email: 1</title>"))
    }

    /// Without a policy zone the days are UTC's, and the text says the policy names none.
    @Test func withoutAPolicyZoneDaysAreUTC() throws {
        let project = try Self.project(policy: "", signups: ["2026-06-01T20:00:00Z"], from: "2026-05-01", to: "2026-06-30")
        let text = PreviewText.render(Preview(project.plan, policyOf: project.table))
        #expect(text.contains("sends per day (days in UTC: the policy names no time zone)\n  day         email  total\n  2026-06-01      1      1\n"), "\(text)")
    }
}

/// The text preview lists sends per day up to 60 days of window, per week past that; the
/// JSON keeps each day.
@Suite struct PreviewWeeksTests {
    /// Signups one a day at 20:00 UTC from `from` on, for a Bangkok policy (each lands on the
    /// next local day), planned over `days` days.
    static func preview(days: Int, from: String = "2026-04-01") throws -> Preview {
        let start = ReportTests.instant(from)
        let signups = (0..<days).map { InstantText.string(start + Int64($0) * 86_400 + 72_000) }
        let end = String(InstantText.string(start + Int64(days) * 86_400).prefix(10))
        let project = try PreviewDaysTests.project(policy: "policy { timezone \"Asia/Bangkok\" }", signups: signups, from: from, to: end)
        return Preview(project.plan, policyOf: project.table)
    }

    @Test func sixtyDaysStayDaily() throws {
        let text = PreviewText.render(try Self.preview(days: 60))
        #expect(text.contains("sends per day (days in Asia/Bangkok, the policy's time zone)\n"), "\(text)")
        #expect(!text.contains("sends per week"))
    }

    @Test func sixtyOneDaysAreWeekly() throws {
        let preview = try Self.preview(days: 61)
        let text = PreviewText.render(preview)
        #expect(text.contains("sends per week (the window is 61d, over 60 days; weeks start on Monday, days in Asia/Bangkok, the policy's time zone; --format json has each day)\n"), "\(text)")
        #expect(!text.contains("sends per day"))
        // 2026-04-01 is a Wednesday: the first week is labelled by its Monday and cut. The
        // window ends at 2026-06-01 00:00 UTC, 07:00 in Bangkok: its last local day is that
        // Monday, a week of one day.
        let lines = text.components(separatedBy: "\n")
        let table = lines.drop { !$0.hasPrefix("sends per week") }.dropFirst()
        #expect(table.first == "  week of     days               email  total")
        #expect(table.dropFirst().first == "  2026-03-30  Wed–Sun (partial)      4      4", "the 1 April signup sends on 2 April in Bangkok")
        #expect(table.contains("  2026-05-25  Mon–Sun                7      7"))
        #expect(table.dropLast().last == "  2026-06-01  Mon (partial)          1      1", "the 31 May 20:00 UTC signup sends on 1 June in Bangkok")
        // JSON keeps each day.
        #expect(PreviewJSON.render(preview).components(separatedBy: "\"day\": ").count - 1 == preview.sends.channel(.email).count)
    }

    /// Weekly totals equal the sums of their days, on windows starting every day of the week
    /// and of several lengths; only a first or last week can be partial, and each says so.
    @Test(arguments: ["2026-04-01", "2026-04-02", "2026-04-03", "2026-04-04", "2026-04-05", "2026-04-06", "2026-04-07"], [61, 70, 100])
    func weeksSumTheirDays(from: String, days: Int) throws {
        let preview = try Self.preview(days: days, from: from)
        let daily = preview.sends.channel(.email)
        let weeks = SendsPerWeek(preview.sends).weeks
        #expect(weeks.reduce(0) { $0 + $1.total } == daily.values.reduce(0, +))
        for week in weeks {
            #expect(week.total == (week.firstDay...week.lastDay).reduce(0) { $0 + (daily[$1] ?? 0) })
            #expect(CivilCalendar.isoWeekday(days: week.monday) == 1)
        }
        #expect(zip(weeks, weeks.dropFirst()).allSatisfy { $1.monday == $0.monday + 7 && $1.firstDay == $0.lastDay + 1 })
        #expect(weeks.dropFirst().dropLast().allSatisfy { !$0.isPartial })
        #expect(weeks.first?.firstDay == preview.sends.firstDay && weeks.last?.lastDay == preview.sends.lastDay)
        let text = PreviewText.render(preview)
        for week in weeks where week.isPartial {
            #expect(text.contains("  \(SendsPerDay.date(week.monday))  \(SendsPerWeek.days(week))"))
            #expect(SendsPerWeek.days(week).hasSuffix(" (partial)"))
        }
    }
}
