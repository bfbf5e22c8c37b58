import CampaignData
import CampaignPlanner
import CampaignSemantics

extension PlanDiff {
    /// Matches the rows of BASE and HEAD (docs/diff.md): by (customer, campaign, step,
    /// action, channel); within one key, rows at identical instants first (a suppression
    /// there for another reason is `changed`), the rest paired in time order as `moved`,
    /// what remains `added` or `removed`. `renames` maps a BASE campaign's name to its HEAD
    /// name, so that its rows are matched under the new name. `sample` customers per
    /// campaign are kept as examples.
    ///
    /// Linear in the rows but for a sort within each key: rows are bucketed by key, each
    /// bucket sorted by customer (then by time, which is the plan's own order).
    public init(base: Plan, head: Plan, renames: [String: String] = [:], sample: Int = 3) {
        var names = Set(head.campaigns)
        for name in base.campaigns { names.insert(renames[name] ?? name) }
        let campaignNames = names.sorted()
        let campaignIndex = Dictionary(uniqueKeysWithValues: campaignNames.enumerated().map { ($0.element, Int32($0.offset)) })
        let baseCampaigns = base.campaigns.map { campaignIndex[renames[$0] ?? $0] ?? 0 }
        let headCampaigns = head.campaigns.map { campaignIndex[$0] ?? 0 }

        // A bucket entry packs the customer and the row into 32 bits each: a plan holds far
        // fewer than 2^32 rows (each is 80 bytes), and a store at most `Int32.max` customers.
        let customers = CustomerMap(base: base.customers, head: head.customers)
        var keys = KeyTable()
        let baseGroups = keys.assign(base, campaigns: baseCampaigns, isHead: false)
        let headGroups = keys.assign(head, campaigns: headCampaigns, isHead: true)
        let baseBuckets = Buckets(rowGroups: baseGroups, groups: keys.groups.count) { UInt32(bitPattern: customers.baseToUnified[Int(base.rows[$0].customer)]) }
        let headBuckets = Buckets(rowGroups: headGroups, groups: keys.groups.count) { UInt32(bitPattern: head.rows[$0].customer) }
        let baseCustomerOfRow: (Int) -> Int = { Int(base.rows[$0].customer) }
        let headCustomerOfRow: (Int) -> Int = { Int(head.rows[$0].customer) }

        let oldNames = Dictionary(renames.filter { $0.key != $0.value }.map { ($0.value, $0.key) }, uniquingKeysWith: min)
        let inBase = Set(baseCampaigns), inHead = Set(head.campaigns)
        var campaignTotals = campaignNames.map { name in
            Campaign(name: name, renamedFrom: oldNames[name], inBase: inBase.contains(campaignIndex[name] ?? -1), inHead: inHead.contains(name))
        }
        var moves = [[Int64]](repeating: [], count: campaignNames.count)
        var candidates = [[[SampleCandidate]]](repeating: [[SampleCandidate]](repeating: [], count: Kind.allCases.count), count: campaignNames.count)
        var campaignMark = [Int32](repeating: -1, count: customers.count)
        var anyMark = [Bool](repeating: false, count: customers.count)
        var affected = 0
        var changes: [Change] = []
        var unmatchedBase: [Int] = [], unmatchedHead: [Int] = []

        let order = keys.groups.indices.sorted { keys.groups[$0].campaign < keys.groups[$1].campaign }
        for g in order {
            let group = keys.groups[g]
            let c = Int(group.campaign)
            var change = Change(key: Key(campaign: campaignNames[c], step: keys.stepNames[Int(group.step)], action: group.action, channel: group.channel))
            change.position = group.headPosition != .max ? group.headPosition : group.basePosition
            let bRange = baseBuckets.range(g), hRange = headBuckets.range(g)
            change.base = bRange.count
            change.head = hRange.count
            var i = bRange.lowerBound, j = hRange.lowerBound
            while i < bRange.upperBound || j < hRange.upperBound {
                let cb = i < bRange.upperBound ? baseBuckets.keys[i] >> 32 : .max
                let ch = j < hRange.upperBound ? headBuckets.keys[j] >> 32 : .max
                let customer = min(cb, ch)
                let iEnd = baseBuckets.end(of: customer, from: i, before: bRange.upperBound)
                let jEnd = headBuckets.end(of: customer, from: j, before: hRange.upperBound)
                unmatchedBase.removeAll(keepingCapacity: true)
                unmatchedHead.removeAll(keepingCapacity: true)
                var firstChanged: (Int, Int)? = nil
                var changed = 0
                var p = i, q = j
                while p < iEnd && q < jEnd {
                    let b = baseBuckets.row(p), h = headBuckets.row(q)
                    let tb = base.rows[b].time, th = head.rows[h].time
                    if tb == th {
                        if group.action == .suppress, base.vocabulary.text(base.rows[b]) != head.vocabulary.text(head.rows[h]) {
                            changed += 1
                            if firstChanged == nil { firstChanged = (b, h) }
                        }
                        p += 1
                        q += 1
                    } else if tb < th {
                        unmatchedBase.append(b)
                        p += 1
                    } else {
                        unmatchedHead.append(h)
                        q += 1
                    }
                }
                while p < iEnd { unmatchedBase.append(baseBuckets.row(p)); p += 1 }
                while q < jEnd { unmatchedHead.append(headBuckets.row(q)); q += 1 }
                let moved = min(unmatchedBase.count, unmatchedHead.count)
                for k in 0..<moved { moves[c].append(head.rows[unmatchedHead[k]].time - base.rows[unmatchedBase[k]].time) }
                let added = unmatchedHead.count - moved, removed = unmatchedBase.count - moved
                change.moved += moved
                change.changed += changed
                change.added += added
                change.removed += removed
                if moved + changed + added + removed > 0 {
                    change.customers += 1
                    let unified = Int(customer)
                    if campaignMark[unified] != Int32(c) {
                        campaignMark[unified] = Int32(c)
                        campaignTotals[c].customers += 1
                    }
                    if !anyMark[unified] {
                        anyMark[unified] = true
                        affected += 1
                    }
                    if sample > 0 {
                        var found: [(Kind, Int?, Int?)] = []
                        if removed > 0 { found.append((.removed, unmatchedBase[moved], nil)) }
                        if added > 0 { found.append((.added, nil, unmatchedHead[moved])) }
                        if moved > 0 { found.append((.moved, unmatchedBase[0], unmatchedHead[0])) }
                        if let (b, h) = firstChanged { found.append((.changed, b, h)) }
                        for (kind, b, h) in found {
                            SampleCandidate.keep(SampleCandidate(customer: unified, kind: kind, baseRow: b, headRow: h), in: &candidates[c][kind.index], limit: sample)
                        }
                    }
                }
                if group.action == .send {
                    campaignTotals[c].sendsAdded += added
                    campaignTotals[c].sendsRemoved += removed
                }
                campaignTotals[c].added += added
                campaignTotals[c].removed += removed
                campaignTotals[c].moved += moved
                campaignTotals[c].changed += changed
                i = iEnd
                j = jEnd
            }
            if !change.isEmpty { changes.append(change) }
        }

        for c in campaignTotals.indices {
            if !moves[c].isEmpty {
                moves[c].sort()
                campaignTotals[c].medianMove = moves[c][(moves[c].count - 1) / 2]
            }
            campaignTotals[c].samples = SampleCandidate.choose(candidates[c], limit: sample).map { candidate in
                let baseCustomer = candidate.baseRow.map(baseCustomerOfRow) ?? customers.baseRow(ofUnified: candidate.customer)
                let headCustomer = candidate.headRow.map(headCustomerOfRow) ?? (candidate.customer < head.customers.count ? candidate.customer : nil)
                let id = headCustomer.map { head.customers.id($0) } ?? baseCustomer.map { base.customers.id($0) } ?? ""
                return Sample(customerID: id, baseCustomer: baseCustomer, headCustomer: headCustomer, kind: candidate.kind,
                              baseRow: candidate.baseRow, headRow: candidate.headRow)
            }
        }
        changes.sort(by: Change.precedes)
        self.changes = changes
        self.campaigns = campaignTotals
        self.customers = affected
    }
}

