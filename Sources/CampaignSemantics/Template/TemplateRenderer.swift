import CampaignSyntax
import Foundation

/// A value a template reads: a customer field, an event property, `campaign.name`, or
/// (in the conformance suite) arbitrary JSON-like data.
public indirect enum TemplateValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int)
    case decimal(Double)
    case string(String)
    case array([TemplateValue])
    case object([String: TemplateValue])
    /// An instant, shown at a UTC offset (the customer's local time).
    case instant(seconds: Int, offset: Int)
    case date(year: Int, month: Int, day: Int)

    public subscript(key: String) -> TemplateValue {
        if case .object(let members) = self { return members[key] ?? .null }
        return .null
    }
}

/// Renders templates with Liquid's semantics: only `nil` and `false` are falsy; `empty`
/// and `blank` compare with empty values; `and`/`or` group to the right; filters as in
/// Shopify Liquid. Deterministic: the date filter's "now" is passed in, with the UTC
/// offset it is shown at.
public struct TemplateRenderer {
    public let now: Date
    /// The UTC offset (seconds) the date filter shows `'now'` and Unix times at: the
    /// recipient's, when the planner renders a message (docs/language.md §6).
    public let offset: Int

    public init(now: Date, offset: Int = 0) {
        self.now = now
        self.offset = offset
    }

    /// What a template's variables read: paths are looked up in `root` by name, a bound
    /// variable (`.slot(i, _)`) reads `slots[i]`.
    struct Context {
        let root: TemplateValue
        let slots: [TemplateValue]
    }

    /// Renders a template whose variables are paths into `context` (the conformance suite).
    public func render(_ template: Template, _ context: TemplateValue) -> String {
        var out = ""
        render(template.nodes, Context(root: context, slots: []), into: &out)
        return out
    }

    /// Renders a bound template (`CheckedMessage`): `slots[i]` is the value of the
    /// message's `variables[i]`, read once per message by the caller.
    public func render(_ template: Template, slots: [TemplateValue]) -> String {
        var out = ""
        render(template.nodes, Context(root: .null, slots: slots), into: &out)
        return out
    }

    func render(_ nodes: [TemplateNode], _ context: Context, into out: inout String) {
        for node in nodes {
            switch node {
            case .text(let text):
                out += text
            case .output(let expression, let filters, _):
                var value = evaluate(expression, context)
                for filter in filters { value = apply(filter, to: value, context) }
                out += Self.text(value)
            case .conditional(let branches, let otherwise, let negateFirst):
                var taken = false
                for (index, branch) in branches.enumerated() {
                    var holds = test(branch.condition, context)
                    if index == 0, negateFirst { holds.toggle() }
                    if holds {
                        if !Self.isBlank(branch.body) { render(branch.body, context, into: &out) }
                        taken = true
                        break
                    }
                }
                if !taken, let otherwise, !Self.isBlank(otherwise) { render(otherwise, context, into: &out) }
            }
        }
    }

    /// A block of only whitespace (and blank blocks) renders nothing, as in Liquid.
    static func isBlank(_ nodes: [TemplateNode]) -> Bool {
        nodes.allSatisfy { node in
            switch node {
            case .text(let text): text.allSatisfy(\.isWhitespace)
            case .output: false
            case .conditional(let branches, let otherwise, _):
                branches.allSatisfy { isBlank($0.body) } && (otherwise.map(isBlank) ?? true)
            }
        }
    }

    // MARK: - Values

