import CampaignSemantics

/// Where an expression is evaluated.
public struct EvaluationContext {
    /// The customer's row in the store.
    public var customer: Int
    /// The instant `now` stands for (seconds since the epoch).
    public var now: Int64
    /// When the customer entered the campaign (`since entry`).
    public var entry: Int64?
    /// The triggering event (`event.*`): event table and row.
    public var trigger: (table: Int, row: Int)?
    /// The event a `where` filter is testing.
    var event: (table: Int, row: Int)?
    /// Engagement with the campaign's messages: (`sent`, `opened` or `clicked`; the
    /// message's `MessageRef.index`, nil for `any`) → engaged.
    public var engagement: ((Builtin, Int?) -> Bool)?
    /// Engagement across campaigns (`EngagementHistory`), answered from everything the
    /// customer was sent before `now`.
    public var history: ((Builtin, EngagementHistory) -> Bool)?

    /// A context with no event under test (`where` filters set one as they go).
    public init(customer: Int, now: Int64, entry: Int64? = nil, trigger: (table: Int, row: Int)? = nil,
                engagement: ((Builtin, Int?) -> Bool)? = nil) {
        self.customer = customer
        self.now = now
        self.entry = entry
        self.trigger = trigger
        self.engagement = engagement
    }
}
