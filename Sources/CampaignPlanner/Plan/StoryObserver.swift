import CampaignData
import CampaignSemantics
import CampaignSyntax

/// `campaign explain`'s observer: tells the run as a story, one line per row and per
/// event, in the customer's local time, with the values that decided each branch,
/// audience and exit. All of the story's text is written here.
struct StoryObserver: RunObserver {
    let program: PlanProgram
    let vocabulary: PlanVocabulary
    /// The lines so far, in the order they happened (the planner sorts them by time).
    /// Changed in place: a copy taken out and assigned back copied the whole story on
    /// every line, and `explain` grew quadratic in the campaigns.
    var story: [StoryLine] = []
    /// Per campaign, the index of its latest story line (-1: none yet), and the refusal
    /// it says if it is one: a refusal equal to it (and with the same values) adds to its
    /// count instead of a new line, without a search back through the story.
    var latestLine: [Int]
    var latestRefusal: [JourneyEvent.Refusal?]
    var customer = -1
    var zone = ZoneRules.utc

    init(program: PlanProgram) {
        self.program = program
        vocabulary = PlanVocabulary(program)
        latestLine = Array(repeating: -1, count: program.campaigns.count)
        latestRefusal = Array(repeating: nil, count: program.campaigns.count)
    }

    mutating func begin(customer: Int, zone: ZoneRules) {
        self.customer = customer
        self.zone = zone
    }

    mutating func wrote(_ row: PlanRow) {
        append(vocabulary.story(row), details: [], at: row.time, campaign: Int(row.campaign), refusal: nil)
    }

    mutating func decided(_ decision: Decision, campaign c: Int, context: EvaluationContext) {
        let campaign = program.campaigns[c]
        let details: [String]
        switch decision {
        case .audience:
            guard let why = campaign.audienceWhy else { return }
            details = ["audience " + campaign.audienceText + " is true"] + why(context)
        case .exitCondition:
            details = campaign.exitCondition?.why(context) ?? []
        }
        if !details.isEmpty, !story.isEmpty { story[story.count - 1].details = details }
    }

    mutating func offered(_ event: WindowEvent, toJourneyOf c: Int, entered: Int64) {
        guard program.campaigns[c].triggerTable == event.table, program.triggerMatches(c, event, customer: customer) else { return }
        noted(.refused(.eventWentToJourney(entered: entered)), campaign: c, at: event.time, context: nil)
    }

    mutating func noted(_ event: JourneyEvent, campaign c: Int, at t: Int64, context: EvaluationContext?) {
        let campaign = program.campaigns[c]
        switch event {
        case .refused(let refusal):
            let trigger = "trigger \(campaign.triggerText) fired"
            var details: [String] = []
            let text: String
            switch refusal {
            case .stillInCampaign(let entered): text = trigger + ", but the customer is still in the campaign (entered \(PlanVocabulary.iso(entered)))"
            case .noReentry(let entered): text = trigger + "; no re-entry (reentry never; entered \(PlanVocabulary.iso(entered)))"
            case .reentryFrom(let from, let length):
                text = trigger + "; re-entry only from \(localText(from)) (reentry after \(DurationText.string(length, exact: true)))"
            case .goalReached: text = trigger + "; the goal was reached, so no re-entry (reentry unless goal)"
            case .keyEntered(let key): text = trigger + " with key \(key), which already entered once"
            case .notInAudience(let verdict):
                text = trigger + "; not in the audience (\(campaign.audienceText) is \(verdict == .no ? "false" : "unknown"))"
                if let context { details = campaign.audienceWhy?(context) ?? [] }
            case .eventWentToJourney(let entered): text = trigger + ", but the event went to the journey (entered \(PlanVocabulary.iso(entered)))"
            }
            let last = latestLine[c]
            if last >= 0, latestRefusal[c] == refusal, story[last].details == details {
                story[last].repeats += 1
                story[last].lastTime = t
                return
            }
            append(text, details: details, at: t, campaign: c, refusal: refusal)
        case .waitEnded(let table):
            append("\(program.data.events.tables[table].name) happened: the wait ends", at: t, campaign: c)
        case .branch(let pc):
            guard case .branch(let arms, _) = campaign.program[pc], let context else { return }
            var chosen = "else"
            var details: [String] = []
            for (i, arm) in arms.enumerated() {
                let verdict = arm.test(context)
                details.append("\(i == 0 ? "if" : "else if") \(arm.text): \(verdict == .yes ? "true" : verdict == .no ? "false" : "unknown")")
                details += arm.why(context).map { "  " + $0 }
                if verdict == .yes {
                    chosen = "\(i == 0 ? "if" : "else if") \(arm.text)"
                    break
                }
            }
            append("branch: took \(chosen)", details: details, at: t, campaign: c)
        case .split(let pc, let arm, let bucket):
            guard case .split(_, let arms) = campaign.program[pc] else { return }
            append("split: \(arms[arm].label), by a stable hash of the customer (bucket \(bucket) of 10000)", at: t, campaign: c)
        case .waiting(let pc, let until):
            let what: String
            switch campaign.program[pc] {
            case .waitFor(let length): what = "wait \(DurationText.string(length, exact: true))"
            case .waitUntil(let clock): what = "wait until \(clock.text)"
            case .waitForEvent(_, let name, _, let timeout): what = "wait until \(name) or \(DurationText.string(timeout, exact: true))"
            default: what = "wait"
            }
            waiting(what, until: until, at: t, campaign: c)
        case .waitingBestHour(_, let until, let hour, let count, let total):
            let why: String
            if total > 0 {
                why = "\(count) of \(total) events at " + (hour < 10 ? "0" : "") + "\(hour):00"
            } else {
                why = "no history in the last 90 days: default \(program.policy.bestHourDefault.text)"
            }
            waiting("wait until best hour (\(why))", until: until, at: t, campaign: c)
        case .skipped(let m, let reason):
            let message = campaign.messages[m]
            append("send first of: \(message.name) skipped (\(vocabulary.text(reason, channel: message.channel, campaign: c)))", at: t, campaign: c)
        case .deferred(let m, let deferral, let until, let profiles):
            let message = campaign.messages[m]
            append("\(message.name) waits for \(waitingFor(deferral, channel: message.channel, profiles: profiles, at: t)): until \(localText(until))",
                   at: t, campaign: c)
        case .afterWindow(let m, let at):
            append("\(campaign.messages[m].name) would go out at \(localText(at)), after the window", at: t, campaign: c)
        case .journeyComplete:
            append("journey complete", at: t, campaign: c)
        }
    }

