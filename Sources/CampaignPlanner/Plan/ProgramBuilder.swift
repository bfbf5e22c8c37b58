import CampaignData
import CampaignSemantics
import CampaignSyntax

/// Flattens a step tree into instructions, its conditions from the typed campaign.
struct ProgramBuilder {
    var compiler: CampaignCompiler
    let typed: TypedCampaign
    var program: [Instruction] = []
    /// The campaign's messages, numbered as the checker numbered them: one for one with
    /// `typed.messages`, so `MessageRef.index` is a position here.
    let messages: [CompiledMessage]
    var splits = 0
    /// The next `if`, `wait until EVENT`, send and `unsubscribe` step of `typed`: the steps
    /// are met depth first, in the order the checker typed them.
    var branches = 0
    var waits = 0
    var sends = 0
    var unsubscribes = 0

    init(compiler: CampaignCompiler, typed: TypedCampaign) {
        self.compiler = compiler
        self.typed = typed
        messages = typed.messages.map { Self.message($0, evaluator: compiler.evaluator) }
    }

    mutating func emit(_ steps: [Step]) {
        for step in steps { emit(step) }
    }

    /// The message as the checker bound it: no file is read and no template parsed here.
    static func message(_ checked: CheckedMessage, evaluator: Evaluator) -> CompiledMessage {
        CompiledMessage(name: checked.name, channel: checked.channel, transactional: checked.transactional,
                        templates: checked.fields,
                        smsText: checked.channel == .sms ? checked.field("text")?.template : nil,
                        slots: MessageRendering.slots(checked, evaluator: evaluator))
    }

    /// The messages the next send step tries, as the checker numbered them.
    mutating func nextSend() -> [Int] {
        defer { sends += 1 }
        return typed.sends.indices.contains(sends) ? typed.sends[sends] : []
    }

    mutating func emit(_ step: Step) {
        let evaluator = compiler.evaluator
        switch step {
        case .send, .sendFirstOf:
            program.append(.send(nextSend()))
        case .wait(let wait, _):
            switch wait {
            case .duration(let d): program.append(.waitFor(Int64(d.seconds)))
            case .untilTime(let t): program.append(.waitUntil(compiler.clock(t)))
            case .untilEvent(let name, _, let timeout):
                let match = typed.waits.indices.contains(waits) ? typed.waits[waits] : nil
                waits += 1
                // An event the checker or the store does not know never comes: only the
                // timeout ends the wait.
                let t = match.flatMap { evaluator.eventTable($0.event) }
                program.append(.waitForEvent(table: t, name: name.name,
                                             filter: t.flatMap { t in match?.filter.map { evaluator.eventCondition($0, table: t) } },
                                             timeout: Int64(timeout.seconds)))
            case .untilBestHour: program.append(.waitBestHour)
            }
        case .branch(let branch):
            let at = program.count
            program.append(.end)
            var arms: [(test: Evaluator.Condition, text: String, why: Evaluator.DecidingValues, target: Int)] = []
            var jumps: [Int] = []
            let conditions = typed.branches.indices.contains(branches) ? typed.branches[branches] : []
            branches += 1
            for (i, arm) in branch.arms.enumerated() {
                let test: Evaluator.Condition, why: Evaluator.DecidingValues
                if conditions.indices.contains(i) {
                    test = evaluator.condition(conditions[i])
                    why = evaluator.decidingValues(conditions[i])
                } else {
                    test = { _ in .unknown }
                    why = { _ in [] }
                }
                arms.append((test, ExpressionPrinter.print(arm.condition), why, program.count))
                emit(arm.body.steps)
                jumps.append(program.count)
                program.append(.end)
            }
            let otherwise = program.count
            if let other = branch.otherwise { emit(other.steps) }
            let after = program.count
            for j in jumps { program[j] = .jump(after) }
            program[at] = .branch(arms, otherwise: otherwise)
        case .split(let split):
            let at = program.count
            program.append(.end)
            let ordinal = splits
            splits += 1
            var arms: [(upTo: Int, label: String, target: Int)] = []
            var jumps: [Int] = []
            var total = 0
            for (i, arm) in split.arms.enumerated() {
                total += Int((arm.share.value * 100).rounded())
                arms.append((total, "arm \(i + 1) (\(arm.share.text))", program.count))
                emit(arm.body.steps)
                jumps.append(program.count)
                program.append(.end)
            }
            let after = program.count
            for j in jumps { program[j] = .jump(after) }
            program[at] = .split(ordinal: ordinal, arms: arms)
        case .tag(let name, _): program.append(.tag(name.name))
        case .untag(let name, _): program.append(.untag(name.name))
        case .unsubscribe:
            let channel = typed.unsubscribes.indices.contains(unsubscribes) ? typed.unsubscribes[unsubscribes] : nil
            unsubscribes += 1
            // A name that is no channel kind (reported by the checker) unsubscribes nobody.
            if let channel { program.append(.unsubscribe(channel)) }
        case .exit: program.append(.exit)
        }
    }
}
