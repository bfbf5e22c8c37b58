import CampaignData
import CampaignSemantics
import CampaignSyntax

/// Delivery: whether the customer can receive on a channel (address, consent,
/// unsubscribes), the holdout, when a message may go out (the send window, quiet hours)
/// and the caps (docs/language.md §7, §8.7).
extension CustomerRun {
    /// Why the customer cannot receive a message now (no channel, unsubscribed, no address,
    /// no consent), or nil when they can.
    func blocked(_ message: CompiledMessage) -> Suppression? {
        guard let channel = program.channelSlots[message.channel.slot] else { return .noChannel }
        if let by = unsubscribed[message.channel] { return .unsubscribed(at: by.at, by: by.by) }
        if let address = channel.address, address.isMissing(customer) { return .noAddress }
        if !message.transactional, let consent = channel.consent, consent[customer] != 1 { return .noConsent(missing: consent[customer] != 0) }
        return nil
    }

    /// The first send step: picks the channel and the delivery instant. Returns true when
    /// the journey now waits for the delivery; false when it moves on at once (suppressed).
    mutating func startSend(_ c: Int, _ candidates: [Int], at t: Int64) -> Bool {
        let campaign = program.campaigns[c]
        guard !candidates.isEmpty else { return false }
        var skipped: [Suppression.Skipped] = []
        var chosen: Int?
        for m in candidates {
            if let reason = blocked(campaign.messages[m]) {
                guard candidates.count > 1 else {
                    emit(t, c, .suppress, step: campaign.messages[m].name, channel: campaign.messages[m].channel, detail: .suppressed(reason))
                    return false
                }
                skipped.append(.init(message: Int32(m), reason: reason))
                observer.noted(.skipped(message: m, reason), campaign: c, at: t, context: nil)
            } else {
                chosen = m
                break
            }
        }
        guard let m = chosen else {
            let first = campaign.messages[candidates[0]]
            emit(t, c, .suppress, step: first.name, channel: first.channel, detail: .suppressed(.firstOf(skipped)))
            return false
        }
        let message = campaign.messages[m]
        if journeys[c].holdout {
            emit(t, c, .suppress, step: message.name, channel: message.channel, detail: .suppressed(.holdout))
            return false
        }
        let profiles = bindingProfiles(message, at: t)
        guard let at = allowedInstant(from: t, channel: message.channel, profiles: profiles) else {
            emit(t, c, .suppress, step: message.name, channel: message.channel, detail: .suppressed(.noAllowedTime))
            return false
        }
        journeys[c].pending = m
        journeys[c].pendingDeferral = at == t ? .none : deferralReason(t, channel: message.channel, profiles: profiles)
        if at != t {
            observer.noted(.deferred(message: m, journeys[c].pendingDeferral, until: at, profiles: profiles), campaign: c, at: t, context: nil)
        }
        if at >= to {
            observer.noted(.afterWindow(message: m, at: at), campaign: c, at: t, context: nil)
            return true
        }
        // Due at `at`; when that is t itself, `runDueSteps` delivers it at once.
        schedule(c, at: at)
        return true
    }

    /// The delivery of a pending message: caps, then the send.
    mutating func deliver(_ c: Int, message m: Int, at t: Int64) {
        let campaign = program.campaigns[c]
        let message = campaign.messages[m]
        let deferral = journeys[c].pendingDeferral
        if let reason = blocked(message) {
            emit(t, c, .suppress, step: message.name, channel: message.channel, detail: .suppressed(reason), deferral: deferral)
            return
        }
        if let reason = policyCapReached(message, at: t) ?? campaignCapReached(c, message, at: t) ?? complianceCountReached(message, at: t) {
            emit(t, c, .suppress, step: message.name, channel: message.channel, detail: .suppressed(reason), deferral: deferral)
            return
        }
        journeys[c].sent.append(m)
        let engagement = program.options.engagement
        var opened = false, clicked = false
        if !engagement.isNone {
            (opened, clicked) = engagement.engagement(customer: customerID, campaign: campaign.name, message: message.name, channel: message.channel)
            if opened { journeys[c].opened.append(m) }
            if clicked { journeys[c].clicked.append(m) }
        }
        delivered.append((t, message.channel, Int32(c), message.transactional, Int32(m), opened, clicked))
        let detail = program.options.render ? MessageRendering.render(message, run: self, campaign: c, at: t) : .none
        emit(t, c, .send, step: message.name, channel: message.channel, detail: detail, deferral: deferral)
    }

    /// The first instant at or after t inside the send window, outside the channel's and
    /// the policy's quiet hours, and inside the hours and days of every binding compliance
    /// profile (`profiles`, a bit set over `policy.compliance`), or nil when a bounded
    /// search finds none: each rule moves x to its own next allowed instant until none
    /// moves it.
    func allowedInstant(from t: Int64, channel: ChannelKind, profiles: UInt8 = 0) -> Int64? {
        var x = t
        let quiet = program.channelSlots[channel.slot]?.quietHours
        let policyQuiet = program.policy.quietHours
        for _ in 0..<32 {
            var moved = false
            if let window = program.policy.window, !covers(window, x) {
                x = rules(window.start).next(secondOfDay: window.start.secondOfDay, atOrAfter: x)
                moved = true
            }
            if let quiet, covers(quiet, x) {
                x = rules(quiet.start).next(secondOfDay: quiet.end.secondOfDay, atOrAfter: x)
                moved = true
            }
            if let policyQuiet, covers(policyQuiet, x) {
                x = rules(policyQuiet.start).next(secondOfDay: policyQuiet.end.secondOfDay, atOrAfter: x)
                moved = true
            }
            if profiles != 0 {
                for (i, rule) in program.policy.compliance.enumerated() where profiles & (1 << i) != 0 {
                    let next = rule.profile.allowed(atOrAfter: x, in: zone)
                    if next != x {
                        x = next
                        moved = true
                    }
                }
            }
            if !moved { return x }
        }
        return nil
    }

    /// Why a send at t has to wait. Quiet hours, the channel's own rule, take the blame when
    /// they apply, then the policy's quiet hours, then a compliance profile, then the
    /// window; `explain`'s text and the preview's counts both come from here.
    func deferralReason(_ t: Int64, channel: ChannelKind, profiles: UInt8 = 0) -> Deferral {
        if let quiet = program.channelSlots[channel.slot]?.quietHours, covers(quiet, t) { return .quietHours }
        if let quiet = program.policy.quietHours, covers(quiet, t) { return .quietHours }
        if profiles != 0 {
            for (i, rule) in program.policy.compliance.enumerated() where profiles & (1 << i) != 0 {
                if rule.profile.allowed(atOrAfter: t, in: zone) != t { return .compliance }
            }
        }
        if let window = program.policy.window, !covers(window, t) { return .sendWindow }
        return .quietHours
    }

    /// Whether t falls in a local span (a window or quiet hours), in the span's zone.
    @inline(__always)
    func covers(_ span: (start: ClockTime, end: ClockTime), _ t: Int64) -> Bool {
        Self.inside(rules(span.start).secondOfDay(t), span.start.secondOfDay, span.end.secondOfDay)
    }

    /// Whether a local second of the day lies in [start, end), wrapping past midnight.
    @inline(__always)
    static func inside(_ s: Int64, _ start: Int64, _ end: Int64) -> Bool {
        start < end ? (s >= start && s < end) : start > end ? (s >= start || s < end) : false
    }
}
