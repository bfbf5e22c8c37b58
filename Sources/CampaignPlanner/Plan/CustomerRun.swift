import CampaignData
import CampaignSemantics
import CampaignSyntax
import Foundation

/// The discrete-event interpreter for one customer: every campaign, over the window, in
/// time order, one instant after another.
///
/// The order at one instant t is docs/language.md §8.4, and nothing
/// else decides it (not the length of a wait, not the kind of trigger):
/// 1. Each event at t, in file order, is offered to each campaign in serving order
///    (priority, then name). A campaign whose journey is running gives the event to that
///    journey: `exit when` ends it, a matching `wait until EVENT` ends the wait, a `goal`
///    converts; the same event never also enters that campaign, even when the journey ended
///    because of it. A campaign with no running journey may be entered by it.
/// 2. Then, campaign by campaign in serving order: the running journey's step due at t
///    first, then the campaign's own trigger (calendar, `once`, `after`, `on enter`) if it
///    fires at t.
///
/// How we read "due at t" (the text leaves it to this): phase 1 only changes state, it runs
/// no step. An entry by an event, and a `wait until EVENT` ended by an event, make the
/// journey's next step due at t, so it runs in phase 2 in its campaign's turn; until then
/// the journey is running, and later events at t are given to it. A step that becomes due
/// at t while its campaign's turn runs (a send whose allowed instant is t itself, a wait
/// that ends where it starts: `wait 0d`, `wait until 09:00` at 09:00) runs in the same
/// turn, at once, before the trigger. So every step at t, and every send and its caps, is
/// served in serving order, whatever entered the journey; and a `wait until EVENT` reached
/// at t waits for a later event, the events at t having been offered already.
///
/// Each journey keeps one due instant (its next step: a wait's end, a deferred delivery, or
/// now), and each campaign a cursor into its precomputed trigger instants. The agenda lists
/// both by (instant, serving rank): the next instant is its first entry or the next event,
/// whichever is earlier, and phase 2 visits only the campaigns listed at t, in serving
/// order, so a run costs what is due in it, not instants × campaigns.
struct CustomerRun {
    let program: PlanProgram
    private(set) var customer: Int
    /// The id, made only when a hash needs it (holdouts, splits, engagement).
    var customerID: String { program.data.customers.id(customer) }
    private(set) var zone: ZoneRules
    var rows: [PlanRow] = []
    /// The customer's events in the window (reused).
    var eventBuffer: [WindowEvent] = []
    var story: [StoryLine]?

    /// The state of one campaign for this customer.
    struct Journey {
        var active = false
        /// When the journey's next step runs: the end of its wait, the delivery of its
        /// pending message, or the instant it entered or its wait for an event ended.
        /// `Int64.max` when nothing is due inside the window.
        var due = Int64.max
        var pc = 0
        var entry: Int64 = 0
        var trigger: (table: Int, row: Int)?
        var holdout = false
        var pending: Int?
        var pendingDeferral = Deferral.none
        var waitingFor: (table: Int, filter: Evaluator.EventCondition?)?
        var sent: [Int] = []
        var opened: [Int] = []
        var clicked: [Int] = []
        var entries = 0
        var lastEntry: Int64?
        var goalReached = false
        /// The goal windows that can still convert: the latest entry's and the one before
        /// (an event at the latest entry's own instant still belongs to the one before).
        var goalWatches: [(entry: Int64, deadline: Int64, converted: Bool)] = []
        var keys: Set<String> = []
    }

