/// An expression over a customer (docs/language.md §3). Plain data: the checker gives it types,
/// the planner evaluates it.
public indirect enum Expr: Sendable, Hashable {
    case literal(Literal, SourceSpan)
    /// A customer field or a segment, by name.
    case name(Identifier)
    /// `event.amount`: a property of the event that triggered the campaign.
    case eventProperty(Identifier, SourceSpan)
    case unary(UnaryOperator, Expr, SourceSpan)
    /// A comparison (`a < b`, never chained) or `a ?? b` (grouping to the right).
    case binary(BinaryOperator, Expr, Expr, SourceSpan)
    /// `a and b and c`, `now - 30d + 1h`, `x * y / z`: the operators that group to the left.
    case chain(OperatorChain)
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
        case .chain(let chain): chain.span
        }
    }
}

/// Operands joined left to right by operators of one precedence level (`or`; `and`;
/// `+ -`; `* /`), which group to the left: `a - b - c` means `(a - b) - c`
/// (docs/language.md §3.3). The chain is kept flat rather than as nested pairs
/// so that every walk over it is a loop: a generated condition of 100,000 terms is read,
/// checked, printed and evaluated without recursing once per term.
public struct OperatorChain: Sendable, Hashable {
    /// One operator and the operand on its right.
    public struct Link: Sendable, Hashable {
        public let op: BinaryOperator
        public let operand: Expr

        public init(_ op: BinaryOperator, _ operand: Expr) {
            self.op = op
            self.operand = operand
        }
    }

    public let first: Expr
    /// At least one; every operator has the same precedence.
    public let links: [Link]
    public let span: SourceSpan

    public init(first: Expr, links: [Link], span: SourceSpan) {
        self.first = first
        self.links = links
        self.span = span
    }

    /// The operands in order: `first`, then each link's.
    public var operands: [Expr] { [first] + links.map(\.operand) }

    /// `and` or `or` when the chain is a conjunction or a disjunction (those levels have
    /// one operator each), nil for arithmetic.
    public var logical: BinaryOperator? {
        guard let op = links.first?.op, op == .and || op == .or else { return nil }
        return op
    }

    /// What the operands up to link `index` cover: the span of `(…(first op a) … op b)`,
    /// where a diagnostic about that link's operation points.
    public func span(through index: Int) -> SourceSpan {
        first.span.through(links[index].operand.span)
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

    /// Whether operands joined by this operator form an `OperatorChain` (it groups to the
    /// left and may repeat), rather than a `.binary` pair.
    public var chains: Bool {
        switch self {
        case .or, .and, .add, .subtract, .multiply, .divide: true
        default: false
        }
    }
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
