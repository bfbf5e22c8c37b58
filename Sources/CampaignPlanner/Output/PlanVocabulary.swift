import CampaignData
import CampaignSemantics
import CampaignSyntax

/// The names and texts that a row's typed `detail` refers to by index (campaigns,
/// messages, channel fields, caps), and the two ways of writing it: the CSV `detail` text
/// (docs/language.md §8.9) and the JSON `reason` object (docs/output.md, "Plan rows").
public struct PlanVocabulary: Sendable {
    struct Campaign: Sendable {
        let name: String
        let trigger: String
        let holdout: String
        let exitEvent: (name: String, text: String)?
        let exitCondition: String?
        let goal: (name: String, text: String)?
        let messages: [(name: String, channel: ChannelKind)]
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

    init(_ program: PlanProgram) {
        campaigns = program.campaigns.map { c in
            Campaign(name: c.name, trigger: c.triggerText, holdout: c.holdoutText, exitEvent: c.exitEvent.map { ($0.name, $0.text) },
                     exitCondition: c.exitCondition?.text, goal: c.goal.map { ($0.name, $0.text) },
                     messages: c.messages.map { ($0.name, $0.channel) })
        }
        channels = program.channelSlots.map { $0.map { Channel(address: $0.addressName, consent: $0.consentName) } }
        caps = program.policy.caps
    }

    // MARK: - The CSV text