    var journeys: [Journey]
    var rowSequence = 0
    /// Precomputed trigger instants per campaign and the cursor into them.
    var triggerTimes: [[Int64]]
    var triggerCursor: [Int]
    /// Every campaign's next trigger instant and every journey's due instant (`schedule`).
    var agenda = Agenda()
    /// The campaigns whose journey is running, by serving rank.
    var running: RankSet
    /// How many times a campaign was looked at, in either phase, over all the runs (for
    /// tests: the loop's work, which must follow what is due, not instants × campaigns).
    private(set) var turns = 0
    /// Per campaign, the index of its latest story line (-1: none yet), so that a repeated
    /// "trigger …" line merges without a search back through the story.
    var latestStoryLine: [Int]
    /// Sends that went out: (time, channel), for caps.
    var delivered: [(time: Int64, channel: ChannelKind)] = []
    /// Per channel, when and by which campaign the customer was unsubscribed.
    var unsubscribed: [ChannelKind: (at: Int64, by: Int32)] = [:]
    /// The texts of the rows' details, for the story (only with `explain`).
    let vocabulary: PlanVocabulary?

    /// A run for no customer yet: `reset(customer:)` names the first. A part of the plan
    /// can have no customers at all (an empty customers file), so nothing here may read
    /// a customer's row.
    init(program: PlanProgram, explain: Bool) {
        self.program = program
        customer = -1
        zone = ZoneRules.utc
        journeys = Array(repeating: Journey(), count: program.campaigns.count)
        triggerTimes = Array(repeating: [], count: program.campaigns.count)
        triggerCursor = Array(repeating: 0, count: program.campaigns.count)
        story = explain ? [] : nil
        vocabulary = explain ? PlanVocabulary(program) : nil
        latestStoryLine = explain ? Array(repeating: -1, count: program.campaigns.count) : []
        running = RankSet(count: program.campaigns.count)
    }

    /// Starts over for another customer, keeping the buffers. `rows` accumulates: the
    /// planner takes all of a part's rows at the end (moving them customer by customer
    /// would retain and release every row's strings).
    mutating func reset(customer: Int) {
        self.customer = customer
        zone = program.zones[program.zone(of: customer)]
        // Only journeys that were entered changed; replacing the others would destroy and
        // rebuild their empty arrays for every customer.
        for c in journeys.indices where journeys[c].entries > 0 { journeys[c] = Journey() }
        rowSequence = 0
        for c in triggerCursor.indices { triggerCursor[c] = 0 }
        agenda.removeAll()
        running.removeAll()
        delivered.removeAll(keepingCapacity: true)
        if !unsubscribed.isEmpty { unsubscribed = [:] }
    }

    var from: Int64 { program.options.from }
    var to: Int64 { program.options.to }

    // MARK: - The loop

    mutating func run() {
        // Taken out and put back: the buffer keeps its capacity from customer to customer.
        var events = eventBuffer
        eventBuffer = []
        windowEvents(into: &events)
        defer { eventBuffer = events }
        for c in program.campaigns.indices {
            // Taken out and put back so the buffer stays unique and keeps its capacity.
            var list = triggerTimes[c]
            triggerTimes[c] = []
            triggerInstants(program.campaigns[c], into: &list)
            triggerTimes[c] = list
            if let first = list.first { agenda.insert(time: first, rank: program.rank[c]) }
        }
        var e = 0
        while true {
            let t = min(e < events.count ? events[e].time : Int64.max, agenda.first?.time ?? Int64.max)
            // Events, due steps and trigger instants all lie before `to`: this ends the run.
            guard t < to else { break }
            while e < events.count && events[e].time == t {
                offer(events[e])
                e += 1
            }
            // Entries come out in serving order. A campaign's turn lists nothing for another
            // campaign, and what it lists for itself at t it runs at once (`runDueSteps`), so
            // a second entry for the campaign just served has nothing left to do.
            var served = -1
            while let entry = agenda.first, entry.time == t {
                _ = agenda.removeFirst()
                guard entry.rank != served else { continue }
                served = entry.rank
                let c = program.serving[entry.rank]
                turns += 1
                runDueSteps(c, at: t)
                if nextTrigger(c) == t {
                    triggerCursor[c] += 1
                    let next = nextTrigger(c)
                    if next != Int64.max { agenda.insert(time: next, rank: entry.rank) }
                    if enter(c, at: t, row: nil) { runDueSteps(c, at: t) }
                }
            }
        }
    }

