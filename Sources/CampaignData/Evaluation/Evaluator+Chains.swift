import CampaignSyntax

/// Operator chains (`a and b and c`, `now - 30d + 1h`, `x * y / z`): the operands are
/// compiled once and combined by a loop at run time, so a chain of any length costs no
/// stack, neither to compile nor to evaluate.
extension Evaluator {
    /// A value inside an arithmetic chain: a number, or seconds (an instant or a duration).
    enum Quantity: Equatable, Sendable {
        case number(Double)
        case seconds(Int64)
    }

    /// The kind of `left op right` for `+ - * /` on operands the checker accepted.
    static func arithmeticKind(_ op: BinaryOperator, _ left: Kind, _ right: Kind) -> Kind {
        switch (op, left, right) {
        case (_, .time, .duration), (.add, .duration, .time): .time
        case (.subtract, .time, .time): .duration
        case (.divide, .duration, .duration): .number
        case (_, .duration, _), (_, _, .duration): .duration
        default: .number
        }
    }

    /// The kind of a chain: `.bool` for `and`/`or`, else the kinds folded from the left.
    func kind(_ chain: OperatorChain, _ scope: Scope) -> Kind {
        if chain.logical != nil { return .bool }
        var result = kind(chain.first, scope)
        for link in chain.links { result = Self.arithmeticKind(link.op, result, kind(link.operand, scope)) }
        return result
    }

    /// One operation of a chain. Seconds past `secondsLimit` are unknown, like a missing
    /// value (`Evaluator.seconds`), so no value in the data can trap; nil too where the
    /// checker would have refused the types, or for a division by zero.
    static func apply(_ op: BinaryOperator, _ left: Quantity, _ right: Quantity) -> Quantity? {
        switch (left, right) {
        case (.number(let x), .number(let y)):
            switch op {
            case .add: return .number(x + y)
            case .subtract: return .number(x - y)
            case .multiply: return .number(x * y)
            case .divide: return y == 0 ? nil : .number(x / y)
            default: return nil
            }
        case (.seconds(let x), .seconds(let y)):
            switch op {
            case .add: return seconds(x, plus: y).map(Quantity.seconds)
            case .subtract: return seconds(x, minus: y).map(Quantity.seconds)
            case .divide: return y == 0 ? nil : .number(Double(x) / Double(y))
            default: return nil
            }
        case (.seconds(let x), .number(let y)):
            switch op {
            case .multiply: return seconds(Double(x) * y).map(Quantity.seconds)
            case .divide: return y == 0 ? nil : seconds(Double(x) / y).map(Quantity.seconds)
            default: return nil
            }
        case (.number(let x), .seconds(let y)):
            return op == .multiply ? seconds(x * Double(y)).map(Quantity.seconds) : nil
        }
    }

    /// One step of a chain at run time: its operator and how to read its operand.
    typealias Step<Value: Sendable> = (op: BinaryOperator, read: @Sendable (EvaluationContext) -> Value?)

    /// The run-time loop of every chain: the first operand, then each step combined in
    /// from the left; nil as soon as an operand is missing or `combine` refuses.
    @inline(__always)
    static func fold<Value: Sendable>(_ ctx: EvaluationContext, _ first: (EvaluationContext) -> Value?, _ steps: [Step<Value>],
                            _ combine: (BinaryOperator, Value, Value) -> Value?) -> Value? {
        guard var value = first(ctx) else { return nil }
        for step in steps {
            guard let right = step.read(ctx), let next = combine(step.op, value, right) else { return nil }
            value = next
        }
        return value
    }

    /// An arithmetic chain, folded from the left at run time.
    func quantity(_ chain: OperatorChain, _ scope: Scope) -> @Sendable (EvaluationContext) -> Quantity? {
        let first = quantity(chain.first, kind(chain.first, scope), scope)
        let steps: [Step<Quantity>] = chain.links.map { link in (link.op, quantity(link.operand, kind(link.operand, scope), scope)) }
        return { ctx in Self.fold(ctx, first, steps, Self.apply) }
    }

    /// One operand of an arithmetic chain, read as its kind.
    func quantity(_ expression: Expr, _ kind: Kind, _ scope: Scope) -> @Sendable (EvaluationContext) -> Quantity? {
        switch kind {
        case .number:
            let read = number(expression, scope)
            return { ctx in read(ctx).map(Quantity.number) }
        case .time:
            let read = instant(expression, scope)
            return { ctx in read(ctx).map(Quantity.seconds) }
        case .duration:
            let read = duration(expression, scope)
            return { ctx in read(ctx).map(Quantity.seconds) }
        case .bool, .text, .none:
            return { _ in nil }
        }
    }

    /// The seconds of an arithmetic chain (an instant or a duration). Sums and
    /// differences of instants and durations, the usual case (`now - 30d`), add in a loop
    /// of their own; anything else goes through `quantity`.
    func seconds(_ chain: OperatorChain, _ scope: Scope) -> Instant {
        let firstKind = kind(chain.first, scope)
        if firstKind == .time || firstKind == .duration, chain.links.allSatisfy({ $0.op == .add || $0.op == .subtract }) {
            let first = firstKind == .time ? instant(chain.first, scope) : duration(chain.first, scope)
            var collected: [Step<Int64>] = []
            collected.reserveCapacity(chain.links.count)
            for link in chain.links {
                let operandKind = kind(link.operand, scope)
                guard operandKind == .time || operandKind == .duration else { break }
                let read: Instant = operandKind == .time ? instant(link.operand, scope) : duration(link.operand, scope)
                collected.append((op: link.op, read: read))
            }
            let steps = collected
            if steps.count == chain.links.count {
                return { ctx in
                    Self.fold(ctx, first, steps) { op, x, y in op == .add ? Self.seconds(x, plus: y) : Self.seconds(x, minus: y) }
                }
            }
        }
        let read = quantity(chain, scope)
        return { ctx in
            guard case .seconds(let value)? = read(ctx) else { return nil }
            return value
        }
    }

    /// A number computed by an arithmetic chain; numbers alone fold in a loop of their own.
    func number(_ chain: OperatorChain, _ scope: Scope) -> Numeric {
        if chain.operands.allSatisfy({ kind($0, scope) == .number }) {
            let first = number(chain.first, scope)
            let steps: [Step<Double>] = chain.links.map { ($0.op, number($0.operand, scope)) }
            return { ctx in
                Self.fold(ctx, first, steps) { op, x, y in
                    if case .number(let value)? = Self.apply(op, .number(x), .number(y)) { value } else { nil }
                }
            }
        }
        let read = quantity(chain, scope)
        return { ctx in
            guard case .number(let value)? = read(ctx) else { return nil }
            return value
        }
    }

    /// `a and b and c` stops at the first `no`, `a or b or c` at the first `yes`, left to
    /// right; otherwise the result is unknown if an operand was, as SQL's three-valued
    /// logic has it.
    func logicalCondition(_ op: BinaryOperator, _ chain: OperatorChain, _ scope: Scope) -> Condition {
        let operands = chain.operands.map { condition($0, scope: scope) }
        let decisive: Tri = op == .and ? .no : .yes
        let otherwise: Tri = op == .and ? .yes : .no
        return { ctx in
            var result = otherwise
            for operand in operands {
                let value = operand(ctx)
                if value == decisive { return decisive }
                if value == .unknown { result = .unknown }
            }
            return result
        }
    }
}
