import CampaignData
import CampaignPlanner
import Foundation
import Testing

/// The triggers and journey rules the delivery tests do not reach: segment entry,
/// calendars, condition exits, best hour, unsubscribes, re-entry unless goal, rendering.
@Suite struct TriggerTests {
    static let noEvents = "customer_id,event,time,amount,order_id\n"

    static func entries(_ rows: [String]) -> [String] {
        rows.filter { $0.contains(" enter ") }.map { $0.split(separator: " ")[2] + " " + $0.prefix(20) }
    }

    @Test func onEnterSegmentFiresWhereTheSegmentTurnsTrue() throws {
        // c1: 60 on 1 June and 50 on 10 June: 110 in the last 30 days from 10 June 12:00.
        // c2 already matches at the start of the window (120 on 25 May): no transition, no entry;
        // it stops matching on 24 June 12:00, and 10 more on 20 June never bring it back.
        let rows = try PlanSupport.plan("""
            segment big_spender = sum(purchase.amount in last 30d) >= 100
            campaign vip { trigger on enter big_spender  tag vip }
            """, customers: "c1,,,,UTC,2025-01-01,,false,false,\nc2,,,,UTC,2025-01-01,,false,false,\n",
            events: Self.noEvents + """
            c1,purchase,2026-06-01T12:00:00Z,60,
            c1,purchase,2026-06-10T12:00:00Z,50,
            c2,purchase,2026-05-25T12:00:00Z,120,
            c2,purchase,2026-06-20T12:00:00Z,10,

            """, from: "2026-06-01", to: "2026-08-01")
        #expect(Self.entries(rows) == ["c1 2026-06-10T12:00:00Z"])
    }

    @Test func onEnterSegmentSeesWindowEdgesToTheSecond() throws {
        // `lapsing` turns true one second after the last purchase is 30 days old.
        let rows = try PlanSupport.plan("""
            segment lapsing = last(purchase) < now - 30d
            campaign nudge { trigger on enter lapsing  tag lapsing }
            """, customers: "c1,,,,UTC,2025-01-01,,false,false,\n",
            events: Self.noEvents + "c1,purchase,2026-06-01T12:00:00Z,5,\n", from: "2026-06-01", to: "2026-08-01")
        #expect(Self.entries(rows) == ["c1 2026-07-01T12:00:01Z"])
    }

    @Test func calendarTriggers() throws {
        let daily = try PlanSupport.plan("""
            campaign digest { trigger daily at 09:00  reentry always  tag digest }
            """, customers: "c1,,,,Asia/Tokyo,2025-01-01,,false,false,\n", from: "2026-06-01", to: "2026-06-04")
        // 09:00 in Tokyo is 00:00 UTC; the window's last day, 4 June 00:00Z, is excluded.
        #expect(Self.entries(daily) == ["c1 2026-06-01T00:00:00Z", "c1 2026-06-02T00:00:00Z", "c1 2026-06-03T00:00:00Z"])
        let monthly = try PlanSupport.plan("""
            campaign statement { trigger monthly on day 31 at 10:00  reentry always  tag statement }
            """, customers: "c1,,,,UTC,2025-01-01,,false,false,\n", from: "2027-01-01", to: "2027-05-01")
        #expect(Self.entries(monthly) == ["c1 2027-01-31T10:00:00Z", "c1 2027-02-28T10:00:00Z", "c1 2027-03-31T10:00:00Z", "c1 2027-04-30T10:00:00Z"])
        let weekly = try PlanSupport.plan("""
            campaign weekly_tip { trigger weekly on monday at 07:30 "Europe/Paris"  reentry always  tag tip }
            """, customers: "c1,,,,America/New_York,2025-01-01,,false,false,\n", from: "2026-06-01", to: "2026-06-16")
        // Mondays 1, 8 and 15 June at 07:30 in Paris (05:30 UTC), whatever the customer's zone.
        #expect(Self.entries(weekly) == ["c1 2026-06-01T05:30:00Z", "c1 2026-06-08T05:30:00Z", "c1 2026-06-15T05:30:00Z"])
    }

