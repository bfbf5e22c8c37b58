import CampaignData
import CampaignPlanner
import Foundation
import Testing

/// The planner takes each `if` and `wait until EVENT` its conditions from the typed
/// program in the order the checker met them (depth first). Here every condition and
/// filter would send the journey elsewhere if it were taken from another step.
@Suite struct TypedConditionOrderTests {
    static let events = "customer_id,event,time,amount,order_id\n"

    @Test func nestedBranchesAndWaitsTakeTheirOwnConditions() throws {
        let rows = try PlanSupport.plan("""
            policy { timezone "UTC" }
            campaign nest {
              trigger on purchase
              send email hello { subject "Hi" body "Hello" }
              if email_opt_in {
                wait until app_open or 1d
                if sms_opt_in { tag inner_yes } else { tag inner_no }
              } else {
                tag outer_no
              }
              wait until purchase where amount > 100 or 2d
              tag after_wait
            }
            """, customers: "c1,c1@example.com,,Ana,,2025-01-01,,true,false,\n",
            events: Self.events + """
            c1,purchase,2026-06-10T10:00:00Z,10,
            c1,app_open,2026-06-10T11:00:00Z,,
            c1,purchase,2026-06-10T13:00:00Z,20,
            c1,purchase,2026-06-10T15:00:00Z,200,

            """, from: "2026-06-01", to: "2026-07-01")
        let tags = rows.filter { $0.contains(" tag ") }.map { $0.split(separator: " ").prefix(5).joined(separator: " ") }
        // The outer `if` reads email_opt_in (true), the wait sees the app open at 11:00,
        // the inner `if` reads sms_opt_in (false); the last wait skips the purchase of 20
        // at 13:00 and ends with the one of 200 at 15:00.
        #expect(tags == [
            "2026-06-10T11:00:00Z 2026-06-10T11:00:00+00:00 c1 nest inner_no",
            "2026-06-10T15:00:00Z 2026-06-10T15:00:00+00:00 c1 nest after_wait",
        ], "\(rows)")
    }
}
