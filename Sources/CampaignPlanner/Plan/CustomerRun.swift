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
///
/// The run is generic over what watches it: the planner's `NoObserver` costs nothing,
/// `explain`'s `StoryObserver` tells the story (`RunObserver`). Journey stepping is in
/// CustomerRun+Journey.swift, the delivery rules in CustomerRun+Delivery.swift.
struct CustomerRun<Observer: RunObserver> {
    let program: PlanProgram
    private(set) var customer: Int
    /// The id, made only when a hash needs it (holdouts, splits, engagement).
    var customerID: String { program.data.customers.id(customer) }
    private(set) var zone: ZoneRules
    var rows: [PlanRow] = []
    /// The customer's events in the window (reused).
    var eventBuffer: [WindowEvent] = []
    /// Who watches the run (`explain`'s story), told of every row and decision.
    var observer: Observer

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
    /// Nothing of the state below has changed since the last `reset` (the run stopped
    /// before its loop, or has not begun): the next `reset` has nothing to clear.
    var clean = false
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
    /// Sends that went out, for caps (the policy's and a campaign's) and compliance count
    /// rules (marketing messages only: `transactional` ones are exempt).
    /// Also what engagement across campaigns asks about (`EngagementHistory`): which
    /// message, and whether the engagement model had it opened and clicked.
    var delivered: [(time: Int64, channel: ChannelKind, campaign: Int32, transactional: Bool, message: Int32, opened: Bool, clicked: Bool)] = []
    /// Per channel, when and by which campaign the customer was unsubscribed.
    var unsubscribed: [ChannelKind: (at: Int64, by: Int32)] = [:]

    /// A run for no customer yet: `reset(customer:)` names the first. A part of the plan
    /// can have no customers at all (an empty customers file), so nothing here may read
    /// a customer's row.
    init(program: PlanProgram) {
        self.program = program
        customer = -1
        zone = ZoneRules.utc
        journeys = Array(repeating: Journey(), count: program.campaigns.count)
        triggerTimes = Array(repeating: [], count: program.campaigns.count)
        triggerCursor = Array(repeating: 0, count: program.campaigns.count)
        observer = Observer(program: program)
        running = RankSet(count: program.campaigns.count)
    }

    /// Starts over for another customer, keeping the buffers. `rows` accumulates: the
    /// planner takes all of a part's rows at the end (moving them customer by customer
    /// would retain and release every row's strings).
    mutating func reset(customer: Int) {
        self.customer = customer
        zone = program.zones[program.zone(of: customer)]
        // A run that stopped before its loop (nothing could start) changed nothing else.
        if !clean {
            // Only journeys that were entered changed; replacing the others would destroy
            // and rebuild their empty arrays for every customer.
            for c in journeys.indices where journeys[c].entries > 0 { journeys[c] = Journey() }
            rowSequence = 0
            for c in triggerCursor.indices { triggerCursor[c] = 0 }
            agenda.removeAll()
            running.removeAll()
            delivered.removeAll(keepingCapacity: true)
            if !unsubscribed.isEmpty { unsubscribed = [:] }
            clean = true
        }
        observer.begin(customer: customer, zone: zone)
    }

    var from: Int64 { program.options.from }
    var to: Int64 { program.options.to }

    // MARK: - The loop

