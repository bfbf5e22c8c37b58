import CampaignSyntax

/// A checked expression: every node carries its type, and every name is resolved to what
/// it denotes (docs/language.md §3). The checker makes these; the evaluator, `DataUse` and
/// the planner compile from them and never type or look a name up again.
///
/// Parentheses leave no node of their own: a parenthesized expression is its inner
/// expression, with `syntax` still the text as written (what `explain` prints).
public struct TypedExpr: Sendable {
    public let type: ValueType
    public let node: Node
    /// The expression as written: its span, and its text through `ExpressionPrinter`.
    public let syntax: Expr

    public init(_ type: ValueType, _ node: Node, syntax: Expr) {
        self.type = type
        self.node = node
        self.syntax = syntax
    }

    /// Where the expression was written (what a diagnostic or a language server points at).
    public var span: SourceSpan { syntax.span }

    /// What an expression computes, with its operands typed.
    public indirect enum Node: Sendable {
        case literal(Literal)
        case field(FieldRef)
        case segment(SegmentRef)
        /// A property of the event a `where` filter is testing, by bare name.
        case property(PropertyRef)
        /// `event.amount`: a property of the event that triggered the campaign.
        case triggerProperty(PropertyRef)
        case not(TypedExpr)
        case negate(TypedExpr)
        /// `a < b`, `a == b`, …
        case compare(BinaryOperator, TypedExpr, TypedExpr)
        case coalesce(TypedExpr, TypedExpr)
        /// `a and b and c` or `a or b or c` (the operator is `.and` or `.or`).
        case logical(BinaryOperator, [TypedExpr])
        /// `now - 30d + 1h`: grouped from the left, each link typed as far as it reaches.
        case arithmetic(TypedExpr, [ArithmeticLink])
        case isNone(TypedExpr, negated: Bool)
        case inList(TypedExpr, [TypedExpr])
        case aggregate(Aggregate)
        /// `sent(m)`, `opened(any)`: `message` is nil for `any`.
        case engagement(Builtin, message: MessageRef?)
        /// Something the checker reported as wrong; evaluates as unknown.
        case invalid
    }
}

/// One operator of an arithmetic chain, its right operand, and the type of everything up
/// to it (`(a op b)` for the first link).
public struct ArithmeticLink: Sendable {
    public let op: BinaryOperator
    public let operand: TypedExpr
    public let resultType: ValueType

    public init(_ op: BinaryOperator, _ operand: TypedExpr, resultType: ValueType) {
        self.op = op
        self.operand = operand
        self.resultType = resultType
    }
}

/// `count(purchase where amount > 50 in last 30d)`, `sum(purchase.amount)`, `last(app_open)`.
public struct Aggregate: Sendable {
    public let function: Builtin
    public let event: EventRef
    /// The property `sum` adds up.
    public let property: PropertyRef?
    /// A condition on each event, its properties in scope by bare name.
    public let filter: TypedExpr?
    public let window: EventWindow?

    public init(function: Builtin, event: EventRef, property: PropertyRef?, filter: TypedExpr?, window: EventWindow?) {
        self.function = function
        self.event = event
        self.property = property
        self.filter = filter
        self.window = window
    }
}