    func evaluate(_ expression: TemplateExpression, _ context: Context) -> TemplateValue {
        switch expression {
        case .string(let value, _): return .string(value)
        case .integer(let value, _): return .integer(value)
        case .decimal(let value, _): return .decimal(value)
        case .bool(let value, _): return .bool(value)
        case .nil: return .null
        case .empty: return .string("")
        case .blank: return .string("")
        case .slot(let slot, _):
            return context.slots.indices.contains(slot) ? context.slots[slot] : .null
        case .variable(let parts, _):
            var value = context.root
            for (position, part) in parts.enumerated() {
                switch part {
                case .name(let name, _):
                    value = Self.member(value, name, isFirst: position == 0)
                case .index(let inner):
                    let key = evaluate(inner, context)
                    switch (value, key) {
                    case (.array(let items), .integer(let i)):
                        let index = i < 0 ? items.count + i : i
                        value = items.indices.contains(index) ? items[index] : .null
                    case (.object(let members), .string(let name)):
                        value = members[name] ?? .null
                    case (.object(let members), let other):
                        value = members[Self.text(other)] ?? .null
                    default:
                        value = .null
                    }
                }
            }
            return value
        }
    }

    /// `a.b`, with Liquid's `size`, `first` and `last` on collections and strings.
    static func member(_ value: TemplateValue, _ name: String, isFirst: Bool) -> TemplateValue {
        switch value {
        case .object(let members):
            if let member = members[name] { return member }
            if name == "size", !isFirst { return .integer(members.count) }
            return .null
        case .array(let items):
            switch name {
            case "size": return .integer(items.count)
            case "first": return items.first ?? .null
            case "last": return items.last ?? .null
            default: return .null
            }
        case .string(let text):
            return name == "size" ? .integer(text.count) : .null
        default:
            return .null
        }
    }

    /// Liquid tests from the right: `a or b and c` is `a or (b and c)`.
    func test(_ condition: TemplateCondition, _ context: Context) -> Bool {
        guard let last = condition.terms.last else { return false }
        var result = test(last, context)
        for index in condition.joins.indices.reversed() where index < condition.terms.count {
            let term = condition.terms[index]
            switch condition.joins[index] {
            case .and: result = result && test(term, context)
            case .or: result = result || test(term, context)
            }
        }
        return result
    }

    func test(_ term: TemplateTerm, _ context: Context) -> Bool {
        switch term {
        case .value(let expression):
            return Self.truthy(evaluate(expression, context))
        case .comparison(let op, let left, let right):
            if case .empty = right { return compareSpecial(evaluate(left, context), op, blank: false) }
            if case .empty = left { return compareSpecial(evaluate(right, context), op, blank: false) }
            if case .blank = right { return compareSpecial(evaluate(left, context), op, blank: true) }
            if case .blank = left { return compareSpecial(evaluate(right, context), op, blank: true) }
            let a = evaluate(left, context), b = evaluate(right, context)
            switch op {
            case .equal: return Self.equal(a, b)
            case .notEqual: return !Self.equal(a, b)
            case .contains:
                switch (a, b) {
                case (_, .null), (_, .bool(false)): return false
                case (.string(let text), _): return text.contains(Self.text(b))
                case (.array(let items), _): return items.contains { Self.equal($0, b) }
                case (.object(let members), .string(let key)): return members[key] != nil
                default: return false
                }
            case .less, .lessEqual, .greater, .greaterEqual:
                guard let order = Self.order(a, b) else { return false }
                switch op {
                case .less: return order < 0
                case .lessEqual: return order <= 0
                case .greater: return order > 0
                default: return order >= 0
                }
            }
        }
    }

    func compareSpecial(_ value: TemplateValue, _ op: TemplateComparison, blank: Bool) -> Bool {
        let matches = blank ? Self.isBlank(value) : Self.isEmpty(value)
        switch op {
        case .equal: return matches
        case .notEqual: return !matches
        default: return false
        }
    }

    static func truthy(_ value: TemplateValue) -> Bool {
        switch value {
        case .null, .bool(false): false
        default: true
        }
    }

    static func isEmpty(_ value: TemplateValue) -> Bool {
        switch value {
        case .string(let text): text.isEmpty
        case .array(let items): items.isEmpty
        case .object(let members): members.isEmpty
        default: false
        }
    }

    static func isBlank(_ value: TemplateValue) -> Bool {
        switch value {
        case .null, .bool(false): true
        case .string(let text): text.allSatisfy(\.isWhitespace)
        default: isEmpty(value)
        }
    }