    @Test func exitWhenAConditionBecomesTrueOnAnEvent() throws {
        let rows = try PlanSupport.plan("""
            campaign trial {
              trigger once at 2026-06-10 12:00
              exit when count(purchase since entry) >= 1
              wait 5d
              tag finished
            }
            """, customers: "c1,,,,UTC,2025-01-01,,false,false,\nc2,,,,UTC,2025-01-01,,false,false,\n",
            events: Self.noEvents + "c1,purchase,2026-06-12T08:00:00Z,5,\nc2,purchase,2026-06-09T08:00:00Z,5,\n",
            from: "2026-06-01", to: "2026-07-01")
        #expect(rows.filter { !$0.contains(" enter ") } == [
            "2026-06-12T08:00:00Z 2026-06-12T08:00:00+00:00 c1 trial exit exit  exit when count(purchase since entry) >= 1",
            "2026-06-15T12:00:00Z 2026-06-15T12:00:00+00:00 c2 trial finished tag  ",
        ])
    }

    @Test func bestHourIsTheMostFrequentLocalHourTiesToTheEarliest() throws {
        // c1 opens the app twice around 07:00 and once at 19:00 (local, New York): 07:00.
        // c2 once at 07:xx and once at 19:xx: a tie, so 07:00. c3 has no history: 10:00.
        let rows = try PlanSupport.plan("""
            policy { best hour from app_open default 10:00 }
            campaign nudge { trigger once at 2026-06-10 12:00  wait until best hour  tag nudged }
            """, customers: """
            c1,,,,America/New_York,2025-01-01,,false,false,
            c2,,,,America/New_York,2025-01-01,,false,false,
            c3,,,,America/New_York,2025-01-01,,false,false,

            """, events: Self.noEvents + """
            c1,app_open,2026-06-01T11:10:00Z,,
            c1,app_open,2026-06-02T11:50:00Z,,
            c1,app_open,2026-06-03T23:00:00Z,,
            c2,app_open,2026-06-03T23:30:00Z,,
            c2,app_open,2026-06-04T11:20:00Z,,

            """, from: "2026-06-01", to: "2026-07-01")
        #expect(rows.filter { $0.contains(" tag ") } == [
            "2026-06-11T11:00:00Z 2026-06-11T07:00:00-04:00 c1 nudge nudged tag  ",
            "2026-06-11T11:00:00Z 2026-06-11T07:00:00-04:00 c2 nudge nudged tag  ",
            "2026-06-11T14:00:00Z 2026-06-11T10:00:00-04:00 c3 nudge nudged tag  ",
        ])
    }

    @Test func unsubscribeStopsLaterSendsOnThatChannel() throws {
        let rows = try PlanSupport.plan("""
            campaign cleanup { trigger once at 2026-06-10 12:00  unsubscribe sms }
            campaign promo { trigger once at 2026-06-11 12:00  send sms deal { text "Deal!" }  send email deal_mail { subject "Deal" body "…" } }
            """, customers: "c1,ana@example.com,+15550000001,,UTC,2025-01-01,,true,true,\n", from: "2026-06-01", to: "2026-07-01")
        #expect(rows.filter { $0.contains("deal") } == [
            "2026-06-11T12:00:00Z 2026-06-11T12:00:00+00:00 c1 promo deal suppress sms unsubscribed: sms by cleanup at 2026-06-10T12:00:00Z",
            "2026-06-11T12:00:00Z 2026-06-11T12:00:00+00:00 c1 promo deal_mail send email ",
        ])
    }

    @Test func reentryUnlessGoal() throws {
        // c1 reaches the goal (a purchase a day after entering), so its second app_open does
        // not enter again; c2 never buys and enters both times.
        let rows = try PlanSupport.plan("""
            campaign activate { trigger on app_open  reentry unless goal  goal purchase within 7d  tag opened }
            """, customers: "c1,,,,UTC,2025-01-01,,false,false,\nc2,,,,UTC,2025-01-01,,false,false,\n",
            events: Self.noEvents + """
            c1,app_open,2026-06-01T12:00:00Z,,
            c1,purchase,2026-06-02T12:00:00Z,9,
            c1,app_open,2026-06-05T12:00:00Z,,
            c2,app_open,2026-06-01T13:00:00Z,,
            c2,app_open,2026-06-05T13:00:00Z,,

            """, from: "2026-06-01", to: "2026-07-01")
        #expect(Self.entries(rows) == ["c1 2026-06-01T12:00:00Z", "c2 2026-06-01T13:00:00Z", "c2 2026-06-05T13:00:00Z"])
        #expect(rows.contains("2026-06-02T12:00:00Z 2026-06-02T12:00:00+00:00 c1 activate goal goal  goal purchase within 7d: purchase 1d after entry"))
    }

    /// ë is not in GSM-7 (é è are; € is in its extension table), so the SMS is UCS-2.
    @Test func renderFillsInTheCustomerAndTheTriggeringEvent() throws {
        let rows = try PlanSupport.plan("""
            policy { timezone "UTC" }
            campaign receipt {
              trigger on purchase
              reentry always
              send email receipt_mail { subject "Thanks {{ first_name | default: 'there' }}" body "You spent {{ event.amount }} in {{ campaign.name }}." }
              send sms receipt_sms { text "Merci {{ first_name }}: {{ event.amount }} €" }
            }
            """, customers: "c1,ana@example.com,+15550000001,Zoë,UTC,2025-01-01,,true,true,\n",
            events: Self.noEvents + "c1,purchase,2026-06-10T12:00:00Z,42.5,A1\n", from: "2026-06-01", to: "2026-07-01") { $0.render = true }
        #expect(rows.filter { $0.contains(" send ") } == [
            "2026-06-10T12:00:00Z 2026-06-10T12:00:00+00:00 c1 receipt receipt_mail send email subject: Thanks Zoë | body: You spent 42.5 in receipt.",
            "2026-06-10T12:00:00Z 2026-06-10T12:00:00+00:00 c1 receipt receipt_sms send sms [UCS-2, 1 segment] Merci Zoë: 42.5 €",
        ])
    }
}
