import CampaignSemantics

/// A schedule row as `campaign plan` holds and spills it: 32 bytes, integers only, so that
/// a run sorts by comparing integers and a hundred million rows fit where eight million
/// `PlanRow`s (80 bytes and their strings) did not. Names are indices into tables built
/// once per plan (`StepTable`, the plan's campaigns); a detail with values (a rendered
/// text, a suppression's parameters) is bytes beside the row (`DetailCoding`).
struct CompactRow: Sendable {
    /// Seconds since the epoch (UTC).
    var time: Int64
    /// The customer's rank in the byte order of customer ids (`CustomerRanks`): the sort
    /// compares it instead of the ids' bytes.
    var rank: UInt32
    var campaign: UInt32
    /// Emission order within the run: rows of one customer at one (time, campaign) keep the
    /// journey's order (docs/language.md §8.9). A customer's rows are never split between
    /// runs, so order only ever ties rows of the same run.
    var order: UInt32
    /// Index into the plan's `StepTable`.
    var step: UInt32
    /// A `DetailCoding` code, or where the detail's bytes start in the run's detail bytes.
    var detail: UInt32
    /// The UTC offset in seconds (at most ±18 hours), shifted left by 7 bits, over the
    /// action (3 bits), the channel (3 bits: 0 for none) and the holdout flag.
    var packed: Int32

    static let byteCount = MemoryLayout<CompactRow>.stride

    init(time: Int64, rank: UInt32, campaign: UInt32, order: UInt32, step: UInt32, detail: UInt32,
         offset: Int32, action: PlanAction, channel: ChannelKind?, holdout: Bool) {
        self.time = time
        self.rank = rank
        self.campaign = campaign
        self.order = order
        self.step = step
        self.detail = detail
        let channelCode = channel.map { Int32(Self.channels.firstIndex(of: $0) ?? 0) + 1 } ?? 0
        packed = offset << 7 | Self.actionCode(action) | channelCode << 3 | (holdout ? 1 << 6 : 0)
    }

    static func actionCode(_ action: PlanAction) -> Int32 {
        switch action {
        case .send: 0
        case .suppress: 1
        case .tag: 2
        case .untag: 3
        case .unsubscribe: 4
        case .enter: 5
        case .exit: 6
        case .goal: 7
        }
    }

    static let actions = PlanAction.allCases
    static let channels = ChannelKind.allCases

    var offset: Int32 { packed >> 7 }
    var action: PlanAction { Self.actions[Int(packed & 7)] }
    var channel: ChannelKind? {
        let code = Int(packed >> 3 & 7)
        return code == 0 || code > Self.channels.count ? nil : Self.channels[code - 1]
    }
    var holdout: Bool { packed & 1 << 6 != 0 }

    /// The schedule's order: time, customer id, campaign, then the journey's order.
    @inline(__always)
    static func precedes(_ a: CompactRow, _ b: CompactRow) -> Bool {
        if a.time != b.time { return a.time < b.time }
        if a.rank != b.rank { return a.rank < b.rank }
        if a.campaign != b.campaign { return a.campaign < b.campaign }
        return a.order < b.order
    }
}

extension CompactRow {
    /// The plan row this row stands for, as the writers read it, with its detail decoded,
    /// its customer (row of the store) and its step's name (empty where the reader needs no
    /// step: a detail's text). `position` and `deferral` are not kept: no output format
    /// shows them.
    func planRow(detail: PlanDetail, customer: Int32, step: String = "") -> PlanRow {
        PlanRow(time: time, sequence: Int(order), offset: offset, customer: customer, campaign: Int32(bitPattern: campaign),
                action: action, step: step, channel: channel, detail: detail, holdout: holdout)
    }
}
