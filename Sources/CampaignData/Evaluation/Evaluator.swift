import CampaignSemantics
import CampaignSyntax
import Synchronization

/// Compiles the checker's typed expressions (`TypedExpr`) into closures over the dataset's
/// columns. Names arrive resolved and every node typed: the evaluator picks columns by
/// slot, once, at compile time, and never types or looks a name up itself. Anything the
/// checker rejected (`.invalid`) evaluates to unknown rather than crashing.
///
/// The compiled closures are `@Sendable` and capture only immutable values (the dataset's
/// columns, constants of the expression), so any thread may run them. The evaluator itself may be shared too: its only mutable
/// state, the segments compiled so far and the unstored reads noted, is behind a lock that
/// is taken while compiling, never while evaluating.
public final class Evaluator: Sendable {
    public typealias Condition = @Sendable (EvaluationContext) -> Tri
    typealias Numeric = @Sendable (EvaluationContext) -> Double?
    typealias Instant = @Sendable (EvaluationContext) -> Int64?
    typealias Textual = @Sendable (EvaluationContext) -> String?

    public let data: Dataset
    /// The checked program the expressions belong to (`DeclarationTable.program`).
    public var program: TypedProgram { data.table.program }
    /// What the stores hold, by the positions the typed program's references carry.
    let columns: StoreSlots

    private struct Compiled {
        var segments: [Int: Condition] = [:]
        var unstoredReads: Set<String> = []
    }

    private let compiled = Mutex(Compiled())

    /// The segments being compiled on this thread (or task): the checker rejects a cycle,
    /// and one met here anyway compiles to unknown instead of recursing without end. Per
    /// thread, because another thread compiling the same segment is no cycle.
    @TaskLocal private static var compiling: Set<Int> = []

    /// What the expressions compiled so far read that the store did not keep
    /// (`Dataset.stored`): `field x`, `event e`, `property e.p`. Always empty when the store
    /// was read for what is compiled (`DataUse` walks the same campaigns and segments);
    /// such a read evaluates as missing rather than crash, and tests hold the planner to
    /// an empty set.
    public var unstoredReads: Set<String> { compiled.withLock { $0.unstoredReads } }

    func noteUnstored(_ read: String) {
        compiled.withLock { _ = $0.unstoredReads.insert(read) }
    }

    /// An evaluator over a dataset: its columns are arranged by the typed program's
    /// positions here, once; nothing is compiled until asked.
    public init(_ data: Dataset) {
        self.data = data
        columns = StoreSlots(data)
    }

    /// A segment named on the command line, compiled once; unknown for a name that is no segment.
    public func segment(_ name: String) -> Condition {
        guard let ref = program.segment(named: name) else { return { _ in .unknown } }
        return segment(ref)
    }

    /// A segment's condition, compiled once.
    public func segment(_ ref: SegmentRef) -> Condition {
        // Closures leave the lock and the task-local scope through variables of their own
        // type: returned through the generic `withLock` or `withValue`, a condition would be
        // wrapped in conversion thunks that every evaluation pays for.
        let index = ref.index
        var condition: Condition?
        compiled.withLock { condition = $0.segments[index] }
        if let condition { return condition }
        let compiling = Self.compiling
        let segments = program.segments
        guard segments.indices.contains(index), !compiling.contains(index) else { return { _ in .unknown } }
        // Compiled outside the lock: it compiles the segments this one uses, which lock too.
        var made: Condition = { _ in .unknown }
        Self.$compiling.withValue(compiling.union([index])) { made = self.condition(segments[index].condition) }
        // Should another thread have compiled it meanwhile, every caller gets the first one kept.
        compiled.withLock { state in
            if let earlier = state.segments[index] { made = earlier } else { state.segments[index] = made }
        }
        return made
    }

    /// How a value is held at run time: what the evaluator compiles a typed node to.
    /// Dates compare and compute as instants (midnight UTC); every text-like type is text.
    enum Kind { case bool, number, time, duration, text, none }

    static func kind(of type: ValueType) -> Kind {
        switch type.wrapped {
        case .number: .number
        case .bool: .bool
        case .time, .date: .time
        case .duration: .duration
        case .none, .error: .none
        default: .text
        }
    }

    // MARK: - Conditions

