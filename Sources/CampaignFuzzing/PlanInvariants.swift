import CampaignCLI
import CampaignData
import CampaignPlanner
import CampaignReports
import CampaignSemantics
import CampaignSyntax

/// What the plan fuzzer (`Fuzz/Targets/FuzzPlan`) and the plan mutation tests check of one
/// project text (schema and campaigns in one file): it is parsed and checked; if it has
/// no errors, the generated dataset is read against it and planned over the window at one
/// thread and at two (in several parts), and the plans must be the same, send nothing
/// outside the window, to a customer without address or consent, or to the holdout; the
/// preview renders; `explain` of one customer tells that customer's part of the plan, and
/// the CLI's `explain` of the same inputs succeeds.
public enum PlanInvariants {
    /// How far a project got.
    public enum Stage: String, Sendable {
        case parse, check, data, planned
    }

    public struct Result: Sendable {
        public var stage: Stage
        public var rows = 0
        /// Broken invariants, each a sentence; empty when all hold.
        public var failures: [String] = []
    }

    public static func check(_ bytes: [UInt8]) -> Result {
        guard let fixed = FuzzDataset.shared else { return Result(stage: .parse, failures: ["the generated dataset could not be made"]) }
        let project = ProjectLoader.load(source: SourceFile(path: "fuzz.campaign", bytes: bytes), root: fixed.folder)
        if project.diagnostics.hasErrors { return Result(stage: .parse) }
        let checked = SemanticChecker.check(project)
        if checked.diagnostics.hasErrors { return Result(stage: .check) }
        let table = checked.table
        var read = ReadOptions(skipBadRows: true, threads: 1)
        read.use = DataUse.of(campaigns: table.campaignNames, segments: [], in: table)
        let outcome = DatasetLoader.load(table: table, customers: DataFile(path: "customers.csv", bytes: fixed.customers),
                                         events: DataFile(path: "events.csv", bytes: fixed.events), options: read)
        guard let dataset = outcome.dataset else { return Result(stage: .data) }

        var options = PlanOptions(from: FuzzDataset.from, to: FuzzDataset.to)
        if case .success(let model) = EngagementModel.parse(FuzzDataset.engagement, seed: FuzzDataset.engagementSeed) { options.engagement = model }
        options.render = true
        options.threads = 1
        options.customersPerPart = Int.max
        let plan = Planner.plan(dataset, options: options)
        var split = options
        split.threads = 2
        split.customersPerPart = 20
        let parallel = Planner.plan(dataset, options: split)

        var result = Result(stage: .planned, rows: plan.rows.count)
        result.failures += compare(plan, parallel)
        result.failures += rowFailures(plan, dataset)
        renderReports(plan, dataset)
        // With every customer row skipped (a mutated schema can refuse them all) there is
        // no one to explain: `explain` takes a customer of the store.
        guard dataset.customers.count > 0 else { return result }
        let customer = busiestCustomer(plan)
        result.failures += explainFailures(plan, customer: customer, dataset: dataset, options: options)
        result.failures += commandFailures(bytes, id: dataset.customers.id(customer), folder: fixed.folder)
        return result
    }

    /// One thread and two give the same rows (the output in every format is a function of
    /// the rows, so each format is written once, to see that it can be).
    static func compare(_ plan: Plan, _ parallel: Plan) -> [String] {
        if let first = firstDifference(plan.rows, parallel.rows) {
            return ["1 thread planned \(plan.rows.count) rows, 2 threads \(parallel.rows.count); first difference at row \(first)"]
        }
        for format in PlanWriter.Format.allCases { _ = PlanWriter.write(plan, format: format) }
        return []
    }

