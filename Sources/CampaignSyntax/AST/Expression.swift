/// An expression over a customer (docs/language.md §3). Plain data: the checker gives it types,
/// the planner evaluates it.
public indirect enum Expr: Sendable, Hashable {
    case literal(Literal, SourceSpan)
    /// A customer field or a segment, by name.
    case name(Identifier)
    /// `event.amount`: a property of the event that triggered the campaign.
    case eventProperty(Identifier, SourceSpan)
    case unary(UnaryOperator, Expr, SourceSpan)
    case binary(BinaryOperator, Expr, Expr, SourceSpan)
    /// `x is none` / `x is not none`.
    case isNone(Expr, negated: Bool, SourceSpan)
    /// `tier in ("plus", "pro")`.
    case inList(Expr, [Expr], SourceSpan)
    /// `count(purchase where … in last 30d)`, `last(app_open)`, `clicked(survey)`.
    case call(CallExpression)
    /// Parentheses the author wrote; kept so formatting never changes how a line reads.
    case parenthesized(Expr, SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .literal(_, let span), .eventProperty(_, let span), .unary(_, _, let span),
             .binary(_, _, _, let span), .isNone(_, _, let span), .inList(_, _, let span),
             .parenthesized(_, let span):
            span
        case .name(let identifier): identifier.span
        case .call(let call): call.span
        }
    }
}

/// A literal value in an expression.
public enum Literal: Sendable, Hashable {
    case string(StringLiteral)
    /// The number as written (`42`, `3.50`) and its value.
    case number(text: String, value: Double)
    case duration(DurationLiteral)
    case percent(PercentLiteral)
    case timeOfDay(TimeOfDayLiteral)
    case date(CivilDate)
    /// `2026-12-01 07:00`, optionally with a zone.
    case instant(CivilDate, TimeOfDayLiteral)
    case bool(Bool)
    case none
    /// The instant at which the expression is evaluated.
    case now
}

public enum UnaryOperator: String, Sendable, Hashable {
    case not = "not"
    case negate = "-"
}

public enum BinaryOperator: String, Sendable, Hashable {
    case or, and
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case coalesce = "??"
    case add = "+", subtract = "-", multiply = "*", divide = "/"

    /// Binding strength: higher binds tighter. Documented in the README and the grammar.
    public var precedence: Int {
        switch self {
        case .or: 1
        case .and: 2
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: 4
        case .coalesce: 5
        case .add, .subtract: 6
        case .multiply, .divide: 7
        }
    }

    public var isComparison: Bool { precedence == 4 }
}

/// A function applied to an event (aggregates) or a message (engagement).
public struct CallExpression: Sendable, Hashable {
    public let function: Identifier
    /// `purchase`, `purchase.amount`, `survey`, `any`.
    public let subject: [Identifier]
    public let filter: Expr?
    public let window: EventWindow?
    public let span: SourceSpan

    public init(function: Identifier, subject: [Identifier], filter: Expr?, window: EventWindow?, span: SourceSpan) {
        self.function = function
        self.subject = subject
        self.filter = filter
        self.window = window
        self.span = span
    }
}

/// Which events an aggregate looks at.
public enum EventWindow: Sendable, Hashable {
    /// `in last 30d`: `now - 30d < time <= now`.
    case inLast(DurationLiteral, SourceSpan)
    /// `since entry`: `entry <= time <= now`.
    case sinceEntry(SourceSpan)
}