    /// A typed condition compiled to a closure that says yes, no or unknown for a context
    /// (SQL's three-valued logic, `Tri`). A name the store did not keep reads as missing
    /// and is noted in `unstoredReads`; a node the checker rejected is unknown.
    public func condition(_ expression: TypedExpr) -> Condition {
        switch expression.node {
        case .literal(.bool(let value)):
            let result = Tri(value)
            return { _ in result }
        case .field, .property, .triggerProperty:
            let read = boolColumn(expression)
            return { ctx in read(ctx).map(Tri.init) ?? .unknown }
        case .segment(let ref):
            // Compiled now (segments cannot form cycles), so evaluation never touches the cache.
            return segment(ref)
        case .not(let operand):
            let inner = condition(operand)
            return { ctx in inner(ctx).negated }
        case .logical(let op, let operands):
            return logicalCondition(op, operands)
        case .compare(let op, let left, let right):
            return comparison(op, left, right)
        case .isNone(let operand, let negated):
            let present = self.present(operand)
            return { ctx in Tri(present(ctx) == negated) }
        case .inList(let operand, let items):
            let alternatives = items.map { comparison(.equal, operand, $0) }
            return { ctx in
                var result = Tri.no
                for alternative in alternatives {
                    result = Tri.or(result, alternative(ctx))
                    if result == .yes { return .yes }
                }
                return result
            }
        case .engagementHistory(let function, let history):
            return { ctx in ctx.history.map { Tri($0(function, history)) } ?? .no }
        case .engagement(let function, let message):
            let index = message?.index
            return { ctx in ctx.engagement.map { Tri($0(function, index)) } ?? .no }
        case .coalesce:
            let read = bool(expression)
            return { ctx in read(ctx).map(Tri.init) ?? .unknown }
        case .literal, .negate, .arithmetic, .aggregate, .invalid:
            return { _ in .unknown }
        }
    }

    /// Whether a value is present (for `is none`).
    func present(_ expression: TypedExpr) -> @Sendable (EvaluationContext) -> Bool {
        switch Self.kind(of: expression.type) {
        case .number: let read = number(expression); return { read($0) != nil }
        case .time: let read = instant(expression); return { read($0) != nil }
        case .duration: let read = duration(expression); return { read($0) != nil }
        case .bool: let read = bool(expression); return { read($0) != nil }
        case .text: let read = text(expression); return { read($0) != nil }
        case .none: return { _ in false }
        }
    }

    func comparison(_ op: BinaryOperator, _ left: TypedExpr, _ right: TypedExpr) -> Condition {
        let lk = Self.kind(of: left.type), rk = Self.kind(of: right.type)
        if lk == .none || rk == .none { return { _ in .unknown } }
        switch lk == .text ? rk : lk {
        case .text:
            if let fast = textEquality(op, left, right) { return fast }
            let a = text(left), b = text(right)
            return { ctx in
                guard let x = a(ctx), let y = b(ctx) else { return .unknown }
                return Tri(op == .equal ? x == y : op == .notEqual ? x != y : false)
            }
        case .number:
            let a = number(left), b = number(right)
            return { ctx in
                guard let x = a(ctx), let y = b(ctx) else { return .unknown }
                return Tri(Self.compare(op, x, y))
            }
        case .time:
            let a = instant(left), b = instant(right)
            return { ctx in
                guard let x = a(ctx), let y = b(ctx) else { return .unknown }
                return Tri(Self.compare(op, x, y))
            }
        case .duration:
            let a = duration(left), b = duration(right)
            return { ctx in
                guard let x = a(ctx), let y = b(ctx) else { return .unknown }
                return Tri(Self.compare(op, x, y))
            }
        case .bool:
            let a = bool(left), b = bool(right)
            return { ctx in
                guard let x = a(ctx), let y = b(ctx) else { return .unknown }
                return Tri(op == .equal ? x == y : x != y)
            }
        case .none:
            return { _ in .unknown }
        }
    }

    static func compare<T: Comparable>(_ op: BinaryOperator, _ x: T, _ y: T) -> Bool {
        switch op {
        case .equal: x == y
        case .notEqual: x != y
        case .less: x < y
        case .lessEqual: x <= y
        case .greater: x > y
        default: x >= y
        }
    }

    /// `field == "literal"` on an enum or text column, without making strings.
    func textEquality(_ op: BinaryOperator, _ left: TypedExpr, _ right: TypedExpr) -> Condition? {
        guard op == .equal || op == .notEqual else { return nil }
        let pair: (FieldRef, StringLiteral)
        switch (left.node, right.node) {
        case (.field(let f), .literal(.string(let s))), (.literal(.string(let s)), .field(let f)): pair = (f, s)
        default: return nil
        }
        guard let column = field(pair.0) else { return nil }
        let equal = op == .equal
        switch column {
        case .category(let values, let names):
            let target = names.firstIndex(of: pair.1.value).map(UInt32.init) ?? UInt32.max - 1
            return { ctx in
                let value = values[ctx.customer]
                if value == Column.missingCategory { return .unknown }
                return Tri((value == target) == equal)
            }
        case .text(let texts):
            let target = Array(pair.1.value.utf8)
            return { ctx in
                if texts.isMissing(ctx.customer) { return .unknown }
                return Tri(texts.equals(ctx.customer, target) == equal)
            }
        default:
            return nil
        }
    }
}
