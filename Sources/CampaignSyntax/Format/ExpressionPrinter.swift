/// Prints expressions, types and literals in their canonical spelling: one space around
/// binary operators, the author's parentheses kept, literals as written.
public enum ExpressionPrinter {
    public static func print(_ expression: Expr) -> String {
        switch expression {
        case .literal(let literal, _):
            return print(literal)
        case .name(let identifier):
            return identifier.name
        case .eventProperty(let property, _):
            return "event." + property.name
        case .unary(let op, let operand, _):
            return op == .not ? "not " + print(operand) : "-" + print(operand)
        case .binary(let op, let left, let right, _):
            return print(left) + " " + op.rawValue + " " + print(right)
        case .isNone(let operand, let negated, _):
            return print(operand) + (negated ? " is not none" : " is none")
        case .inList(let operand, let items, _):
            return print(operand) + " in (" + items.map(print).joined(separator: ", ") + ")"
        case .call(let call):
            return print(call)
        case .parenthesized(let inner, _):
            return "(" + print(inner) + ")"
        }
    }

    public static func print(_ call: CallExpression) -> String {
        var text = call.function.name + "(" + call.subject.map(\.name).joined(separator: ".")
        if let filter = call.filter { text += " where " + print(filter) }
        switch call.window {
        case .inLast(let length, _)?: text += " in last " + length.description
        case .sinceEntry?: text += " since entry"
        case nil: break
        }
        return text + ")"
    }

    public static func print(_ literal: Literal) -> String {
        switch literal {
        case .string(let string): string.raw
        case .number(let text, _): text
        case .duration(let duration): duration.description
        case .percent(let percent): percent.text
        case .timeOfDay(let time): time.description
        case .date(let date): date.description
        case .instant(let date, let time): date.description + " " + time.description
        case .bool(let value): value ? "true" : "false"
        case .none: "none"
        case .now: "now"
        }
    }

    public static func print(_ type: TypeSyntax) -> String {
        let base: String
        switch type.base {
        case .id: base = "id"
        case .text(let limit): base = limit.map { "text(max \($0.value))" } ?? "text"
        case .number: base = "number"
        case .bool: base = "bool"
        case .time: base = "time"
        case .date: base = "date"
        case .duration: base = "duration"
        case .timezone: base = "timezone"
        case .email: base = "email"
        case .phone: base = "phone"
        case .oneOf(let values): base = "one of (" + values.map(\.raw).joined(separator: ", ") + ")"
        }
        return base + (type.isOptional ? "?" : "")
    }
}
