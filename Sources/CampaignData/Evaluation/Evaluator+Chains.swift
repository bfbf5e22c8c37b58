import CampaignSemantics
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
    func quantity(_ first: TypedExpr, _ links: [ArithmeticLink]) -> @Sendable (EvaluationContext) -> Quantity? {
        let start = quantity(first)
        let steps: [Step<Quantity>] = links.map { link in (link.op, quantity(link.operand)) }
        return { ctx in Self.fold(ctx, start, steps, Self.apply) }
    }

    /// One operand of an arithmetic chain, read as its type.
    func quantity(_ expression: TypedExpr) -> @Sendable (EvaluationContext) -> Quantity? {
        switch Self.kind(of: expression.type) {
        case .number:
            let read = number(expression)
            return { ctx in read(ctx).map(Quantity.number) }
        case .time:
            let read = instant(expression)
            return { ctx in read(ctx).map(Quantity.seconds) }
        case .duration:
            let read = duration(expression)
            return { ctx in read(ctx).map(Quantity.seconds) }
        case .bool, .text, .none:
            return { _ in nil }
        }
    }

    /// The seconds of an arithmetic chain (an instant or a duration). Sums and
    /// differences of instants and durations, the usual case (`now - 30d`), add in a loop
    /// of their own; anything else goes through `quantity`.
    func seconds(_ firstOperand: TypedExpr, _ links: [ArithmeticLink]) -> Instant {
        let firstKind = Self.kind(of: firstOperand.type)
        if firstKind == .time || firstKind == .duration, links.allSatisfy({ $0.op == .add || $0.op == .subtract }) {
            let first = firstKind == .time ? instant(firstOperand) : duration(firstOperand)
            var collected: [Step<Int64>] = []
            collected.reserveCapacity(links.count)
            for link in links {
                let operandKind = Self.kind(of: link.operand.type)
                guard operandKind == .time || operandKind == .duration else { break }
                let read: Instant = operandKind == .time ? instant(link.operand) : duration(link.operand)
                collected.append((op: link.op, read: read))
            }
            let steps = collected
            if steps.count == links.count {
                return { ctx in
                    Self.fold(ctx, first, steps) { op, x, y in op == .add ? Self.seconds(x, plus: y) : Self.seconds(x, minus: y) }
                }
            }
        }
        let read = quantity(firstOperand, links)
        return { ctx in
            guard case .seconds(let value)? = read(ctx) else { return nil }
            return value
        }
    }

    /// A number computed by an arithmetic chain; numbers alone fold in a loop of their own.
    func number(_ firstOperand: TypedExpr, _ links: [ArithmeticLink]) -> Numeric {
        if Self.kind(of: firstOperand.type) == .number, links.allSatisfy({ Self.kind(of: $0.operand.type) == .number }) {
            let first = number(firstOperand)
            let steps: [Step<Double>] = links.map { ($0.op, number($0.operand)) }
            return { ctx in
                Self.fold(ctx, first, steps) { op, x, y in
                    if case .number(let value)? = Self.apply(op, .number(x), .number(y)) { value } else { nil }
                }
            }
        }
        let read = quantity(firstOperand, links)
        return { ctx in
            guard case .number(let value)? = read(ctx) else { return nil }
            return value
        }
    }

    /// `a and b and c` stops at the first `no`, `a or b or c` at the first `yes`, left to
    /// right; otherwise the result is unknown if an operand was, as SQL's three-valued
    /// logic has it.
    func logicalCondition(_ op: BinaryOperator, _ typedOperands: [TypedExpr]) -> Condition {
        let operands = typedOperands.map { condition($0) }
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