    /// Makes campaign c's journey due at `time` (before `to`), and lists it there.
    mutating func schedule(_ c: Int, at time: Int64) {
        journeys[c].due = time
        agenda.insert(time: time, rank: program.rank[c])
    }

    /// Campaign c's next trigger instant, or `Int64.max`.
    @inline(__always)
    func nextTrigger(_ c: Int) -> Int64 {
        let i = triggerCursor[c]
        return i < triggerTimes[c].count ? triggerTimes[c][i] : Int64.max
    }

    /// The customer's events in the window, in time order, events at one instant in file
    /// order (docs/language.md §8.4).
    func windowEvents(into list: inout [WindowEvent]) {
        if !list.isEmpty { list.removeLast(list.count) }
        for t in program.eventTables where program.watchedTables[t] {
            let table = program.data.events.tables[t]
            let rows = table.rows(of: customer)
            let low = table.lowerBound(from, in: rows), high = table.lowerBound(to, in: rows)
            for row in low..<high { list.append(WindowEvent(time: table.times[row], fileOrder: table.fileOrder[row], table: t, row: row)) }
        }
        list.sort { $0.time != $1.time ? $0.time < $1.time : $0.fileOrder < $1.fileOrder }
    }

    // MARK: - Events

    /// One of the customer's events in the window.
    struct WindowEvent {
        let time: Int64
        /// Its place in the events file, for events at one instant.
        let fileOrder: UInt32
        let table: Int
        let row: Int
    }

    /// Phase 1 for one event: offered to each campaign in serving order, or rather to each
    /// it can concern (any running journey; a trigger or goal on its table): to the others
    /// it would do nothing. Offering it to one campaign changes no other's state, so the
    /// words of the sets can be read as the pass reaches them.
    mutating func offer(_ event: WindowEvent) {
        let concerned = program.concerned[event.table].words
        for w in concerned.indices {
            var bits = concerned[w] | running.words[w]
            while bits != 0 {
                let rank = w << 6 | bits.trailingZeroBitCount
                bits &= bits - 1
                turns += 1
                offer(event, to: program.serving[rank])
            }
        }
    }

    mutating func offer(_ event: WindowEvent, to c: Int) {
        let t = event.time
        let campaign = program.campaigns[c]
        // Decided before the journey sees the event: a journey that the event ends still
        // keeps it from entering again.
        if journeys[c].active {
            if let rule = campaign.exitEvent, rule.table == event.table, rule.filter.map({ $0(context(c, at: t), event.row) == .yes }) ?? true {
                exit(c, at: t, reason: .exitedOnEvent)
            } else if let rule = campaign.exitCondition, case let ctx = context(c, at: t), rule.test(ctx) == .yes {
                exit(c, at: t, reason: .exitedOnCondition, why: rule.why(ctx))
            } else if let waiting = journeys[c].waitingFor, waiting.table == event.table,
                      waiting.filter.map({ $0(context(c, at: t), event.row) == .yes }) ?? true {
                journeys[c].waitingFor = nil
                schedule(c, at: t)
                if story != nil {
                    note(t, c, "\(program.data.events.tables[event.table].name) happened: the wait ends")
                }
            }
            offerGoal(c, event)
            if story != nil, campaign.triggerTable == event.table, triggerMatches(c, event) {
                note(t, c, "trigger \(campaign.triggerText) fired, but the event went to the journey (entered \(Self.iso(journeys[c].entry)))")
            }
        } else {
            offerGoal(c, event)
            if campaign.triggerTable == event.table, triggerMatches(c, event) {
                _ = enter(c, at: t, row: event.row)
            }
        }
    }

