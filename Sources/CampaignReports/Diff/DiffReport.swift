import CampaignData
import CampaignPlanner
import CampaignSemantics
import CampaignSyntax

/// One side of `campaign diff`: a version of the project, the data read against it, the
/// options it was planned with and its plan.
public struct DiffSide: Sendable {
    /// How the output names this version (its paths, or `REV:path` for `--base-ref`).
    public let label: String
    public let version: DiffVersion
    public let dataset: Dataset
    public let options: PlanOptions
    public let plan: Plan

    public init(label: String, version: DiffVersion, dataset: Dataset, options: PlanOptions, plan: Plan) {
        self.label = label
        self.version = version
        self.dataset = dataset
        self.options = options
        self.plan = plan
    }
}

/// Everything `campaign diff` prints, in every format (docs/diff.md): the static
/// differences, the rows' differences, and for each sample customer a one-line why in
/// both versions, in `explain`'s words.
public struct DiffReport: Sendable {
    /// A sample customer and why their rows differ.
    public struct Story: Sendable {
        public let customerID: String
        public let kind: PlanDiff.Kind
        /// What happened in BASE, and in HEAD: a local time and `explain`'s line.
        public let was: String
        public let now: String
    }

    public let base: String
    public let head: String
    public let from: Int64
    public let to: Int64
    /// Customers in HEAD's data.
    public let customers: Int
    public let rows: PlanDiff
    public let statics: StaticDiff
    /// By HEAD's campaign name.
    public let stories: [String: [Story]]
    /// Where each of HEAD's campaigns is declared.
    public let declarations: [String: (path: String, line: Int)]
    /// Lookups by campaign name, built once: a project may hold thousands of campaigns,
    /// and every renderer asks about each.
    private let totalsIndex: [String: Int]
    private let changeRanges: [String: Range<Int>]
    private let staticIndex: [String: Int]
    private let oldNames: [String: String]
    private let added: Set<String>
    private let removed: Set<String>

