import CampaignSemantics
import CampaignSyntax

/// What a plan's rows leave out about the journeys, worked out from the journeys' shape
/// where the rows prove it (docs/output.md, "Reading a plan back").
extension PlanReader {
    /// Finds where each exit left its journey, and which sends waited for a rule, from the
    /// row the entry wrote last before them (`JourneyPlaces`): an entry continues at
    /// instruction 0, or after the step of its last row. Rows of one instant are taken as
    /// the journey writes them (the entry, its steps in program order, the exit), whatever
    /// order the lines came in, so a plan's lines shuffled read the same. An exit stays
    /// unplaced (-1) when its row before names a step that stands at several instructions,
    /// or the instructions it may have stood at have different messages ahead. A send that
    /// may have waited (`sendMayHaveWaited`) did not when its step ran at its instant (the
    /// entry began then, an earlier step ran then, or fixed waits since the last row end
    /// then), and did when they end earlier; otherwise it is counted as unknown, by
    /// campaign and message.
    mutating func placeJourneys() -> (waited: [[String: Int]], unplacedExits: [[String: (certain: Int, possible: Int)]]) {
        var unknown = [[String: Int]](repeating: [:], count: plan.campaigns.count)
        var unplacedExits = [[String: (certain: Int, possible: Int)]](repeating: [:], count: plan.campaigns.count)
        let mayHaveWaited = Set(mayHaveWaited)
        var continueAt: [Int64: (at: Int, time: Int64, offset: Int32)] = [:]
        var start = 0
        while start < rows.count {
            var end = start + 1
            while end < rows.count, rows[end].time == rows[start].time, rows[end].customer == rows[start].customer, rows[end].campaign == rows[start].campaign { end += 1 }
            let c = Int(rows[start].campaign)
            let places = vocabulary.campaigns[c].places
            let key = Int64(rows[start].customer) << 32 | Int64(c)
            var (at, since, offset) = continueAt[key] ?? (-1, 0, 0)
            let entered = rows[start..<end].contains { $0.action == .enter }
            if entered { (at, since, offset) = (0, rows[start].time, rows[start].offset) }
            for i in start..<end where rows[i].action == .send && mayHaveWaited.contains(rows[i].sequence) {
                let row = rows[i]
                // Another step of the journey ran at this instant, before this one.
                if entered || rows[start..<end].contains(where: { ($0.action == .send || $0.action == .suppress) && $0.position >= 0 && $0.position < row.position }) { continue }
                // A `wait until` a clock time is reckoned at the last row's offset: only
                // when the send's is the same, within 120 days (no change of daylight-saving
                // time between, nor two).
                if at >= 0, row.position >= 0, let (ran, clocked) = places.arrival(from: at, to: Int(row.position), since: since, offset: offset),
                   !clocked || (offset == row.offset && row.time - since <= 120 * CivilCalendar.secondsPerDay) {
                    if ran == row.time { continue }
                    // The step ran earlier and the send waited, for the rule that held a send
                    // at the step's instant. Its offset then is the last row's when no time
                    // has passed; else the last row's or the send's (a zone has two, and a
                    // wait may cross a change of daylight-saving time): told when only one
                    // rule holds a send at either.
                    if ran < row.time, let channel = row.channel, vocabulary.landings[ChannelKind.allCases.firstIndex(of: channel) ?? 0] != nil {
                        func rule(_ offset: Int32) -> Deferral? {
                            vocabulary.deferral(localSecond: ((ran + Int64(offset)) % CivilCalendar.secondsPerDay + CivilCalendar.secondsPerDay) % CivilCalendar.secondsPerDay,
                                                channel: channel)
                        }
                        let rules = Set((ran == since ? [offset] : [offset, row.offset]).compactMap(rule))
                        if rules.count == 1, let only = rules.first {
                            rows[i].deferral = only
                            continue
                        }
                    }
                }
                unknown[Int(row.campaign)][row.step, default: 0] += 1
            }
            var last = -1, unplaced = false
            for row in rows[start..<end] {
                switch row.action {
                case .send, .suppress where row.position >= 0:
                    last = max(last, Int(row.position))
                case .suppress, .tag, .untag, .unsubscribe:
                    if let list = places.steps[row.step], list.count == 1 { last = max(last, Int(list[0])) } else { unplaced = true }
                default:
                    break
                }
            }
            if unplaced { at = -1 } else if last >= 0 { (at, since, offset) = (last + 1, rows[start].time, rows[start].offset) }
            for i in start..<end where rows[i].action == .exit {
                let elapsed = rows[i].time - since
                if at >= 0, let place = places.place(from: at, elapsed: elapsed, exitStep: rows[i].detail == .exitStep) {
                    rows[i].position = place
                } else if rows[i].position < 0 && rows[i].detail != .exitStep {
                    let (certain, possible) = places.messagesAhead(from: at >= 0 ? at : nil, elapsed: elapsed)
                    let names = vocabulary.campaigns[c].messages
                    for m in possible where names.indices.contains(m) {
                        let counts = unplacedExits[c][names[m].name, default: (0, 0)]
                        unplacedExits[c][names[m].name] = (counts.certain + (certain.contains(m) ? 1 : 0), counts.possible + 1)
                    }
                }
            }
            continueAt[key] = (at, since, offset)
            start = end
        }
        return (unknown, unplacedExits)
    }
}
