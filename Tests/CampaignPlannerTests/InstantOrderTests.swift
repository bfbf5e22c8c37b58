import CampaignData
import CampaignPlanner
import Foundation
import Testing

/// docs/language.md, "order at one instant", goals, holdout and the output order: one test
/// per sentence, each over a tiny dataset whose schedule is worked out by hand.
@Suite struct InstantOrderTests {
    static let noEvents = "customer_id,event,time,amount,order_id\n"
    static let utc = "c1,,,,UTC,2025-01-01,,false,false,\n"

    static func entries(_ rows: [String]) -> [String] {
        rows.filter { $0.contains(" enter enter ") }.map { String($0.prefix(16)) }
    }

    // MARK: Timers: the journey's due step, then the campaign's trigger

    static let recurring: [(trigger: String, wait: String, to: String, entries: [String])] = [
        // Each wait ends exactly where the next occurrence fires: the journey ends first,
        // so the trigger finds the campaign free and enters every time.
        ("daily at 09:00", "1d", "2026-06-05", ["2026-06-01T09:00", "2026-06-02T09:00", "2026-06-03T09:00", "2026-06-04T09:00"]),
        ("weekly on monday at 09:00", "7d", "2026-07-01", ["2026-06-01T09:00", "2026-06-08T09:00", "2026-06-15T09:00", "2026-06-22T09:00", "2026-06-29T09:00"]),
        // Longer waits skip the occurrences that find the journey still waiting.
        ("daily at 09:00", "2d", "2026-06-08", ["2026-06-01T09:00", "2026-06-03T09:00", "2026-06-05T09:00", "2026-06-07T09:00"]),
        ("daily at 09:00", "3d", "2026-06-11", ["2026-06-01T09:00", "2026-06-04T09:00", "2026-06-07T09:00", "2026-06-10T09:00"]),
        // 24 h and a minute: the journey still runs at the next occurrence.
        ("daily at 09:00", "1d  wait 1m", "2026-06-05", ["2026-06-01T09:00", "2026-06-03T09:00"]),
    ]

    @Test(arguments: recurring)
    func aWaitEndingAtTheNextOccurrenceFreesTheCampaign(_ c: (trigger: String, wait: String, to: String, entries: [String])) throws {
        let rows = try PlanSupport.plan("""
            campaign digest { trigger \(c.trigger)  reentry always  tag digest  wait \(c.wait) }
            """, customers: Self.utc, from: "2026-06-01", to: c.to)
        #expect(Self.entries(rows) == c.entries)
        // Every entry tags at once, after its `enter` row.
        #expect(rows.count == 2 * c.entries.count)
    }

    // MARK: Events: given to a running journey, never also entering

    @Test func anEventWhereATrailingWaitEndsFindsTheJourneyRunning() throws {
        // 1 June 12:00 enters and waits 1d. The purchase on 2 June 12:00 comes first at that
        // instant (step 1): the journey is still waiting, so the purchase is its, not an
        // entry; then the wait ends and so does the journey. 3 June 13:00 enters again.
        let rows = try PlanSupport.plan("""
            campaign thanks { trigger on purchase  reentry always  tag thanks  wait 1d }
            """, customers: Self.utc, events: Self.noEvents + """
            c1,purchase,2026-06-01T12:00:00Z,5,
            c1,purchase,2026-06-02T12:00:00Z,5,
            c1,purchase,2026-06-03T13:00:00Z,5,

            """, from: "2026-06-01", to: "2026-07-01")
        #expect(Self.entries(rows) == ["2026-06-01T12:00", "2026-06-03T13:00"])
    }

    static let takenEvents: [(steps: String, amount: Int, rows: [String])] = [
        // 2 June: the purchase ends `wait until purchase` and with it the journey.
        ("tag thanks  wait until purchase or 3d", 5, ["06-01 enter", "06-01 thanks", "06-03 enter", "06-03 thanks"]),
        // 2 June: the big purchase ends the journey by `exit when`.
        ("exit when purchase where amount > 100  tag thanks  wait 5d  tag later", 500,
         ["06-01 enter", "06-01 thanks", "06-02 exit", "06-03 enter", "06-03 thanks"]),
    ]

    @Test(arguments: takenEvents)
    func anEventTheJourneyTakesDoesNotAlsoEnter(_ c: (steps: String, amount: Int, rows: [String])) throws {
        // The purchase on 2 June goes to the running journey and ends it; it does not enter
        // again although nothing runs any more. 3 June finds the campaign free and enters.
        let rows = try PlanSupport.plan("""
            campaign thanks { trigger on purchase  reentry always  \(c.steps) }
            """, customers: Self.utc, events: Self.noEvents + """
            c1,purchase,2026-06-01T12:00:00Z,5,
            c1,purchase,2026-06-02T12:00:00Z,\(c.amount),
            c1,purchase,2026-06-03T12:00:00Z,5,

            """, from: "2026-06-01", to: "2026-06-05")
        #expect(rows.map { $0.dropFirst(5).prefix(5) + " " + $0.split(separator: " ")[4] } == c.rows, "\(rows)")
    }