    /// `only`: the campaigns `--campaign` named (by either name), nil for all.
    public init(base: DiffSide, head: DiffSide, sample: Int, only: Set<String>? = nil) {
        self.base = base.label
        self.head = head.label
        from = head.options.from
        to = head.options.to
        customers = head.dataset.customers.count
        let all = StaticDiff(base: base.version, head: head.version)
        statics = only.map { all.restricted(to: $0) } ?? all
        rows = PlanDiff(base: base.plan, head: head.plan, renames: all.renames, sample: sample)
        totalsIndex = Dictionary(rows.campaigns.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { first, _ in first })
        var ranges: [String: Range<Int>] = [:]
        for (i, change) in rows.changes.enumerated() {
            // `changes` is sorted by campaign: each campaign's are one run.
            ranges[change.key.campaign] = (ranges[change.key.campaign]?.lowerBound ?? i)..<(i + 1)
        }
        changeRanges = ranges
        staticIndex = Dictionary(statics.campaigns.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { first, _ in first })
        added = Set(statics.added)
        removed = Set(statics.removed)
        oldNames = Dictionary(statics.renames.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
        var declarations: [String: (path: String, line: Int)] = [:]
        for name in head.version.table.campaignNames { declarations[name] = head.version.declaration(name) }
        self.declarations = declarations
        let oldName = oldNames
        var baseStories = StoryCache(side: base), headStories = StoryCache(side: head)
        var stories: [String: [Story]] = [:]
        for campaign in rows.campaigns where !campaign.samples.isEmpty {
            let baseName = oldName[campaign.name] ?? campaign.renamedFrom ?? campaign.name
            stories[campaign.name] = campaign.samples.map { sample in
                let baseTime = sample.baseRow.map { base.plan.rows[$0].time }, headTime = sample.headRow.map { head.plan.rows[$0].time }
                let near = baseTime ?? headTime ?? head.options.from
                return Story(customerID: sample.customerID, kind: sample.kind,
                             was: baseStories.why(customer: sample.baseCustomer, row: sample.baseRow, campaign: baseName, step: Self.step(sample, base.plan, head.plan), near: headTime ?? near),
                             now: headStories.why(customer: sample.headCustomer, row: sample.headRow, campaign: campaign.name, step: Self.step(sample, base.plan, head.plan), near: baseTime ?? near))
            }
        }
        self.stories = stories
    }

    /// The step the sample's difference is about.
    static func step(_ sample: PlanDiff.Sample, _ base: Plan, _ head: Plan) -> String {
        sample.headRow.map { head.rows[$0].step } ?? sample.baseRow.map { base.rows[$0].step } ?? ""
    }

    /// Campaigns to report: those with a difference in their rows or in their text, and
    /// those added, removed or renamed; by name.
    public var changedCampaigns: [String] {
        var names = Set(rows.campaigns.filter(\.hasDifferences).map(\.name))
        names.formUnion(statics.campaigns.map(\.name))
        names.formUnion(statics.added)
        names.formUnion(statics.removed)
        return names.sorted()
    }

    public var hasDifferences: Bool { !changedCampaigns.isEmpty }

    /// What happened to a campaign as a whole: added, removed, renamed, or nil.
    public func status(of name: String) -> String? {
        if added.contains(name) { return "added" }
        if removed.contains(name) { return "removed" }
        if oldNames[name] != nil { return "renamed" }
        return nil
    }

    /// The campaign's name in BASE, when it was renamed.
    public func oldName(of name: String) -> String? { oldNames[name] }

    /// The campaign's row totals (every campaign of either plan has them).
    public func totals(of name: String) -> PlanDiff.Campaign? { totalsIndex[name].map { rows.campaigns[$0] } }

    /// The campaign's keys with differences, in order.
    public func changes(of name: String) -> ArraySlice<PlanDiff.Change> {
        changeRanges[name].map { rows.changes[$0] } ?? []
    }

    /// How the campaign's text changed, when it is in both versions and did.
    public func staticChange(of name: String) -> StaticDiff.Campaign? { staticIndex[name].map { statics.campaigns[$0] } }

    /// `2026-11-03 09:00 local`: an instant at the customer's offset, to the minute.
    static func local(_ t: Int64, offset: Int32) -> String {
        let text = InstantText.stringInRange(t, offset: Int64(offset))
        guard text.count >= 16, text.dropFirst(10).first == "T" else { return text }
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5)) + " local"
    }
}

/// `explain` for the sample customers of one side, each customer's story told once.
struct StoryCache {
    let side: DiffSide
    var explained: [Int: (plan: Plan, story: [StoryLine])] = [:]

    init(side: DiffSide) { self.side = side }

    /// Why the customer has the row; without one, what this version did at the same step
    /// nearest `near` (a suppression where the other version sent); else the last thing
    /// `explain` says of the campaign at or before `near` (or the first after it).
    mutating func why(customer: Int?, row: Int?, campaign: String, step: String, near: Int64) -> String {
        guard side.version.table.campaigns[campaign] != nil else { return "the campaign is not in this version" }
        if let row { return Self.line(side.plan.rows[row], side.plan) }
        guard let customer else { return "the customer is not in this version's data" }
        let (plan, story) = explained[customer] ?? Planner.explain(side.dataset, customer: customer, options: side.options)
        explained[customer] = (plan, story)
        let sameStep = plan.rows.filter { plan.campaigns[Int($0.campaign)] == campaign && $0.step == step }
        if let nearest = sameStep.min(by: { abs($0.time - near) < abs($1.time - near) }) { return Self.line(nearest, plan) }
        let lines = story.filter { $0.campaign == campaign }
        guard let line = lines.last(where: { $0.time <= near }) ?? lines.first else {
            return "nothing in this campaign over the window"
        }
        return DiffReport.local(line.time, offset: line.offset) + ": " + line.text
    }

    static func line(_ row: PlanRow, _ plan: Plan) -> String {
        DiffReport.local(row.time, offset: row.offset) + ": " + plan.vocabulary.story(row)
    }
}
