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