    @Test func aSecondEventAtTheSameInstantGoesToTheJourneyTheFirstEntered() throws {
        // Two orders at one instant: the first enters; the second is offered while that
        // journey runs (its first step is due at this instant, in step 2), so it is the
        // journey's and enters nothing.
        let rows = try PlanSupport.plan("""
            campaign thanks { trigger on purchase  reentry always  tag thanks }
            """, customers: Self.utc, events: Self.noEvents + """
            c1,purchase,2026-06-01T12:00:00Z,5,A
            c1,purchase,2026-06-01T12:00:00Z,7,B

            """, from: "2026-06-01", to: "2026-07-01")
        #expect(rows == [
            "2026-06-01T12:00:00Z 2026-06-01T12:00:00+00:00 c1 thanks enter enter  on purchase",
            "2026-06-01T12:00:00Z 2026-06-01T12:00:00+00:00 c1 thanks thanks tag  ",
        ])
    }

    static let fileOrders: [(events: String, exits: Bool)] = [
        // The app_open enters; the purchase after it, in the file, ends the journey.
        ("c1,app_open,2026-06-01T12:00:00Z,,\nc1,purchase,2026-06-01T12:00:00Z,5,\n", true),
        // The purchase comes first and finds no journey; then the app_open enters.
        ("c1,purchase,2026-06-01T12:00:00Z,5,\nc1,app_open,2026-06-01T12:00:00Z,,\n", false),
    ]

    @Test(arguments: fileOrders)
    func eventsAtOneInstantApplyInFileOrder(_ c: (events: String, exits: Bool)) throws {
        let rows = try PlanSupport.plan("""
            campaign welcome { trigger on app_open  exit when purchase  tag opened  wait 1d  tag next_day }
            """, customers: Self.utc, events: Self.noEvents + c.events, from: "2026-06-01", to: "2026-07-01")
        let steps = rows.map { $0.split(separator: " ")[4] }
        #expect(steps == (c.exits ? ["enter", "exit"] : ["enter", "opened", "next_day"]), "\(rows)")
    }

    @Test func stepsAtOneInstantAreServedInServingOrderWhateverEnteredThem() throws {
        // At 12:00 the purchase enters `alpha` (priority 1) first, in step 1; in step 2
        // `zeta` (priority 5) is served first, so its calendar entry takes the daily cap.
        let rows = try PlanSupport.plan("""
            policy { cap 1 messages per 1d }
            campaign alpha { trigger on purchase  priority 1  send email a { subject "A" body "a" } }
            campaign zeta { trigger once at 2026-06-10 12:00  priority 5  send email z { subject "Z" body "z" } }
            """, customers: "c1,ana@example.com,,,UTC,2025-01-01,,true,false,\n",
            events: Self.noEvents + "c1,purchase,2026-06-10T12:00:00Z,5,\n", from: "2026-06-01", to: "2026-07-01")
        #expect(rows == [
            "2026-06-10T12:00:00Z 2026-06-10T12:00:00+00:00 c1 alpha enter enter  on purchase",
            "2026-06-10T12:00:00Z 2026-06-10T12:00:00+00:00 c1 alpha a suppress email cap: 1 messages per 1d",
            "2026-06-10T12:00:00Z 2026-06-10T12:00:00+00:00 c1 zeta enter enter  once at 2026-06-10 12:00",
            "2026-06-10T12:00:00Z 2026-06-10T12:00:00+00:00 c1 zeta z send email ",
        ])
    }

    // MARK: Goals: at most once per entry, last touch

    @Test func aGoalConvertsTheMostRecentOpenEntryOnce() throws {
        // Entries on 1 and 3 June (windows to 8 and 10 June). The purchase on 4 June is the
        // 3 June entry's (last touch): 1d after entry. The one on 5 June is again the 3 June
        // entry's, which has converted already: nothing (and the 1 June entry's first
        // matching purchase was 4 June's, which it did not get). 11 June: the latest entry's
        // window has closed. 20 June enters; 21 June converts it.
        let rows = try PlanSupport.plan("""
            campaign activate { trigger on app_open  reentry always  goal purchase within 7d  tag opened }
            """, customers: Self.utc, events: Self.noEvents + """
            c1,app_open,2026-06-01T12:00:00Z,,
            c1,app_open,2026-06-03T12:00:00Z,,
            c1,purchase,2026-06-04T12:00:00Z,5,
            c1,purchase,2026-06-05T12:00:00Z,5,
            c1,purchase,2026-06-11T12:00:00Z,5,
            c1,app_open,2026-06-20T12:00:00Z,,
            c1,purchase,2026-06-21T12:00:00Z,5,

            """, from: "2026-06-01", to: "2026-07-01")
        #expect(rows.filter { $0.contains(" goal goal ") } == [
            "2026-06-04T12:00:00Z 2026-06-04T12:00:00+00:00 c1 activate goal goal  goal purchase within 7d: purchase 1d after entry",
            "2026-06-21T12:00:00Z 2026-06-21T12:00:00+00:00 c1 activate goal goal  goal purchase within 7d: purchase 1d after entry",
        ])
    }

    @Test func aGoalConvertsEachEntryAtMostOnceOnTheFirstMatchingEvent() throws {
        // One entry; the small purchase does not match the goal's filter, the next two do:
        // only the first of them converts. The goal outlives the journey (a single tag).
        let rows = try PlanSupport.plan("""
            campaign promo { trigger once at 2026-06-10 12:00  goal purchase where amount > 20 within 14d  tag promo }
            """, customers: Self.utc, events: Self.noEvents + """
            c1,purchase,2026-06-11T12:00:00Z,5,
            c1,purchase,2026-06-12T12:00:00Z,50,
            c1,purchase,2026-06-13T12:00:00Z,60,

            """, from: "2026-06-01", to: "2026-07-01")
        #expect(rows.filter { $0.contains(" goal goal ") } == [
            "2026-06-12T12:00:00Z 2026-06-12T12:00:00+00:00 c1 promo goal goal  goal purchase where amount > 20 within 14d: purchase 2d after entry",
        ])
    }

    // MARK: Holdout: never unsubscribed

    @Test func aHeldOutCustomerIsNeverUnsubscribed() throws {
        // By the pinned hash, c1 is in `cleanup`'s 50% control group and c2 is not. c1's
        // unsubscribe is a holdout suppression (the tag still applies), so `promo` reaches
        // them the next day; c2 is unsubscribed from SMS and `promo` cannot text them.
        let rows = try PlanSupport.plan("""
            campaign cleanup { trigger once at 2026-06-10 12:00  holdout 50%  tag cleaned  unsubscribe sms }
            campaign promo { trigger once at 2026-06-11 12:00  send sms deal { text "Deal!" } }
            """, customers: "c1,,+15550000001,,UTC,2025-01-01,,false,true,\nc2,,+15550000002,,UTC,2025-01-01,,false,true,\n",
            from: "2026-06-01", to: "2026-07-01")
        #expect(rows == [
            "2026-06-10T12:00:00Z 2026-06-10T12:00:00+00:00 c1 cleanup enter enter  once at 2026-06-10 12:00; holdout 50%: sent nothing",
            "2026-06-10T12:00:00Z 2026-06-10T12:00:00+00:00 c1 cleanup cleaned tag  ",
            "2026-06-10T12:00:00Z 2026-06-10T12:00:00+00:00 c1 cleanup sms suppress sms holdout: 50% control group",
            "2026-06-10T12:00:00Z 2026-06-10T12:00:00+00:00 c2 cleanup enter enter  once at 2026-06-10 12:00",
            "2026-06-10T12:00:00Z 2026-06-10T12:00:00+00:00 c2 cleanup cleaned tag  ",
            "2026-06-10T12:00:00Z 2026-06-10T12:00:00+00:00 c2 cleanup sms unsubscribe sms ",
            "2026-06-11T12:00:00Z 2026-06-11T12:00:00+00:00 c1 promo enter enter  once at 2026-06-11 12:00",
            "2026-06-11T12:00:00Z 2026-06-11T12:00:00+00:00 c1 promo deal send sms ",
            "2026-06-11T12:00:00Z 2026-06-11T12:00:00+00:00 c2 promo enter enter  once at 2026-06-11 12:00",
            "2026-06-11T12:00:00Z 2026-06-11T12:00:00+00:00 c2 promo deal suppress sms unsubscribed: sms by cleanup at 2026-06-10T12:00:00Z",
        ])
    }

    // MARK: Output order: the journey's own order at one (time, customer, campaign)

    @Test func rowsAtOneInstantKeepTheJourneysOrder() throws {
        // `birthday_gift` sorts before `enter` and `aaa` before `birthday_gift` by bytes; the
        // journey entered, sent, then tagged, and the rows say so.
        let rows = try PlanSupport.plan("""
            campaign birthday { trigger once at 2026-06-10 12:00  send email birthday_gift { subject "Hi" body "hi" }  tag aaa }
            """, customers: "c1,ana@example.com,,,UTC,2025-01-01,,true,false,\n", from: "2026-06-01", to: "2026-07-01")
        #expect(rows == [
            "2026-06-10T12:00:00Z 2026-06-10T12:00:00+00:00 c1 birthday enter enter  once at 2026-06-10 12:00",
            "2026-06-10T12:00:00Z 2026-06-10T12:00:00+00:00 c1 birthday birthday_gift send email ",
            "2026-06-10T12:00:00Z 2026-06-10T12:00:00+00:00 c1 birthday aaa tag  ",
        ])
    }
}