    mutating func run() {
        for c in program.campaigns.indices {
            // Taken out and put back so the buffer stays unique and keeps its capacity.
            var list = triggerTimes[c]
            triggerTimes[c] = []
            triggerInstants(program.campaigns[c], into: &list)
            triggerTimes[c] = list
            if let first = list.first { agenda.insert(time: first, rank: program.rank[c]) }
        }
        // Nothing can start: no trigger instant, and no campaign that an event enters. Every
        // event would be offered to no journey and no goal window (both need an entry), so
        // the customer's events are not even gathered. Most customers of a win-back (no
        // purchase whose anniversary falls in the window) end here.
        if agenda.isEmpty && !program.entersOnEvents { return }
        clean = false
        // Taken out and put back: the buffer keeps its capacity from customer to customer.
        var events = eventBuffer
        eventBuffer = []
        windowEvents(into: &events)
        defer { eventBuffer = events }
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
        // Read through the store in place: a copy of the table would cost five reference
        // counts a customer, on objects every thread shares.
        for t in program.eventTables where program.watchedTables[t] {
            let rows = program.data.events.tables[t].rows(of: customer)
            let low = program.data.events.tables[t].lowerBound(from, in: rows), high = program.data.events.tables[t].lowerBound(to, in: rows)
            for row in low..<high {
                list.append(WindowEvent(time: program.data.events.tables[t].times[row], fileOrder: program.data.events.tables[t].fileOrder[row], table: t, row: row))
            }
        }
        list.sort { $0.time != $1.time ? $0.time < $1.time : $0.fileOrder < $1.fileOrder }
    }

    // MARK: - Events

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
                exit(c, at: t, reason: .exitedOnCondition, context: ctx)
            } else if let waiting = journeys[c].waitingFor, waiting.table == event.table,
                      waiting.filter.map({ $0(context(c, at: t), event.row) == .yes }) ?? true {
                journeys[c].waitingFor = nil
                schedule(c, at: t)
                observer.noted(.waitEnded(table: event.table), campaign: c, at: t, context: nil)
            }
            offerGoal(c, event)
            observer.offered(event, toJourneyOf: c, entered: journeys[c].entry)
        } else {
            offerGoal(c, event)
            if campaign.triggerTable == event.table, program.triggerMatches(c, event, customer: customer) {
                _ = enter(c, at: t, row: event.row)
            }
        }
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
        let sent = j.sent, opened = j.opened, clicked = j.clicked
        // `message` is the checker's `MessageRef.index`, which is the planner's message
        // number too (both count `TypedCampaign.messages`): no name is compared.
        ctx.engagement = { function, message in
            let list: [Int]
            switch function {
            case .sent: list = sent
            case .opened: list = opened
            case .clicked: list = clicked
            case .count, .sum, .last, .first: return false
            }
            guard let message else { return !list.isEmpty }
            return list.contains(message)
        }
        if program.asksHistory { ctx.history = historyAnswer(c, at: t) }
        return ctx
    }
}

extension CustomerRun {
    /// Answers engagement across campaigns at t from the customer's sends so far: the
    /// campaign asked about is the plan's campaign of that name (none when it is not
    /// planned), a send counts when it went out at or before t and inside the window.
    func historyAnswer(_ c: Int, at t: Int64) -> (Builtin, EngagementHistory) -> Bool {
        let delivered = self.delivered, numbers = program.campaignNumber
        let entry: Int64? = journeys[c].active ? journeys[c].entry : nil
        return { function, query in
            var campaign: Int32? = nil
            if let name = query.campaign {
                guard let number = numbers[name] else { return false }
                campaign = number
            }
            for sent in delivered where sent.time <= t {
                if let within = query.within, sent.time <= t - within { continue }
                if query.sinceEntry, entry.map({ sent.time < $0 }) ?? true { continue }
                if let campaign, sent.campaign != campaign { continue }
                if let message = query.message, Int(sent.message) != message.index { continue }
                if let channel = query.channel, sent.channel != channel { continue }
                switch function {
                case .sent: return true
                case .opened: if sent.opened { return true }
                case .clicked: if sent.clicked { return true }
                case .count, .sum, .last, .first: return false
                }
            }
            return false
        }
    }
}

/// One of the customer's events in the window.
struct WindowEvent {
    let time: Int64
    /// Its place in the events file, for events at one instant.
    let fileOrder: UInt32
    let table: Int
    let row: Int
}

extension PlanProgram {
    /// Whether an event passes campaign c's `trigger on EVENT where …` filter.
    func triggerMatches(_ c: Int, _ event: WindowEvent, customer: Int) -> Bool {
        guard let filter = campaigns[c].triggerFilter else { return true }
        let ctx = EvaluationContext(customer: customer, now: event.time, entry: event.time, trigger: (event.table, event.row))
        return filter(ctx, event.row) == .yes
    }
}