    /// Every row inside the window; no send to the holdout, or to a customer whose address
    /// is missing or who has not consented (unless the message is transactional).
    static func rowFailures(_ plan: Plan, _ dataset: Dataset) -> [String] {
        var failures: [String] = []
        let table = dataset.table
        let columns = dataset.customers.columns
        var transactional: [String: Set<String>] = [:]
        for row in plan.rows {
            let who = "customer \(dataset.customers.id(Int(row.customer))), \(row.action.rawValue) \(row.step)"
            if row.time < plan.from || row.time >= plan.to { failures.append("\(who) at \(row.time), outside the window [\(plan.from), \(plan.to))") }
            guard row.action == .send else { continue }
            if row.holdout { failures.append("\(who): sent to the holdout group") }
            guard let kind = row.channel, let channel = table.channels[kind] else {
                failures.append("\(who): sent on an undeclared channel")
                continue
            }
            let customer = Int(row.customer)
            if let address = channel.address, let column = columns[address], column.isMissing(customer) {
                failures.append("\(who): sent without an address (\(address) is missing)")
            }
            let campaign = plan.campaigns[Int(row.campaign)]
            if transactional[campaign] == nil { transactional[campaign] = table.campaigns[campaign].map(transactionalMessages) ?? [] }
            if let consent = channel.consent, case .bool(let values)? = columns[consent], values[customer] != 1,
               transactional[campaign]?.contains(row.step) != true {
                failures.append("\(who): sent without consent (\(consent) is \(columns[consent]?.display(customer) ?? "missing"))")
            }
        }
        return Array(failures.prefix(5))
    }

    /// The names of a campaign's messages marked `transactional`, wherever they are.
    static func transactionalMessages(_ campaign: CampaignDecl) -> Set<String> {
        var names: Set<String> = []
        func visit(_ steps: [Step]) {
            for step in steps {
                switch step {
                case .send(let message, _): if message.isTransactional { names.insert(message.name.name) }
                case .sendFirstOf(let messages, _, _): for message in messages where message.isTransactional { names.insert(message.name.name) }
                case .branch(let branch): for arm in branch.arms { visit(arm.body.steps) }; visit(branch.otherwise?.steps ?? [])
                case .split(let split): for arm in split.arms { visit(arm.body.steps) }
                default: break
                }
            }
        }
        visit(campaign.steps)
        return names
    }

    /// The preview (text, JSON, HTML with the journey graphs) and the graphs render.
    static func renderReports(_ plan: Plan, _ dataset: Dataset) {
        let graphs = Dictionary(plan.campaigns.compactMap { name in dataset.table.campaigns[name].map { (name, JourneyGraph($0)) } }) { a, _ in a }
        _ = JourneyGraph.mermaid(Array(graphs.values))
        _ = JourneyGraph.dot(Array(graphs.values))
        let preview = Preview(plan, policyOf: dataset.table)
        _ = PreviewHTML.render(preview, graphs: graphs)
        _ = PreviewText.render(preview)
        _ = PreviewJSON.render(preview)
    }

    /// The customer with the most rows (the first such), or the first customer.
    static func busiestCustomer(_ plan: Plan) -> Int {
        var counts: [Int32: Int] = [:]
        for row in plan.rows { counts[row.customer, default: 0] += 1 }
        let top = counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }
        return top.map { Int($0.key) } ?? 0
    }

    /// `explain` plans the customer alone: the same rows as the customer's part of the plan.
    static func explainFailures(_ plan: Plan, customer: Int, dataset: Dataset, options: PlanOptions) -> [String] {
        let (alone, story) = Planner.explain(dataset, customer: customer, options: options)
        var failures: [String] = []
        let expected = plan.rows.filter { Int($0.customer) == customer }
        if alone.rows != expected {
            failures.append("explain planned \(alone.rows.count) rows for customer \(dataset.customers.id(customer)), the plan has \(expected.count)")
        }
        if zip(story, story.dropFirst()).contains(where: { $0.time > $1.time }) {
            failures.append("explain's story is not in time order")
        }
        return failures
    }

    /// The CLI's `explain` on the same project (from standard input) and files succeeds:
    /// what checked and read cleanly here must not fail there.
    static func commandFailures(_ bytes: [UInt8], id: String, folder: String) -> [String] {
        let console = Console(standardInput: bytes)
        let status = CLI.run(["explain", id, "-", "--customers", folder + "/customers.csv", "--events", folder + "/events.csv",
                              "--from", FuzzDataset.fromText, "--to", FuzzDataset.toText, "--root", folder, "--skip-bad-rows",
                              "--engagement", FuzzDataset.engagement, "--seed", String(FuzzDataset.engagementSeed), "--threads", "2"],
                             console: console)
        guard status == 0, console.output.hasPrefix("customer ") else {
            return ["campaign explain exited \(status):\n\(console.errors.prefix(2_000))"]
        }
        return []
    }
}
