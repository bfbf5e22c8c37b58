import CampaignSemantics
import CampaignSyntax

/// Where a journey can stand between the rows it writes, for reading a plan back: a row
/// says which step ran, not where an exit found the journey, and the preview's "exited
/// before" and `exit` stages need that place (docs/output.md, "Reading a plan back"). From
/// the instruction an entry continues at (0 on entering, p + 1 after a row written at p),
/// it can stand at any instruction reached without writing a row: waits, branches and
/// splits passed through, up to the next step that writes one (a send, a tag, an
/// unsubscription) or an `exit`.
struct JourneyPlaces: Sendable {
    /// What an instruction is to a journey passing through it without writing a row.
    enum Step: Sendable {
        /// A send, tag, untag or unsubscribe: the journey may stand before it, and passing
        /// it writes a row.
        case writes
        case exit
        case end
        /// A jump: passed at once.
        case jump(Int)
        /// A branch or split: the journey may stand before it; then it takes one of these.
        case decides([Int])
        /// A wait of at least `min` and at most `max` seconds: `wait 3d` exactly; `wait
        /// until` a clock time or the best hour, up to a day and a daylight-saving hour
        /// (26 hours, to be safe); `wait until EVENT within D`, up to D. `clock`: for `wait
        /// until` a clock time in the customer's zone, its local second of the day.
        case wait(min: Int64, max: Int64, clock: Int64?)
    }

    let program: [Step]
    /// Per instruction, the messages still ahead of an entry standing there.
    let ahead: [[Int]]
    /// The instructions of `tag` and `untag` steps by tag, and of `unsubscribe` by channel.
    let steps: [String: [Int32]]

    init(_ program: [Instruction], messages: Int) {
        ahead = JourneyPath.messagesAhead(program, messageIndex: Dictionary(uniqueKeysWithValues: (0..<messages).map { ($0, $0) }))
        var steps: [String: [Int32]] = [:]
        self.program = program.enumerated().map { pc, instruction in
            switch instruction {
            case .send: return .writes
            case .tag(let name), .untag(let name):
                steps[name, default: []].append(Int32(pc))
                return .writes
            case .unsubscribe(let channel):
                steps[channel.rawValue, default: []].append(Int32(pc))
                return .writes
            case .exit: return .exit
            case .end: return .end
            case .jump(let target): return .jump(target)
            case .branch(let tests, let otherwise): return .decides(tests.map(\.target) + [otherwise])
            case .split(_, let arms): return .decides(arms.map(\.target))
            case .waitFor(let seconds): return .wait(min: seconds, max: seconds, clock: nil)
            case .waitUntil(let clock): return .wait(min: 0, max: 26 * 3_600, clock: clock.zone == nil ? clock.secondOfDay : nil)
            case .waitBestHour: return .wait(min: 0, max: 26 * 3_600, clock: nil)
            case .waitForEvent(_, _, _, let timeout): return .wait(min: 0, max: timeout, clock: nil)
            }
        }
        self.steps = steps
    }

    /// The instant the send at `target` was reached by an entry that continued at `start`
    /// at instant `since`, at UTC offset `offset`: when every way there gives the same, and
    /// `clocked` when it passed a `wait until` a clock time, reckoned at that offset (the
    /// caller checks that no change of daylight-saving time came between). Nil after a
    /// wait for an event or the best hour, or when arms differ.
    func arrival(from start: Int, to target: Int, since: Int64, offset: Int32) -> (instant: Int64, clocked: Bool)? {
        var stack: [(pc: Int, t: Int64, clocked: Bool)] = [(start, since, false)]
        var seen = Set<[Int64]>(), arrivals = Set<[Int64]>(), unknown = false
        while let (pc, t, clocked) = stack.popLast() {
            guard program.indices.contains(pc), seen.insert([Int64(pc), t, clocked ? 1 : 0]).inserted else { continue }
            if pc == target {
                arrivals.insert([t, clocked ? 1 : 0])
                continue
            }
            switch program[pc] {
            case .writes, .exit, .end: break
            case .jump(let next): stack.append((next, t, clocked))
            case .decides(let targets): for next in targets { stack.append((next, t, clocked)) }
            case .wait(let min, let max, _) where min == max: stack.append((pc + 1, InstantRange.adding(min, to: t), clocked))
            case .wait(_, _, let clock?):
                let day = CivilCalendar.secondsPerDay
                let second = ((InstantRange.adding(Int64(offset), to: t) % day) + day) % day
                stack.append((pc + 1, InstantRange.adding((clock - second + day) % day, to: t), true))
            case .wait: unknown = true
            }
        }
        guard !unknown, arrivals.count == 1, let only = arrivals.first else { return nil }
        return (only[0], only[1] == 1)
    }

