import CampaignData
import CampaignPlanner
import Foundation
import Testing

/// A message renders the triggering event's own values when another event type declares
/// 200 properties (the readers once cached enum codes by `type * 64 + property`, so
/// `big.q128` and `zeta.z0` shared a slot and "x" came back as "y").
@Suite struct WideEventPlanTests {
    @Test func templateRendersTheTriggeringEventsOwnValues() throws {
        let big = (0..<200).map { "q\($0): one of (\"x\", \"y\")" }.joined(separator: ", ")
        let header = "customer_id,event,time,amount,order_id," + (0..<200).map { "q\($0)" }.joined(separator: ",") + ",z0,z1\n"
        let bigRow = ",,".appending((0..<200).map { _ in "x" }.joined(separator: ",")) + ",,\n"
        let rows = try PlanSupport.plan("""
            event big { \(big) }
            event zeta { z0: one of ("y", "x"), z1: one of ("y", "x") }
            campaign echo {
              trigger on zeta
              reentry always
              send email note { subject "{{ event.z0 }}{{ event.z1 }}" body "b" transactional }
            }
            """, customers: "c1,ana@example.com,,,UTC,2025-01-01,,true,false,\n",
            events: header + "c1,big,2026-06-10T10:00:00Z," + bigRow
                + "c1,zeta,2026-06-10T12:00:00Z,,," + String(repeating: ",", count: 200) + "x,y\n"
                + "c1,zeta,2026-06-11T12:00:00Z,,," + String(repeating: ",", count: 200) + "y,x\n",
            from: "2026-06-01", to: "2026-07-01") { $0.render = true }
        #expect(rows.filter { $0.contains(" send ") }.map { $0.components(separatedBy: "subject: ").last ?? "" } == ["xy | body: b", "yx | body: b"])
    }
}