    /// Whether an event passes campaign c's `trigger on EVENT where …` filter.
    func triggerMatches(_ c: Int, _ event: WindowEvent) -> Bool {
        let campaign = program.campaigns[c]
        guard let filter = campaign.triggerFilter else { return true }
        let ctx = EvaluationContext(customer: customer, now: event.time, entry: event.time, trigger: (event.table, event.row))
        return filter(ctx, event.row) == .yes
    }

    /// The goal, last touch (docs/language.md §8.8): an event converts only the most
    /// recent entry before it, inside that entry's window, and only if that entry has not
    /// converted yet. Windows nest (a later entry's ends later), so once an event belongs
    /// to an entry no older one can ever convert: only the latest entries are kept.
    mutating func offerGoal(_ c: Int, _ event: WindowEvent) {
        guard let goal = program.campaigns[c].goal, goal.table == event.table, !journeys[c].goalWatches.isEmpty else { return }
        let t = event.time
        guard let w = journeys[c].goalWatches.lastIndex(where: { $0.entry < t }) else { return }
        if w > 0 { journeys[c].goalWatches.removeFirst(w) }
        let watch = journeys[c].goalWatches[0]
        if watch.deadline < t {
            journeys[c].goalWatches.removeFirst()
            return
        }
        guard !watch.converted, goal.filter.map({ $0(context(c, at: t), event.row) == .yes }) ?? true else { return }
        journeys[c].goalWatches[0].converted = true
        journeys[c].goalReached = true
        emit(t, c, .goal, step: "goal", channel: nil, detail: .goal(entered: watch.entry))
    }

    // MARK: - Due steps

    /// Phase 2 for campaign c's journey: runs it while a step is due at t (a delivery, the
    /// end of a wait, the first step after entering), until it waits past t or ends.
    mutating func runDueSteps(_ c: Int, at t: Int64) {
        while journeys[c].active && journeys[c].due == t {
            journeys[c].due = Int64.max
            journeys[c].waitingFor = nil
            if let m = journeys[c].pending {
                journeys[c].pending = nil
                deliver(c, message: m, at: t)
                journeys[c].pc += 1
            }
            advance(c, at: t)
        }
    }

    func context(_ c: Int, at t: Int64) -> EvaluationContext {
        let j = journeys[c]
        var ctx = EvaluationContext(customer: customer, now: t, entry: j.active ? j.entry : nil, trigger: j.trigger)
        let messages = program.campaigns[c].messages
        let sent = j.sent, opened = j.opened, clicked = j.clicked
        ctx.engagement = { function, name in
            let list = function == "sent" ? sent : function == "opened" ? opened : clicked
            return name == "any" ? !list.isEmpty : list.contains { messages[$0].name == name }
        }
        return ctx
    }

