import CampaignSemantics

/// What a schedule row's `detail` says, as values: why an entry, exit, goal or
/// suppression happened, and a rendered send's text. Names and texts are indices into the
/// plan's tables (`PlanVocabulary`), never copies: the planner holds millions of rows, and
/// the CSV text and the JSON `reason` object are both written from this
/// (docs/output.md, "Plan rows").
public enum PlanDetail: Sendable, Equatable {
    /// Nothing to say: a send without `--render`, a tag, an untag, an unsubscribe.
    case none
    /// Entered by the campaign's trigger (its text is the campaign's).
    case entered
    /// Entered by `D after EXPR`: the value EXPR had.
    case enteredAfter(Int64)
    /// A rendered message (`--render`), not SMS.
    case rendered(String)
    /// A rendered SMS, with how it is billed.
    case renderedSMS(String, encoding: SMSEncoding, segments: Int32)
    case suppressed(Suppression)
    /// `exit when EVENT`: the event at the row's own instant.
    case exitedOnEvent
    /// `exit when EXPR`.
    case exitedOnCondition
    /// An `exit` step.
    case exitStep
    /// The goal event converted the entry made at this instant.
    case goal(entered: Int64)

    /// The suppression's reason, when the row is one.
    public var suppression: Suppression? {
        if case .suppressed(let reason) = self { return reason }
        return nil
    }
}

/// Why a send (or a held-out unsubscribe) did not happen (docs/language.md §8.7).
public enum Suppression: Sendable, Equatable {
    /// The message's channel is not declared.
    case noChannel
    /// The customer was unsubscribed from the channel by a campaign (its index in the
    /// plan), at an instant.
    case unsubscribed(at: Int64, by: Int32)
    /// The channel's address field is missing.
    case noAddress
    /// The channel's consent field is false, or missing.
    case noConsent(missing: Bool)
    /// A frequency cap: its index among the policy's caps.
    case cap(Int32)
    /// A cap of the campaign itself (`cap 1 per 7d` in the campaign): its index among the
    /// row's campaign's caps. Of kind `cap`: the preview counts both kinds of cap together.
    case campaignCap(Int32)
    /// A compliance profile's count rule (`us_florida`: 3 marketing SMS per 24 h).
    case compliance(ComplianceProfile)
    /// The entry is in the campaign's holdout group.
    case holdout
    /// The send window, quiet hours and compliance profiles leave no instant to send at.
    case noAllowedTime
    /// `send first of`, every message blocked: each with its reason, in order.
    case firstOf([Skipped])

    /// One message of a `send first of` that could not be sent.
    public struct Skipped: Sendable, Equatable {
        /// Its index among the campaign's messages.
        public let message: Int32
        /// Why it could not be sent.
        public let reason: Suppression
    }

    /// The kinds of reason: what the preview counts and the JSON `code` names.
    public enum Kind: String, Sendable, CaseIterable {
        case noChannel = "no_channel", unsubscribed, noAddress = "no_address", noConsent = "no_consent", cap, holdout
        case noAllowedTime = "no_allowed_time", firstOf = "first_of", compliance

        /// As the CSV text starts (`no consent`, `cap`, …).
        public var label: String {
            switch self {
            case .noChannel: "no channel"
            case .unsubscribed: "unsubscribed"
            case .noAddress: "no address"
            case .noConsent: "no consent"
            case .cap: "cap"
            case .holdout: "holdout"
            case .noAllowedTime: "no allowed time"
            case .firstOf: "first of"
            case .compliance: "compliance"
            }
        }
    }

    /// Which reason this is, without its parameters: what the preview counts and the
    /// JSON `code` names (for `send first of`, `firstOf`; `decidingKind` looks inside).
    public var kind: Kind {
        switch self {
        case .noChannel: .noChannel
        case .unsubscribed: .unsubscribed
        case .noAddress: .noAddress
        case .noConsent: .noConsent
        case .cap, .campaignCap: .cap
        case .compliance: .compliance
        case .holdout: .holdout
        case .noAllowedTime: .noAllowedTime
        case .firstOf: .firstOf
        }
    }

    /// The rule that decided: for `send first of`, the first message's (the one the
    /// campaign wanted to send).
    public var decidingKind: Kind {
        if case .firstOf(let skipped) = self, let first = skipped.first { return first.reason.decidingKind }
        return kind
    }
}