extension PlanDiff.Change {
    /// Campaign name, the step's place in the journey, step name, action, channel.
    static func precedes(_ a: Self, _ b: Self) -> Bool {
        if a.key.campaign != b.key.campaign { return a.key.campaign < b.key.campaign }
        if a.position != b.position { return a.position < b.position }
        if a.key.step != b.key.step { return a.key.step < b.key.step }
        let actions = PlanAction.allCases
        if a.key.action != b.key.action { return actions.firstIndex(of: a.key.action) ?? 0 < actions.firstIndex(of: b.key.action) ?? 0 }
        return channelOrder(a.key.channel) < channelOrder(b.key.channel)
    }

    /// 0 for no channel, then `ChannelKind`'s order (as `KeyTable` numbers them).
    static func channelOrder(_ channel: ChannelKind?) -> Int {
        channel.flatMap { ChannelKind.allCases.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
    }
}

extension PlanDiff.Kind {
    var index: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}

/// A customer that could be shown as a sample, with the rows of its first difference.
struct SampleCandidate {
    let customer: Int
    let kind: PlanDiff.Kind
    let baseRow: Int?
    let headRow: Int?

    /// Keeps the `limit` customers that come first in the customers file, one entry each.
    static func keep(_ candidate: SampleCandidate, in list: inout [SampleCandidate], limit: Int) {
        if list.contains(where: { $0.customer == candidate.customer }) { return }
        if list.count == limit, let last = list.last, last.customer < candidate.customer { return }
        let at = list.firstIndex { $0.customer > candidate.customer } ?? list.count
        list.insert(candidate, at: at)
        if list.count > limit { list.removeLast() }
    }

