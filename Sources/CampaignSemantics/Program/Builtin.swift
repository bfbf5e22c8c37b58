/// The built-in functions of the language (docs/language.md §3.4, §3.5): aggregates over a
/// customer's events and engagement with the campaign's own messages. The checker resolves
/// a call's name to one of these once; everything after it switches over the enum, so a
/// new built-in is a new case here and its implementations, never a string to match.
public enum Builtin: String, Sendable, Hashable, CaseIterable {
    // The order is the one "did you mean" candidates are offered in.
    case count, sum, last, first
    case sent, opened, clicked

    /// What a built-in reads.
    public enum Family: Sendable, Hashable {
        /// `count(purchase where … in last 30d)`: events of one type, filtered and windowed.
        case aggregate
        /// `clicked(survey)`: a message of this campaign, or `any`.
        case engagement
    }

    /// Whether the built-in reads events (an aggregate) or the campaign's own messages
    /// (engagement): what the checker expects as its argument and who answers it.
    public var family: Family {
        switch self {
        case .count, .sum, .last, .first: .aggregate
        case .sent, .opened, .clicked: .engagement
        }
    }

    /// The function a name written in a call denotes; nil for an unknown name.
    public init?(named name: String) { self.init(rawValue: name) }

    /// The type of a call: a number for `count` and `sum`, the instant of an event (none
    /// when there is none) for `first` and `last`, a condition for engagement.
    public var resultType: ValueType {
        switch self {
        case .count, .sum: .number
        case .last, .first: .optional(.time)
        case .sent, .opened, .clicked: .bool
        }
    }

    /// Whether the subject names a property after the event (`sum(purchase.amount)`);
    /// the other aggregates take the event alone.
    public var takesProperty: Bool { self == .sum }

    /// The help of "must be true or false" when a call of this built-in stands alone as a
    /// condition; `printed` is the call as written.
    public func conditionHelp(_ printed: String) -> String? {
        switch self {
        case .count, .sum: "write `\(printed) > 0`"
        case .last, .first: "write `\(printed) is not none`"
        case .sent, .opened, .clicked: nil
        }
    }
}
