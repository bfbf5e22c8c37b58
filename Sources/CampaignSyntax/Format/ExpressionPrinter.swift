/// Prints expressions, types and literals in their canonical spelling: one space around
/// binary operators, the author's parentheses kept, literals as written.
public enum ExpressionPrinter {
    public static func print(_ expression: Expr) -> String {
        var out = ""
        write(expression, into: &out)
        return out
    }

    /// Appends to one string, so a long chain costs time in proportion to its length.
    static func write(_ expression: Expr, into out: inout String) {
        switch expression {
        case .chain(let chain):
            write(chain.first, into: &out)
            for link in chain.links {
                out += " " + link.op.rawValue + " "
                write(link.operand, into: &out)
            }
        case .unary(let op, let operand, _):
            out += op == .not ? "not " : "-"
            write(operand, into: &out)
        case .binary(let op, let left, let right, _):
            write(left, into: &out)
            out += " " + op.rawValue + " "
            write(right, into: &out)
        case .parenthesized(let inner, _):
            out += "("
            write(inner, into: &out)
            out += ")"
        case .isNone(let operand, let negated, _):
            write(operand, into: &out)
            out += negated ? " is not none" : " is none"
        case .inList(let operand, let items, _):
            write(operand, into: &out)
            out += " in ("
            for (index, item) in items.enumerated() {
                if index > 0 { out += ", " }
                write(item, into: &out)
            }
            out += ")"
        case .literal(let literal, _):
            out += print(literal)
        case .name(let identifier):
            out += identifier.name
        case .eventProperty(let property, _):
            out += "event." + property.name
        case .call(let call):
            out += print(call)
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