    /// Up to `limit` customers, taking each kind of difference in turn (removed, added,
    /// moved, changed) so that the samples show what kinds there are, then in file order.
    static func choose(_ byKind: [[SampleCandidate]], limit: Int) -> [SampleCandidate] {
        var chosen: [SampleCandidate] = []
        var next = [Int](repeating: 0, count: byKind.count)
        var progress = true
        while chosen.count < limit && progress {
            progress = false
            for k in byKind.indices where chosen.count < limit {
                while next[k] < byKind[k].count, chosen.contains(where: { $0.customer == byKind[k][next[k]].customer }) { next[k] += 1 }
                guard next[k] < byKind[k].count else { continue }
                chosen.append(byKind[k][next[k]])
                next[k] += 1
                progress = true
            }
        }
        return chosen.sorted { $0.customer < $1.customer }
    }
}

/// Customers of both plans under one numbering: HEAD's rows, then the customers only BASE has.
struct CustomerMap {
    /// BASE's row → the shared number.
    let baseToUnified: [Int32]
    let count: Int
    /// Whether BASE's rows are HEAD's (the same file read twice, the usual case).
    let identical: Bool
    private let unifiedToBase: [Int: Int]

    init(base: CustomerStore, head: CustomerStore) {
        identical = base.count == head.count && base.ids.arena == head.ids.arena && base.ids.starts == head.ids.starts && base.ids.ends == head.ids.ends
        if identical {
            baseToUnified = (0..<base.count).map { Int32($0) }
            count = head.count
            unifiedToBase = [:]
            return
        }
        var map = [Int32](repeating: 0, count: base.count)
        var next = head.count
        var back: [Int: Int] = [:]
        for row in 0..<base.count {
            let unified: Int
            if let found = head.row(of: base.id(row)) {
                unified = found
            } else {
                unified = next
                next += 1
            }
            map[row] = Int32(unified)
            back[unified] = row
        }
        baseToUnified = map
        count = next
        unifiedToBase = back
    }

    func baseRow(ofUnified customer: Int) -> Int? {
        identical ? customer : unifiedToBase[customer]
    }
}

/// The keys met in both plans, numbered: each step name once per campaign, each
/// (step, action, channel) once. A row finds its key through its instruction's cache
/// (`position`), so names are hashed once per step, not once per row.
struct KeyTable {
    struct Group {
        let campaign: Int32
        let step: Int32
        let action: PlanAction
        let channel: ChannelKind?
        var basePosition = Int32.max
        var headPosition = Int32.max
    }

