import CampaignSyntax

/// A checked expression: every node carries its type, and every name is resolved to what
/// it denotes (docs/language.md §3). The checker makes these; the evaluator, `DataUse` and
/// the planner compile from them and never type or look a name up again.
///
/// Parentheses leave no node of their own: a parenthesized expression is its inner
/// expression, with `syntax` still the text as written (what `explain` prints).
public struct TypedExpr: Sendable {
    /// The type the checker gave the expression (`.error` where it reported a problem).
    public let type: ValueType
    /// What the expression computes, its operands typed and its names resolved.
    public let node: Node
    /// The expression as written: its span, and its text through `ExpressionPrinter`.
    public let syntax: Expr

    /// A node as the checker types it (tests and tools build them too).
    public init(_ type: ValueType, _ node: Node, syntax: Expr) {
        self.type = type
        self.node = node
        self.syntax = syntax
    }

    /// Where the expression was written (what a diagnostic or a language server points at).
    public var span: SourceSpan { syntax.span }

    /// What an expression computes, with its operands typed.
    public indirect enum Node: Sendable {
        /// A number, text, bool, time, date, duration or `now`, as written.
        case literal(Literal)
        /// A customer field.
        case field(FieldRef)
        /// A segment's condition, by reference (compiled once, wherever it is used).
        case segment(SegmentRef)
        /// A property of the event a `where` filter is testing, by bare name.
        case property(PropertyRef)
        /// `event.amount`: a property of the event that triggered the campaign.
        case triggerProperty(PropertyRef)
        /// `not a`.
        case not(TypedExpr)
        /// `-a`.
        case negate(TypedExpr)
        /// `a < b`, `a == b`, …
        case compare(BinaryOperator, TypedExpr, TypedExpr)
        /// `a ?? b`: `b` when `a` is missing.
        case coalesce(TypedExpr, TypedExpr)
        /// `a and b and c` or `a or b or c` (the operator is `.and` or `.or`).
        case logical(BinaryOperator, [TypedExpr])
        /// `now - 30d + 1h`: grouped from the left, each link typed as far as it reaches.
        case arithmetic(TypedExpr, [ArithmeticLink])
        /// `a is none`, or `a is not none` when `negated`.
        case isNone(TypedExpr, negated: Bool)
        /// `a in (b, c)`.
        case inList(TypedExpr, [TypedExpr])
        /// `count(…)`, `sum(…)`, `first(…)`, `last(…)` over the customer's events.
        case aggregate(Aggregate)
        /// `sent(m)`, `opened(any)`: `message` is nil for `any`.
        case engagement(Builtin, message: MessageRef?)
        /// `clicked(other.message)`, `sent(any sms in last 30d)`: across campaigns.
        case engagementHistory(Builtin, EngagementHistory)
        /// Something the checker reported as wrong; evaluates as unknown.
        case invalid
    }
}

/// One operator of an arithmetic chain, its right operand, and the type of everything up
/// to it (`(a op b)` for the first link).
public struct ArithmeticLink: Sendable {
    /// `+`, `-`, `*` or `/`.
    public let op: BinaryOperator
    /// The operand to its right.
    public let operand: TypedExpr
    /// The type of the chain up to and including this link.
    public let resultType: ValueType

    /// A link as the checker types it.
    public init(_ op: BinaryOperator, _ operand: TypedExpr, resultType: ValueType) {
        self.op = op
        self.operand = operand
        self.resultType = resultType
    }
}

/// `count(purchase where amount > 50 in last 30d)`, `sum(purchase.amount)`, `last(app_open)`.
public struct Aggregate: Sendable {
    /// `count`, `sum`, `first` or `last` (an aggregate-family `Builtin`).
    public let function: Builtin
    /// The event type it looks at.
    public let event: EventRef
    /// The property `sum` adds up.
    public let property: PropertyRef?
    /// A condition on each event, its properties in scope by bare name.
    public let filter: TypedExpr?
    /// `in last 30d` or `since entry`; nil for every event up to `now`.
    public let window: EventWindow?

    /// An aggregate as the checker types it.
    public init(function: Builtin, event: EventRef, property: PropertyRef?, filter: TypedExpr?, window: EventWindow?) {
        self.function = function
        self.event = event
        self.property = property
        self.filter = filter
        self.window = window
    }
}
