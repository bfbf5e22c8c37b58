/// Reserved words: they cannot name a field, segment, event, campaign or message.
///
/// Everything else in the grammar (`after`, `within`, `daily`, `quiet`, type names such as
/// `text` or `email`, aggregate names such as `count`) is a contextual word: an ordinary
/// identifier that the parser recognises only where the grammar expects it, so
/// `email: email?` declares a field named `email` of type `email`.
public enum Keyword: String, Sendable, Hashable, CaseIterable {
    // Declarations.
    case `import`, customer, event, channel, segment, policy, campaign
    // Campaign clauses and steps.
    case audience, trigger, reentry, exit, goal, holdout, priority
    case send, wait, `if`, `else`, split, tag, untag, unsubscribe
    // Expressions.
    case and, or, not, `in`, `is`, none, `true`, `false`, now
}

/// The contextual words of the grammar, listed so the grammar file, the TextMate
/// grammar and the tests can be checked against what the parser accepts.
public enum ContextualWord {
    public static let all: [String] = [
        // Types.
        "id", "text", "max", "number", "bool", "time", "date", "duration", "timezone",
        "email", "phone", "one", "of",
        // Channels and policies.
        "address", "consent", "quiet", "hours", "to", "segments", "between", "cap",
        "messages", "per", "best", "hour", "from", "default", "timezone", "comply",
        // Triggers and clauses.
        "on", "enter", "after", "before", "daily", "weekly", "monthly", "day", "once", "yearly", "at",
        "where", "key", "within", "never", "always", "unless", "when",
        // Steps and messages.
        "first", "until", "file", "transactional",
        // Expressions.
        "last", "since", "entry", "count", "sum", "sent", "opened", "clicked", "any", "UTC",
    ]

    /// Monday first, as ISO 8601 counts: a weekday's index is `CivilCalendar.isoWeekday` - 1.
    public static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
}
