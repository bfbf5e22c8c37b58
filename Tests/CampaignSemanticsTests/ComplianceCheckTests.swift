import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// What the checker makes of `comply`, policy quiet hours and campaign caps: the typed
/// program the planner reads, what `check --verbose` says, what the data must keep, and
/// when E0309 is (and is not) reported.
@Suite struct ComplianceCheckTests {
    static let schema = """
    customer { id: id  phone: phone?  email: email?  state: text?  country: text?  ok: bool }
    event purchase
    channel sms { address: phone consent: ok }
    channel email { address: email }

    """

    static func check(_ text: String) -> CheckedProject {
        SemanticChecker.check(ProjectLoader.load(source: SourceFile(path: "t.campaign", text: schema + text), root: "."))
    }

    static let project = """
    policy {
      quiet hours 21:00 to 08:00
      comply us_tcpa
      comply us_florida where state == "FL"
    }
    campaign promo {
      trigger on purchase
      cap 1 per 7d
      cap sms 2 per 1d
      send sms offer { text "20% off" }
      send sms receipt { text "Paid" transactional }
      send email note { subject "s" body "b" }
    }
    """

    @Test func theTypedProgramHoldsProfilesAndCaps() throws {
        let checked = Self.check(Self.project)
        #expect(checked.diagnostics.isEmpty, "\(checked.diagnostics.map(\.message))")
        let program = checked.table.program
        #expect(program.compliance.map(\.profile) == [.us_tcpa, .us_florida])
        #expect(program.compliance.map { $0.condition == nil } == [true, false])
        #expect(program.compliance.map(\.conditionText) == [nil, #"state == "FL""#])
        let caps = try #require(program.campaigns["promo"]).caps
        #expect(caps.map(\.channel) == [nil, .sms] && caps.map(\.count) == [1, 2] && caps.map(\.per.seconds) == [604_800, 86_400])
    }

    @Test func verboseCheckSaysWhichProfilesBindEachSend() throws {
        let report = try #require(Self.check(Self.project).campaignReports.first)
        #expect(report.text.contains("""
          sms offer: compliance: `us_tcpa` for everyone (sms 08:00 to 21:00); `us_florida` where state == "FL" (sms 08:00 to 20:00, at most 3 per 24h)
        """), "\(report.text)")
        #expect(report.text.contains("  sms receipt: compliance: exempt (transactional)\n"))
        #expect(!report.text.contains("email note: compliance"))
    }

    @Test func theDataKeepsWhatAProfileConditionReads() {
        let checked = Self.check(Self.project)
        let use = DataUse.of(campaigns: ["promo"], segments: [], in: checked.table)
        #expect(use.reads(field: "state"))
        #expect(use.readers(ofField: "state") == [DataReader(.compliance, "us_florida")])
        #expect(!use.reads(field: "country"))
    }

    static let noTimeCases: [(policy: String, reported: Bool, why: String)] = [
        ("send between 21:00 and 08:00  quiet hours 21:00 to 08:00", true, "the window is the quiet hours"),
        ("send between 20:00 and 23:00  comply us_florida", true, "20:00 is where Florida's hours end"),
        ("send between 20:00 and 23:00  comply us_florida where state == \"FL\"", false, "a `where` profile binds some customers only"),
        ("send between 20:00 and 23:00  comply us_tcpa", false, "20:00–21:00 is left"),
        ("send between 09:00 and 20:00  quiet hours 20:00 to 09:00  comply in_trai", false, "09:00–20:00 is left"),
        ("send between 21:00 UTC and 08:00 UTC  quiet hours 21:00 to 08:00", false, "a rule with a zone of its own is left to the planner"),
        ("quiet hours 08:00 to 22:00  comply us_tcpa", true, "no window: the quiet hours cover us_tcpa's hours"),
    ]

    @Test func theHelpNamesTheHoursLeftOpen() throws {
        // SMS quiet hours 21:00–08:00 (the policy's) and us_tcpa 08:00–21:00 leave
        // 08:00–21:00; the window 21:30–23:00 shuts it. Across midnight: quiet hours
        // 03:00–22:00 leave 22:00–03:00.
        for (policy, suggestion) in [("send between 21:30 and 23:00  quiet hours 21:00 to 08:00  comply us_tcpa", "send between 08:00 and 21:00"),
                                     ("send between 04:00 and 05:00  quiet hours 03:00 to 22:00", "send between 22:00 and 03:00")] {
            let checked = Self.check("policy { \(policy) }\ncampaign promo { trigger on purchase  send sms offer { text \"Hi\" } }\n")
            let error = try #require(checked.diagnostics.first { $0.code == .noTimeToSend })
            #expect(error.help?.contains("(`\(suggestion)`)") == true, "\(policy): \(error.help ?? "")")
            // Not a fix-it: the window holds every channel, and `check --fix` must not move them.
            #expect(error.fixIt == nil)
        }
    }

    @Test(arguments: noTimeCases)
    func noTimeLeftIsReportedFromTheRulesThatBindEveryone(_ c: (policy: String, reported: Bool, why: String)) {
        let checked = Self.check("policy { \(c.policy) }\ncampaign promo { trigger on purchase  send sms offer { text \"Hi\" } }\n")
        #expect(checked.diagnostics.contains { $0.code == .noTimeToSend } == c.reported, "\(c.why): \(checked.diagnostics.map(\.message))")
    }

    @Test func transactionalSMSIgnoresProfilesInTheCheck() {
        // us_florida leaves no time inside 20:00–23:00, but a transactional SMS is exempt.
        let checked = Self.check("policy { send between 20:00 and 23:00  comply us_florida }\ncampaign promo { trigger on purchase  send sms receipt { text \"Paid\" transactional } }\n")
        #expect(!checked.diagnostics.contains { $0.code == .noTimeToSend })
    }
}