    /// The `detail` text of a row, as `campaign plan --format csv` writes it.
    public func text(_ row: PlanRow) -> String {
        var bytes: [UInt8] = []
        appendText(row, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text of a suppression reason, for a message on a channel of a campaign.
    func text(_ reason: Suppression, channel: ChannelKind, campaign c: Int) -> String {
        var bytes: [UInt8] = []
        appendText(reason, channel: channel, campaign: campaigns[c], into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Written piece by piece into `out`: the CSV writer calls this for every row with a
    /// detail, and building a `String` for each would allocate per row.
    func appendText(_ row: PlanRow, into out: inout [UInt8]) {
        let campaign = campaigns[Int(row.campaign)]
        switch row.detail {
        case .none:
            break
        case .entered, .enteredAfter:
            out.append(contentsOf: campaign.trigger.utf8)
            if case .enteredAfter(let base) = row.detail {
                out.append(contentsOf: " (".utf8)
                Self.appendISO(base, into: &out)
                out.append(0x29)
            }
            if row.holdout { Self.append(&out, "; holdout ", campaign.holdout, ": sent nothing") }
        case .rendered(let text):
            out.append(contentsOf: text.utf8)
        case .renderedSMS(let text, let encoding, let segments):
            // A small integer's text fits in the string itself: no allocation.
            Self.append(&out, "[", encoding.rawValue, ", ", String(segments), segments == 1 ? " segment] " : " segments] ")
            out.append(contentsOf: text.utf8)
        case .suppressed(let reason):
            appendText(reason, channel: row.channel ?? .email, campaign: campaign, into: &out)
        case .exitedOnEvent:
            Self.append(&out, campaign.exitEvent?.text ?? "", ": ", campaign.exitEvent?.name ?? "", " at ")
            Self.appendISO(row.time, into: &out)
        case .exitedOnCondition:
            out.append(contentsOf: (campaign.exitCondition ?? "").utf8)
        case .exitStep:
            out.append(contentsOf: "exit step".utf8)
        case .goal(let entered):
            Self.append(&out, campaign.goal?.text ?? "", ": ", campaign.goal?.name ?? "", " ")
            Self.append(&out, Evaluator.durationText(row.time - entered), " after entry")
        }
    }

    func appendText(_ reason: Suppression, channel: ChannelKind, campaign: Campaign, into out: inout [UInt8]) {
        switch reason {
        case .noChannel:
            Self.append(&out, "no channel: ", channel.rawValue, " is not declared")
        case .unsubscribed(let at, let by):
            Self.append(&out, "unsubscribed: ", channel.rawValue, " by ", campaigns[Int(by)].name, " at ")
            Self.appendISO(at, into: &out)
        case .noAddress:
            Self.append(&out, "no address: ", channels[channel.slot]?.address ?? "", " is missing")
        case .noConsent(let missing):
            Self.append(&out, "no consent: ", channels[channel.slot]?.consent ?? "", missing ? " is missing" : " is false")
        case .cap(let i):
            Self.append(&out, "cap: ", caps[Int(i)].text)
        case .holdout:
            Self.append(&out, "holdout: ", campaign.holdout, " control group")
        case .noAllowedTime:
            out.append(contentsOf: "no allowed time: the send window and quiet hours leave no time to send".utf8)
        case .firstOf(let skipped):
            for (i, s) in skipped.enumerated() {
                let message = campaign.messages[Int(s.message)]
                Self.append(&out, i > 0 ? "; " : "", message.name, ": ")
                appendText(s.reason, channel: message.channel, campaign: campaign, into: &out)
            }
        }
    }

    /// Appends up to five texts (not variadic: the array of a variadic call is allocated).
    static func append(_ out: inout [UInt8], _ a: String, _ b: String, _ c: String = "", _ d: String = "", _ e: String = "") {
        out.append(contentsOf: a.utf8)
        out.append(contentsOf: b.utf8)
        out.append(contentsOf: c.utf8)
        out.append(contentsOf: d.utf8)
        out.append(contentsOf: e.utf8)
    }

    /// An instant in UTC, or where it lies past the range of times, which side of it.
    static func appendISO(_ t: Int64, into out: inout [UInt8]) {
        if let outside = InstantRange.outsideText(t) {
            out.append(contentsOf: outside.utf8)
        } else {
            InstantText.append(t, offset: 0, utcAsZ: true, into: &out)
        }
    }

    static func iso(_ t: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        appendISO(t, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: - The JSON reason

    /// The `reason` of a row in the JSON formats: an object with a `code` for a suppression,
    /// an exit and a goal; `null` for every other row (docs/output.md).
    public func reason(_ row: PlanRow) -> JSONValue {
        let campaign = campaigns[Int(row.campaign)]
        switch row.detail {
        case .none, .entered, .enteredAfter, .rendered, .renderedSMS:
            return .null
        case .suppressed(let reason):
            return .object(fields(reason, channel: row.channel ?? .email, campaign: campaign))
        case .exitedOnEvent:
            return .object([("code", .string("exit_event")), ("rule", .string(campaign.exitEvent?.text ?? "")), ("event", .string(campaign.exitEvent?.name ?? "")),
                            ("at", .string(Self.iso(row.time)))])
        case .exitedOnCondition:
            return .object([("code", .string("exit_condition")), ("rule", .string(campaign.exitCondition ?? ""))])
        case .exitStep:
            return .object([("code", .string("exit_step"))])
        case .goal(let entered):
            return .object([("code", .string("goal")), ("rule", .string(campaign.goal?.text ?? "")), ("event", .string(campaign.goal?.name ?? "")),
                            ("entered", .string(Self.iso(entered)))])
        }
    }

    func fields(_ reason: Suppression, channel: ChannelKind, campaign: Campaign) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [("code", .string(reason.kind.rawValue))]
        switch reason {
        case .noChannel, .noAllowedTime:
            fields.append(("channel", .string(channel.rawValue)))
        case .unsubscribed(let at, let by):
            fields += [("channel", .string(channel.rawValue)), ("by", .string(campaigns[Int(by)].name)), ("at", .string(Self.iso(at)))]
        case .noAddress:
            fields += [("channel", .string(channel.rawValue)), ("field", .string(channels[channel.slot]?.address ?? ""))]
        case .noConsent(let missing):
            fields += [("channel", .string(channel.rawValue)), ("field", .string(channels[channel.slot]?.consent ?? "")),
                       ("value", missing ? .null : .bool(false))]
        case .cap(let i):
            let cap = caps[Int(i)]
            fields += [("channel", cap.channel.map { .string($0.rawValue) } ?? .null), ("limit", .int(cap.count)), ("per", .string(cap.per))]
        case .holdout:
            fields.append(("share", .string(campaign.holdout)))
        case .firstOf(let skipped):
            fields.append(("skipped", .array(skipped.map { s in
                let message = campaign.messages[Int(s.message)]
                return .object([("message", .string(message.name)), ("reason", .object(self.fields(s.reason, channel: message.channel, campaign: campaign)))])
            })))
        }
        return fields
    }
}
