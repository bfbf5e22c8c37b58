/// A parsed message template: the Liquid subset of docs/language.md §6. Offsets are UTF-8 offsets
/// into the template text, so a diagnostic can point at the exact characters inside the
/// `.campaign` string (through a `ValueOffsetMap`).
public struct Template: Sendable, Hashable {
    public let nodes: [TemplateNode]
}

/// A run of the template.
public indirect enum TemplateNode: Sendable, Hashable {
    case text(String)
    /// `{{ expression | filter: args }}`.
    case output(TemplateExpression, [TemplateFilter], Range<Int>)
    /// `{% if %}…{% elsif %}…{% else %}…{% endif %}`; `unless` negates the first condition.
    case conditional([TemplateBranch], otherwise: [TemplateNode]?, negateFirst: Bool)
}

public struct TemplateBranch: Sendable, Hashable {
    public let condition: TemplateCondition
    public let body: [TemplateNode]
}

/// A condition inside `{% if … %}`: terms joined by `and` and `or`. Liquid groups them
/// from the right with no precedence: `a or b and c` is `a or (b and c)`, `a and b or c`
/// is `a and (b or c)`. Kept flat, so a condition of any length is tested by a loop.
public struct TemplateCondition: Sendable, Hashable {
    /// At least one.
    public let terms: [TemplateTerm]
    /// `joins[i]` stands between `terms[i]` and `terms[i + 1]`.
    public let joins: [TemplateJoin]

    public init(terms: [TemplateTerm], joins: [TemplateJoin]) {
        self.terms = terms
        self.joins = joins
    }
}

/// One side of an `and` or `or` in a template condition.
public enum TemplateTerm: Sendable, Hashable {
    case value(TemplateExpression)
    case comparison(TemplateComparison, TemplateExpression, TemplateExpression)
}

public enum TemplateJoin: String, Sendable, Hashable {
    case and, or
}

public enum TemplateComparison: String, Sendable, Hashable {
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case contains
}

/// A value in a template.
public indirect enum TemplateExpression: Sendable, Hashable {
    case string(String, Range<Int>)
    case integer(Int, Range<Int>)
    case decimal(Double, Range<Int>)
    case bool(Bool, Range<Int>)
    case `nil`(Range<Int>)
    /// `empty` and `blank`: compare equal to empty strings and collections.
    case empty(Range<Int>)
    case blank(Range<Int>)
    /// `first_name`, `event.amount`, `a[0]`, `a["key"]`, `a[b]`.
    case variable([TemplatePathPart], Range<Int>)
    /// A variable the checker bound: the index of what it denotes in its message's
    /// `CheckedMessage.variables`. The parser never makes one; rendering reads the value
    /// from the slot instead of looking the path up by name.
    case slot(Int, Range<Int>)

    public var range: Range<Int> {
        switch self {
        case .string(_, let r), .integer(_, let r), .decimal(_, let r), .bool(_, let r), .nil(let r),
             .empty(let r), .blank(let r), .variable(_, let r), .slot(_, let r):
            r
        }
    }
}

public enum TemplatePathPart: Sendable, Hashable {
    case name(String, Range<Int>)
    case index(TemplateExpression)
}

/// `| truncate: 20`, `| default: 'there'`, `| default: x, allow_false: true`.
public struct TemplateFilter: Sendable, Hashable {
    public let name: String
    /// The filter the name denotes, nil for a name the subset does not have: resolved once
    /// when parsed, so rendering and the analyses switch on it instead of on the name.
    public let kind: TemplateFilterKind?
    public let arguments: [TemplateExpression]
    public let keywordArguments: [String: TemplateExpression]
    public let range: Range<Int>

    init(name: String, arguments: [TemplateExpression], keywordArguments: [String: TemplateExpression], range: Range<Int>) {
        self.name = name
        self.kind = TemplateFilterKind(rawValue: name)
        self.arguments = arguments
        self.keywordArguments = keywordArguments
        self.range = range
    }

    /// The same filter with its arguments replaced (by their bound forms).
    func with(arguments: [TemplateExpression], keywordArguments: [String: TemplateExpression]) -> TemplateFilter {
        TemplateFilter(name: name, arguments: arguments, keywordArguments: keywordArguments, range: range)
    }
}

/// The filters of the subset (docs/language.md §6).
public enum TemplateFilterKind: String, Sendable, Hashable, CaseIterable {
    case `default`, upcase, downcase, capitalize, truncate, date
    /// Liquid's math filters: with `date: '%s'` and `'now'`, what a coupon's expiry is
    /// computed with (`{{ 'now' | date: '%s' | plus: 604800 | date: '%b %d' }}`).
    case plus, minus, times, dividedBy = "divided_by", modulo, round

    /// The filters that divide by their argument, which must be a number other than zero
    /// written in the template (`TemplateFilters.validate`).
    public var divides: Bool { self == .dividedBy || self == .modulo }

    /// The filters that compute on numbers.
    public var isArithmetic: Bool {
        switch self {
        case .plus, .minus, .times, .dividedBy, .modulo, .round: true
        default: false
        }
    }
}

/// A template error, with where it is in the template text.
public struct TemplateError: Error, Sendable, Hashable {
    public let message: String
    public let range: Range<Int>
    public let help: String?

    public init(_ message: String, _ range: Range<Int>, help: String? = nil) {
        self.message = message
        self.range = range
        self.help = help
    }
}

/// The filters of the subset, with how many positional arguments each takes.
public enum TemplateFilters {
    /// Every filter's name, sorted: what the word lists and "did you mean" offer.
    public static var names: [String] { TemplateFilterKind.allCases.map(\.rawValue).sorted() }
}

extension TemplateFilterKind {
    /// How many positional arguments it takes.
    public var arity: ClosedRange<Int> {
        switch self {
        case .default: 0...1
        case .upcase, .downcase, .capitalize: 0...0
        case .truncate: 0...2
        case .date: 1...1
        case .plus, .minus, .times, .dividedBy, .modulo: 1...1
        case .round: 0...1
        }
    }

    /// The keyword options it takes (`allow_false`).
    public var keywords: Set<String> {
        self == .default ? ["allow_false"] : []
    }
}

extension TemplateFilters {
    /// The first filter that does not exist or gets the wrong number of arguments: what
    /// a strict Liquid rejects before rendering, whatever the data.
    public static func validate(_ template: Template) -> TemplateError? {
        func check(_ nodes: [TemplateNode]) -> TemplateError? {
            for node in nodes {
                switch node {
                case .text:
                    continue
                case .output(_, let filters, _):
                    for filter in filters {
                        guard let kind = filter.kind else {
                            return TemplateError("unknown filter `\(filter.name)`", filter.range)
                        }
                        let range = kind.arity
                        if !range.contains(filter.arguments.count) {
                            return TemplateError("`\(filter.name)` takes \(range.lowerBound)…\(range.upperBound) arguments", filter.range)
                        }
                        for key in filter.keywordArguments.keys where !kind.keywords.contains(key) {
                            return TemplateError("`\(filter.name)` has no option `\(key)`", filter.range)
                        }
                        if kind.divides, let divisor = filter.arguments.first, !TemplateArithmetic.isNonZeroLiteral(divisor) {
                            return TemplateError("`\(filter.name)` divides by a number other than zero, written in the template", divisor.range)
                        }
                    }
                case .conditional(let branches, let otherwise, _):
                    for branch in branches { if let error = check(branch.body) { return error } }
                    if let otherwise, let error = check(otherwise) { return error }
                }
            }
            return nil
        }
        return check(template.nodes)
    }
}
