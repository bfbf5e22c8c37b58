import CampaignSyntax

/// The checked program: every condition of every segment and campaign, typed and resolved
/// (`TypedExpr`). What the evaluator, `DataUse` and the planner compile from; the syntax
/// (`DeclarationTable.campaigns`) still gives texts, clocks and the step tree.
public struct TypedProgram: Sendable {
    /// Every segment, in name order: `SegmentRef.index` points here.
    public internal(set) var segments: [TypedSegment] = []
    /// Every event type in name order: `EventRef.index` points here.
    public internal(set) var eventNames: [String] = []
    /// The campaigns, by name (`--campaign` names them).
    public internal(set) var campaigns: [String: TypedCampaign] = [:]
    /// Segment positions by name, for a segment named on the command line.
    public internal(set) var segmentIndex: [String: Int] = [:]
    /// The customer fields each declared channel reads.
    public internal(set) var channels: [ChannelKind: ChannelFields] = [:]
    /// The events of the policy's `best hour from …`, the declared ones.
    public internal(set) var bestHourEvents: [EventRef] = []
    /// The customer's time zone: the first field declared `timezone`, if any.
    public internal(set) var timeZoneField: FieldRef?
    /// The policy's caps whose channel is known, in the order written (`Suppression.cap`
    /// counts in this list).
    public internal(set) var caps: [TypedCap] = []
    /// The policy's `comply` rules whose profile is known, in the order written, each
    /// profile once (the first).
    public internal(set) var compliance: [TypedCompliance] = []

    /// An empty program, which the checker fills.
    public init() {}

    /// The segment named on the command line, if there is one.
    public func segment(named name: String) -> SegmentRef? {
        segmentIndex[name].map { SegmentRef(index: $0, name: name) }
    }
}

/// `segment NAME = CONDITION`.
public struct TypedSegment: Sendable {
    /// The segment's name, as declared.
    public let name: String
    /// Its condition, typed.
    public internal(set) var condition: TypedExpr
}

/// The conditions of one campaign, typed. Steps that hold conditions are listed in the
/// order they are written, depth first (a branch before the branches nested in its arms):
/// the order in which the checker meets them and the planner flattens them.
public struct TypedCampaign: Sendable {
    /// The campaign's name, as declared.
    public let name: String
    /// The header clauses that count, in the order written: the first of each kind. A
    /// repeated clause is an error (E0402), but `Planner.plan` is public:
    /// the typed parts below come from these clauses, and the planner reads its texts and
    /// clocks from them too, so text and behaviour always come from one clause.
    public internal(set) var clauses: [CampaignClause] = []
    /// `audience CONDITION`; nil when the campaign has none (everyone).
    public internal(set) var audience: TypedExpr?
    /// The trigger where it names something; nil for a clock trigger or none.
    public internal(set) var trigger: TypedTrigger?
    /// `exit when …`, decided as an event or a condition; nil when there is none.
    public internal(set) var exit: TypedExit?
    /// `goal EVENT [where …] within D`: the event that counts as reaching it.
    public internal(set) var goal: EventMatch?
    /// For each `if` step, the condition of each arm (`else` has none).
    public internal(set) var branches: [[TypedExpr]] = []
    /// For each `wait until EVENT` step, its event and filter (nil when the event is unknown).
    public internal(set) var waits: [EventMatch?] = []
    /// Every message the steps send, depth first in the order written, each occurrence
    /// once (a message whose channel is no channel kind is left out): `MessageRef.index`
    /// points here, and the planner numbers its messages the same, from this list. A
    /// message on an undeclared channel has no templates (nothing was bound).
    public internal(set) var messages: [CheckedMessage] = []
    /// For each `send` or `send first of` step, the messages it tries, in order, as
    /// positions in `messages`.
    public internal(set) var sends: [[Int]] = []
    /// For each `unsubscribe` step, its channel (nil when the name is no channel kind).
    public internal(set) var unsubscribes: [ChannelKind?] = []
    /// Whether a step waits for the best hour (`wait until best hour`), which reads the
    /// policy's best-hour events.
    public internal(set) var waitsForBestHour = false
    /// `cap …` in the campaign: its own caps, counting only its sends, in the order
    /// written (`Suppression.campaignCap` counts in this list).
    public internal(set) var caps: [TypedCap] = []

    init(name: String) { self.name = name }

    /// The first message of this name, for tools and tests (names are unique in a
    /// campaign without errors); the planner goes by `MessageRef.index`.
    public func message(named name: String) -> CheckedMessage? {
        messages.first { $0.name == name }
    }
}

/// `cap [CHANNEL] N per DURATION` in the policy, its channel resolved (nil: every channel).
public struct TypedCap: Sendable {
    public let channel: ChannelKind?
    public let count: Int
    public let per: DurationLiteral
}

/// `comply PROFILE [where CONDITION]` in the policy, its profile resolved.
public struct TypedCompliance: Sendable {
    public let profile: ComplianceProfile
    /// The customers the profile binds; nil for everyone. Evaluated when a send starts
    /// and when it is delivered, as a customer condition.
    public let condition: TypedExpr?
    /// The condition as the formatter prints it (`check --verbose`).
    public let conditionText: String?
    /// The clause, for messages that point at it.
    public let span: SourceSpan
}

/// An event type with an optional `where` filter on its properties: triggers, waits,
/// exits and goals.
public struct EventMatch: Sendable {
    /// The event type.
    public let event: EventRef
    /// The `where` condition on its properties; nil when every such event matches.
    public let filter: TypedExpr?
}

/// What enters a campaign, where it names something. Clock triggers (`daily at 09:00`)
/// name nothing and have no typed form, except `weekly`, whose weekday is resolved here:
/// the syntax says all there is of the others.
public enum TypedTrigger: Sendable {
    /// `trigger on EVENT [where …] [key PROPERTY]`.
    case onEvent(EventMatch, key: PropertyRef?)
    /// `trigger D after EXPR`: the instant it counts from.
    case after(TypedExpr)
    /// `trigger on enter SEGMENT`.
    case enterSegment(SegmentRef)
    /// `trigger yearly on FIELD at …`.
    case yearly(FieldRef)
    /// `trigger weekly on DAY at …`: 0 for Monday to 6 for Sunday (ISO order).
    case weekly(weekday: Int)
}

/// `exit when …`: decided once, by the checker, as an event or a condition
/// (docs/language.md §5.5: a name that is only an event is the event).
public enum TypedExit: Sendable {
    /// `exit when EVENT [where …]`: leaves when such an event happens.
    case event(EventMatch)
    /// `exit when CONDITION`: checked at every event.
    case condition(TypedExpr)
}

/// A channel's `address:` and `consent:` fields, resolved (nil when not given or unknown).
public struct ChannelFields: Sendable {
    /// The field that holds the customer's address on the channel.
    public let address: FieldRef?
    /// The bool field that says whether the customer agreed to messages on it.
    public let consent: FieldRef?
}