    /// Tries to enter campaign c at t; says why not in the story.
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
            if story != nil {
                note(t, c, "trigger \(campaign.triggerText) fired, but the customer is still in the campaign (entered \(Self.iso(journeys[c].entry)))")
            }
            return false
        }
        switch campaign.reentry {
        case .never where journeys[c].entries > 0:
            if story != nil {
                note(t, c, "trigger \(campaign.triggerText) fired; no re-entry (reentry never; entered \(Self.iso(journeys[c].lastEntry ?? 0)))")
            }
            return false
        case .after(let length) where journeys[c].lastEntry.map({ InstantRange.adding(length, to: $0) > t }) ?? false:
            if story != nil {
                note(t, c, "trigger \(campaign.triggerText) fired; re-entry only from \(localText(InstantRange.adding(length, to: journeys[c].lastEntry ?? 0))) (reentry after \(Self.durationText(length)))")
            }
            return false
        case .unlessGoal where journeys[c].goalReached:
            if story != nil {
                note(t, c, "trigger \(campaign.triggerText) fired; the goal was reached, so no re-entry (reentry unless goal)")
            }
            return false
        default:
            break
        }
        var key: String?
        if campaign.hasTriggerKey, let row, case .onEvent(_, _, _, let keyColumn?) = campaign.trigger {
            key = keyColumn.display(row) ?? ""
            if let key, journeys[c].keys.contains(key) {
                if story != nil {
                    note(t, c, "trigger \(campaign.triggerText) fired with key \(key), which already entered once")
                }
                return false
            }
        }
        if let audience = campaign.audience {
            let ctx = EvaluationContext(customer: customer, now: t, entry: t, trigger: trigger)
            let verdict = audience(ctx)
            if verdict != .yes {
                if story != nil {
                    note(t, c, "trigger \(campaign.triggerText) fired; not in the audience (\(campaign.audienceText) is \(verdict == .no ? "false" : "unknown"))",
                         details: campaign.audienceWhy?(ctx) ?? [])
                }
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
        if let audienceWhy = campaign.audienceWhy, story != nil {
            setLastDetails( ["audience " + campaign.audienceText + " is true"] + audienceWhy(EvaluationContext(customer: customer, now: t, entry: t, trigger: trigger)))
        }
        return true
    }

    mutating func exit(_ c: Int, at t: Int64, reason: PlanDetail, why: [String] = []) {
        journeys[c].active = false
        running.remove(program.rank[c])
        journeys[c].due = Int64.max
        journeys[c].pending = nil
        journeys[c].waitingFor = nil
        emit(t, c, .exit, step: "exit", channel: nil, detail: reason)
        if !why.isEmpty { setLastDetails(why) }
    }

    // MARK: - Steps

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
                    exit(c, at: t, reason: .exitedOnCondition, why: rule.why(ctx))
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
                wake(c, from: t, at: InstantRange.adding(length, to: t), "wait \(Self.durationText(length))")
                return
            case .waitUntil(let clock):
                journeys[c].pc += 1
                let target = rules(clock).next(secondOfDay: clock.secondOfDay, atOrAfter: t)
                wake(c, from: t, at: target, "wait until \(clock.text)")
                return
            case .waitForEvent(let table, let name, let filter, let timeout):
                journeys[c].pc += 1
                journeys[c].waitingFor = (table, filter)
                wake(c, from: t, at: InstantRange.adding(timeout, to: t), "wait until \(name) or \(Self.durationText(timeout))")
                return
            case .waitBestHour:
                journeys[c].pc += 1
                let (clock, why) = bestHour(at: t)
                wake(c, from: t, at: rules(clock).next(secondOfDay: clock.secondOfDay, atOrAfter: t), "wait until best hour (\(why))")
                return
            case .branch(let arms, let otherwise):
                let ctx = context(c, at: t)
                var target = otherwise
                var chosen = "else"
                var details: [String] = []
                for (i, arm) in arms.enumerated() {
                    let verdict = arm.test(ctx)
                    if story != nil {
                        details.append("\(i == 0 ? "if" : "else if") \(arm.text): \(verdict == .yes ? "true" : verdict == .no ? "false" : "unknown")")
                        details += arm.why(ctx).map { "  " + $0 }
                    }
                    if verdict == .yes {
                        target = arm.target
                        if story != nil { chosen = "\(i == 0 ? "if" : "else if") \(arm.text)" }
                        break
                    }
                }
                if story != nil {
                    note(t, c, "branch: took \(chosen)", details: details)
                }
                journeys[c].pc = target
            case .split(let ordinal, let arms):
                let bucket = StableHash.basisPoints([campaign.name, "split", String(ordinal), customerID])
                let arm = arms.first { bucket < $0.upTo } ?? arms[arms.count - 1]
                if story != nil {
                    note(t, c, "split: \(arm.label), by a stable hash of the customer (bucket \(bucket) of 10000)")
                }
                journeys[c].pc = arm.target
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
                if story != nil {
                    note(t, c, "journey complete")
                }
            }
        }
    }

    /// Makes the journey's next step due at `time`; at t itself, `runDueSteps` runs it at once.
    mutating func wake(_ c: Int, from t: Int64, at time: Int64, _ what: @autoclosure () -> String) {
        if time >= to {
            if story != nil {
                note(t, c, "\(what()): until \(localText(time)), after the window")
            }
            return
        }
        if story != nil {
            note(t, c, "\(what()): until \(localText(time))")
        }
        schedule(c, at: time)
    }

    func rules(_ clock: ClockTime) -> ZoneRules { clock.zone.map { program.zones[$0] } ?? zone }

    /// The local hour at which the customer most often did the policy's events in the
    /// 90 days up to t; ties to the earliest hour; the policy's default without history.
    func bestHour(at t: Int64) -> (ClockTime, String) {
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
            let fallback = program.policy.bestHourDefault
            return (fallback, "no history in the last 90 days: default \(fallback.text)")
        }
        let text = (hour < 10 ? "0" : "") + "\(hour):00"
        return (ClockTime(secondOfDay: Int64(hour) * 3_600, zone: nil, text: text), "\(top) of \(total) events at \(text)")
    }

    // MARK: - Sending

    /// Whether the customer can receive on a channel (address, consent, not unsubscribed);
    /// the reason when not.
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
                if let vocabulary {
                    note(t, c, "send first of: \(campaign.messages[m].name) skipped (\(vocabulary.text(reason, channel: campaign.messages[m].channel, campaign: c)))")
                }
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
        guard let at = allowedInstant(from: t, channel: message.channel) else {
            emit(t, c, .suppress, step: message.name, channel: message.channel, detail: .suppressed(.noAllowedTime))
            return false
        }
        journeys[c].pending = m
        journeys[c].pendingDeferral = at == t ? .none : deferralReason(t, channel: message.channel)
        if at != t, story != nil { note(t, c, "\(message.name) waits for \(why(t, channel: message.channel)): until \(localText(at))") }
        if at >= to {
            if story != nil {
                note(t, c, "\(message.name) would go out at \(localText(at)), after the window")
            }
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
        for (i, cap) in program.policy.caps.enumerated() where cap.channel == nil || cap.channel == message.channel {
            var count = 0
            for d in delivered where d.time > InstantRange.subtracting(cap.seconds, from: t) && (cap.channel == nil || cap.channel == d.channel) { count += 1 }
            if count >= cap.count {
                emit(t, c, .suppress, step: message.name, channel: message.channel, detail: .suppressed(.cap(Int32(i))), deferral: deferral)
                return
            }
        }
        delivered.append((t, message.channel))
        journeys[c].sent.append(m)
        let engagement = program.options.engagement
        if !engagement.isNone {
            let (opened, clicked) = engagement.engagement(customer: customerID, campaign: campaign.name, message: message.name, channel: message.channel)
            if opened { journeys[c].opened.append(m) }
            if clicked { journeys[c].clicked.append(m) }
        }
        let detail = program.options.render ? MessageRendering.render(message, run: self, campaign: c, at: t) : .none
        emit(t, c, .send, step: message.name, channel: message.channel, detail: detail, deferral: deferral)
    }

    /// The first instant at or after t inside the send window and outside the channel's
    /// quiet hours, or nil when there is none.
    func allowedInstant(from t: Int64, channel: ChannelKind) -> Int64? {
        var x = t
        let quiet = program.channelSlots[channel.slot]?.quietHours
        for _ in 0..<16 {
            var moved = false
            if let window = program.policy.window, !covers(window, x) {
                x = rules(window.start).next(secondOfDay: window.start.secondOfDay, atOrAfter: x)
                moved = true
            }
            if let quiet, covers(quiet, x) {
                x = rules(quiet.start).next(secondOfDay: quiet.end.secondOfDay, atOrAfter: x)
                moved = true
            }
            if !moved { return x }
        }
        return nil
    }

    /// Why a send at t has to wait. Quiet hours, the channel's own rule, take the blame when
    /// both apply; `explain`'s text and the preview's counts both come from here.
    func deferralReason(_ t: Int64, channel: ChannelKind) -> Deferral {
        if let quiet = program.channelSlots[channel.slot]?.quietHours, covers(quiet, t) { return .quietHours }
        if let window = program.policy.window, !covers(window, t) { return .sendWindow }
        return .quietHours
    }

    func why(_ t: Int64, channel: ChannelKind) -> String {
        switch deferralReason(t, channel: channel) {
        case .sendWindow:
            guard let window = program.policy.window else { return "an allowed time" }
            return "the send window (\(window.start.text) to \(window.end.text))"
        case .quietHours, .none:
            guard let quiet = program.channelSlots[channel.slot]?.quietHours else { return "an allowed time" }
            return "the end of \(channel.rawValue) quiet hours (\(quiet.start.text) to \(quiet.end.text))"
        }
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

    // MARK: - Output

    mutating func emit(_ t: Int64, _ c: Int, _ action: PlanAction, step: String, channel: ChannelKind?, detail: PlanDetail, deferral: Deferral = .none) {
        let row = PlanRow(time: t, sequence: rowSequence, offset: Int32(zone.offset(at: t)), customer: Int32(customer), campaign: Int32(c),
                          action: action, step: step, channel: channel, detail: detail,
                          position: Int32(journeys[c].pc), deferral: deferral, holdout: journeys[c].holdout)
        rows.append(row)
        rowSequence += 1
        if let vocabulary {
            let detail = vocabulary.text(row)
            var text: String
            switch action {
            case .enter: text = "entered: " + detail
            case .send: text = "sent \(step) on \(channel?.rawValue ?? "")" + (detail.isEmpty ? "" : ": " + detail)
            case .suppress: text = "suppressed \(step) on \(channel?.rawValue ?? ""): " + detail
            case .tag: text = "tagged \(step)"
            case .untag: text = "untagged \(step)"
            case .unsubscribe: text = "unsubscribed from \(step)"
            case .exit: text = "exited: " + detail
            case .goal: text = "reached the goal: " + detail
            }
            appendStory(StoryLine(time: t, offset: Int32(zone.offset(at: t)), campaign: program.campaigns[c].name, text: text, details: []), campaign: c)
        }
    }

    /// Adds to the story; callers test `story != nil` first, so planning without
    /// `explain` never builds the text.
    ///
    /// The story is changed in place (`story?[i]`, `story?.append`): a copy taken out of
    /// the optional and assigned back copied the whole story on every line, and `explain`
    /// grew quadratic in the campaigns.
    mutating func note(_ t: Int64, _ c: Int, _ text: String, details: [String] = []) {
        guard story != nil else { return }
        let last = latestStoryLine[c]
        if last >= 0, text.hasPrefix("trigger "), story?[last].text == text, story?[last].details == details {
            story?[last].repeats += 1
            story?[last].lastTime = t
            return
        }
        appendStory(StoryLine(time: t, offset: Int32(zone.offset(at: t)), campaign: program.campaigns[c].name, text: text, details: details), campaign: c)
    }

    mutating func appendStory(_ line: StoryLine, campaign c: Int) {
        guard let count = story?.count else { return }
        story?.append(line)
        latestStoryLine[c] = count
    }

    mutating func setLastDetails(_ details: [String]) {
        guard let count = story?.count, count > 0 else { return }
        story?[count - 1].details = details
    }

    /// An instant at the customer's offset, or where it lies past the range of times
    /// (a wait of 500000w), which side of it.
    func localText(_ t: Int64) -> String {
        if let outside = InstantRange.outsideText(t) { return outside }
        var bytes: [UInt8] = []
        PlanWriter.appendInstant(t, offset: zone.offset(at: t), utcAsZ: true, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func iso(_ t: Int64) -> String { PlanVocabulary.iso(t) }
    static func durationText(_ s: Int64) -> String { Evaluator.durationText(s) }
}
