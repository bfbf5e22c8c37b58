import CampaignSemantics
import CampaignSyntax
import Synchronization

/// A customer dataset read against a schema.
public struct Dataset: Sendable {
    public let table: DeclarationTable
    public let customers: CustomerStore
    public let events: EventStore
    /// What the readers kept: the fields, event types and properties in the stores. Every
    /// declared event type has a table, empty when it was not kept, so only this tells
    /// "no such events" from "not read".
    public let stored: DataUse

    public init(table: DeclarationTable, customers: CustomerStore, events: EventStore, stored: DataUse? = nil) {
        self.table = table
        self.customers = customers
        self.events = events
        self.stored = stored ?? .everything(in: table)
    }
}

/// SQL's three-valued logic: only `.yes` selects a customer.
public enum Tri: UInt8, Sendable {
    case no = 0, yes = 1, unknown = 2

    init(_ value: Bool) { self = value ? .yes : .no }

    static func and(_ a: Tri, _ b: Tri) -> Tri {
        if a == .no || b == .no { return .no }
        if a == .unknown || b == .unknown { return .unknown }
        return .yes
    }

    static func or(_ a: Tri, _ b: Tri) -> Tri {
        if a == .yes || b == .yes { return .yes }
        if a == .unknown || b == .unknown { return .unknown }
        return .no
    }

    var negated: Tri {
        switch self {
        case .yes: .no
        case .no: .yes
        case .unknown: .unknown
        }
    }
}

/// Where an expression is evaluated.
public struct EvaluationContext {
    public var customer: Int
    /// The instant `now` stands for (seconds since the epoch).
    public var now: Int64
    /// When the customer entered the campaign (`since entry`).
    public var entry: Int64?
    /// The triggering event (`event.*`): event table and row.
    public var trigger: (table: Int, row: Int)?
    /// The event a `where` filter is testing.
    var event: (table: Int, row: Int)?
    /// Engagement with the campaign's messages: (function, message or `any`) → engaged.
    public var engagement: ((String, String) -> Bool)?

    public init(customer: Int, now: Int64, entry: Int64? = nil, trigger: (table: Int, row: Int)? = nil,
                engagement: ((String, String) -> Bool)? = nil) {
        self.customer = customer
        self.now = now
        self.entry = entry
        self.trigger = trigger
        self.engagement = engagement
    }
}

