import CampaignData
import CampaignSemantics
import CampaignSyntax

/// Compliance profiles and a campaign's own caps at delivery (docs/compliance.md,
/// docs/language.md §5.1 and §7): which profiles bind a send, when a profile lets it go
/// out, and the count rules that suppress it.
extension CustomerRun {
    /// The profiles of the policy that bind this message for this customer at t, as a bit
    /// set over `policy.compliance`: marketing messages on the profile's channel, for the
    /// customers its `where` holds for (a condition that is unknown binds: the stricter
    /// reading).
    func bindingProfiles(_ message: CompiledMessage, at t: Int64) -> UInt8 {
        let rules = program.policy.compliance
        guard !rules.isEmpty, !message.transactional else { return 0 }
        var set: UInt8 = 0
        for (i, rule) in rules.enumerated() where rule.profile.channel == message.channel {
            if let condition = rule.condition, condition(EvaluationContext(customer: customer, now: t, entry: t, trigger: nil)) == .no { continue }
            set |= 1 << i
        }
        return set
    }

    /// How many messages went out in the `seconds` before t: on `channel` (nil: any), by
    /// campaign `campaign` (nil: any), marketing ones only when asked. What every cap and
    /// count rule counts.
    func sentCount(within seconds: Int64, before t: Int64, channel: ChannelKind?, campaign: Int? = nil, marketingOnly: Bool = false) -> Int {
        let since = InstantRange.subtracting(seconds, from: t)
        var count = 0
        for d in delivered where d.time > since && (channel == nil || d.channel == channel)
            && (campaign == nil || Int(d.campaign) == campaign) && !(marketingOnly && d.transactional) {
            count += 1
        }
        return count
    }

    /// The first of the policy's caps that this send would break, counting every campaign's
    /// sends.
    func policyCapReached(_ message: CompiledMessage, at t: Int64) -> Suppression? {
        for (i, cap) in program.policy.caps.enumerated() where cap.channel == nil || cap.channel == message.channel {
            if sentCount(within: cap.seconds, before: t, channel: cap.channel) >= cap.count { return .cap(Int32(i)) }
        }
        return nil
    }

    /// The first of the campaign's own caps that this send would break, counting only the
    /// campaign's sends (`cap 1 per 7d` in the campaign).
    func campaignCapReached(_ c: Int, _ message: CompiledMessage, at t: Int64) -> Suppression? {
        for (i, cap) in program.campaigns[c].caps.enumerated() where cap.channel == nil || cap.channel == message.channel {
            if sentCount(within: cap.seconds, before: t, channel: cap.channel, campaign: c) >= cap.count { return .campaignCap(Int32(i)) }
        }
        return nil
    }

    /// The first binding profile whose count rule this send would break: marketing
    /// messages on its channel actually sent in the rolling window, by every campaign.
    func complianceCountReached(_ message: CompiledMessage, at t: Int64) -> Suppression? {
        let profiles = bindingProfiles(message, at: t)
        guard profiles != 0 else { return nil }
        for (i, rule) in program.policy.compliance.enumerated() where profiles & (1 << i) != 0 {
            guard let limit = rule.profile.limit else { continue }
            if sentCount(within: limit.seconds, before: t, channel: rule.profile.channel, marketingOnly: true) >= limit.count { return .compliance(rule.profile) }
        }
        return nil
    }
}

extension ComplianceProfile {
    /// The first instant at or after t that the profile allows: inside its local hours, on
    /// a day it does not close (`fr_sms`: Sundays and French public holidays). Local time
    /// is the customer's zone, as for quiet hours; a local start that a DST gap skips
    /// resolves to the end of the gap (docs/language.md §7.3).
    func allowed(atOrAfter t: Int64, in zone: ZoneRules) -> Int64 {
        let (start, end) = hours
        let day = zone.day(t)
        let second = zone.secondOfDay(t)
        if !isClosed(day: day) {
            if second >= start && second < end { return t }
            if second < start { return max(t, zone.resolve(local: day * 86_400 + start)) }
        }
        // Past the hours, or a closed day: the start of the next open day. Closed days come
        // at most three in a row (a holiday Saturday, Sunday, a holiday Monday); the bound
        // only keeps the loop finite.
        var next = day + 1
        while isClosed(day: next) && next < day + 14 { next += 1 }
        return max(t, zone.resolve(local: next * 86_400 + start))
    }
}
