import CampaignPlanner
import CampaignSemantics

/// What a change to the campaigns does to the schedule: the rows of two plans of the same
/// data, window, engagement model and seed (BASE and HEAD), matched key by key
/// (docs/diff.md). The counts per (campaign, step, action, channel), per campaign, and the
/// customers to show as samples; computed by `PlanDiff.init(base:head:renames:sample:)`.
public struct PlanDiff: Sendable {
    /// What rows are matched by, apart from the customer.
    public struct Key: Sendable, Hashable {
        /// The campaign's name in HEAD (in BASE for a campaign HEAD removed).
        public let campaign: String
        public let step: String
        public let action: PlanAction
        public let channel: ChannelKind?
    }

    /// The differences of one key. A row is in exactly one of unchanged, moved, changed,
    /// added (HEAD only) and removed (BASE only), so `head - base == added - removed`.
    public struct Change: Sendable, Equatable {
        public let key: Key
        /// Rows of this key in each plan.
        public var base = 0
        public var head = 0
        public var added = 0
        public var removed = 0
        /// Paired with a row at another instant.
        public var moved = 0
        /// A suppression at the same instant, for another reason.
        public var changed = 0
        /// Distinct customers with at least one added, removed, moved or changed row.
        public var customers = 0
        /// Where the step first comes in the journey (its instruction), for the order of
        /// a campaign's table: HEAD's, or BASE's when HEAD has no such row.
        var position = Int32.max

        public var isEmpty: Bool { added == 0 && removed == 0 && moved == 0 && changed == 0 }
    }

    /// One campaign's totals.
    public struct Campaign: Sendable {
        /// Its name in HEAD (in BASE when HEAD removed it).
        public let name: String
        /// Its name in BASE when it was renamed.
        public let renamedFrom: String?
        public let inBase: Bool
        public let inHead: Bool
        public var sendsAdded = 0
        public var sendsRemoved = 0
        public var added = 0
        public var removed = 0
        public var moved = 0
        public var changed = 0
        /// The median of HEAD's time minus BASE's over the moved rows (seconds; 0 when none).
        public var medianMove: Int64 = 0
        /// Distinct customers with a difference in any of the campaign's rows.
        public var customers = 0
        /// Up to `sample` of those customers, in the order of the customers file, each with
        /// the first difference found for them.
        public var samples: [Sample] = []

        public var hasDifferences: Bool { added + removed + moved + changed > 0 }
    }

    /// A customer shown as an example, with the rows that differ first for them.
    public struct Sample: Sendable {
        public let customerID: String
        /// The customer's row in BASE's and HEAD's store (nil when absent from one).
        public let baseCustomer: Int?
        public let headCustomer: Int?
        public let kind: Kind
        /// The rows (indices into each plan's `rows`) the difference is about.
        public let baseRow: Int?
        public let headRow: Int?
    }

    public enum Kind: String, Sendable, CaseIterable {
        case removed, added, moved, changed
    }

    /// Every key with a difference, by campaign name, then journey order of the step,
    /// step name, action and channel.
    public internal(set) var changes: [Change] = []
    /// Every campaign of either plan, by name (HEAD's names).
    public internal(set) var campaigns: [Campaign] = []
    /// Distinct customers with a difference in any campaign.
    public internal(set) var customers = 0

    public var hasDifferences: Bool { !changes.isEmpty }
}
