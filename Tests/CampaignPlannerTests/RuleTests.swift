import CampaignData
import CampaignPlanner
import Foundation
import Testing

/// One test per delivery rule of docs/language.md §5 and §7, each over a tiny dataset whose schedule
/// is worked out by hand in the comments.
@Suite struct RuleTests {
    static let noEvents = "customer_id,event,time,amount,order_id\n"

    @Test func quietHoursShiftIntoTheMorning() throws {
        // 02:30Z on 10 June is 22:30 EDT on the 9th: SMS quiet hours (21:00–08:00) hold it
        // until 08:00 EDT, 12:00Z; the journey waits, so the tag comes after the send.
        let rows = try PlanSupport.plan("""
            policy { timezone "UTC" }
            campaign thanks { trigger on purchase  send sms thanks_sms { text "Thanks!" }  tag thanked }
            """, customers: "c1,,+15550000001,Ana,America/New_York,2025-01-01,,false,true,\n",
            events: Self.noEvents + "c1,purchase,2026-06-10T02:30:00Z,10,\n", from: "2026-06-01", to: "2026-07-01")
        #expect(rows == [
            "2026-06-10T02:30:00Z 2026-06-09T22:30:00-04:00 c1 thanks enter enter  on purchase",
            // At one instant rows keep the journey's order: the send, then the tag.
            "2026-06-10T12:00:00Z 2026-06-10T08:00:00-04:00 c1 thanks thanks_sms send sms ",
            "2026-06-10T12:00:00Z 2026-06-10T08:00:00-04:00 c1 thanks thanked tag  ",
        ])
    }

    static let dstCases: [(zone: String, date: String, clock: String, expected: String)] = [
        // Spring forward: 02:30 does not exist; the first valid instant after the gap is 03:00.
        ("America/New_York", "2026-03-08", "02:30", "2026-03-08T07:00:00Z 2026-03-08T03:00:00-04:00"),
        ("Europe/London", "2026-03-29", "01:30", "2026-03-29T01:00:00Z 2026-03-29T02:00:00+01:00"),
        // Fall back: 01:30 happens twice; the first occurrence (still on summer time) wins.
        ("America/New_York", "2026-11-01", "01:30", "2026-11-01T05:30:00Z 2026-11-01T01:30:00-04:00"),
        ("Europe/London", "2026-10-25", "01:30", "2026-10-25T00:30:00Z 2026-10-25T01:30:00+01:00"),
        // Ordinary nights on either side.
        ("America/New_York", "2026-03-09", "02:30", "2026-03-09T06:30:00Z 2026-03-09T02:30:00-04:00"),
        ("Europe/London", "2026-10-26", "01:30", "2026-10-26T01:30:00Z 2026-10-26T01:30:00+00:00"),
    ]

    @Test(arguments: dstCases)
    func dstNightsResolveBySpecRules(_ c: (zone: String, date: String, clock: String, expected: String)) throws {
        let rows = try PlanSupport.plan("""
            campaign night { trigger once at \(c.date) \(c.clock)  tag reached }
            """, customers: "c1,,,,\(c.zone),2025-01-01,,false,false,\n", from: "2026-01-01", to: "2027-01-01")
        #expect(rows.first?.hasPrefix(c.expected) == true, "\(rows)")
    }

    @Test func waitsAcrossDSTKeepElapsedTimeAndClockTime() throws {
        // Entry 7 March 12:00 EST (17:00Z). `wait 1d` is 24 hours: 8 March 17:00Z, now
        // 13:00 EDT. `wait until 02:30` then lands on 9 March 02:30 EDT (06:30Z) — the 8th's
        // 02:30 was already past at 13:00 on the 8th.
        let rows = try PlanSupport.plan("""
            campaign days { trigger once at 2026-03-07 12:00  wait 1d  tag one_day  wait until 02:30  tag small_hours }
            """, customers: "c1,,,,America/New_York,2025-01-01,,false,false,\n", from: "2026-03-01", to: "2026-04-01")
        #expect(rows == [
            "2026-03-07T17:00:00Z 2026-03-07T12:00:00-05:00 c1 days enter enter  once at 2026-03-07 12:00",
            "2026-03-08T17:00:00Z 2026-03-08T13:00:00-04:00 c1 days one_day tag  ",
            "2026-03-09T06:30:00Z 2026-03-09T02:30:00-04:00 c1 days small_hours tag  ",
        ])
        // From the evening of the 7th, `wait until 02:30` meets the nonexistent 02:30 of the
        // 8th and resolves to 03:00 EDT, 07:00Z.
        let gap = try PlanSupport.plan("""
            campaign gap { trigger once at 2026-03-07 20:00  wait until 02:30  tag small_hours }
            """, customers: "c1,,,,America/New_York,2025-01-01,,false,false,\n", from: "2026-03-01", to: "2026-04-01")
        #expect(gap.last == "2026-03-08T07:00:00Z 2026-03-08T03:00:00-04:00 c1 gap small_hours tag  ")
    }

    @Test func customerWithoutZoneUsesThePolicyDefault() throws {
        let rows = try PlanSupport.plan("""
            policy { timezone "Europe/London" }
            campaign hello { trigger once at 2026-07-01 09:00  tag hello }
            """, customers: "c1,,,,,2025-01-01,,false,false,\nc2,,,,Asia/Tokyo,2025-01-01,,false,false,\n", from: "2026-06-01", to: "2026-08-01")
        #expect(rows == [
            "2026-07-01T00:00:00Z 2026-07-01T09:00:00+09:00 c2 hello enter enter  once at 2026-07-01 09:00",
            "2026-07-01T00:00:00Z 2026-07-01T09:00:00+09:00 c2 hello hello tag  ",
            "2026-07-01T08:00:00Z 2026-07-01T09:00:00+01:00 c1 hello enter enter  once at 2026-07-01 09:00",
            "2026-07-01T08:00:00Z 2026-07-01T09:00:00+01:00 c1 hello hello tag  ",
        ])
    }

    @Test func capSuppressesWithinTheRollingWindowOnly() throws {
        // Sends at 10 June 12:00 and 12 June 12:00 (exactly 48 h later: the first has left
        // the window (t − 2d, t]); the one at 11 June 12:00 is inside it.
        let rows = try PlanSupport.plan("""
            policy { cap sms 1 per 2d }
            campaign thanks { trigger on purchase  reentry always  send sms thanks_sms { text "Thanks!" } }
            """, customers: "c1,,+15550000001,,UTC,2025-01-01,,false,true,\n",
            events: Self.noEvents + "c1,purchase,2026-06-10T12:00:00Z,1,\nc1,purchase,2026-06-11T12:00:00Z,1,\nc1,purchase,2026-06-12T12:00:00Z,1,\n",
            from: "2026-06-01", to: "2026-07-01")
        #expect(rows.filter { !$0.contains(" enter ") } == [
            "2026-06-10T12:00:00Z 2026-06-10T12:00:00+00:00 c1 thanks thanks_sms send sms ",
            "2026-06-11T12:00:00Z 2026-06-11T12:00:00+00:00 c1 thanks thanks_sms suppress sms cap: sms 1 per 2d",
            "2026-06-12T12:00:00Z 2026-06-12T12:00:00+00:00 c1 thanks thanks_sms send sms ",
        ])
    }

    @Test func higherPriorityWinsTheCapAtTheSameInstant() throws {
        // Both campaigns send at 12:00; the cap allows one. `zeta` has the higher priority,
        // so it is served first although `alpha` comes first by name.
        let rows = try PlanSupport.plan("""
            policy { cap 1 messages per 1d }
            campaign alpha { trigger once at 2026-06-10 12:00  priority 1  send email a { subject "A" body "a" } }
            campaign zeta { trigger once at 2026-06-10 12:00  priority 5  send email z { subject "Z" body "z" } }
            """, customers: "c1,ana@example.com,,,UTC,2025-01-01,,true,false,\n", from: "2026-06-01", to: "2026-07-01")
        #expect(rows.filter { !$0.contains(" enter ") } == [
            "2026-06-10T12:00:00Z 2026-06-10T12:00:00+00:00 c1 alpha a suppress email cap: 1 messages per 1d",
            "2026-06-10T12:00:00Z 2026-06-10T12:00:00+00:00 c1 zeta z send email ",
        ])
    }

    @Test func sendFirstOfFallsBackFromPushToEmail() throws {
        let rows = try PlanSupport.plan("""
            campaign welcome {
              trigger 0d after signup_at
              send first of { push p { body "hi" } email e { subject "Hi" body "hi" } }
            }
            """, customers: """
            c1,ana@example.com,,,UTC,2026-06-10T10:00:00Z,,true,false,
            c2,,,,UTC,2026-06-10T11:00:00Z,,false,false,
            c3,bo@example.com,,,UTC,2026-06-10T12:00:00Z,,true,false,tok_3

            """, from: "2026-06-01", to: "2026-07-01")
        #expect(rows.filter { !$0.contains(" enter ") } == [
            "2026-06-10T10:00:00Z 2026-06-10T10:00:00+00:00 c1 welcome e send email ",
            "2026-06-10T11:00:00Z 2026-06-10T11:00:00+00:00 c2 welcome p suppress push p: no address: push_token is missing; e: no address: email is missing",
            "2026-06-10T12:00:00Z 2026-06-10T12:00:00+00:00 c3 welcome p send push ",
        ])
    }

    @Test func exitsOnARealLaterPurchase() throws {
        // Last purchase 1 May 12:00 → enters 31 May 12:00, sends `a`, waits 10 days; the
        // purchase on 5 June ends the journey before `b`. The new purchase restarts the
        // 30-day clock (5 July), which is after the window.
        let rows = try PlanSupport.plan("""
            campaign winback {
              trigger 30d after last(purchase)
              exit when purchase
              send email a { subject "A" body "a" }
              wait 10d
              send email b { subject "B" body "b" }
            }
            """, customers: "c1,ana@example.com,,,UTC,2025-01-01,,true,false,\n",
            events: Self.noEvents + "c1,purchase,2026-05-01T12:00:00Z,5,\nc1,purchase,2026-06-05T09:15:00Z,7,\n",
            from: "2026-05-15", to: "2026-07-01")
        #expect(rows == [
            "2026-05-31T12:00:00Z 2026-05-31T12:00:00+00:00 c1 winback enter enter  30d after last(purchase) (2026-05-01T12:00:00Z)",
            "2026-05-31T12:00:00Z 2026-05-31T12:00:00+00:00 c1 winback a send email ",
            "2026-06-05T09:15:00Z 2026-06-05T09:15:00+00:00 c1 winback exit exit  exit when purchase: purchase at 2026-06-05T09:15:00Z",
        ])
    }

    @Test func aPurchaseExactlyAtTheDeadlineRestartsTheClock() throws {
        // Events apply before timers: the purchase at 31 May 12:00 is `last(purchase)` when
        // the 30-day timer of 1 May would fire, so it does not; the next fires 30 June.
        let rows = try PlanSupport.plan("""
            campaign winback { trigger 30d after last(purchase)  tag lapsed }
            """, customers: "c1,,,,UTC,2025-01-01,,false,false,\n",
            events: Self.noEvents + "c1,purchase,2026-05-01T12:00:00Z,5,\nc1,purchase,2026-05-31T12:00:00Z,7,\n",
            from: "2026-05-15", to: "2026-07-15")
        #expect(rows.map { String($0.prefix(20)) } == ["2026-06-30T12:00:00Z", "2026-06-30T12:00:00Z"])
    }

    @Test func reentryAfterAWindow() throws {
        // reentry after 30d: 1 June enters; 10 June is too soon (until 1 July); 2 July enters.
        let rows = try PlanSupport.plan("""
            campaign thanks { trigger on purchase  reentry after 30d  tag buyer }
            """, customers: "c1,,,,UTC,2025-01-01,,false,false,\n",
            events: Self.noEvents + "c1,purchase,2026-06-01T12:00:00Z,1,\nc1,purchase,2026-06-10T12:00:00Z,1,\nc1,purchase,2026-07-02T12:00:00Z,1,\n",
            from: "2026-06-01", to: "2026-08-01")
        #expect(rows.filter { $0.contains(" enter ") }.map { String($0.prefix(20)) } == ["2026-06-01T12:00:00Z", "2026-07-02T12:00:00Z"])
    }

    @Test func eventKeyNeverEntersTwice() throws {
        let rows = try PlanSupport.plan("""
            campaign receipt { trigger on purchase key order_id  reentry always  tag receipt }
            """, customers: "c1,,,,UTC,2025-01-01,,false,false,\n",
            events: Self.noEvents + "c1,purchase,2026-06-01T12:00:00Z,1,A\nc1,purchase,2026-06-02T12:00:00Z,1,A\nc1,purchase,2026-06-03T12:00:00Z,1,B\n",
            from: "2026-06-01", to: "2026-07-01")
        #expect(rows.filter { $0.contains(" enter ") }.map { String($0.prefix(10)) } == ["2026-06-01", "2026-06-03"])
    }

    @Test func waitUntilEventOrTimeout() throws {
        // c1 opens the app a day later and resumes then; c2 never does and resumes after 2d.
        let rows = try PlanSupport.plan("""
            campaign nudge { trigger once at 2026-06-10 12:00  wait until app_open or 2d  tag resumed }
            """, customers: "c1,,,,UTC,2025-01-01,,false,false,\nc2,,,,UTC,2025-01-01,,false,false,\n",
            events: Self.noEvents + "c1,app_open,2026-06-11T09:30:00Z,,\n", from: "2026-06-01", to: "2026-07-01")
        #expect(rows.filter { $0.contains(" tag ") } == [
            "2026-06-11T09:30:00Z 2026-06-11T09:30:00+00:00 c1 nudge resumed tag  ",
            "2026-06-12T12:00:00Z 2026-06-12T12:00:00+00:00 c2 nudge resumed tag  ",
        ])
    }

    @Test(arguments: [("20:59", "2026-06-10T20:59:00Z"), ("21:00", "2026-06-11T08:00:00Z"), ("08:00", "2026-06-10T08:00:00Z"),
                      ("07:59", "2026-06-10T08:00:00Z"), ("00:00", "2026-06-10T08:00:00Z")])
    func sendWindowBoundsAreHalfOpen(_ c: (clock: String, sent: String)) throws {
        let rows = try PlanSupport.plan("""
            policy { send between 08:00 and 21:00 }
            campaign hello { trigger once at 2026-06-10 \(c.clock)  send email e { subject "Hi" body "hi" } }
            """, customers: "c1,ana@example.com,,,UTC,2025-01-01,,true,false,\n", from: "2026-06-01", to: "2026-07-01")
        #expect(rows.filter { $0.contains(" send ") }.map { String($0.prefix(20)) } == [c.sent], "\(rows)")
    }

    @Test func consentAddressAndTransactional() throws {
        let rows = try PlanSupport.plan("""
            campaign receipt {
              trigger once at 2026-06-10 12:00
              send email marketing { subject "Sale" body "…" }
              send email receipt_mail { subject "Receipt" body "…" transactional }
            }
            """, customers: "c1,ana@example.com,,,UTC,2025-01-01,,false,false,\nc2,,,,UTC,2025-01-01,,true,false,\n",
            from: "2026-06-01", to: "2026-07-01")
        #expect(rows.filter { !$0.contains(" enter ") } == [
            "2026-06-10T12:00:00Z 2026-06-10T12:00:00+00:00 c1 receipt marketing suppress email no consent: email_opt_in is false",
            "2026-06-10T12:00:00Z 2026-06-10T12:00:00+00:00 c1 receipt receipt_mail send email ",
            "2026-06-10T12:00:00Z 2026-06-10T12:00:00+00:00 c2 receipt marketing suppress email no address: email is missing",
            "2026-06-10T12:00:00Z 2026-06-10T12:00:00+00:00 c2 receipt receipt_mail suppress email no address: email is missing",
        ])
    }

    @Test func leapDayBirthdaysFallOnTheTwentyEighth() throws {
        let rows = try PlanSupport.plan("""
            campaign birthday { trigger yearly on birthday at 10:00  reentry always  tag birthday }
            """, customers: "c1,,,,UTC,2025-01-01,2000-02-29,false,false,\n", from: "2027-01-01", to: "2029-01-01")
        #expect(rows.filter { $0.contains(" enter ") }.map { String($0.prefix(20)) } == ["2027-02-28T10:00:00Z", "2028-02-29T10:00:00Z"])
    }

    /// `yearly 7d before` / `2d after`: calendar days from the anniversary, at the clock
    /// time in the customer's zone, across a year's end and a DST change, and from the
    /// 28 February that stands for 29 February in a common year. Worked by hand:
    /// - c1, born 3 January, Paris: 7 days before is 27 December 2026 10:00 CET (09:00Z).
    /// - c2, born 5 April, New York: 7 days before is 29 March 2027 10:00 EDT (14:00Z; DST
    ///   began on 14 March); 2 days after is 7 April 09:00 EDT (13:00Z).
    /// - c3, born 29 February, UTC: in 2027 the anniversary is 28 February, so 7 days
    ///   before is 21 February 10:00Z and 2 days after is 2 March 09:00Z.
    @Test func yearlyOffsetsMoveTheDay() throws {
        let rows = try PlanSupport.plan("""
            campaign early { trigger yearly 7d before birthday at 10:00  reentry always  tag early }
            campaign late { trigger yearly 2d after birthday at 09:00  reentry always  tag late }
            """, customers: "c1,,,,Europe/Paris,2025-01-01,1990-01-03,false,false,\nc2,,,,America/New_York,2025-01-01,1985-04-05,false,false,\nc3,,,,UTC,2025-01-01,2000-02-29,false,false,\n",
            from: "2026-12-01", to: "2027-04-30")
        let entries = rows.filter { $0.contains(" enter ") }.map { row -> String in
            let parts = row.split(separator: " ")
            return "\(parts[0]) \(parts[2]) \(parts[3])"
        }
        #expect(entries == [
            "2026-12-27T09:00:00Z c1 early",
            "2027-01-05T08:00:00Z c1 late",
            "2027-02-21T10:00:00Z c3 early",
            "2027-03-02T09:00:00Z c3 late",
            "2027-03-29T14:00:00Z c2 early",
            "2027-04-07T13:00:00Z c2 late",
        ], "\(rows)")
    }

    /// Engagement across campaigns, worked by hand. `survey` goes out at 10:00 on 1 June
    /// to c1 (SMS consent) and c2 (none: suppressed, so not sent). Every SMS is clicked.
    /// `thanks` asks `clicked(ask.survey)` each day at 12:00: c1 from 1 June on. `recent`
    /// asks `clicked(any sms in last 2d)`: c1 on 1 and 2 June only (at 12:00 on 3 June
    /// the click of 1 June 10:00 is more than two days old). `again` asks
    /// `sent(thanks.hi)` in the window since its own entry, 1 June 12:30: true for c1
    /// only once `thanks` has sent after that, at 12:00 on 2 June (its first send, at
    /// 12:00 on 1 June, came before the entry).
    @Test func engagementAcrossCampaigns() throws {
        let rows = try PlanSupport.plan("""
            campaign ask { trigger once at 2026-06-01 10:00  send sms survey { text "How was it?" } }
            campaign thanks { trigger daily at 12:00  reentry always  audience clicked(ask.survey)  send push hi { body "Thanks" } }
            campaign recent { trigger daily at 12:00  reentry always  audience clicked(any sms in last 2d)  tag recent }
            campaign again {
              trigger once at 2026-06-01 12:30
              wait 1d
              if sent(thanks.hi since entry) { tag seen_again }
            }
            """, customers: "c1,,+15550001111,,UTC,2025-01-01,,false,true,tok\nc2,,+15550002222,,UTC,2025-01-01,,false,false,tok\n",
            from: "2026-06-01", to: "2026-06-04") { options in
                if case .success(let model) = EngagementModel.parse("sms.click=1", seed: 0) { options.engagement = model }
            }
        let picked = rows.filter { ($0.contains(" thanks ") || $0.contains(" recent ") || $0.contains(" again ")) && !$0.contains(" enter ") }
            .map { row -> String in let p = row.split(separator: " "); return "\(p[0]) \(p[2]) \(p[3]) \(p[4])" }
        #expect(picked == [
            "2026-06-01T12:00:00Z c1 recent recent",
            "2026-06-01T12:00:00Z c1 thanks hi",
            "2026-06-02T12:00:00Z c1 recent recent",
            "2026-06-02T12:00:00Z c1 thanks hi",
            "2026-06-02T12:30:00Z c1 again seen_again",
            "2026-06-03T12:00:00Z c1 thanks hi",
        ], "\(rows)")
    }

    static let splitSource = """
        campaign test_split {
          trigger once at 2026-06-10 12:00
          split { 50% { tag arm_a } 50% { tag arm_b } }
        }
        """

    static func customers(_ n: Int) -> String {
        (1...n).map { "c\($0),,,,UTC,2025-01-01,,false,false,\n" }.joined()
    }

    @Test func splitAssignmentIsStableAndBalanced() throws {
        let once = try PlanSupport.plan(Self.splitSource, customers: Self.customers(2_000), from: "2026-06-01", to: "2026-07-01")
        let twice = try PlanSupport.plan(Self.splitSource, customers: Self.customers(2_000), from: "2026-06-01", to: "2026-07-01") { $0.threads = 2 }
        #expect(once == twice)
        let a = once.filter { $0.contains(" arm_a ") }.count, b = once.filter { $0.contains(" arm_b ") }.count
        #expect(a + b == 2_000)
        #expect(abs(a - b) < 200, "a 50/50 split of 2,000 is within 5%: \(a) / \(b)")
        // Pinned: the hash of (campaign, split position, customer id) must never change
        // between versions, or a running experiment would reshuffle its customers.
        let firstTen = once.filter { $0.contains(" tag ") }.prefix(10).map { String($0.split(separator: " ")[2] + ":" + $0.split(separator: " ")[4]) }
        #expect(firstTen == Self.pinnedArms)
    }

    static let pinnedArms = ["c1:arm_b", "c10:arm_a", "c100:arm_b", "c1000:arm_b", "c1001:arm_b", "c1002:arm_b", "c1003:arm_b", "c1004:arm_b", "c1005:arm_b", "c1006:arm_b"]

    @Test func holdoutEntersButIsSentNothing() throws {
        let rows = try PlanSupport.plan("""
            campaign promo { trigger once at 2026-06-10 12:00  holdout 20%  send email e { subject "Hi" body "hi" } }
            """, customers: (1...500).map { "c\($0),u\($0)@example.com,,,UTC,2025-01-01,,true,false,\n" }.joined(),
            from: "2026-06-01", to: "2026-07-01")
        let held = rows.filter { $0.contains("holdout: 20% control group") }.count
        #expect(rows.filter { $0.contains(" enter ") }.count == 500)
        #expect(held + rows.filter { $0.contains(" send ") }.count == 500)
        #expect(held > 70 && held < 130, "20% of 500 is about 100: \(held)")
    }

    @Test func engagementModelDrivesBranches() throws {
        let source = """
            campaign survey {
              trigger once at 2026-06-10 12:00
              send email ask { subject "2 minutes?" body "…" }
              wait 1d
              if clicked(ask) { tag engaged } else { tag silent }
            }
            """
        let customers = (1...400).map { "c\($0),u\($0)@example.com,,,UTC,2025-01-01,,true,false,\n" }.joined()
        let none = try PlanSupport.plan(source, customers: customers, from: "2026-06-01", to: "2026-07-01")
        #expect(none.filter { $0.contains(" engaged ") }.isEmpty, "nobody engages by default")
        func run(_ seed: UInt64) throws -> [String] {
            try PlanSupport.plan(source, customers: customers, from: "2026-06-01", to: "2026-07-01") {
                $0.engagement = (try? EngagementModel.parse("email.click=0.25", seed: seed).get()) ?? .none
            }
        }
        let first = try run(1), again = try run(1), other = try run(2)
        #expect(first == again)
        #expect(first != other)
        let engaged = first.filter { $0.contains(" engaged ") }.count
        #expect(engaged > 60 && engaged < 140, "25% of 400 is about 100: \(engaged)")
    }
}
