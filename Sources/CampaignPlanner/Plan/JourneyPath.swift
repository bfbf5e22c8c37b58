/// The send steps of a journey in the shape the journey runs them, for funnels: steps in
/// order, and at a branch or split its arms side by side (docs/output.md, the preview).
public indirect enum JourneyPath: Sendable {
    /// A send step (`send first of` is one step): its instruction and the messages it
    /// tries, as indices into `CampaignSummary.messages`.
    case send(position: Int, messages: [Int])
    /// A branch or a split: each arm's label (`if …`, `else`, `arm 1 (50%)`) and its steps;
    /// only where some arm sends.
    case arms([(label: String, steps: [JourneyPath])])

    /// The paths of a compiled program: branches and splits end each arm with a jump past
    /// the last arm, and `else` runs up to that point (`ProgramBuilder.emit`).
    static func paths(_ program: [Instruction], messageIndex: [Int: Int]) -> [JourneyPath] {
        func steps(from start: Int, until limit: Int?) -> (steps: [JourneyPath], end: Int, after: Int?) {
            var out: [JourneyPath] = []
            var pc = start
            while pc < program.count, pc != limit {
                switch program[pc] {
                case .send(let list):
                    out.append(.send(position: pc, messages: list.compactMap { messageIndex[$0] }))
                    pc += 1
                case .jump(let target):
                    return (out, pc, target)
                case .end:
                    return (out, pc, nil)
                case .branch(let tests, let otherwise):
                    var arms: [(label: String, steps: [JourneyPath])] = []
                    var after = otherwise
                    for test in tests {
                        let arm = steps(from: test.target, until: nil)
                        arms.append(("if " + test.text, arm.steps))
                        after = arm.after ?? after
                    }
                    arms.append(("else", steps(from: otherwise, until: after).steps))
                    if arms.contains(where: { !$0.steps.isEmpty }) { out.append(.arms(arms)) }
                    pc = max(after, pc + 1)
                case .split(_, let splitArms):
                    var arms: [(label: String, steps: [JourneyPath])] = []
                    var after = pc + 1
                    for arm in splitArms {
                        let walked = steps(from: arm.target, until: nil)
                        arms.append((arm.label, walked.steps))
                        after = walked.after ?? max(after, walked.end + 1)
                    }
                    if arms.contains(where: { !$0.steps.isEmpty }) { out.append(.arms(arms)) }
                    pc = max(after, pc + 1)
                default:
                    pc += 1
                }
            }
            return (out, pc, nil)
        }
        return steps(from: 0, until: nil).steps
    }
}

extension JourneyPath {
    /// Per instruction of a compiled program, the messages (indices into
    /// `CampaignSummary.messages`, in order) that a run of the journey from that instruction
    /// can still send: those of every send step it can reach by going on, jumping, or taking
    /// any arm of a branch or split ahead, but not an arm it has already passed by (a
    /// message in `else` is not ahead of an entry inside the `if` arm) nor anything after an
    /// `exit` step. An exit at an instruction counts against these messages only (the
    /// preview's "exited before", docs/output.md).
    static func messagesAhead(_ program: [Instruction], messageIndex: [Int: Int]) -> [[Int]] {
        func next(_ pc: Int) -> [Int] {
            switch program[pc] {
            case .branch(let tests, let otherwise): tests.map(\.target) + [otherwise]
            case .split(_, let arms): arms.map(\.target)
            case .jump(let target): [target]
            case .exit, .end: []
            default: [pc + 1]
            }
        }
        return program.indices.map { start in
            var seen: Set<Int> = [start], stack = [start], messages: Set<Int> = []
            while let pc = stack.popLast() {
                if case .send(let list) = program[pc] { for m in list { if let index = messageIndex[m] { messages.insert(index) } } }
                for target in next(pc) where program.indices.contains(target) && seen.insert(target).inserted { stack.append(target) }
            }
            return messages.sorted()
        }
    }
}
