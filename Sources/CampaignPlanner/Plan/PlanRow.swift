import CampaignSemantics

/// What a schedule row records (docs/language.md §8.9).
public enum PlanAction: String, Sendable, CaseIterable {
    case send, suppress, tag, untag, unsubscribe, enter, exit, goal
}

/// One action of the schedule: who, when, which campaign and step, and why.
public struct PlanRow: Sendable, Equatable {
    /// Seconds since the epoch (UTC).
    public var time: Int64
    /// Order of emission within the customer: keeps a journey's rows at one instant in
    /// the order they happened. An `Int`, as nothing bounds one customer's rows but the
    /// window; declared here, beside `time`, it fills no padding.
    public var sequence: Int
    /// The customer's UTC offset at `time`, for `local_time` (at most ±18 hours).
    public var offset: Int32
    /// The customer's row in the store (the store holds at most `Int32.max` customers).
    public var customer: Int32
    /// The campaign's index among the plan's campaigns in name order (campaigns and
    /// their instructions, in `position`, are counted in the `.campaign` files, not the data).
    public var campaign: Int32
    /// The one-byte fields sit together here, in what would be padding before `step`, so
    /// that the typed `detail` costs a row no more than the string it replaced (80 bytes).
    public var action: PlanAction
    public var channel: ChannelKind?
    /// Why a send went out later than its step ran (for the preview).
    public var deferral: Deferral = .none
    /// The row belongs to an entry in the campaign's holdout group.
    public var holdout = false
    /// The step's name as the plan shows it (the message's name for a send).
    public var step: String
    /// Why, as values: the CSV `detail` text and the JSON `reason` are written from it
    /// (`PlanVocabulary`).
    public var detail: PlanDetail
    /// Where the journey stood (its instruction) when the row was written: for an exit,
    /// which steps it never reached.
    public var position: Int32 = 0

    /// A row as the interpreter writes it.
    public init(time: Int64, sequence: Int, offset: Int32, customer: Int32, campaign: Int32, action: PlanAction, step: String,
                channel: ChannelKind?, detail: PlanDetail, position: Int32 = 0, deferral: Deferral = .none, holdout: Bool = false) {
        self.time = time
        self.sequence = sequence
        self.offset = offset
        self.customer = customer
        self.campaign = campaign
        self.action = action
        self.channel = channel
        self.deferral = deferral
        self.holdout = holdout
        self.step = step
        self.detail = detail
        self.position = position
    }
}

/// Why a message waited before going out.
public enum Deferral: UInt8, Sendable {
    /// `compliance`: the sending hours or days of a compliance profile (docs/compliance.md).
    case none, sendWindow, quietHours, compliance
}
