import CampaignData
import CampaignSemantics
import CampaignSyntax

/// The JSON `reason` object of a row (docs/output.md, "Plan rows"), written from its typed detail.
extension PlanVocabulary {
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
        case .campaignCap(let i):
            let cap = campaign.caps[Int(i)]
            fields += [("channel", cap.channel.map { .string($0.rawValue) } ?? .null), ("limit", .int(cap.count)), ("per", .string(cap.per)),
                       ("scope", .string("campaign"))]
        case .compliance(let profile):
            fields.append(("profile", .string(profile.rawValue)))
            if let limit = profile.limit { fields += [("limit", .int(limit.count)), ("per", .string(limit.per))] }
            fields.append(("channel", .string(profile.channel.rawValue)))
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
