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

        init(name: String, trigger: String, holdout: String, exitEvent: (name: String, text: String)?, exitCondition: String?,
             goal: (name: String, text: String)?, messages: [(name: String, channel: ChannelKind)], caps: [CompiledPolicy.Cap] = []) {
            self.caps = caps
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
                     messages: c.messages.map { ($0.name, $0.channel) }, caps: c.caps)
        }
        channels = program.channelSlots.map { $0.map { Channel(address: $0.addressName, consent: $0.consentName) } }
        caps = program.policy.caps
    }

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
