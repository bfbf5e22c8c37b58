/// `campaign NAME { … }`: header clauses and steps, in the order written.
public struct CampaignDecl: Sendable, Hashable {
    public let name: Identifier
    public let members: [CampaignMember]
    public let braces: BlockBraces
    public let span: SourceSpan

    public var clauses: [CampaignClause] {
        members.compactMap { if case .clause(let clause) = $0 { clause } else { nil } }
    }

    public var steps: [Step] {
        members.compactMap { if case .step(let step) = $0 { step } else { nil } }
    }
}

/// What a campaign body holds.
public enum CampaignMember: Sendable, Hashable {
    case clause(CampaignClause)
    case step(Step)

    public var span: SourceSpan {
        switch self {
        case .clause(let clause): clause.span
        case .step(let step): step.span
        }
    }
}

/// A campaign header clause (docs/language.md §5.1).
public enum CampaignClause: Sendable, Hashable {
    case audience(Expr, SourceSpan)
    case trigger(Trigger, SourceSpan)
    case reentry(Reentry, SourceSpan)
    /// `exit when purchase where amount >= 50` or `exit when not active`: whether the
    /// head names an event or is a condition is for the checker to say.
    case exitWhen(Expr, filter: Expr?, SourceSpan)
    case goal(event: Identifier, filter: Expr?, within: DurationLiteral, SourceSpan)
    case holdout(PercentLiteral, SourceSpan)
    case priority(IntegerLiteral, SourceSpan)
    /// `cap 1 per 7d` or `cap sms 1 per 7d`: counts this campaign's sends only, beside the
    /// policy's caps (the policy's cap syntax, docs/language.md §5.1).
    case cap(channel: Identifier?, count: IntegerLiteral, per: DurationLiteral, SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .audience(_, let s), .trigger(_, let s), .reentry(_, let s), .exitWhen(_, _, let s),
             .goal(_, _, _, let s), .holdout(_, let s), .priority(_, let s), .cap(_, _, _, let s):
            s
        }
    }

    /// The words that start the clause, as written (`exit when`): its kind, for messages.
    public var keyword: String {
        switch self {
        case .audience: "audience"
        case .trigger: "trigger"
        case .reentry: "reentry"
        case .exitWhen: "exit when"
        case .goal: "goal"
        case .holdout: "holdout"
        case .priority: "priority"
        case .cap: "cap"
        }
    }
}

/// When a customer enters a campaign.
public enum Trigger: Sendable, Hashable {
    case onEvent(Identifier, filter: Expr?, key: Identifier?)
    case afterTime(DurationLiteral, Expr)
    case onEnterSegment(Identifier)
    case daily(TimeOfDayLiteral)
    case weekly(weekday: Identifier, TimeOfDayLiteral)
    case monthly(day: IntegerLiteral, TimeOfDayLiteral)
    case once(CivilDate, TimeOfDayLiteral, SourceSpan)
    /// `yearly on FIELD at T`, or `yearly 7d before FIELD at T` (`offset`).
    case yearly(field: Identifier, offset: YearlyOffset?, TimeOfDayLiteral)
}

/// `7d before` / `2d after` in `trigger yearly 7d before birthday at 10:00`: days from the
/// anniversary (docs/language.md §5.2).
public struct YearlyOffset: Sendable, Hashable {
    public let duration: DurationLiteral
    public let before: Bool

    public init(duration: DurationLiteral, before: Bool) {
        self.duration = duration
        self.before = before
    }

    /// `7d before`.
    public var text: String { "\(duration) \(before ? "before" : "after")" }
}

/// Whether a customer may enter again.
public enum Reentry: Sendable, Hashable {
    case never, always, unlessGoal
    case after(DurationLiteral)
}

/// One step of a journey.
public indirect enum Step: Sendable, Hashable {
    case send(Message, SourceSpan)
    case sendFirstOf([Message], BlockBraces, SourceSpan)
    case wait(Wait, SourceSpan)
    case branch(Branch)
    case split(Split)
    case tag(Identifier, SourceSpan)
    case untag(Identifier, SourceSpan)
    case unsubscribe(Identifier, SourceSpan)
    case exit(SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .send(_, let s), .sendFirstOf(_, _, let s), .wait(_, let s), .tag(_, let s),
             .untag(_, let s), .unsubscribe(_, let s), .exit(let s):
            s
        case .branch(let branch): branch.span
        case .split(let split): split.span
        }
    }
}

/// A list of steps between braces.
public struct StepBlock: Sendable, Hashable {
    public let steps: [Step]
    public let braces: BlockBraces

    public init(steps: [Step], braces: BlockBraces) {
        self.steps = steps
        self.braces = braces
    }
}

/// `CHANNEL NAME { fields }`: one message.
public struct Message: Sendable, Hashable {
    public let channel: Identifier
    public let name: Identifier
    public let fields: [MessageField]
    public let braces: BlockBraces
    public let span: SourceSpan

    public var isTransactional: Bool { fields.contains { $0.value == .flag && $0.name.name == "transactional" } }
}

/// `subject "…"`, `body file "x.html"`, `transactional`.
public struct MessageField: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case text(StringLiteral)
        case file(StringLiteral)
        case flag
    }

    public let name: Identifier
    public let value: Value
    public let span: SourceSpan
}

/// The forms of `wait`.
public enum Wait: Sendable, Hashable {
    case duration(DurationLiteral)
    case untilTime(TimeOfDayLiteral)
    case untilEvent(Identifier, filter: Expr?, timeout: DurationLiteral)
    case untilBestHour
}

/// `if … { } else if … { } else { }`.
public struct Branch: Sendable, Hashable {
    public struct Arm: Sendable, Hashable {
        public let condition: Expr
        public let body: StepBlock
    }

    public let arms: [Arm]
    public let otherwise: StepBlock?
    public let span: SourceSpan
}

/// `split { 50% { … } 50% { … } }`.
public struct Split: Sendable, Hashable {
    public struct Arm: Sendable, Hashable {
        public let share: PercentLiteral
        public let body: StepBlock
    }

    public let arms: [Arm]
    public let braces: BlockBraces
    public let span: SourceSpan
}