    mutating func waiting(_ what: String, until: Int64, at t: Int64, campaign c: Int) {
        append("\(what): until \(localText(until))" + (until >= program.options.to ? ", after the window" : ""), at: t, campaign: c)
    }

    /// What a deferred send waits for: quiet hours, the channel's own rule, take the blame
    /// when both apply (`deferralReason`); the policy's quiet hours and the compliance
    /// profiles that also hold it at t are named after it (`… and the sending hours of
    /// `us_tcpa` (…)`), so the text accounts for a later instant than the first rule's end.
    func waitingFor(_ deferral: Deferral, channel: ChannelKind, profiles: UInt8 = 0, at t: Int64 = 0) -> String {
        let blocking = program.policy.compliance.enumerated().filter { i, rule in
            profiles & (1 << i) != 0 && rule.profile.allowed(atOrAfter: t, in: zone) != t
        }.map { "the sending hours of `\($0.element.profile.rawValue)` (\($0.element.profile.summary))" }
        let policyQuiet = program.policy.quietHours.flatMap { covers($0, t) ? $0 : nil }
        let policyText = policyQuiet.map { "the end of the policy's quiet hours (\($0.start.text) to \($0.end.text))" }
        switch deferral {
        case .compliance:
            return blocking.isEmpty ? "an allowed time" : blocking.joined(separator: " and ")
        case .sendWindow:
            guard let window = program.policy.window else { return "an allowed time" }
            return "the send window (\(window.start.text) to \(window.end.text))"
        case .quietHours, .none:
            if let quiet = program.channelSlots[channel.slot]?.quietHours, covers(quiet, t) || policyText == nil {
                return (["the end of \(channel.rawValue) quiet hours (\(quiet.start.text) to \(quiet.end.text))"] + [policyText].compactMap { $0 } + blocking)
                    .joined(separator: " and ")
            }
            guard let policyText else { return "an allowed time" }
            return ([policyText] + blocking).joined(separator: " and ")
        }
    }

    /// Whether t falls in a local span, as `CustomerRun.covers` decides it.
    func covers(_ span: (start: ClockTime, end: ClockTime), _ t: Int64) -> Bool {
        let rules = span.start.zone.map { program.zones[$0] } ?? zone
        return CustomerRun<NoObserver>.inside(rules.secondOfDay(t), span.start.secondOfDay, span.end.secondOfDay)
    }

    mutating func append(_ text: String, details: [String] = [], at t: Int64, campaign c: Int, refusal: JourneyEvent.Refusal? = nil) {
        latestLine[c] = story.count
        latestRefusal[c] = refusal
        story.append(StoryLine(time: t, offset: Int32(zone.offset(at: t)), campaign: program.campaigns[c].name, text: text, details: details))
    }

    /// An instant at the customer's offset, or where it lies past the range of times
    /// (a wait of 500000w), which side of it.
    func localText(_ t: Int64) -> String {
        InstantText.stringInRange(t, offset: Int64(zone.offset(at: t)))
    }
}

/// One line of a customer's story, for `campaign explain`.
public struct StoryLine: Sendable, Equatable {
    /// When it happened (seconds since the epoch, UTC).
    public var time: Int64
    /// The customer's UTC offset then, in seconds: the line shows local time.
    public var offset: Int32
    /// The campaign's name.
    public var campaign: String
    /// What happened, in words.
    public var text: String
    /// Indented lines under it: the values that decided a branch, an audience, an exit.
    public var details: [String]
    /// How many more times the same thing happened, and the last time it did (a weekly
    /// trigger whose audience keeps saying no is one line, not fifty).
    public var repeats = 0
    /// When the last of the repeats happened.
    public var lastTime: Int64 = 0
}
