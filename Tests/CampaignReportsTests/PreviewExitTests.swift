import CampaignPlanner
@testable import CampaignReports
import Testing

/// "Exited before" counts an exit against the messages still ahead of the entry on a path
/// it could take from where it stood (docs/output.md): before a branch every arm's, inside
/// an arm only that arm's and those after the branch, after an `exit` step none. It used to
/// count every message whose instruction came after the exit's, so a message in `else`
/// counted the exits of entries inside the `if` arm.
@Suite struct PreviewExitTests {
    static let source = """
    customer { id: id  email: email?  email_opt_in: bool  vip: bool  late: bool  signup_at: time }
    event purchase { amount: number }
    channel email { address: email consent: email_opt_in }
    campaign k {
      trigger once at 2026-06-01 12:00
      exit when purchase
      wait 1d
      if vip {
        send email a { subject "a" body "a" }
        wait 2d
        if late { exit }
      } else {
        wait 1d
        send email b { subject "b" body "b" }
      }
      wait 3d
      send email c { subject "c" body "c" }
    }
    """

    /// p0 buys during the first wait, before the branch; p1 (vip) inside the `if` arm after
    /// `a`; p2 inside `else` before `b`; p3 (vip, late) takes the `exit` step; p4 exits
    /// never. All times UTC.
    static let customers = """
    id,email,email_opt_in,vip,late,signup_at
    p0,p0@example.com,true,false,false,2025-01-01T00:00:00Z
    p1,p1@example.com,true,true,false,2025-01-01T00:00:00Z
    p2,p2@example.com,true,false,false,2025-01-01T00:00:00Z
    p3,p3@example.com,true,true,true,2025-01-01T00:00:00Z
    p4,p4@example.com,true,true,false,2025-01-01T00:00:00Z

    """

    static let events = """
    customer_id,event,time,amount
    p0,purchase,2026-06-01T18:00:00Z,10
    p1,purchase,2026-06-03T18:00:00Z,10
    p2,purchase,2026-06-02T18:00:00Z,10

    """

    @Test func anExitCountsOnlyAgainstMessagesAheadOnItsOwnPath() throws {
        let project = try SmallProject(source: Self.source, customers: Self.customers, events: Self.events, from: "2026-05-01", to: "2026-07-01")
        let preview = Preview(project.plan)
        let k = try #require(preview.campaigns.first)
        #expect(k.exits == 4)
        let exited = Dictionary(uniqueKeysWithValues: k.messages.map { ($0.name, $0.exitedBefore) })
        // a: p0 (before the branch). b: p0, p2 (not p1 in the `if` arm, not p3 after its
        // `exit` step). c: p0, p1, p2.
        #expect(exited == ["a": 1, "b": 2, "c": 3])
        #expect(k.messages.map(\.sent) == [3, 0, 1])
    }
}
