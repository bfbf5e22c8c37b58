import CampaignData
import CampaignSemantics
import CampaignSyntax

/// The names and texts that a row's typed `detail` refers to by index (campaigns,
/// messages, channel fields, caps), from which it is written in two ways: the CSV `detail`
/// text (docs/language.md §8.9, `PlanVocabulary+DetailText.swift`) and the JSON `reason`
/// object (docs/output.md, "Plan rows", `PlanVocabulary+Reason.swift`).
public struct PlanVocabulary: Sendable {
    /// A class: a row's text reads its campaign's names, and a struct of strings copied out
    /// of the array retained each of them, for every row.
    final class Campaign: Sendable {
        let name: String
        let trigger: String
        let holdout: String
        let exitEvent: (name: String, text: String)?
        let exitCondition: String?
        let goal: (name: String, text: String)?
        let messages: [(name: String, channel: ChannelKind)]
        /// The campaign's own caps (`Suppression.campaignCap`).
        let caps: [CompiledPolicy.Cap]
        /// The holdout share in basis points (0 without one): whether a customer's entries
        /// are held out is a hash of the campaign and the id (docs/language.md §8.6), which
        /// a plan read back from a file recomputes (`PlanReader`).
        let holdoutBasisPoints: Int
        /// Where the journey can stand between its rows (`PlanReader` places exits with it).
        let places: JourneyPlaces

        init(name: String, trigger: String, holdout: String, exitEvent: (name: String, text: String)?, exitCondition: String?,
             goal: (name: String, text: String)?, messages: [(name: String, channel: ChannelKind)], caps: [CompiledPolicy.Cap] = [],
             holdoutBasisPoints: Int = 0, places: JourneyPlaces = JourneyPlaces([], messages: 0)) {
            self.caps = caps
            self.places = places
            self.holdoutBasisPoints = holdoutBasisPoints
            self.name = name
            self.trigger = trigger
            self.holdout = holdout
            self.exitEvent = exitEvent
            self.exitCondition = exitCondition
            self.goal = goal
            self.messages = messages
        }
    }

    /// A declared channel's fields.
    struct Channel: Sendable {
        let address: String?
        let consent: String?
    }

    let campaigns: [Campaign]
    /// By `ChannelKind.slot`; nil when the channel is not declared.
    let channels: [Channel?]
    let caps: [CompiledPolicy.Cap]
    /// The text of `no allowed time`: which rules leave no time (compliance profiles are
    /// named only when the policy has some, so plans without them read as they did).
    let noAllowedTimeText: String

    init(_ program: PlanProgram) {
        noAllowedTimeText = program.policy.compliance.isEmpty
            ? "no allowed time: the send window and quiet hours leave no time to send"
            : "no allowed time: the send window, quiet hours and compliance profiles leave no time to send"
        campaigns = program.campaigns.map { c in
            Campaign(name: c.name, trigger: c.triggerText, holdout: c.holdoutText, exitEvent: c.exitEvent.map { ($0.name, $0.text) },
                     exitCondition: c.exitCondition?.text, goal: c.goal.map { ($0.name, $0.text) },
                     messages: c.messages.map { ($0.name, $0.channel) }, caps: c.caps, holdoutBasisPoints: c.holdout,
                     places: JourneyPlaces(c.program, messages: c.messages.count))
        }
        channels = program.channelSlots.map { $0.map { Channel(address: $0.addressName, consent: $0.consentName) } }
        caps = program.policy.caps
        compliance = program.policy.compliance.map(\.profile)
        let policyDefers = program.policy.window != nil || program.policy.quietHours != nil || !program.policy.compliance.isEmpty
        sendsCanWait = ChannelKind.allCases.map { policyDefers || program.channelSlots[$0.slot]?.quietHours != nil }
        landings = ChannelKind.allCases.map { channel in
            // Where a send that waited goes out: the window's start, the end of quiet hours
            // (`CustomerRun.allowedInstant`). Unknown with compliance profiles (their own
            // hours and days), a clock in another zone, or one before 04:00, where a
            // daylight-saving gap can move it.
            guard program.policy.compliance.isEmpty else { return nil }
            let clocks = [program.policy.window?.start, program.policy.quietHours?.end, program.channelSlots[channel.slot]?.quietHours?.end].compactMap { $0 }
            guard clocks.allSatisfy({ $0.zone == nil && $0.secondOfDay >= 4 * 3_600 }) else { return nil }
            return clocks.map(\.secondOfDay)
        }
        func seconds(_ span: (start: ClockTime, end: ClockTime)?) -> (Int64, Int64)? { span.map { ($0.start.secondOfDay, $0.end.secondOfDay) } }
        windowSeconds = seconds(program.policy.window)
        policyQuietSeconds = seconds(program.policy.quietHours)
        channelQuietSeconds = ChannelKind.allCases.map { seconds(program.channelSlots[$0.slot]?.quietHours) }
    }

