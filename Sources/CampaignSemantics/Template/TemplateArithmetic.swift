import Foundation

/// Liquid's math filters (`plus`, `minus`, `times`, `divided_by`, `modulo`, `round`), as
/// Shopify Liquid computes them (docs/language.md §6): whole numbers stay whole (division
/// and `modulo` round toward negative infinity, as Ruby's do); a decimal takes part as an
/// exact decimal, so `10.1 | minus: 2.2` is 7.9, not 7.8999999999999995, and prints as a
/// decimal (`10 | plus: 2.0` is 12.0); text is read as a number (a string such as "10.1"
/// as a decimal, any other as its leading whole number: "foo" is 0), anything else is 0.
enum TemplateArithmetic {
    /// A number as Liquid's `to_number` makes it.
    enum Number: Equatable {
        case whole(Int)
        case decimal(Decimal)

        var isZero: Bool {
            switch self {
            case .whole(let value): value == 0
            case .decimal(let value): value.isZero
            }
        }

        var asDecimal: Decimal {
            switch self {
            case .whole(let value): Decimal(value)
            case .decimal(let value): value
            }
        }

        /// Ruby's `to_i` of the number: a decimal loses its fraction (toward zero).
        var whole: Int {
            switch self {
            case .whole(let value): return value
            case .decimal(let value):
                let double = TemplateArithmetic.double(value)
                return double.isFinite && double.magnitude < 9e18 ? Int(double) : 0
            }
        }
    }

    /// The value `to_number` gives `value`.
    static func number(_ value: TemplateValue) -> Number {
        switch value {
        case .integer(let value): return .whole(value)
        case .decimal(let value): return decimal(value).map(Number.decimal) ?? .whole(0)
        case .string(let text): return number(text)
        default: return .whole(0)
        }
    }

    /// A decimal string (`-?digits.digits`, spaces around it ignored) is a decimal; any
    /// other text is its leading whole number (Ruby's `to_i`), 0 when it has none.
    static func number(_ text: String) -> Number {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.hasPrefix("-") ? trimmed.dropFirst() : Substring(trimmed)
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
           let value = Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX")) {
            return .decimal(value)
        }
        var sign = 1
        var rest = Substring(trimmed)
        if let first = rest.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            rest = rest.dropFirst()
        }
        let leading = rest.prefix(while: \.isASCIIDigit)
        guard !leading.isEmpty, let value = Int(leading) else { return .whole(0) }
        return .whole(sign * value)
    }

    /// A float as Ruby's `BigDecimal(float.to_s)` reads it: its shortest decimal form.
    static func decimal(_ value: Double) -> Decimal? {
        guard value.isFinite else { return nil }
        return Decimal(string: "\(value)", locale: Locale(identifier: "en_US_POSIX"))
    }

    static func double(_ value: Decimal) -> Double {
        Double(value.description) ?? 0
    }

    /// A divisor `TemplateFilters.validate` accepts: a number other than zero written in
    /// the template (a division by zero is an error in Liquid, and one by a customer's value
    /// could be zero for some customer only).
    static func isNonZeroLiteral(_ expression: TemplateExpression) -> Bool {
        switch expression {
        case .integer(let value, _): value != 0
        case .decimal(let value, _): value != 0 && value.isFinite
        case .string(let text, _): !number(text).isZero
        default: false
        }
    }

    /// `input | kind: argument` for a math filter (`kind.isArithmetic`).
    static func apply(_ kind: TemplateFilterKind, _ input: TemplateValue, _ argument: TemplateValue?) -> TemplateValue {
        let a = number(input)
        if kind == .round { return round(a, places: argument.map { number($0).whole } ?? 0) }
        let b = argument.map(number) ?? .whole(0)
        if case .whole(let x) = a, case .whole(let y) = b, let whole = wholeResult(kind, x, y) { return .integer(whole) }
        let x = a.asDecimal, y = b.asDecimal
        switch kind {
        case .plus: return decimalValue(x + y)
        case .minus: return decimalValue(x - y)
        case .times: return decimalValue(x * y)
        case .dividedBy:
            guard !y.isZero else { return .null }
            return decimalValue(x / y)
        case .modulo:
            guard !y.isZero else { return .null }
            // Ruby's modulo takes the sign of the divisor: x - y * floor(x / y).
            return decimalValue(x - y * Decimal(floor(double(x / y))))
        default:
            return input
        }
    }

    /// The whole-number result, or nil when it overflows (the decimal path takes over) or
    /// the divisor is zero.
    private static func wholeResult(_ kind: TemplateFilterKind, _ x: Int, _ y: Int) -> Int? {
        switch kind {
        case .plus: return x.addingReportingOverflow(y).overflow ? nil : x + y
        case .minus: return x.subtractingReportingOverflow(y).overflow ? nil : x - y
        case .times: return x.multipliedReportingOverflow(by: y).overflow ? nil : x * y
        case .dividedBy:
            guard y != 0, !(x == .min && y == -1) else { return nil }
            let quotient = x / y
            return x % y != 0 && (x < 0) != (y < 0) ? quotient - 1 : quotient
        case .modulo:
            guard y != 0, !(x == .min && y == -1) else { return nil }
            let remainder = x % y
            return remainder != 0 && (remainder < 0) != (y < 0) ? remainder + y : remainder
        default: return nil
        }
    }

    private static func decimalValue(_ value: Decimal) -> TemplateValue { .decimal(double(value)) }

    /// `round: places`: to whole numbers (a whole result) at 0 places or fewer, else to a
    /// decimal with that many places; halves round away from zero, as Ruby's do.
    private static func round(_ value: Number, places: Int) -> TemplateValue {
        let places = max(-18, min(places, 18))
        switch value {
        case .whole(let whole):
            guard places < 0 else { return .integer(whole) }
            return .integer(Int(roundedAwayFromZero(Decimal(whole), places: places).description) ?? whole)
        case .decimal(let decimal):
            let rounded = roundedAwayFromZero(decimal, places: places)
            if places <= 0 { return .integer(Int(rounded.description) ?? Int(double(rounded))) }
            return decimalValue(rounded)
        }
    }

    private static func roundedAwayFromZero(_ value: Decimal, places: Int) -> Decimal {
        var input = value, result = Decimal()
        NSDecimalRound(&result, &input, places, .plain)
        return result
    }
}
