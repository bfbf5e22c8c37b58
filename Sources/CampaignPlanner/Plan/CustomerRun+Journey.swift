import CampaignData
import CampaignSemantics
import CampaignSyntax

/// Journey stepping: entering a campaign, running its steps until it waits or ends,
/// exiting, and writing the rows (docs/language.md §8).
extension CustomerRun {
    /// Tries to enter campaign c at t; tells the observer why not.
    mutating func enter(_ c: Int, at t: Int64, row: Int?) -> Bool {
        let campaign = program.campaigns[c]
        guard t >= from, t < to else { return false }
        // `D after EXPR` fires only while EXPR still has the value it had D ago: a purchase
        // at this very instant has already moved `last(purchase)` on. The value also goes
        // into the entry's detail.
        var afterBase: Int64?
        if let length = campaign.afterLength, let value = campaign.afterValue {
            guard let base = value(EvaluationContext(customer: customer, now: t)), InstantRange.adding(length, to: base) == t else { return false }
            afterBase = base
        }
        // The journey is read and changed in place: a copy would retain its arrays.
        let trigger = row.map { (table: campaign.triggerTable ?? 0, row: $0) }
        if journeys[c].active {
            observer.noted(.refused(.stillInCampaign(entered: journeys[c].entry)), campaign: c, at: t, context: nil)
            return false
        }
        switch campaign.reentry {
        case .never where journeys[c].entries > 0:
            observer.noted(.refused(.noReentry(entered: journeys[c].lastEntry ?? 0)), campaign: c, at: t, context: nil)
            return false
        case .after(let length) where journeys[c].lastEntry.map({ InstantRange.adding(length, to: $0) > t }) ?? false:
            observer.noted(.refused(.reentryFrom(InstantRange.adding(length, to: journeys[c].lastEntry ?? 0), after: length)), campaign: c, at: t, context: nil)
            return false
        case .unlessGoal where journeys[c].goalReached:
            observer.noted(.refused(.goalReached), campaign: c, at: t, context: nil)
            return false
        default:
            break
        }
        var key: String?
        if campaign.hasTriggerKey, let row, case .onEvent(_, _, _, let keyColumn?) = campaign.trigger {
            key = keyColumn.display(row) ?? ""
            if let key, journeys[c].keys.contains(key) {
                observer.noted(.refused(.keyEntered(key)), campaign: c, at: t, context: nil)
                return false
            }
        }
        if let audience = campaign.audience {
            var ctx = EvaluationContext(customer: customer, now: t, entry: t, trigger: trigger)
            if program.asksHistory { ctx.history = historyAnswer(c, at: t) }
            let verdict = audience(ctx)
            if verdict != .yes {
                observer.noted(.refused(.notInAudience(verdict)), campaign: c, at: t, context: ctx)
                return false
            }
        }
        journeys[c].active = true
        running.insert(program.rank[c])
        // The first step is due now: in phase 2, in this campaign's turn.
        schedule(c, at: t)
        journeys[c].pc = 0
        journeys[c].entry = t
        journeys[c].trigger = trigger
        journeys[c].entries += 1
        journeys[c].lastEntry = t
        journeys[c].sent = []
        journeys[c].opened = []
        journeys[c].clicked = []
        journeys[c].pending = nil
        journeys[c].waitingFor = nil
        journeys[c].holdout = campaign.holdout > 0 && StableHash.basisPoints([campaign.name, "holdout", customerID]) < campaign.holdout
        if let key { journeys[c].keys.insert(key) }
        if let goal = campaign.goal {
            // Only the latest entry before an event can convert (`offerGoal`): entries older
            // than the previous one are out of the race.
            let stale = journeys[c].goalWatches.count - 1
            if stale > 0 { journeys[c].goalWatches.removeFirst(stale) }
            journeys[c].goalWatches.append((t, InstantRange.adding(goal.within, to: t), false))
        }
        emit(t, c, .enter, step: "enter", channel: nil, detail: afterBase.map(PlanDetail.enteredAfter) ?? .entered)
        var decided = EvaluationContext(customer: customer, now: t, entry: t, trigger: trigger)
        if program.asksHistory { decided.history = historyAnswer(c, at: t) }
        observer.decided(.audience, campaign: c, context: decided)
        return true
    }

    /// Ends campaign c's journey at t; `context` is the one an `exit when EXPR` was decided in.
    mutating func exit(_ c: Int, at t: Int64, reason: PlanDetail, context: EvaluationContext? = nil) {
        journeys[c].active = false
        running.remove(program.rank[c])
        journeys[c].due = Int64.max
        journeys[c].pending = nil
        journeys[c].waitingFor = nil
        emit(t, c, .exit, step: "exit", channel: nil, detail: reason)
        if let context { observer.decided(.exitCondition, campaign: c, context: context) }
    }

