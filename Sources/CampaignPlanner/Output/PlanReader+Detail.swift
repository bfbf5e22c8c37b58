import CampaignSemantics
import CampaignSyntax
import Foundation

/// A row's `detail` text read back into its typed `PlanDetail`: the inverse of
/// `PlanVocabulary.appendText`. Each reading is a candidate that the caller writes again
/// and compares, so a text is never taken for what it only resembles.
extension PlanReader {
    /// A detail that no reading of the campaigns' texts gives.
    struct DetailMismatch: Error {}

    func detail(_ text: String, row: PlanRow, message: (position: Int32, group: [Int])?, reason: JSONValue?) throws(DetailMismatch) -> PlanDetail {
        let campaign = vocabulary.campaigns[Int(row.campaign)]
        switch row.action {
        case .tag, .untag, .unsubscribe:
            return .none
        case .enter:
            var rest = Substring(text)
            if row.holdout {
                let suffix = "; holdout " + campaign.holdout + ": sent nothing"
                guard rest.hasSuffix(suffix) else { throw DetailMismatch() }
                rest = rest.dropLast(suffix.count)
            }
            if rest == Substring(campaign.trigger) { return .entered }
            let head = campaign.trigger + " ("
            guard rest.hasPrefix(head), rest.hasSuffix(")"), let base = Self.utc(String(rest.dropFirst(head.count).dropLast())) else { throw DetailMismatch() }
            return .enteredAfter(base)
        case .send:
            if text.isEmpty { return .none }
            guard row.channel == .sms else { return .rendered(text) }
            // `[GSM-7, 2 segments] text`
            guard text.hasPrefix("["), let close = text.firstIndex(of: "]") else { throw DetailMismatch() }
            let label = text[text.index(after: text.startIndex)..<close].split(separator: " ")
            let body = text[text.index(after: close)...]
            guard label.count == 3, label[0].hasSuffix(","), let encoding = SMSEncoding(rawValue: String(label[0].dropLast())),
                  let segments = Int32(label[1]), body.hasPrefix(" ") else { throw DetailMismatch() }
            return .renderedSMS(String(body.dropFirst()), encoding: encoding, segments: segments)
        case .suppress:
            let channel = row.channel ?? .email
            if let message, message.group.count > 1, let skipped = firstOf(text, group: message.group, campaign: Int(row.campaign)) {
                return .suppressed(.firstOf(skipped))
            }
            guard let reason = suppression(text, channel: channel, campaign: Int(row.campaign)) else { throw DetailMismatch() }
            return .suppressed(reason)
        case .exit:
            if text == "exit step" { return .exitStep }
            if let condition = campaign.exitCondition, text == condition { return .exitedOnCondition }
            return .exitedOnEvent
        case .goal:
            // NDJSON keeps the entry's instant; CSV only the rounded time since (`finish`).
            if case .object(let members)? = reason, let entered = members.first(where: { $0.0 == "entered" }), case .string(let at) = entered.1,
               let t = Self.utc(at) {
                return .goal(entered: t)
            }
            return .goal(entered: row.time)
        }
    }

    /// A UTC instant as `detail` and `reason` write one (`2026-06-15T09:00:00Z`).
    static func utc(_ text: String) -> Int64? {
        guard let t = instant(text), t.offset == 0 else { return nil }
        return t.local
    }

    /// One reason for a message on `channel`: each reason the campaigns can give there is
    /// written and compared (an unsubscription's instant and campaign are read first).
    func suppression(_ text: String, channel: ChannelKind, campaign c: Int) -> Suppression? {
        var candidates: [Suppression] = [.noChannel, .noAddress, .noConsent(missing: true), .noConsent(missing: false), .holdout, .noAllowedTime]
        candidates += vocabulary.caps.indices.map { .cap(Int32($0)) }
        candidates += vocabulary.campaigns[c].caps.indices.map { .campaignCap(Int32($0)) }
        candidates += vocabulary.compliance.map { .compliance($0) }
        // `unsubscribed: sms by winback at 2026-06-10T09:00:00Z`
        let head = "unsubscribed: " + channel.rawValue + " by "
        if text.hasPrefix(head), let at = text.range(of: " at ", options: .backwards) {
            let name = String(text[text.index(text.startIndex, offsetBy: head.count)..<at.lowerBound])
            if let by = campaignIndex[name], let t = Self.utc(String(text[at.upperBound...])) { candidates.append(.unsubscribed(at: t, by: by)) }
        }
        return candidates.first { vocabulary.text($0, channel: channel, campaign: c) == text }
    }

    /// `send first of`, every message blocked: `s: no address: phone is missing; e: …`,
    /// one reason per message of the step, in order.
    func firstOf(_ text: String, group: [Int], campaign c: Int) -> [Suppression.Skipped]? {
        let names = vocabulary.campaigns[c].messages
        var rest = Substring(text)
        var skipped: [Suppression.Skipped] = []
        for (k, m) in group.enumerated() {
            let head = (k == 0 ? "" : "; ") + names[m].name + ": "
            guard rest.hasPrefix(head) else { return nil }
            rest = rest.dropFirst(head.count)
            var piece = rest
            if k + 1 < group.count {
                guard let next = rest.range(of: "; " + names[group[k + 1]].name + ": ") else { return nil }
                piece = rest[..<next.lowerBound]
            }
            guard let reason = suppression(String(piece), channel: names[m].channel, campaign: c) else { return nil }
            skipped.append(.init(message: Int32(m), reason: reason))
            rest = rest[piece.endIndex...]
        }
        return rest.isEmpty ? skipped : nil
    }
}
