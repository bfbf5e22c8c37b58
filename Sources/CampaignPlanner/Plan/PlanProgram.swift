import CampaignData
import CampaignSemantics
import CampaignSyntax

/// Everything the planning threads share, compiled once and never mutated afterwards:
/// the campaigns, channels, policy and zones, against one dataset.
final class PlanProgram: Sendable {
    let evaluator: Evaluator
    let data: Dataset
    /// In name order; rows refer to campaigns by this index.
    let campaigns: [CompiledCampaign]
    /// Campaign indices in serving order at equal instants: priority (higher first), then name.
    let serving: [Int]
    /// `rank[c]`: the position of campaign c in `serving`.
    let rank: [Int]
    /// The declared channels by `ChannelKind.slot`.
    let channelSlots: [CompiledChannel?]
    let policy: CompiledPolicy
    let zones: [ZoneRules]
    /// The customers' `timezone` column, and its values mapped to `zones`.
    let zoneColumn: [UInt32]?
    let zoneOfCategory: [Int]
    let options: PlanOptions
    let eventTables: [Int]
    /// The event tables whose events in the window matter: those of event triggers, exits,
    /// waits and goals — every table when a campaign has `exit when EXPR`, which is
    /// checked on every event.
    let watchedTables: [Bool]
    /// Per event table, the campaigns an event of it can concern when their journey is
    /// not running: its trigger's table or its goal's (a goal window outlives the journey).
    /// A running journey is concerned by every event (`exit when EXPR`), whatever the table.
    let concerned: [RankSet]
    /// Some campaign is entered by an event (`trigger on EVENT`): a customer's events can
    /// start a journey even when no trigger instant was computed for them.
    let entersOnEvents: Bool
    /// Some campaign asks about engagement across campaigns (`clicked(other.survey)`,
    /// `sent(any sms in last 30d)`): contexts answer it from the customer's sends.
    let asksHistory: Bool
    /// Each planned campaign's number, by name, for engagement across campaigns
    /// (`EngagementHistory.campaign`): looked up once per question, not searched.
    let campaignNumber: [String: Int32]

    init(data: Dataset, options: PlanOptions) {
        self.data = data
        self.options = options
        let evaluator = Evaluator(data)
        self.evaluator = evaluator
        var compiler = CampaignCompiler(evaluator: evaluator, options: options)
        let table = data.table
        // A set: `--campaign` may name thousands, and each name is looked up per campaign.
        let selected = Set(options.campaigns)
        let names = selected.isEmpty ? table.campaignNames : table.campaignNames.filter { selected.contains($0) }
        // Only the selected campaigns, and the segments they reach, are compiled: the
        // store holds what they read (`DataUse.of(campaigns:)` walks the same campaigns),
        // so a segment nobody runs may read fields that were never loaded.
        var campaigns: [CompiledCampaign] = []
        for name in names {
            if let decl = table.campaigns[name], let typed = table.program.campaigns[name] { campaigns.append(compiler.campaign(decl, typed)) }
        }
        asksHistory = DataUse.of(campaigns: names, segments: [], in: table).asksHistory
        policy = compiler.policy()
        var slots = [CompiledChannel?](repeating: nil, count: ChannelKind.allCases.count)
        for (kind, channel) in compiler.channels() { slots[kind.slot] = channel }
        channelSlots = slots
        var zoneColumn: [UInt32]?
        var zoneOfCategory: [Int] = []
        if let field = table.program.timeZoneField, case .category(let values, let zoneNames)? = evaluator.field(field) {
            zoneColumn = values
            // Zones in the data were validated when read; should Foundation still not know
            // one, the customer falls back to UTC rather than failing the plan.
            zoneOfCategory = zoneNames.map { compiler.zones.add($0) ?? 0 }
        }
        self.zoneColumn = zoneColumn
        self.zoneOfCategory = zoneOfCategory
        zones = compiler.zones.rules
        self.campaigns = campaigns
        campaignNumber = Dictionary(uniqueKeysWithValues: campaigns.enumerated().map { ($1.name, Int32($0)) })
        serving = campaigns.indices.sorted { a, b in
            campaigns[a].priority != campaigns[b].priority ? campaigns[a].priority > campaigns[b].priority : campaigns[a].name < campaigns[b].name
        }
        var rank = [Int](repeating: 0, count: campaigns.count)
        for (position, c) in serving.enumerated() { rank[c] = position }
        self.rank = rank
        eventTables = Array(data.events.tables.indices)
        var watched = [Bool](repeating: false, count: data.events.tables.count)
        for campaign in campaigns {
            if campaign.exitCondition != nil { watched = watched.map { _ in true } }
            if case .onEvent(let t?, _, _, _) = campaign.trigger { watched[t] = true }
            if let exit = campaign.exitEvent { watched[exit.table] = true }
            if let goal = campaign.goal { watched[goal.table] = true }
            for instruction in campaign.program {
                if case .waitForEvent(let t?, _, _, _) = instruction { watched[t] = true }
            }
        }
        watchedTables = watched
        var concerned = Array(repeating: RankSet(count: campaigns.count), count: data.events.tables.count)
        for (c, campaign) in campaigns.enumerated() {
            if let t = campaign.triggerTable, concerned.indices.contains(t) { concerned[t].insert(rank[c]) }
            if let t = campaign.goal?.table, concerned.indices.contains(t) { concerned[t].insert(rank[c]) }
        }
        self.concerned = concerned
        entersOnEvents = campaigns.contains { $0.triggerTable != nil }
    }

    /// The zone of a customer: their own, else the policy's default.
    @inline(__always)
    func zone(of customer: Int) -> Int {
        if let zoneColumn {
            let value = zoneColumn[customer]
            if value != Column.missingCategory { return zoneOfCategory[Int(value)] }
        }
        return policy.defaultZone
    }
}