    /// The send window and quiet hours as local seconds of the day, for `deferral`.
    let windowSeconds: (Int64, Int64)?
    let policyQuietSeconds: (Int64, Int64)?
    let channelQuietSeconds: [(Int64, Int64)?]

    /// The rule a send on `channel` whose step ran at local second `s` waited for, as
    /// `CustomerRun.deferralReason` blames it (quiet hours first, then the window), or nil
    /// when none holds a send then; only where the channel's `landings` are known (no
    /// compliance profiles, no clock in another zone), which callers check.
    func deferral(localSecond s: Int64, channel: ChannelKind) -> Deferral? {
        func inside(_ span: (Int64, Int64)?) -> Bool {
            guard let (start, end) = span else { return false }
            return start < end ? (s >= start && s < end) : start > end ? (s >= start || s < end) : false
        }
        if inside(channelQuietSeconds[ChannelKind.allCases.firstIndex(of: channel) ?? 0]) || inside(policyQuietSeconds) { return .quietHours }
        if windowSeconds != nil && !inside(windowSeconds) { return .sendWindow }
        return nil
    }

    /// By `ChannelKind` order: the local seconds of the day at which a send that waited
    /// goes out, or nil when they cannot be told from the rules alone. A send at any other
    /// local time did not wait (docs/output.md, "Reading a plan back").
    let landings: [[Int64]?]

    /// Whether a send on `channel` at local second of the day `second` may have waited:
    /// false when it is provably sent at the instant its step ran.
    func sendMayHaveWaited(on channel: ChannelKind, localSecond second: Int64) -> Bool {
        let k = ChannelKind.allCases.firstIndex(of: channel) ?? 0
        guard sendsCanWait[k] else { return false }
        guard let landing = landings[k] else { return true }
        return landing.contains(second)
    }

    /// The policy's compliance profiles, in its order: the suppressions a plan read back
    /// from a file can name.
    let compliance: [ComplianceProfile]
    /// By `ChannelKind` order: whether a send on the channel can wait for a rule (the send
    /// window, quiet hours, a compliance profile). A plan's rows do not say which sends
    /// waited; where none can, a plan read back knows there were none.
    let sendsCanWait: [Bool]


    /// An instant in UTC, or where it lies past the range of times, which side of it.
    static func appendISO(_ t: Int64, into out: inout [UInt8]) {
        InstantText.appendInRange(t, into: &out)
    }

    /// `appendISO` as a string, for the JSON formats.
    static func iso(_ t: Int64) -> String { InstantText.stringInRange(t) }

    /// A row as `explain` tells it ("sent survey on sms", "suppressed survey on sms: cap:
    /// sms 1 per 2d"); `campaign diff` says why with the same words.
    public func story(_ row: PlanRow) -> String {
        let detail = text(row)
        let channel = row.channel?.rawValue ?? ""
        switch row.action {
        case .enter: return "entered: " + detail
        case .send: return "sent \(row.step) on \(channel)" + (detail.isEmpty ? "" : ": " + detail)
        case .suppress: return "suppressed \(row.step) on \(channel): " + detail
        case .tag: return "tagged \(row.step)"
        case .untag: return "untagged \(row.step)"
        case .unsubscribe: return "unsubscribed from \(row.step)"
        case .exit: return "exited: " + detail
        // The detail starts with the goal as written (`goal purchase within 7d: …`).
        case .goal: return "reached the " + detail
        }
    }
}
