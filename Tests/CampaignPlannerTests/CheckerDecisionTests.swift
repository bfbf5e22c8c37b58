import CampaignData
import CampaignPlanner
import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// The planner takes every decision the checker took, from the typed program: message
/// numbers, channels, weekdays, which of a repeated clause counts, and what an unknown
/// event means. `Planner.plan` is public, so a project with errors can reach it: these
/// plan such projects too, and nothing may trap or be guessed from text.
@Suite struct CheckerDecisionTests {
    /// Plans a project whatever its errors (the CLI never would; a library caller may).
    static func plan(_ source: String, schema: String = PlanSupport.schema, customerHeader: String = PlanSupport.customerHeader,
                     customers: String, events: String = "customer_id,event,time,amount,order_id\n",
                     from: String = "2026-03-02T00:00:00Z", to: String = "2026-03-16T00:00:00Z",
                     configure: (inout PlanOptions) -> Void = { _ in }) throws -> Plan {
        let project = ProjectLoader.load(source: SourceFile(path: "t.campaign", text: schema + source), root: ".")
        let checked = SemanticChecker.check(project)
        let outcome = DatasetLoader.load(table: checked.table, customers: DataFile(path: "customers.csv", bytes: Array((customerHeader + customers).utf8)),
                                         events: DataFile(path: "events.csv", bytes: Array(events.utf8)), options: ReadOptions(threads: 1))
        let data = try #require(outcome.dataset)
        var options = PlanOptions(from: PlanSupport.instant(from), to: PlanSupport.instant(to))
        options.threads = 1
        configure(&options)
        return Planner.plan(data, options: options)
    }

    /// The rows but entries, as `time local customer campaign step action channel detail`.
    static func lines(_ plan: Plan) -> [String] {
        plan.rows.filter { $0.action != .enter }.map { PlanWriter.fields($0, plan).joined(separator: " ") }
    }

    static let customer = "c1,a@x.com,+14155550100,Ann,UTC,2026-01-01T00:00:00Z,,true,true,tok\n"

    /// Engagement goes by message number: with several messages sent, `clicked(b)` is
    /// about `b` alone, and the journey takes the arm of the message that was clicked.
    @Test func engagementAsksAboutTheNamedMessage() throws {
        let plan = try Self.plan("""
        campaign c {
          trigger on purchase
          send sms a { text "a" }
          send email b { subject "B" body "b" }
          wait 1h
          if clicked(a) { tag clicked_a }
          if clicked(b) { tag clicked_b }
          if opened(any) { tag opened_any }
        }

        """, customers: Self.customer, events: "customer_id,event,time,amount,order_id\nc1,purchase,2026-03-03T12:00:00Z,10,\n") {
            if case .success(let model) = EngagementModel.parse("email.click=1,email.open=1", seed: 0) { $0.engagement = model }
        }
        let tags = plan.rows.filter { $0.action == .tag }.map { PlanWriter.fields($0, plan)[4] }
        #expect(tags == ["clicked_b", "opened_any"])
    }

    /// A channel that is no channel kind is never planned as another one (it used to be
    /// e-mail): its send and its unsubscribe do nothing.
    @Test func anUnknownChannelIsNeverEmail() throws {
        let plan = try Self.plan("""
        campaign c {
          trigger on purchase
          send fax hello { subject "Hi" body "Hello" }
          unsubscribe fax
          send email later { subject "Hi" body "Hello" }
        }

        """, customers: Self.customer, events: "customer_id,event,time,amount,order_id\nc1,purchase,2026-03-03T12:00:00Z,10,\n")
        let lines = Self.lines(plan)
        #expect(lines.count == 1)
        #expect(lines.allSatisfy { $0.contains(" later send email") }, "\(lines)")
    }

    /// A cap on a channel that is no channel kind caps nothing (it used to cap every channel).
    @Test func aCapOnAnUnknownChannelCapsNothing() throws {
        let plan = try Self.plan("""
        policy { cap fax 1 per 1d }
        campaign c {
          trigger on purchase
          send email one { subject "Hi" body "Hello" }
          send email two { subject "Hi" body "Hello" }
        }

        """, customers: Self.customer, events: "customer_id,event,time,amount,order_id\nc1,purchase,2026-03-03T12:00:00Z,10,\n")
        #expect(plan.rows.map(\.action).filter { $0 != .enter } == [.send, .send], "\(Self.lines(plan))")
    }

    /// A trigger that names nothing known enters nobody, without a trap: a weekday the
    /// parser rejected (it used to be Monday), an unknown segment, no trigger at all.
    @Test(arguments: ["trigger weekly on funday at 09:00", "trigger on enter no_such_segment", ""])
    func anUnresolvedTriggerEntersNobody(_ trigger: String) throws {
        let plan = try Self.plan("""
        campaign c {
          \(trigger)
          send email hi { subject "Hi" body "Hello" }
        }

        """, customers: Self.customer)
        #expect(Self.lines(plan).isEmpty, "\(Self.lines(plan))")
    }

    /// With no event type declared, an event trigger and a wait for an event name nothing:
    /// the plan neither traps nor enters anyone by an event, and the wait ends at its timeout.
    @Test func noEventTypesDoNotTrap() throws {
        let schema = """
        customer { id: id  email: email?  email_opt_in: bool }
        channel email { address: email consent: email_opt_in }

        """
        let customers = "c1,a@x.com,true\n"
        let byEvent = try Self.plan("""
        campaign c {
          trigger on signup
          send email hi { subject "Hi" body "Hello" }
        }

        """, schema: schema, customerHeader: "id,email,email_opt_in\n", customers: customers, events: "customer_id,event,time\n")
        #expect(byEvent.rows.isEmpty, "\(Self.lines(byEvent))")
        let waiting = try Self.plan("""
        campaign d {
          trigger once at 2026-03-03 09:00
          wait until signup or 1d
          send email hi { subject "Hi" body "Hello" }
        }

        """, schema: schema, customerHeader: "id,email,email_opt_in\n", customers: customers, events: "customer_id,event,time\n")
        #expect(Self.lines(waiting).map { $0.split(separator: " ")[0] } == ["2026-03-04T09:00:00Z"], "\(Self.lines(waiting))")
    }

    /// A repeated clause (an error) counts once, the first: its text and its behaviour
    /// come from the same clause.
    @Test func aRepeatedClauseCountsTheFirst() throws {
        let plan = try Self.plan("""
        campaign c {
          trigger on purchase where amount > 100
          trigger on app_open
          goal purchase within 7d
          goal nothing_like_this within 7d
          send email hi { subject "Hi" body "Hello" }
        }

        """, customers: Self.customer, events: """
        customer_id,event,time,amount,order_id
        c1,app_open,2026-03-03T10:00:00Z,,
        c1,purchase,2026-03-03T12:00:00Z,50,
        c1,purchase,2026-03-04T12:00:00Z,500,

        """)
        let summary = try #require(plan.summaries.first)
        #expect(summary.trigger == "on purchase where amount > 100")
        #expect(summary.goal == "goal purchase within 7d")
        let sends = Self.lines(plan).filter { $0.contains(" send ") }
        #expect(sends.map { $0.split(separator: " ")[0] } == ["2026-03-04T12:00:00Z"], "\(Self.lines(plan))")
    }
}
