import CampaignData
import CampaignSemantics
import CampaignSyntax

/// The CSV `detail` text of a row (docs/language.md §8.9), written from its typed detail.
extension PlanVocabulary {
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
            Self.append(&out, DurationText.string(row.time - entered), " after entry")
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
        case .campaignCap(let i):
            Self.append(&out, "cap: ", campaign.caps[Int(i)].text, " in this campaign")
        case .compliance(let profile):
            Self.append(&out, "compliance: ", profile.rawValue, " ", profile.limit.map { "\($0.count) per \($0.per)" } ?? "")
        case .holdout:
            Self.append(&out, "holdout: ", campaign.holdout, " control group")
        case .noAllowedTime:
            out.append(contentsOf: noAllowedTimeText.utf8)
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
}