    static func number(_ value: TemplateValue) -> Double? {
        switch value {
        case .integer(let i): Double(i)
        case .decimal(let d): d
        default: nil
        }
    }

    static func equal(_ a: TemplateValue, _ b: TemplateValue) -> Bool {
        if let x = number(a), let y = number(b) { return x == y }
        switch (a, b) {
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        default: return a == b
        }
    }

    static func order(_ a: TemplateValue, _ b: TemplateValue) -> Int? {
        if let x = number(a), let y = number(b) { return x < y ? -1 : x > y ? 1 : 0 }
        if case .string(let x) = a, case .string(let y) = b {
            return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars) ? -1 : x == y ? 0 : 1
        }
        return nil
    }

    /// How a value prints (Ruby's `to_s`, as Liquid does).
    public static func text(_ value: TemplateValue) -> String {
        switch value {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .decimal(let d):
            if d.isFinite, d == d.rounded(), abs(d) < 1e16 { return String(Int(d)) + ".0" }
            return "\(d)"
        case .string(let s): return s
        case .array(let items): return items.map(text).joined()
        case .object(let members):
            return "{" + members.keys.sorted().map { "\"\($0)\"=>\(inspect(members[$0] ?? .null))" }.joined(separator: ", ") + "}"
        case .instant(let seconds, let offset):
            return InstantText.string(Int64(seconds), offset: Int64(offset))
        case .date(let y, let m, let d):
            return TemplateDateFormat.pad(y, 4) + "-" + TemplateDateFormat.pad(m, 2) + "-" + TemplateDateFormat.pad(d, 2)
        }
    }

    static func inspect(_ value: TemplateValue) -> String {
        switch value {
        case .string(let s): return "\"\(s)\""
        case .null: return "nil"
        default: return text(value)
        }
    }

    // MARK: - Filters

    func apply(_ filter: TemplateFilter, to value: TemplateValue, _ context: Context) -> TemplateValue {
        let arguments = filter.arguments.map { evaluate($0, context) }
        switch filter.kind {
        case .default?:
            let allowFalse = filter.keywordArguments["allow_false"].map { Self.truthy(evaluate($0, context)) } ?? false
            let fallback = arguments.first ?? .null
            switch value {
            case .null: return fallback
            case .bool(false): return allowFalse ? value : fallback
            default: return Self.isEmpty(value) ? fallback : value
            }
        case .upcase?:
            return .string(Self.text(value).uppercased())
        case .downcase?:
            return .string(Self.text(value).lowercased())
        case .capitalize?:
            let text = Self.text(value)
            guard let first = text.first else { return .string("") }
            return .string(String(first).uppercased() + text.dropFirst().lowercased())
        case .truncate?:
            if case .null = value { return .string("") }
            let text = Self.text(value)
            let length = arguments.first.flatMap(Self.integer) ?? 50
            let ellipsis = arguments.count > 1 ? Self.text(arguments[1]) : "..."
            let scalars = Array(text.unicodeScalars)
            guard scalars.count > length else { return .string(text) }
            let keep = max(0, length - ellipsis.unicodeScalars.count)
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars.prefix(keep))
            return .string(String(view) + ellipsis)
        case .date?:
            guard let format = arguments.first.map(Self.text), !format.isEmpty else { return value }
            guard let moment = TemplateDateFormat.moment(value, now: now, offset: offset) else { return value }
            return .string(TemplateDateFormat.format(moment, format))
        case let kind? where kind.isArithmetic:
            return TemplateArithmetic.apply(kind, value, arguments.first)
        case _?, nil:
            return value
        }
    }

    static func integer(_ value: TemplateValue) -> Int? {
        switch value {
        case .integer(let i): i
        case .decimal(let d): Int(d)
        case .string(let s): Int(s.trimmingCharacters(in: .whitespaces))
        default: nil
        }
    }
}
