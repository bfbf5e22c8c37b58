import CampaignSemantics

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
        /// A wait, of a fixed number of seconds (nil for one that ends with the clock, an
        /// event or the best hour).
        case wait(Int64?)
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
            case .waitFor(let seconds): return .wait(seconds)
            case .waitUntil, .waitForEvent, .waitBestHour: return .wait(nil)
            }
        }
        self.steps = steps
    }

    /// The seconds of fixed waits between instruction `start` and the send at `target`,
    /// when every way there waits the same, known, time; nil otherwise (a wait for a clock
    /// time, an event or the best hour, or arms that wait differently).
    func arrival(from start: Int, to target: Int) -> Int64? {
        var stack: [(pc: Int, waited: Int64?)] = [(start, 0)]
        var seen = Set<[Int64]>(), arrivals = Set<Int64?>()
        while let (pc, waited) = stack.popLast() {
            guard program.indices.contains(pc), seen.insert([Int64(pc), waited ?? -1]).inserted else { continue }
            if pc == target {
                arrivals.insert(waited)
                continue
            }
            switch program[pc] {
            case .writes, .exit, .end: break
            case .jump(let next): stack.append((next, waited))
            case .decides(let targets): for next in targets { stack.append((next, waited)) }
            case .wait(let seconds): stack.append((pc + 1, waited.flatMap { w in seconds.map { w + $0 } }))
            }
        }
        guard arrivals.count == 1, let only = arrivals.first else { return nil }
        return only
    }

    /// Where an exit `elapsed` seconds after the entry continued at `start` found the
    /// journey: for an `exit` step, the one it reached, when only one can have been; for
    /// `exit when`, one instruction it may have stood at, when all of them have the same
    /// messages ahead (the preview counts the same whichever it was). Fixed waits are
    /// counted: an entry 3 days into `wait 30d` is still waiting.
    func place(from start: Int, elapsed: Int64, exitStep: Bool) -> Int32? {
        // (instruction, seconds of fixed waits passed to get there, nil once a wait of
        // unknown length was passed)
        var stack: [(pc: Int, waited: Int64?)] = [(start, 0)]
        var seen = Set<[Int64]>(), standing: [Int] = [], exits: Set<Int> = []
        while let (pc, waited) = stack.popLast() {
            guard program.indices.contains(pc), seen.insert([Int64(pc), waited ?? -1]).inserted else { continue }
            switch program[pc] {
            case .writes:
                standing.append(pc)
            case .exit:
                if waited == nil || waited == elapsed { exits.insert(pc) }
            case .end:
                break
            case .jump(let target):
                stack.append((target, waited))
            case .decides(let targets):
                standing.append(pc)
                for target in targets { stack.append((target, waited)) }
            case .wait(let seconds):
                guard let waited, let seconds else {
                    standing.append(pc)
                    stack.append((pc + 1, nil))
                    continue
                }
                if elapsed <= waited + seconds { standing.append(pc) }
                if elapsed >= waited + seconds { stack.append((pc + 1, waited + seconds)) }
            }
        }
        if exitStep { return exits.count == 1 ? exits.first.map(Int32.init) : nil }
        return Set(standing.map { ahead[$0] }).count == 1 ? standing.min().map(Int32.init) : nil
    }
}