    /// Where an exit `elapsed` seconds after the entry continued at `start` found the
    /// journey: for an `exit` step, the one it reached, when only one can have been; for
    /// `exit when`, one instruction it may have stood at, when all of them have the same
    /// messages ahead (the preview counts the same whichever it was). Waits are counted
    /// by how long they can last: an entry 3 days into `wait 30d` is still waiting.
    func place(from start: Int, elapsed: Int64, exitStep: Bool) -> Int32? {
        let (standing, exits) = whereStanding(from: start, elapsed: elapsed)
        if exitStep { return exits.count == 1 ? exits.first.map(Int32.init) : nil }
        return Set(standing.map { ahead[$0] }).count == 1 ? standing.min().map(Int32.init) : nil
    }

    /// For an `exit when` that `place` cannot place: the messages ahead wherever the
    /// journey stood (`certain`) and those ahead somewhere it may have stood (`possible`);
    /// from an unknown instruction (nil), every message is possible and none certain.
    func messagesAhead(from start: Int?, elapsed: Int64) -> (certain: Set<Int>, possible: Set<Int>) {
        guard let start else { return ([], Set(ahead.joined())) }
        let sets = whereStanding(from: start, elapsed: elapsed).standing.map { Set(ahead[$0]) }
        guard let first = sets.first else { return ([], []) }
        return (sets.dropFirst().reduce(first) { $0.intersection($1) }, sets.reduce(Set<Int>()) { $0.union($1) })
    }

    /// The instructions an entry `elapsed` seconds after continuing at `start` may stand
    /// at without having written a row since, and the `exit` steps it may have reached.
    func whereStanding(from start: Int, elapsed: Int64) -> (standing: [Int], exits: Set<Int>) {
        var standing: [Int] = [], exits: Set<Int> = []
        walk(from: start) { pc, low, high in
            guard elapsed >= low else { return false }
            switch program[pc] {
            case .writes:
                standing.append(pc)
                return false
            case .exit:
                if elapsed <= high { exits.insert(pc) }
                return false
            case .decides:
                if elapsed <= high { standing.append(pc) }
                return true
            case .wait(_, let max, _):
                if elapsed <= InstantRange.adding(max, to: high) { standing.append(pc) }
                return true
            case .jump, .end:
                return true
            }
        }
        return (standing, exits)
    }

    /// Visits each instruction reachable from `start` without writing a row, with the
    /// least and most seconds of waits passed to get there; `visit` says whether to go on
    /// past it. A step that writes a row, an `exit` and the end are never passed.
    func walk(from start: Int, _ visit: (_ pc: Int, _ low: Int64, _ high: Int64) -> Bool) {
        var stack: [(pc: Int, low: Int64, high: Int64)] = [(start, 0, 0)]
        var seen = Set<[Int64]>()
        while let (pc, low, high) = stack.popLast() {
            guard program.indices.contains(pc), seen.insert([Int64(pc), low, high]).inserted, visit(pc, low, high) else { continue }
            switch program[pc] {
            case .writes, .exit, .end: break
            case .jump(let next): stack.append((next, low, high))
            case .decides(let targets): for next in targets { stack.append((next, low, high)) }
            case .wait(let min, let max, _): stack.append((pc + 1, InstantRange.adding(min, to: low), InstantRange.adding(max, to: high)))
            }
        }
    }
}