    /// Runs campaign c's journey from its position at t until it waits or ends.
    mutating func advance(_ c: Int, at t: Int64) {
        let campaign = program.campaigns[c]
        var guardSteps = 0
        while journeys[c].active {
            guardSteps += 1
            if guardSteps > 100_000 { return }
            if let rule = campaign.exitCondition {
                let ctx = context(c, at: t)
                if rule.test(ctx) == .yes {
                    exit(c, at: t, reason: .exitedOnCondition, context: ctx)
                    return
                }
            }
            let pc = journeys[c].pc
            switch campaign.program[pc] {
            case .send(let messages):
                if startSend(c, messages, at: t) { return }
                journeys[c].pc += 1
            case .waitFor(let length):
                journeys[c].pc += 1
                wake(c, from: t, at: InstantRange.adding(length, to: t), instruction: pc)
                return
            case .waitUntil(let clock):
                journeys[c].pc += 1
                wake(c, from: t, at: rules(clock).next(secondOfDay: clock.secondOfDay, atOrAfter: t), instruction: pc)
                return
            case .waitForEvent(let table, _, let filter, let timeout):
                journeys[c].pc += 1
                journeys[c].waitingFor = table.map { ($0, filter) }
                wake(c, from: t, at: InstantRange.adding(timeout, to: t), instruction: pc)
                return
            case .waitBestHour:
                journeys[c].pc += 1
                let best = bestHour(at: t)
                let time = rules(best.clock).next(secondOfDay: best.clock.secondOfDay, atOrAfter: t)
                observer.noted(.waitingBestHour(instruction: pc, until: time, hour: best.hour, count: best.count, total: best.total), campaign: c, at: t, context: nil)
                if time < to { schedule(c, at: time) }
                return
            case .branch(let arms, let otherwise):
                let ctx = context(c, at: t)
                var target = otherwise
                for arm in arms where arm.test(ctx) == .yes {
                    target = arm.target
                    break
                }
                observer.noted(.branch(instruction: pc), campaign: c, at: t, context: ctx)
                journeys[c].pc = target
            case .split(let ordinal, let arms):
                let bucket = StableHash.basisPoints([campaign.name, "split", String(ordinal), customerID])
                let arm = arms.firstIndex { bucket < $0.upTo } ?? arms.count - 1
                observer.noted(.split(instruction: pc, arm: arm, bucket: bucket), campaign: c, at: t, context: nil)
                journeys[c].pc = arms[arm].target
            case .tag(let name):
                emit(t, c, .tag, step: name, channel: nil, detail: .none)
                journeys[c].pc += 1
            case .untag(let name):
                emit(t, c, .untag, step: name, channel: nil, detail: .none)
                journeys[c].pc += 1
            case .unsubscribe(let channel):
                // The control group is never unsubscribed (docs/language.md §8.7): that
                // would take away consent the business had, from someone sent nothing.
                if journeys[c].holdout {
                    emit(t, c, .suppress, step: channel.rawValue, channel: channel, detail: .suppressed(.holdout))
                } else {
                    emit(t, c, .unsubscribe, step: channel.rawValue, channel: channel, detail: .none)
                    if unsubscribed[channel] == nil { unsubscribed[channel] = (t, Int32(c)) }
                }
                journeys[c].pc += 1
            case .exit:
                exit(c, at: t, reason: .exitStep)
            case .jump(let target):
                journeys[c].pc = target
            case .end:
                journeys[c].active = false
                running.remove(program.rank[c])
                journeys[c].due = Int64.max
                observer.noted(.journeyComplete, campaign: c, at: t, context: nil)
            }
        }
    }

    /// Makes the journey's next step due at `time` (the end of the wait at `instruction`);
    /// at t itself, `runDueSteps` runs it at once.
    mutating func wake(_ c: Int, from t: Int64, at time: Int64, instruction: Int) {
        observer.noted(.waiting(instruction: instruction, until: time), campaign: c, at: t, context: nil)
        if time < to { schedule(c, at: time) }
    }

    func rules(_ clock: ClockTime) -> ZoneRules { clock.zone.map { program.zones[$0] } ?? zone }

    /// The local hour at which the customer most often did the policy's events in the
    /// 90 days up to t, and how many of how many events fell in it; ties to the earliest
    /// hour; the policy's default without history (a total of 0).
    func bestHour(at t: Int64) -> (clock: ClockTime, hour: Int, count: Int, total: Int) {
        var counts = [Int](repeating: 0, count: 24)
        var total = 0
        for table in program.policy.bestHourTables {
            let events = program.data.events.tables[table]
            let rows = events.rows(of: customer)
            let high = events.upperBound(t, in: rows)
            let low = events.upperBound(t - 90 * 86_400, in: rows.lowerBound..<high)
            for row in low..<high {
                counts[Int(zone.secondOfDay(events.times[row]) / 3_600)] += 1
                total += 1
            }
        }
        guard total > 0, let top = counts.max(), let hour = counts.firstIndex(of: top) else {
            return (program.policy.bestHourDefault, 0, 0, 0)
        }
        let text = (hour < 10 ? "0" : "") + "\(hour):00"
        return (ClockTime(secondOfDay: Int64(hour) * 3_600, zone: nil, text: text), hour, top, total)
    }

    // MARK: - Output

    mutating func emit(_ t: Int64, _ c: Int, _ action: PlanAction, step: String, channel: ChannelKind?, detail: PlanDetail, deferral: Deferral = .none) {
        let row = PlanRow(time: t, sequence: rowSequence, offset: Int32(zone.offset(at: t)), customer: Int32(customer), campaign: Int32(c),
                          action: action, step: step, channel: channel, detail: detail,
                          position: Int32(journeys[c].pc), deferral: deferral, holdout: journeys[c].holdout)
        rows.append(row)
        rowSequence += 1
        observer.wrote(row)
    }
}
