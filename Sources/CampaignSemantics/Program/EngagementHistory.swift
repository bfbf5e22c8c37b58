import CampaignSyntax

/// Engagement beyond the campaign's own entry (docs/language.md §3.6):
/// `clicked(other_campaign.message)`, `sent(any sms in last 30d)`, `opened(any email)`.
/// Asked of everything the customer was sent, by every campaign of the plan, up to the
/// instant asked about; `in last D` narrows it to sends after `now - D`, `since entry` to
/// those since the current entry of the campaign asking.
public struct EngagementHistory: Sendable, Hashable {
    /// The campaign whose message is asked about, nil for any campaign.
    public let campaign: String?
    /// That campaign's message (its number among that campaign's `TypedCampaign.messages`),
    /// nil for any message.
    public let message: MessageRef?
    /// Only messages of this channel (`any sms`).
    public let channel: ChannelKind?
    /// `in last D`: only sends after `now - D` (seconds).
    public let within: Int64?
    /// `since entry`: only sends since the current entry of the campaign asking.
    public let sinceEntry: Bool

    public init(campaign: String?, message: MessageRef?, channel: ChannelKind?, within: Int64?, sinceEntry: Bool) {
        self.campaign = campaign
        self.message = message
        self.channel = channel
        self.within = within
        self.sinceEntry = sinceEntry
    }
}
