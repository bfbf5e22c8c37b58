import CampaignData
import CampaignPlanner
import CampaignSemantics
import Foundation
import Testing

/// Compliance profiles, the policy's quiet hours and campaign caps (docs/compliance.md,
/// docs/language.md §5.1 and §7), each over a tiny dataset whose schedule is worked out by
/// hand in the comments. The schema is `PlanSupport.schema`: SMS quiet hours 21:00–08:00.
@Suite struct ComplianceRuleTests {
    static let noEvents = "customer_id,event,time,amount,order_id\n"

    /// Sends of `campaign`, without the entries.
    static func sends(_ rows: [String]) -> [String] { rows.filter { !$0.contains(" enter ") } }

    @Test func floridasFourthMarketingSMSIn24HoursIsSuppressed() throws {
        // Purchases at 10:00, 11:00, 12:00, 13:00 EDT (14:00Z…17:00Z) on 10 June: three
        // marketing SMS go out, the fourth is the fourth in 24 h. The receipt is
        // transactional: it neither counts nor is suppressed. The next day at 10:30 EDT
        // (11 June 14:30Z), the 10:00 send has left the window (t − 24h, t]: it goes out.
        let rows = try PlanSupport.plan("""
            policy { comply us_florida where first_name == "Flo" }
            campaign promo { trigger on purchase  reentry always  send sms promo_sms { text "20% off" } }
            campaign receipt { trigger on purchase  reentry always  send sms receipt_sms { text "Paid" transactional } }
            """, customers: "c1,,+15550000001,Flo,America/New_York,2025-01-01,,false,true,\n",
            events: Self.noEvents + ["2026-06-10T14:00:00Z", "2026-06-10T15:00:00Z", "2026-06-10T16:00:00Z", "2026-06-10T17:00:00Z",
                                     "2026-06-11T14:30:00Z"].map { "c1,purchase,\($0),1,\n" }.joined(),
            from: "2026-06-01", to: "2026-07-01")
        #expect(Self.sends(rows) == [
            "2026-06-10T14:00:00Z 2026-06-10T10:00:00-04:00 c1 promo promo_sms send sms ",
            "2026-06-10T14:00:00Z 2026-06-10T10:00:00-04:00 c1 receipt receipt_sms send sms ",
            "2026-06-10T15:00:00Z 2026-06-10T11:00:00-04:00 c1 promo promo_sms send sms ",
            "2026-06-10T15:00:00Z 2026-06-10T11:00:00-04:00 c1 receipt receipt_sms send sms ",
            "2026-06-10T16:00:00Z 2026-06-10T12:00:00-04:00 c1 promo promo_sms send sms ",
            "2026-06-10T16:00:00Z 2026-06-10T12:00:00-04:00 c1 receipt receipt_sms send sms ",
            "2026-06-10T17:00:00Z 2026-06-10T13:00:00-04:00 c1 promo promo_sms suppress sms compliance: us_florida 3 per 24h",
            "2026-06-10T17:00:00Z 2026-06-10T13:00:00-04:00 c1 receipt receipt_sms send sms ",
            "2026-06-11T14:30:00Z 2026-06-11T10:30:00-04:00 c1 promo promo_sms send sms ",
            "2026-06-11T14:30:00Z 2026-06-11T10:30:00-04:00 c1 receipt receipt_sms send sms ",
        ])
    }

    @Test(arguments: ["us_oklahoma", "us_maryland"])
    func oklahomaAndMarylandCountLikeFlorida(_ profile: String) throws {
        // Four purchases an hour apart from 10:00 EDT: the fourth is suppressed; 20:30 EDT
        // the same day is past 20:00 (and before SMS quiet hours at 21:00): it waits until
        // 08:00 EDT the next day (12:00Z), when the count over (11 June 12:00Z − 24h] holds
        // the three sends of the 10th (14:00Z–16:00Z): suppressed again.
        let rows = try PlanSupport.plan("""
            policy { comply \(profile) }
            campaign promo { trigger on purchase  reentry always  send sms promo_sms { text "20% off" } }
            """, customers: "c1,,+15550000001,,America/New_York,2025-01-01,,false,true,\n",
            events: Self.noEvents + ["2026-06-10T14:00:00Z", "2026-06-10T15:00:00Z", "2026-06-10T16:00:00Z", "2026-06-10T17:00:00Z",
                                     "2026-06-11T00:30:00Z"].map { "c1,purchase,\($0),1,\n" }.joined(),
            from: "2026-06-01", to: "2026-07-01")
        #expect(Self.sends(rows).map { $0.split(separator: " ").dropFirst(5).joined(separator: " ") + " @" + $0.prefix(20) } == [
            "send sms @2026-06-10T14:00:00Z", "send sms @2026-06-10T15:00:00Z", "send sms @2026-06-10T16:00:00Z",
            "suppress sms compliance: \(profile) 3 per 24h @2026-06-10T17:00:00Z",
            "suppress sms compliance: \(profile) 3 per 24h @2026-06-11T12:00:00Z",
        ])
    }

    @Test func aFrenchSaturdayEveningSendWaitsForMonday() throws {
        // Saturday 6 June 2026, 21:00 CEST (19:00Z): past 20:00; Sunday the 7th is closed;
        // Monday the 8th at 08:00 CEST is 06:00Z. The tag after the send waits with it.
        let rows = try PlanSupport.plan("""
            policy { comply fr_sms where first_name == "Léa" }
            campaign promo { trigger once at 2026-06-06 21:00  send sms promo_sms { text "Soldes" }  tag told }
            """, customers: "c1,,+33600000001,Léa,Europe/Paris,2025-01-01,,false,true,\nc2,,+33600000002,Max,Europe/Paris,2025-01-01,,false,true,\n",
            from: "2026-06-01", to: "2026-07-01")
        #expect(Self.sends(rows) == [
            // Max is not bound by fr_sms: only SMS quiet hours (21:00–08:00) hold him, to Sunday 08:00.
            "2026-06-07T06:00:00Z 2026-06-07T08:00:00+02:00 c2 promo promo_sms send sms ",
            "2026-06-07T06:00:00Z 2026-06-07T08:00:00+02:00 c2 promo told tag  ",
            "2026-06-08T06:00:00Z 2026-06-08T08:00:00+02:00 c1 promo promo_sms send sms ",
            "2026-06-08T06:00:00Z 2026-06-08T08:00:00+02:00 c1 promo told tag  ",
        ])
    }

    static let frenchHolidayCases: [(trigger: String, expected: String, why: String)] = [
        // Easter 2026 is Sunday 5 April (computus: a = 12, b = 20, c = 26, d = 5, e = 0,
        // f = 1, g = 6, h = 252 % 30 = 12, i = 6, k = 2, l = 30 % 7 = 2, m = 0; month =
        // 128 / 31 = 4, day = 128 % 31 + 1 = 5). Saturday 4 April at
        // 20:30 CEST is past 20:00; Sunday the 5th is closed; Easter Monday the 6th is a
        // holiday; Tuesday 7 April 08:00 CEST is 06:00Z.
        ("2026-04-04 20:30", "2026-04-07T06:00:00Z 2026-04-07T08:00:00+02:00", "Easter Monday"),
        // Ascension 2026 is Easter + 39 = Thursday 14 May. Wednesday 13 May at 20:15 CEST
        // waits past the 14th to Friday 15 May 08:00 CEST, 06:00Z.
        ("2026-05-13 20:15", "2026-05-15T06:00:00Z 2026-05-15T08:00:00+02:00", "Ascension"),
        // Easter 2027 is 28 March (a = 13, c = 27, h = 271 % 30 = 1, i = 6, k = 3,
        // l = (32 + 12 − 1 − 3) % 7 = 5, m = 0; month = 120 / 31 = 3, day = 120 % 31 + 1
        // = 28): Easter Monday 29 March. Saturday 27 March at 21:00 CET
        // waits over Sunday the 28th (the night DST begins) and Monday to Tuesday 30 March
        // 08:00 CEST, 06:00Z.
        ("2027-03-27 21:00", "2027-03-30T06:00:00Z 2027-03-30T08:00:00+02:00", "Easter Monday 2027"),
        // Whit Monday 2026 is Easter + 50 = 25 May; Saturday 23 May 20:00 → Tuesday 26 May.
        ("2026-05-23 20:00", "2026-05-26T06:00:00Z 2026-05-26T08:00:00+02:00", "Whit Monday"),
        // Friday 13 November 2026 at 07:00 CET: the same day at 08:00 CET, 07:00Z (no holiday).
        ("2026-11-13 07:00", "2026-11-13T07:00:00Z 2026-11-13T08:00:00+01:00", "an ordinary morning"),
        // Tuesday 14 July 2026 (Bastille Day) at 10:00: Wednesday 15 July 08:00 CEST.
        ("2026-07-14 10:00", "2026-07-15T06:00:00Z 2026-07-15T08:00:00+02:00", "14 July"),
    ]

    @Test(arguments: frenchHolidayCases)
    func frenchSendsWaitAcrossPublicHolidays(_ c: (trigger: String, expected: String, why: String)) throws {
        let rows = try PlanSupport.plan("""
            policy { comply fr_sms }
            campaign promo { trigger once at \(c.trigger)  send sms promo_sms { text "Soldes" } }
            """, customers: "c1,,+33600000001,,Europe/Paris,2025-01-01,,false,true,\n", from: "2026-01-01", to: "2028-01-01")
        #expect(Self.sends(rows) == ["\(c.expected) c1 promo promo_sms send sms "], "\(c.why)")
    }

    @Test func aKolkataMorningSendWaitsForNine() throws {
        // 08:30 IST is 03:00Z, after SMS quiet hours (08:00) but before in_trai's 09:00:
        // it goes at 09:00 IST, 03:30Z. A Mumbai email at the same instant is not bound.
        let rows = try PlanSupport.plan("""
            policy { comply in_trai }
            campaign promo { trigger once at 2026-06-10 08:30  send sms promo_sms { text "Offer" }  send email promo_mail { subject "Offer" body "…" } }
            """, customers: "c1,ana@example.com,+919800000001,,Asia/Kolkata,2025-01-01,,true,true,\n", from: "2026-06-01", to: "2026-07-01")
        #expect(Self.sends(rows) == [
            "2026-06-10T03:30:00Z 2026-06-10T09:00:00+05:30 c1 promo promo_sms send sms ",
            "2026-06-10T03:30:00Z 2026-06-10T09:00:00+05:30 c1 promo promo_mail send email ",
        ])
    }

    @Test func tcpaLateEveningWaitsForEightNextDay() throws {
        // 21:30 CDT on 10 June (02:30Z on the 11th): past us_tcpa's 21:00 and inside the SMS
        // quiet hours (21:00–08:00); both allow 08:00 CDT the next day, 13:00Z.
        let rows = try PlanSupport.plan("""
            policy { comply us_tcpa }
            campaign promo { trigger once at 2026-06-10 21:30  send sms promo_sms { text "Offer" } }
            """, customers: "c1,,+15550000001,,America/Chicago,2025-01-01,,false,true,\n", from: "2026-06-01", to: "2026-07-01")
        #expect(Self.sends(rows) == ["2026-06-11T13:00:00Z 2026-06-11T08:00:00-05:00 c1 promo promo_sms send sms "])
    }

    @Test func tcpaAloneDefersWithTheComplianceReason() throws {
        // A channel without quiet hours: only us_tcpa holds the 21:30 send, to 08:00 EDT
        // (12:00Z); `explain` names the profile, and the row's deferral is `compliance`.
        let source = """
            customer { id: id  phone: phone?  timezone: timezone?  ok: bool }
            channel sms { address: phone consent: ok }
            policy { comply us_tcpa }
            campaign promo { trigger once at 2026-06-10 21:30  send sms promo_sms { text "Offer" } }
            """
        let checked = try PlanSupport.checked(source, withSchema: false)
        let outcome = DatasetLoader.load(table: checked.table,
                                         customers: DataFile(path: "c.csv", bytes: Array("id,phone,timezone,ok\nc1,+15550000001,America/New_York,true\n".utf8)),
                                         events: DataFile(path: "e.csv", bytes: Array("customer_id,event,time\n".utf8)), options: ReadOptions(threads: 1))
        let data = try #require(outcome.dataset)
        var options = PlanOptions(from: PlanSupport.instant("2026-06-01"), to: PlanSupport.instant("2026-07-01"))
        options.threads = 1
        let plan = Planner.plan(data, options: options)
        let send = try #require(plan.rows.first { $0.action == .send })
        #expect(send.time == PlanSupport.instant("2026-06-11T12:00:00Z"))
        #expect(send.deferral == .compliance)
        let story = Planner.explain(data, customer: 0, options: options).story.map(\.text)
        #expect(story.contains("promo_sms waits for the sending hours of `us_tcpa` (sms 08:00 to 21:00): until 2026-06-11T08:00:00-04:00"), "\(story)")
    }

    @Test func explainNamesEveryRuleThatHoldsTheSend() throws {
        // At 21:30 EDT the policy's quiet hours (21:30–07:30) and us_tcpa (to 21:00) both
        // hold the SMS; it goes at 08:00, which only us_tcpa explains: both are named.
        let checked = try PlanSupport.checked("""
            customer { id: id  phone: phone?  timezone: timezone?  ok: bool }
            channel sms { address: phone consent: ok }
            policy { quiet hours 21:30 to 07:30  comply us_tcpa }
            campaign promo { trigger once at 2026-06-10 21:30  send sms promo_sms { text "Offer" } }
            """, withSchema: false)
        let outcome = DatasetLoader.load(table: checked.table,
                                         customers: DataFile(path: "c.csv", bytes: Array("id,phone,timezone,ok\nc1,+15550000001,America/New_York,true\n".utf8)),
                                         events: DataFile(path: "e.csv", bytes: Array("customer_id,event,time\n".utf8)), options: ReadOptions(threads: 1))
        var options = PlanOptions(from: PlanSupport.instant("2026-06-01"), to: PlanSupport.instant("2026-07-01"))
        options.threads = 1
        let story = Planner.explain(try #require(outcome.dataset), customer: 0, options: options).story.map(\.text)
        #expect(story.contains("promo_sms waits for the end of the policy's quiet hours (21:30 to 07:30) and the sending hours of `us_tcpa` (sms 08:00 to 21:00): until 2026-06-11T08:00:00-04:00"),
                "\(story)")
    }

    @Test func whereBindsPartOfTheAudienceOnly() throws {
        // us_florida binds customers named Flo only: at 20:30 EDT (00:30Z on the 11th) Flo
        // waits until 08:00 EDT; Bo goes at once (SMS quiet hours start at 21:00).
        let rows = try PlanSupport.plan("""
            policy { comply us_florida where first_name == "Flo" }
            campaign promo { trigger once at 2026-06-10 20:30  send sms promo_sms { text "Offer" } }
            """, customers: "c1,,+15550000001,Flo,America/New_York,2025-01-01,,false,true,\nc2,,+15550000002,Bo,America/New_York,2025-01-01,,false,true,\n",
            from: "2026-06-01", to: "2026-07-01")
        #expect(Self.sends(rows) == [
            "2026-06-11T00:30:00Z 2026-06-10T20:30:00-04:00 c2 promo promo_sms send sms ",
            "2026-06-11T12:00:00Z 2026-06-11T08:00:00-04:00 c1 promo promo_sms send sms ",
        ])
    }

    @Test func policyQuietHoursHoldEveryChannel() throws {
        // Policy quiet hours 20:00–09:00 in UTC: an email at 20:30 waits until 09:00; an SMS
        // at 08:30 is past the channel's quiet hours (to 08:00) but inside the policy's: it
        // waits until 09:00 too. Both rules are respected.
        let rows = try PlanSupport.plan("""
            policy { quiet hours 20:00 to 09:00 }
            campaign mail { trigger once at 2026-06-10 20:30  send email m { subject "Hi" body "…" } }
            campaign text { trigger once at 2026-06-12 08:30  send sms s { text "Hi" } }
            """, customers: "c1,ana@example.com,+15550000001,,UTC,2025-01-01,,true,true,\n", from: "2026-06-01", to: "2026-07-01")
        #expect(Self.sends(rows) == [
            "2026-06-11T09:00:00Z 2026-06-11T09:00:00+00:00 c1 mail m send email ",
            "2026-06-12T09:00:00Z 2026-06-12T09:00:00+00:00 c1 text s send sms ",
        ])
    }

    @Test func explainNamesThePolicysQuietHours() throws {
        // SMS quiet hours (21:00–08:00) do not cover 08:30; the policy's (20:00–09:00) do:
        // `explain` blames them, and the row counts as deferred by quiet hours.
        let checked = try PlanSupport.checked("""
            policy { quiet hours 20:00 to 09:00 }
            campaign text { trigger once at 2026-06-12 08:30  send sms s { text "Hi" } }
            """)
        let data = try PlanSupport.dataset(checked.table, customers: "c1,,+15550000001,,UTC,2025-01-01,,false,true,\n")
        var options = PlanOptions(from: PlanSupport.instant("2026-06-01"), to: PlanSupport.instant("2026-07-01"))
        options.threads = 1
        let (plan, story) = Planner.explain(data, customer: 0, options: options)
        #expect(plan.rows.first { $0.action == .send }?.deferral == .quietHours)
        #expect(story.map(\.text).contains("s waits for the end of the policy's quiet hours (20:00 to 09:00): until 2026-06-12T09:00:00Z"),
                "\(story.map(\.text))")
    }

    @Test func campaignCapsCountTheirOwnSendsOnly() throws {
        // `promo` may send 1 SMS per 7d of its own; `other` sends an SMS on 10 June that
        // does not count for it. Purchases on 10, 12 and 17 June (12:00Z): promo sends on
        // the 10th, is capped on the 12th (2 days after its own send), sends on the 17th
        // (exactly 7 days later: the first left the window (t − 7d, t]).
        let rows = try PlanSupport.plan("""
            campaign other { trigger once at 2026-06-10 11:00  send sms o { text "Other" } }
            campaign promo { trigger on purchase  reentry always  cap 1 per 7d  send sms p { text "Promo" } }
            """, customers: "c1,,+15550000001,,UTC,2025-01-01,,false,true,\n",
            events: Self.noEvents + ["2026-06-10T12:00:00Z", "2026-06-12T12:00:00Z", "2026-06-17T12:00:00Z"].map { "c1,purchase,\($0),1,\n" }.joined(),
            from: "2026-06-01", to: "2026-07-01")
        #expect(Self.sends(rows) == [
            "2026-06-10T11:00:00Z 2026-06-10T11:00:00+00:00 c1 other o send sms ",
            "2026-06-10T12:00:00Z 2026-06-10T12:00:00+00:00 c1 promo p send sms ",
            "2026-06-12T12:00:00Z 2026-06-12T12:00:00+00:00 c1 promo p suppress sms cap: 1 messages per 7d in this campaign",
            "2026-06-17T12:00:00Z 2026-06-17T12:00:00+00:00 c1 promo p send sms ",
        ])
    }

    @Test func campaignChannelCapSitsBesideThePolicyCap() throws {
        // The policy allows 3 messages a day; the campaign 1 SMS a day of its own. Purchases
        // hourly from 10:00: the 2nd and 4th send an email, the others an SMS. 10:00 SMS
        // sent (1 in all); 11:00 email sent (2); 12:00 SMS: the campaign's SMS cap (its
        // 10:00 SMS); 13:00 email sent (3, the campaign cap counts SMS only); 14:00 SMS:
        // the policy's cap (3 in the day), checked first.
        let rows = try PlanSupport.plan("""
            policy { cap 3 messages per 1d }
            campaign promo {
              trigger on purchase  reentry always  cap sms 1 per 1d
              if count(purchase) == 2 or count(purchase) == 4 { send email e { subject "Hi" body "…" } } else { send sms s { text "Hi" } }
            }
            """, customers: "c1,ana@example.com,+15550000001,,UTC,2025-01-01,,true,true,\n",
            events: Self.noEvents + ["2026-06-10T10:00:00Z", "2026-06-10T11:00:00Z", "2026-06-10T12:00:00Z", "2026-06-10T13:00:00Z", "2026-06-10T14:00:00Z"]
                .map { "c1,purchase,\($0),1,\n" }.joined(),
            from: "2026-06-01", to: "2026-07-01")
        #expect(Self.sends(rows) == [
            "2026-06-10T10:00:00Z 2026-06-10T10:00:00+00:00 c1 promo s send sms ",
            "2026-06-10T11:00:00Z 2026-06-10T11:00:00+00:00 c1 promo e send email ",
            "2026-06-10T12:00:00Z 2026-06-10T12:00:00+00:00 c1 promo s suppress sms cap: sms 1 per 1d in this campaign",
            "2026-06-10T13:00:00Z 2026-06-10T13:00:00+00:00 c1 promo e send email ",
            "2026-06-10T14:00:00Z 2026-06-10T14:00:00+00:00 c1 promo s suppress sms cap: 3 messages per 1d",
        ])
    }

    @Test func noAllowedTimeNamesTheProfiles() throws {
        // A profile bound by `where` is out of the check's reach (E0309 looks at the rules
        // that bind everyone): the window 20:00–23:00 less SMS quiet hours leaves 20:00–
        // 21:00, and us_florida (08:00–20:00) takes that too. The email waits for the window
        // (20:00); the SMS then finds no time at all.
        let rows = try PlanSupport.plan("""
            policy { send between 20:00 and 23:00  comply us_florida where first_name == "Ana" }
            campaign promo { trigger once at 2026-06-10 12:00  send email e { subject "Hi" body "…" }  send sms s { text "Hi" } }
            """, customers: "c1,ana@example.com,+15550000001,Ana,UTC,2025-01-01,,true,true,\n", from: "2026-06-01", to: "2026-07-01")
        #expect(Self.sends(rows) == [
            "2026-06-10T20:00:00Z 2026-06-10T20:00:00+00:00 c1 promo e send email ",
            "2026-06-10T20:00:00Z 2026-06-10T20:00:00+00:00 c1 promo s suppress sms no allowed time: the send window, quiet hours and compliance profiles leave no time to send",
        ])
    }
}
