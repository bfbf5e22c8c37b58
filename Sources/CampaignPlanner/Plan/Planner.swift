import CampaignData
import CampaignSemantics
import Foundation

/// A planned schedule: rows in output order, with what is needed to print them.
public struct Plan: Sendable {
    public let rows: [PlanRow]
    /// Campaign names, by `PlanRow.campaign`.
    public let campaigns: [String]
    public let customers: CustomerStore
    public let from: Int64
    public let to: Int64
    /// What each planned campaign is, in the order of `campaigns`: for reports.
    public let summaries: [CampaignSummary]
    /// What the rows' details refer to, and how they are written.
    public let vocabulary: PlanVocabulary
}

/// A planned campaign as reports describe it.
public struct CampaignSummary: Sendable {
    public let name: String
    public let trigger: String
    public let audience: String?
    public let goal: String?
    public let holdout: String?
    /// Messages in program order, with the instruction each belongs to.
    public let messages: [MessageSummary]
    /// The send steps along the journey's paths, for funnels.
    public let paths: [JourneyPath]
    /// Per instruction (`PlanRow.position`), the messages (indices into `messages`) still
    /// ahead of an entry there on some path it can take (`JourneyPath.messagesAhead`).
    public let messagesAhead: [[Int]]
}

/// One message of a planned campaign.
public struct MessageSummary: Sendable {
    public let name: String
    public let channel: ChannelKind
    /// The instruction of its send step.
    public let position: Int
    /// The other messages of the same `send first of`, if any.
    public let alternatives: [String]
}

/// Runs every campaign against every customer over the window (docs/language.md §8).
public enum Planner {
    /// The whole schedule, sorted by (time, customer id, campaign), rows that share all three
    /// in the order the journey did them; identical for every thread count.
    public static func plan(_ data: Dataset, options: PlanOptions) -> Plan {
        let program = PlanProgram(data: data, options: options)
        let customers = data.customers.count
        let parts = max(1, min(options.threads * 4, customers / max(1, options.customersPerPart) + 1))
        let ids = data.customers.ids
        let runs: [[PlanRow]] = parallelMap(parts, threads: options.threads) { part in
            let range = (customers * part / parts)..<(customers * (part + 1) / parts)
            // Each part compiles its own program: threads sharing one would bump the same
            // reference counts on every step, and the cache line would bounce between cores.
            let program = part == 0 ? program : PlanProgram(data: data, options: options)
            var run = CustomerRun<NoObserver>(program: program)
            for customer in range {
                run.reset(customer: customer)
                run.run()
            }
            var rows = run.rows
            run.rows = []
            rows.sort { precedes($0, $1, ids) }
            return rows
        }
        PhaseClock.shared.mark("plan")
        let rows = merge(runs, ids)
        PhaseClock.shared.mark("sort")
        return Plan(rows: rows, campaigns: program.campaigns.map(\.name), customers: data.customers, from: options.from, to: options.to,
                    summaries: summaries(program), vocabulary: PlanVocabulary(program))
    }

    static func summaries(_ program: PlanProgram) -> [CampaignSummary] {
        program.campaigns.map { campaign in
            var messages: [MessageSummary] = []
            var summaryIndex: [Int: Int] = [:]
            for (position, instruction) in campaign.program.enumerated() {
                if case .send(let list) = instruction {
                    let names = list.map { campaign.messages[$0].name }
                    for m in list {
                        summaryIndex[m] = messages.count
                        messages.append(MessageSummary(name: campaign.messages[m].name, channel: campaign.messages[m].channel, position: position,
                                                       alternatives: names.filter { $0 != campaign.messages[m].name }))
                    }
                }
            }
            return CampaignSummary(name: campaign.name, trigger: campaign.triggerText, audience: campaign.audience == nil ? nil : campaign.audienceText,
                                   goal: campaign.goal?.text, holdout: campaign.holdout > 0 ? campaign.holdoutText : nil, messages: messages,
                                   paths: JourneyPath.paths(campaign.program, messageIndex: summaryIndex),
                                   messagesAhead: JourneyPath.messagesAhead(campaign.program, messageIndex: summaryIndex))
        }
    }

    /// One customer's schedule and story, for `campaign explain`.
    public static func explain(_ data: Dataset, customer: Int, options: PlanOptions) -> (plan: Plan, story: [StoryLine]) {
        let program = PlanProgram(data: data, options: options)
        var run = CustomerRun<StoryObserver>(program: program)
        run.reset(customer: customer)
        run.run()
        let ids = data.customers.ids
        let rows = run.rows.sorted { precedes($0, $1, ids) }
        let story = run.observer.story
        let ordered = story.enumerated().sorted { $0.element.time != $1.element.time ? $0.element.time < $1.element.time : $0.offset < $1.offset }.map(\.element)
        return (Plan(rows: rows, campaigns: program.campaigns.map(\.name), customers: data.customers, from: options.from, to: options.to,
                     summaries: summaries(program), vocabulary: PlanVocabulary(program)), ordered)
    }

    @inline(__always)
    static func precedes(_ a: PlanRow, _ b: PlanRow, _ ids: TextColumn) -> Bool {
        if a.time != b.time { return a.time < b.time }
        if a.customer != b.customer { return CustomerRanks.compare(Int(a.customer), Int(b.customer), ids) < 0 }
        if a.campaign != b.campaign { return a.campaign < b.campaign }
        // docs/language.md §8.9: rows at one (time, customer, campaign) keep the
        // order in which the journey did them (`enter` before the first `send`), never the
        // byte order of step names.
        return a.sequence < b.sequence
    }

    /// Merges the parts' sorted runs in one pass. Rows are swapped out of the runs into
    /// place, never copied: a copy would retain the row's strings, and merging pairwise
    /// copied every row once per level.
    static func merge(_ runs: [[PlanRow]], _ ids: TextColumn) -> [PlanRow] {
        var runs = runs.filter { !$0.isEmpty }
        guard runs.count > 1 else { return runs.first ?? [] }
        let total = runs.reduce(0) { $0 + $1.count }
        var out = [PlanRow](repeating: PlanRow(time: 0, sequence: 0, offset: 0, customer: 0, campaign: 0, action: .send, step: "", channel: nil, detail: .none),
                            count: total)
        var heads = [Int](repeating: 0, count: runs.count)
        for n in 0..<total {
            var best = -1
            for r in runs.indices where heads[r] < runs[r].count {
                if best < 0 || precedes(runs[r][heads[r]], runs[best][heads[best]], ids) { best = r }
            }
            swap(&out[n], &runs[best][heads[best]])
            heads[best] += 1
        }
        return out
    }
}