    struct StepName: Hashable {
        let campaign: Int32
        let name: String
    }

    var groups: [Group] = []
    var stepNames: [String] = []
    private var steps: [StepName: Int32] = [:]
    /// By step × 64 + action × 8 + channel: the group, or -1.
    private var groupOf: [Int32] = []

    /// Each row's group.
    mutating func assign(_ plan: Plan, campaigns: [Int32], isHead: Bool) -> [Int32] {
        // Per (campaign, instruction): the step names met there and their numbers.
        var positions = [Int32](repeating: 0, count: plan.campaigns.count)
        for row in plan.rows { positions[Int(row.campaign)] = max(positions[Int(row.campaign)], max(0, row.position) + 1) }
        // Looked up per row: the arrays once, not `allCases` built again each time.
        let actions = PlanAction.allCases, channels = ChannelKind.allCases
        var offsets = [Int](repeating: 0, count: plan.campaigns.count + 1)
        for c in plan.campaigns.indices { offsets[c + 1] = offsets[c] + Int(positions[c]) }
        var cache = [[(String, Int32)]](repeating: [], count: offsets[plan.campaigns.count])
        var result = [Int32](repeating: 0, count: plan.rows.count)
        for (r, row) in plan.rows.enumerated() {
            let slot = offsets[Int(row.campaign)] + Int(max(0, row.position))
            let step: Int32
            if let known = cache[slot].first(where: { $0.0 == row.step }) {
                step = known.1
            } else {
                step = number(StepName(campaign: campaigns[Int(row.campaign)], name: row.step))
                cache[slot].append((row.step, step))
            }
            let actionCode = actions.firstIndex(of: row.action) ?? 0
            let channelCode = row.channel.flatMap { channels.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
            let index = Int(step) * 64 + actionCode * 8 + channelCode
            var group = groupOf[index]
            if group < 0 {
                group = Int32(groups.count)
                groupOf[index] = group
                groups.append(Group(campaign: campaigns[Int(row.campaign)], step: step, action: row.action, channel: row.channel))
            }
            if isHead {
                groups[Int(group)].headPosition = min(groups[Int(group)].headPosition, row.position)
            } else {
                groups[Int(group)].basePosition = min(groups[Int(group)].basePosition, row.position)
            }
            result[r] = group
        }
        return result
    }

    private mutating func number(_ name: StepName) -> Int32 {
        if let known = steps[name] { return known }
        let n = Int32(stepNames.count)
        steps[name] = n
        stepNames.append(name.name)
        groupOf += [Int32](repeating: -1, count: 64)
        return n
    }
}

/// One plan's rows bucketed by group, each bucket sorted by customer and then by row (the
/// plan's order, which is time order): `customer << 32 | row`.
struct Buckets {
    var keys: [UInt64]
    let starts: [Int]

    init(rowGroups: [Int32], groups: Int, customerOfRow: (Int) -> UInt32) {
        var counts = [Int](repeating: 0, count: groups + 1)
        for g in rowGroups { counts[Int(g) + 1] += 1 }
        for g in 0..<groups { counts[g + 1] += counts[g] }
        starts = counts
        var fill = counts
        keys = [UInt64](repeating: 0, count: rowGroups.count)
        for (row, g) in rowGroups.enumerated() {
            keys[fill[Int(g)]] = UInt64(customerOfRow(row)) << 32 | UInt64(row)
            fill[Int(g)] += 1
        }
        for g in 0..<groups where starts[g + 1] - starts[g] > 1 { keys[starts[g]..<starts[g + 1]].sort() }
    }

    func range(_ group: Int) -> Range<Int> { starts[group]..<starts[group + 1] }

    func row(_ i: Int) -> Int { Int(keys[i] & 0xFFFF_FFFF) }

    /// The end of the run of `customer`'s entries that starts at `from`.
    func end(of customer: UInt64, from: Int, before limit: Int) -> Int {
        var i = from
        while i < limit, keys[i] >> 32 == customer { i += 1 }
        return i
    }
}