/// Compiles checked expressions into closures over the dataset's columns. Expressions
/// are assumed to have passed the type checker; anything it would reject evaluates to
/// unknown rather than crashing.
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

    private struct Compiled {
        var segments: [String: Condition] = [:]
        var unstoredReads: Set<String> = []
    }

    private let compiled = Mutex(Compiled())

    /// The segments being compiled on this thread (or task): the checker rejects a cycle,
    /// and one met here anyway compiles to unknown instead of recursing without end. Per
    /// thread, because another thread compiling the same segment is no cycle.
    @TaskLocal private static var compiling: Set<String> = []

    /// What the expressions compiled so far read that the store did not keep
    /// (`Dataset.stored`): `field x`, `event e`, `property e.p`. Always empty when the store
    /// was read for what is compiled (`DataUse` walks the same campaigns and segments);
    /// such a read evaluates as missing rather than crash, and tests hold the planner to
    /// an empty set.
    public var unstoredReads: Set<String> { compiled.withLock { $0.unstoredReads } }

    func noteUnstored(_ read: String) {
        compiled.withLock { _ = $0.unstoredReads.insert(read) }
    }

    public init(_ data: Dataset) { self.data = data }

    /// A segment's condition, compiled once.
    public func segment(_ name: String) -> Condition {
        // Closures leave the lock and the task-local scope through variables of their own
        // type: returned through the generic `withLock` or `withValue`, a condition would be
        // wrapped in conversion thunks that every evaluation pays for.
        var condition: Condition?
        compiled.withLock { condition = $0.segments[name] }
        if let condition { return condition }
        let compiling = Self.compiling
        guard let decl = data.table.segments[name], !compiling.contains(name) else { return { _ in .unknown } }
        // Compiled outside the lock: it compiles the segments this one uses, which lock too.
        var made: Condition = { _ in .unknown }
        Self.$compiling.withValue(compiling.union([name])) { made = self.condition(decl.condition, scope: Scope()) }
        // Should another thread have compiled it meanwhile, every caller gets the first one kept.
        compiled.withLock { state in
            if let earlier = state.segments[name] { made = earlier } else { state.segments[name] = made }
        }
        return made
    }

    /// What a name means where it is compiled.
    public struct Scope {
        /// Inside `where`: the event whose properties are in scope.
        var event: Int?
        /// `trigger on EVENT`: the triggering event's table.
        public var triggerEvent: Int?

        public init(triggerEvent: Int? = nil) { self.triggerEvent = triggerEvent }
        init(event: Int?, triggerEvent: Int?) {
            self.event = event
            self.triggerEvent = triggerEvent
        }
    }

    enum Kind { case bool, number, time, duration, text, none }

    // MARK: - Kinds

    func kind(_ expression: Expr, _ scope: Scope) -> Kind {
        switch expression {
        case .literal(let literal, _):
            switch literal {
            case .string: return .text
            case .number: return .number
            case .duration: return .duration
            case .date, .instant, .now: return .time
            case .bool: return .bool
            case .none, .percent, .timeOfDay: return .none
            }
        case .name(let name):
            if let type = propertyType(name.name, scope) { return Self.kind(of: type) }
            if let field = data.table.customerFields[name.name] { return Self.kind(of: field.type) }
            return .bool
        case .eventProperty(let property, _):
            guard let t = scope.triggerEvent, let info = data.table.events[data.events.tables[t].name]?.properties[property.name] else { return .none }
            return Self.kind(of: info.type)
        case .unary(.not, _, _), .isNone, .inList: return .bool
        case .unary(.negate, let operand, _): return kind(operand, scope)
        case .binary(.coalesce, let left, let right, _):
            let k = kind(left, scope)
            return k == .none ? kind(right, scope) : k
        case .binary: return .bool
        case .chain(let chain): return kind(chain, scope)
        case .call(let call):
            switch call.function.name {
            case "count", "sum": return .number
            case "last", "first": return .time
            default: return .bool
            }
        case .parenthesized(let inner, _): return kind(inner, scope)
        }
    }

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

    func propertyType(_ name: String, _ scope: Scope) -> ValueType? {
        guard let t = scope.event else { return nil }
        return data.table.events[data.events.tables[t].name]?.properties[name]?.type
    }

    // MARK: - Conditions

    public func condition(_ expression: Expr, scope: Scope) -> Condition {
        switch expression {
        case .parenthesized(let inner, _):
            return condition(inner, scope: scope)
        case .literal(.bool(let value), _):
            let result = Tri(value)
            return { _ in result }
        case .name(let name):
            if isColumn(name.name, scope) {
                let read = boolColumn(expression, scope)
                return { ctx in read(ctx).map(Tri.init) ?? .unknown }
            }
            if data.table.segments[name.name] != nil {
                // Compiled now (segments cannot form cycles), so evaluation never touches the cache.
                return segment(name.name)
            }
            return { _ in .unknown }
        case .unary(.not, let operand, _):
            let inner = condition(operand, scope: scope)
            return { ctx in inner(ctx).negated }
        case .chain(let chain) where chain.logical != nil:
            return logicalCondition(chain.logical ?? .and, chain, scope)
        case .binary(let op, let left, let right, _) where op.isComparisonOperator:
            return comparison(op, left, right, scope)
        case .isNone(let operand, let negated, _):
            let present = self.present(operand, scope)
            return { ctx in Tri(present(ctx) == negated) }
        case .inList(let operand, let items, _):
            let alternatives = items.map { comparison(.equal, operand, $0, scope) }
            return { ctx in
                var result = Tri.no
                for alternative in alternatives {
                    result = Tri.or(result, alternative(ctx))
                    if result == .yes { return .yes }
                }
                return result
            }
        case .call(let call) where Evaluator.engagementFunctions.contains(call.function.name):
            let function = call.function.name, message = call.subject.first?.name ?? "any"
            return { ctx in ctx.engagement.map { Tri($0(function, message)) } ?? .no }
        case .binary(.coalesce, _, _, _), .eventProperty:
            let read = bool(expression, scope)
            return { ctx in read(ctx).map(Tri.init) ?? .unknown }
        default:
            return { _ in .unknown }
        }
    }

    static let engagementFunctions: Set<String> = ["sent", "opened", "clicked"]

    /// Whether a value is present (for `is none`).
    func present(_ expression: Expr, _ scope: Scope) -> @Sendable (EvaluationContext) -> Bool {
        switch kind(expression, scope) {
        case .number: let read = number(expression, scope); return { read($0) != nil }
        case .time: let read = instant(expression, scope); return { read($0) != nil }
        case .duration: let read = duration(expression, scope); return { read($0) != nil }
        case .bool: let read = bool(expression, scope); return { read($0) != nil }
        case .text: let read = text(expression, scope); return { read($0) != nil }
        case .none: return { _ in false }
        }
    }

    func comparison(_ op: BinaryOperator, _ left: Expr, _ right: Expr, _ scope: Scope) -> Condition {
        let lk = kind(left, scope), rk = kind(right, scope)
        if lk == .none || rk == .none { return { _ in .unknown } }
        switch lk == .text ? rk : lk {
        case .text:
            if let fast = textEquality(op, left, right, scope) { return fast }
            let a = text(left, scope), b = text(right, scope)
            return { ctx in
                guard let x = a(ctx), let y = b(ctx) else { return .unknown }
                return Tri(op == .equal ? x == y : op == .notEqual ? x != y : false)
            }
        case .number:
            let a = number(left, scope), b = number(right, scope)
            return { ctx in
                guard let x = a(ctx), let y = b(ctx) else { return .unknown }
                return Tri(Self.compare(op, x, y))
            }
        case .time:
            let a = instant(left, scope), b = instant(right, scope)
            return { ctx in
                guard let x = a(ctx), let y = b(ctx) else { return .unknown }
                return Tri(Self.compare(op, x, y))
            }
        case .duration:
            let a = duration(left, scope), b = duration(right, scope)
            return { ctx in
                guard let x = a(ctx), let y = b(ctx) else { return .unknown }
                return Tri(Self.compare(op, x, y))
            }
        case .bool:
            let a = bool(left, scope), b = bool(right, scope)
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
    func textEquality(_ op: BinaryOperator, _ left: Expr, _ right: Expr, _ scope: Scope) -> Condition? {
        guard op == .equal || op == .notEqual else { return nil }
        let pair: (Identifier, StringLiteral)
        switch (Self.stripped(left), Self.stripped(right)) {
        case (.name(let n), .literal(.string(let s), _)), (.literal(.string(let s), _), .name(let n)): pair = (n, s)
        default: return nil
        }
        guard scope.event == nil || propertyType(pair.0.name, scope) == nil, let column = field(pair.0.name) else { return nil }
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

    static func stripped(_ expression: Expr) -> Expr {
        if case .parenthesized(let inner, _) = expression { return stripped(inner) }
        return expression
    }
}

extension BinaryOperator {
    var isComparisonOperator: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: true
        default: false
        }
    }
}
