import CampaignPlanner
@testable import CampaignReports
import Testing

/// The funnel shows an arm that ends in `exit` as the entries that left there, leaves out
/// the steps after the `exit` that no entry reaches (W0101), and labels `else if` arms as
/// written. It once drew the step after the `exit` as "reached 0", showed the exits
/// nowhere, and labelled every `else if` as `if`, as though each were a check of its own.
@Suite struct PreviewExitFunnelTests {
    static let source = """
    customer { id: id  email: email?  vip: bool  plus: bool  signup_at: time  email_opt_in: bool }
    event purchase { amount: number }
    channel email { address: email consent: email_opt_in }
    campaign hello {
      trigger 0d after signup_at
      if vip {
        exit
        send email never_sent { subject "x" body "y" }
      } else if plus {
        send email plus_offer { subject "Plus" body "For you" }
      } else {
        send email tips { subject "Tips" body "How to" }
      }
      send email last { subject "Bye" body "See you" }
    }
    campaign bye {
      trigger 0d after signup_at
      if vip { exit } else { send email rest { subject "Rest" body "Here" } }
      send email after { subject "After" body "That" }
    }
    """

    static func preview() throws -> Preview {
        var customers = "id,email,vip,plus,signup_at,email_opt_in\n"
        for i in 0..<30 { customers += "c\(i),c\(i)@example.com,\(i % 3 == 0),\(i % 3 == 1),2026-06-0\(1 + i % 5)T10:00:00Z,true\n" }
        let project = try SmallProject(source: source, customers: customers, events: "customer_id,event,time,amount\n", from: "2026-05-01", to: "2026-07-01")
        return Preview(project.plan)
    }

    @Test func exitArmsShowTheirExitsAndElseIfIsSoLabelled() throws {
        let preview = try Self.preview()
        let hello = try #require(preview.campaigns.first { $0.name == "hello" })
        let bye = try #require(preview.campaigns.first { $0.name == "bye" })
        #expect(hello.entered == 30 && hello.exits == 10 && bye.exits == 10)
        #expect(PreviewFunnelTests.expected(hello.funnel) == ["[if vip: exit 10/- | else if plus: plus_offer 10/10 | else: tips 10/10]", "last 20/20"])
        #expect(PreviewFunnelTests.expected(bye.funnel) == ["[if vip: exit 10/- | else: rest 20/20]", "after 20/20"])
        let text = PreviewText.render(preview)
        #expect(text.contains("      exited here: 10 (33.3% of entered)\n"), "\(text)")
        #expect(text.contains("    else if plus:\n"))
        #expect(!text.contains("never_sent:"))
        let json = PreviewJSON.render(preview)
        #expect(json.contains("\"exited\" : 10") || json.contains("\"exited\": 10"), "\(json)")
        #expect(json.contains("\"label\" : \"else if plus\"") || json.contains("\"label\": \"else if plus\""))
        let html = PreviewHTML.render(preview, graphs: [:])
        #expect(html.contains("<p class=\"stage-name\">exit</p>") && html.contains("</span> exited here (33.3%)"))
        #expect(html.contains("<p class=\"arm-label\">else if plus</p>"))
        // No holdout: the funnel is of every entry, not of "treatment entries".
        #expect(html.contains("<figcaption>Funnel: entries along the journey</figcaption>"))
    }

    /// With no entries, a stage says how many reached it and no share of nobody.
    @Test func noEntriesNoShare() throws {
        var customers = "id,email,vip,plus,signup_at,email_opt_in\n"
        customers += "c1,c1@example.com,true,false,2026-08-01T10:00:00Z,true\n"
        let project = try SmallProject(source: Self.source, customers: customers, events: "customer_id,event,time,amount\n", from: "2026-05-01", to: "2026-07-01")
        let html = PreviewHTML.render(Preview(project.plan), graphs: [:])
        #expect(html.contains("</span> reached"))
        #expect(!html.contains("(0.0%)"), "\(html)")
    }
}

/// "20%: 163 of 818 entries held out" beside a message's "holdout 124" did not reconcile
/// and said nothing of why: the other held-out entries had no consent, which is checked
/// before the holdout (docs/language.md §8.6). The report now says so where it counts.
@Suite struct PreviewHoldoutNoteTests {
    @Test func heldOutEntriesStoppedEarlierAreCountedUnderThatReasonAndTheReportSaysSo() throws {
        // One send step, a holdout of 50%, email consent false for every fourth customer.
        let source = PreviewTextTests.source
        var customers = "id,email,signup_at,email_opt_in\n"
        for i in 0..<200 { customers += "c\(i),c\(i)@example.com,2026-06-0\(1 + i % 5)T10:00:00Z,\(i % 4 != 0)\n" }
        let project = try SmallProject(source: source, customers: customers, events: "customer_id,event,time,amount\n", from: "2026-05-01", to: "2026-07-01")
        let preview = Preview(project.plan)
        let hello = try #require(preview.campaigns.first)
        let welcome = try #require(hello.messages.first)
        let heldOutRows = project.plan.rows.filter { $0.holdout && $0.action == .suppress }
        // Every held-out entry reaches the one send step: it is counted there once, under
        // holdout or under the reason checked before it.
        #expect(heldOutRows.count == hello.heldOut)
        let holdout = welcome.suppressed[[.holdout]] ?? 0
        let stoppedBefore = heldOutRows.filter { $0.detail.suppression?.kind == .noConsent }.count
        #expect(holdout + stoppedBefore == hello.heldOut && stoppedBefore > 0 && holdout > 0)
        #expect(PreviewText.render(preview).contains("  " + Preview.holdoutNote + "\n"))
        #expect(PreviewHTML.render(preview, graphs: [:]).contains(PreviewHTML.escape(Preview.holdoutNote)))
    }
}
