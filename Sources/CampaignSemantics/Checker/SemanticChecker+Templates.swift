import CampaignSyntax

/// A template's text and how to point into it. A diagnostic inside a string literal maps
/// back to the `.campaign` file's bytes through the literal's escapes (a `ValueOffsetMap`,
/// built once per template, so each position costs a binary search rather than a walk
/// over the whole text); inside a template file it points at the file's path.
struct TemplateSource {
    let literal: StringLiteral
    let fromFile: Bool
    let offsets: ValueOffsetMap

    init(_ literal: StringLiteral, fromFile: Bool) {
        self.literal = literal
        self.fromFile = fromFile
        self.offsets = ValueOffsetMap(literal)
    }

    /// The span in the `.campaign` file of a range inside the template text.
    func span(_ range: Range<Int>) -> SourceSpan {
        if fromFile { return literal.span }
        return SourceSpan(file: literal.span.file, start: offsets.sourceOffset(ofValueOffset: range.lowerBound),
                          end: offsets.sourceOffset(ofValueOffset: range.upperBound))
    }
}

/// The variables a message's templates use, each once, in the order first met: the
/// checker binds every `{{ … }}` path to a slot here (docs/language.md §6).
struct TemplateBindings {
    private(set) var variables: [TemplateVariable] = []

    mutating func slot(_ variable: TemplateVariable) -> Int {
        if let index = variables.firstIndex(of: variable) { return index }
        variables.append(variable)
        return variables.count - 1
    }
}

/// Template checks (docs/language.md §6): the subset parses, every name is a customer field,
/// `event.*` of the triggering event or `campaign.name`, every filter exists and gets
/// arguments of the right type. Diagnostics point at the characters inside the string.
/// A template without errors comes back bound: each variable a `.slot` of `bindings`.
extension SemanticChecker {
    mutating func checkTemplate(_ source: TemplateSource, campaign: CampaignScope, bindings: inout TemplateBindings) -> Template? {
        let template: Template
        switch TemplateParser.parse(source.literal.value) {
        case .failure(let error):
            report(.templateSyntax, error.message, at: source.span(error.range), label: "here",
                   notes: source.fromFile ? ["in template file \(source.literal.raw), at byte \(error.range.lowerBound)"] : [],
                   help: error.help)
            return nil
        case .success(let parsed):
            template = parsed
        }
        let before = diagnostics.count
        var scratch = bindings
        let nodes = checkNodes(template.nodes, source: source, campaign: campaign, bindings: &scratch)
        if diagnostics[before...].contains(where: { $0.severity == .error }) { return nil }
        bindings = scratch
        return Template(nodes: nodes)
    }

    /// `guarded`: the paths an enclosing `{% if %}` has tested for a value (`{% if
    /// first_name %}`), which print without the missing-value warning inside it.
    mutating func checkNodes(_ nodes: [TemplateNode], source: TemplateSource, campaign: CampaignScope,
                             bindings: inout TemplateBindings, guarded: Set<String> = []) -> [TemplateNode] {
        var bound: [TemplateNode] = []
        bound.reserveCapacity(nodes.count)
        for node in nodes {
            switch node {
            case .text:
                bound.append(node)
            case .output(let expression, let filters, let range):
                var (type, value) = templateType(expression, source: source, campaign: campaign, bindings: &bindings)
                // `'now' | date: …`: the instant the message goes out, as Liquid reads it.
                if case .string(let text, _) = expression, text == "now" || text == "today", filters.first?.kind == .date { type = .time }
                var boundFilters: [TemplateFilter] = []
                for filter in filters {
                    let checked = checkFilter(filter, input: type, source: source, campaign: campaign, bindings: &bindings)
                    type = checked.type
                    boundFilters.append(checked.filter)
                }
                warnIfMissingPrints(expression, filters, type: type, range: range, source: source, guarded: guarded)
                bound.append(.output(value, boundFilters, range))
            case .conditional(let branches, let otherwise, let negateFirst):
                var boundBranches: [TemplateBranch] = []
                for (index, branch) in branches.enumerated() {
                    let condition = checkTemplateCondition(branch.condition, source: source, campaign: campaign, bindings: &bindings)
                    let tested = index == 0 && negateFirst ? Self.absenceTested(branch.condition) : Self.presenceTested(branch.condition)
                    let body = checkNodes(branch.body, source: source, campaign: campaign, bindings: &bindings, guarded: guarded.union(tested))
                    boundBranches.append(TemplateBranch(condition: condition, body: body))
                }
                let boundOtherwise = otherwise.map { checkNodes($0, source: source, campaign: campaign, bindings: &bindings, guarded: guarded) }
                bound.append(.conditional(boundBranches, otherwise: boundOtherwise, negateFirst: negateFirst))
            }
        }
        return bound
    }

    /// W0501: `{{ first_name }}` of an optional value with no `default` prints nothing for
    /// a customer without one ("Hi , we miss you!"). Not inside an `{% if %}` that tested
    /// it. The fix-it adds `default: 'there'` to a name; other values get the help only,
    /// as no fallback fits them all.
    mutating func warnIfMissingPrints(_ expression: TemplateExpression, _ filters: [TemplateFilter], type: ValueType, range: Range<Int>,
                                      source: TemplateSource, guarded: Set<String>) {
        guard type.isOptional, !type.isError, case .variable(let parts, _) = expression,
              !filters.contains(where: { $0.kind == .default }) else { return }
        let path = Self.path(parts)
        guard !guarded.contains(path) else { return }
        let end = max(expression.range.upperBound, filters.last?.range.upperBound ?? 0)
        let isName = path.hasSuffix("name") && type.wrapped.family == "text"
        let example = "{{ \(path) | default: '\(isName ? "there" : "…")' }}"
        let fix: Diagnostic.FixIt? = isName ? .init("add `| default: 'there'`", edits: [.init(source.span(end..<end), " | default: 'there'")]) : nil
        report(.missingValuePrinted, "`\(path)` may be missing, and then prints as nothing", at: source.span(range),
               label: "`\(type)`", help: "give it a fallback, as in `\(example)`, or print it inside `{% if \(path) %}…{% endif %}`", fixIt: fix)
    }

    /// The paths a condition (its terms joined by `and` only) says have a value: a term that
    /// is the path itself, or compares it with `!= nil`/`blank`/`empty` or `==` a literal.
    static func presenceTested(_ condition: TemplateCondition) -> Set<String> {
        guard condition.joins.allSatisfy({ $0 == .and }) else { return [] }
        var paths: Set<String> = []
        for term in condition.terms {
            switch term {
            case .value(.variable(let parts, _)):
                paths.insert(path(parts))
            case .comparison(.notEqual, .variable(let parts, _), .nil), .comparison(.notEqual, .variable(let parts, _), .blank),
                 .comparison(.notEqual, .variable(let parts, _), .empty):
                paths.insert(path(parts))
            case .comparison(.equal, .variable(let parts, _), let other):
                if case .variable = other { continue }
                if case .nil = other { continue }
                paths.insert(path(parts))
            default:
                continue
            }
        }
        return paths
    }

    /// The paths an `unless` condition (its terms joined by `or` only) says have no value
    /// (`{% unless birthday == nil %}`): inside it, they have one.
    static func absenceTested(_ condition: TemplateCondition) -> Set<String> {
        guard condition.joins.allSatisfy({ $0 == .or }) else { return [] }
        var paths: Set<String> = []
        for term in condition.terms {
            switch term {
            case .comparison(.equal, .variable(let parts, _), .nil), .comparison(.equal, .variable(let parts, _), .blank),
                 .comparison(.equal, .variable(let parts, _), .empty):
                paths.insert(path(parts))
            default:
                continue
            }
        }
        return paths
    }

    /// `event.amount` for the parts of a variable (indexes are left out: they never name a
    /// field).
    static func path(_ parts: [TemplatePathPart]) -> String {
        parts.compactMap { if case .name(let name, _) = $0 { name } else { nil } }.joined(separator: ".")
    }

    mutating func checkTemplateCondition(_ condition: TemplateCondition, source: TemplateSource, campaign: CampaignScope,
                                         bindings: inout TemplateBindings) -> TemplateCondition {
        let terms = condition.terms.map { checkTemplateTerm($0, source: source, campaign: campaign, bindings: &bindings) }
        return TemplateCondition(terms: terms, joins: condition.joins)
    }

    mutating func checkTemplateTerm(_ term: TemplateTerm, source: TemplateSource, campaign: CampaignScope,
                                    bindings: inout TemplateBindings) -> TemplateTerm {
        switch term {
        case .value(let expression):
            return .value(templateType(expression, source: source, campaign: campaign, bindings: &bindings).bound)
        case .comparison(let op, let left, let right):
            let (lt, boundLeft) = templateType(left, source: source, campaign: campaign, bindings: &bindings)
            let (rt, boundRight) = templateType(right, source: source, campaign: campaign, bindings: &bindings)
            let bound = TemplateTerm.comparison(op, boundLeft, boundRight)
            if lt.isError || rt.isError || lt == .none || rt == .none || op == .contains { return bound }
            if case .empty = left { return bound }
            if case .empty = right { return bound }
            if case .blank = left { return bound }
            if case .blank = right { return bound }
            if !comparable(lt, rt) {
                let range = left.range.lowerBound..<right.range.upperBound
                report(.templateTypeMismatch, "cannot compare `\(lt)` with `\(rt)` in a template", at: source.span(range),
                       label: "`\(lt)` \(op.rawValue) `\(rt)`", help: mismatchHelp(lt, rt))
                return bound
            }
            for (type, other) in [(lt, right), (rt, left)] {
                guard case .enumeration(let values) = type.wrapped, case .string(let value, let range) = other, !values.contains(value) else { continue }
                let guess = Suggestion.closest(to: value, among: values)
                report(.valueOutsideEnum, "'\(value)' is not one of the values of \(type.wrapped)", at: source.span(range),
                       label: "never equal", help: guess.map { "did you mean '\($0)'?" } ?? "the values are " + values.joined(separator: ", "))
            }
            return bound
        }
    }

    /// The type of a template value, and the value bound (a variable becomes its slot);
    /// `.none` stands for `nil`/`empty`/`blank`.
    mutating func templateType(_ expression: TemplateExpression, source: TemplateSource, campaign: CampaignScope,
                               bindings: inout TemplateBindings) -> (type: ValueType, bound: TemplateExpression) {
        switch expression {
        case .string: return (.text(max: nil), expression)
        case .integer, .decimal: return (.number, expression)
        case .bool: return (.bool, expression)
        case .nil, .empty, .blank: return (.none, expression)
        // Only the checker makes slots, and never checks its own output.
        case .slot: return (.error, expression)
        case .variable(let parts, let range):
            guard let variable = templateVariable(parts, range: range, source: source, campaign: campaign) else { return (.error, expression) }
            return (variable.type, .slot(bindings.slot(variable), range))
        }
    }

    /// What a variable path denotes; reports why when it denotes nothing.
    mutating func templateVariable(_ parts: [TemplatePathPart], range: Range<Int>, source: TemplateSource, campaign: CampaignScope) -> TemplateVariable? {
        guard case .name(let head, let headRange)? = parts.first else {
            report(.templateUnknownName, "a template value starts with a name", at: source.span(range), label: "no name")
            return nil
        }
        let span = source.span(headRange)
        if head == "event" || head == "campaign" {
            guard parts.count == 2, case .name(let member, let memberRange) = parts[1] else {
                report(.templateUnknownName, "`\(head)` needs a member, as in `\(head == "event" ? "event.amount" : "campaign.name")`",
                       at: source.span(range), label: "incomplete")
                return nil
            }
            let memberSpan = source.span(memberRange)
            if head == "campaign" {
                guard member == "name" else {
                    report(.templateUnknownName, "`campaign.\(member)` does not exist; only `campaign.name` does", at: memberSpan,
                           label: "unknown", fixIt: .init("write `name`", edits: [.init(memberSpan, "name")]))
                    return nil
                }
                return .campaignName(campaign.name)
            }
            guard let event = campaign.triggerEvent else {
                report(.templateUnknownName, "`event.\(member)` needs a campaign triggered `on EVENT`; `\(campaign.name)` is not",
                       at: source.span(range), label: "no triggering event")
                return nil
            }
            guard let info = event.properties[member] else {
                let (help, fix) = Self.suggestion(for: member, among: event.order, at: memberSpan)
                report(.templateUnknownName, "event `\(event.name)` has no property `\(member)`", at: memberSpan,
                       label: "not a property of \(event.name)", help: help, fixIt: fix)
                return nil
            }
            // A `body file` template's names have no span of their own in the project's files.
            if !source.fromFile { record(.property(event: event.name), member, at: memberSpan) }
            // Every name here was declared and indexed before campaigns are checked.
            guard let eventRef = eventRef(event.name), let propertyRef = propertyRef(event, member) else { return nil }
            return member == "time" ? .eventTime(eventRef, info) : .eventProperty(propertyRef, info)
        }
        guard let field = table.customerFields[head] else {
            var candidates = table.customerFieldOrder + ["campaign"]
            if campaign.triggerEvent != nil { candidates.append("event") }
            let (help, fix) = Self.suggestion(for: head, among: candidates, at: span)
            report(.templateUnknownName, "unknown name `\(head)` in template", at: span,
                   label: "not a field of customer", help: help ?? "a template can use customer fields, `campaign.name`" + (campaign.triggerEvent != nil ? " and `event.*`" : ""),
                   fixIt: fix)
            return nil
        }
        if parts.count > 1 {
            report(.templateUnknownName, "`\(head)` is `\(field.type)`, which has no members", at: source.span(range),
                   label: "no members", help: "write `{{ \(head) }}`")
            return nil
        }
        guard let slot = symbols.fieldSlot[head] else { return nil }
        if !source.fromFile { record(.field, head, at: span) }
        return .customerField(FieldRef(index: slot, name: head), field)
    }

    /// A keyword argument (`allow_false: …`) is not type-checked (docs/language.md §6 gives
    /// it no type), so a path there is bound, without a diagnostic, when it denotes
    /// something, and otherwise left as written (it renders as nothing).
    mutating func quietlyBound(_ expression: TemplateExpression, source: TemplateSource, campaign: CampaignScope,
                               bindings: inout TemplateBindings) -> TemplateExpression {
        guard case .variable(let parts, let range) = expression else { return expression }
        let before = diagnostics.count
        let variable = templateVariable(parts, range: range, source: source, campaign: campaign)
        diagnostics.removeSubrange(before...)
        return variable.map { .slot(bindings.slot($0), range) } ?? expression
    }

    /// Checks one filter against its input; returns the output type and the filter with
    /// its arguments bound.
    mutating func checkFilter(_ filter: TemplateFilter, input: ValueType, source: TemplateSource, campaign: CampaignScope,
                              bindings: inout TemplateBindings) -> (type: ValueType, filter: TemplateFilter) {
        let span = source.span(filter.range)
        guard let kind = filter.kind else {
            let nameSpan = source.span(filter.range.lowerBound..<(filter.range.lowerBound + filter.name.utf8.count))
            let (help, fix) = Self.suggestion(for: filter.name, among: TemplateFilters.names, at: nameSpan)
            report(.templateUnknownFilter, "unknown filter `\(filter.name)`", at: nameSpan, label: "not a filter",
                   notes: ["filters are " + TemplateFilters.names.joined(separator: ", ")], help: help, fixIt: fix)
            return (.error, filter)
        }
        let arity = kind.arity
        if !arity.contains(filter.arguments.count) {
            let expected = arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)"
            report(.templateFilterArgument, "`\(filter.name)` takes \(expected) argument\(arity.upperBound == 1 ? "" : "s"), not \(filter.arguments.count)",
                   at: span, label: "wrong number of arguments", help: Self.filterExample(kind))
            return (.error, filter)
        }
        for (key, value) in filter.keywordArguments where !kind.keywords.contains(key) {
            report(.templateFilterArgument, "`\(filter.name)` has no option `\(key)`", at: source.span(value.range),
                   label: "unknown option")
        }
        if kind == .default, filter.arguments.isEmpty {
            report(.templateFilterArgument, "`default` needs the value to use when there is none", at: span,
                   label: "no default value", help: "write `default: 'there'`")
            return (input, filter)
        }
        var argumentTypes: [ValueType] = []
        var arguments: [TemplateExpression] = []
        for argument in filter.arguments {
            let (type, bound) = templateType(argument, source: source, campaign: campaign, bindings: &bindings)
            argumentTypes.append(type)
            arguments.append(bound)
        }
        var keywordArguments: [String: TemplateExpression] = [:]
        for key in filter.keywordArguments.keys.sorted() {
            keywordArguments[key] = filter.keywordArguments[key].map { quietlyBound($0, source: source, campaign: campaign, bindings: &bindings) }
        }
        let bound = filter.with(arguments: arguments, keywordArguments: keywordArguments)
        switch kind {
        case .default:
            return (argumentTypes.first.map { $0 == .none ? input : input.wrapped } ?? input.wrapped, bound)
        case .truncate:
            if let first = filter.arguments.first, argumentTypes[0] != .number, !argumentTypes[0].isError {
                report(.templateFilterArgument, "`truncate` takes a length in characters", at: source.span(first.range),
                       label: "not a number", help: "write `truncate: 20`")
            }
            if case .integer(let limit, _)? = filter.arguments.first {
                if case .text(let max) = input.wrapped, let max, max <= limit { return (input, bound) }
                return (.text(max: limit), bound)
            }
            return (.text(max: nil), bound)
        case .date:
            if argumentTypes.first != .text(max: nil), argumentTypes.first?.isError == false {
                report(.templateFilterArgument, "`date` takes a format in quotes", at: source.span(filter.arguments[0].range),
                       label: "not a format", help: "write `date: \"%b %d\"`")
            }
            if !input.isError, input.wrapped != .time, input.wrapped != .date, input.wrapped != .number {
                report(.templateTypeMismatch, "`date` formats a time, a date or a Unix time in seconds, but its input is `\(input)`", at: span,
                       label: "input is `\(input)`",
                       help: "apply it to a `time` or `date` field, such as `{{ signup_at | date: \"%b %d\" }}`, or to `'now'`, the time the message goes out")
                return (.error, bound)
            }
            if case .string(let format, _)? = filter.arguments.first {
                // Seconds since 1970, for the math filters: `date: '%s' | plus: 604800`.
                if format == "%s" { return (ValueType.number.withOptionality(of: input), bound) }
                return (.text(max: TemplateDateFormat.maximumLength(format)).withOptionality(of: input), bound)
            }
            return (.text(max: nil), bound)
        case .plus, .minus, .times, .dividedBy, .modulo, .round:
            if !input.isError, input.wrapped != .number {
                let time = input.wrapped == .time || input.wrapped == .date
                report(.templateTypeMismatch, "`\(filter.name)` computes on a number, but its input is `\(input)`", at: span,
                       label: "input is `\(input)`",
                       help: time ? "turn it into seconds first: `date: '%s' | \(filter.name): …`" : "apply it to a `number` field")
                return (.error, bound)
            }
            if let argument = filter.arguments.first, let type = argumentTypes.first, !type.isError,
               let (problem, label) = Self.arithmeticArgumentProblem(kind, argument, type) {
                report(.templateFilterArgument, problem, at: source.span(argument.range), label: label, help: Self.filterExample(kind))
            }
            return (ValueType.number.withOptionality(of: input), bound)
        case .upcase, .downcase, .capitalize:
            if input.isError { return (.error, bound) }
            return (textual(input), bound)
        }
    }

    /// What upcase/downcase/capitalize produce: text as long as the input's text.
    func textual(_ type: ValueType) -> ValueType {
        switch type.wrapped {
        case .text: return type
        case .enumeration(let values): return ValueType.text(max: values.map(\.count).max()).withOptionality(of: type)
        default: return type
        }
    }

    /// What is wrong with a math filter's argument of this type, if anything: a divisor
    /// must be a number other than zero written in the template (a customer's could be
    /// zero), `round` takes whole places, the others a number every customer has.
    static func arithmeticArgumentProblem(_ kind: TemplateFilterKind, _ argument: TemplateExpression, _ type: ValueType) -> (String, String)? {
        if kind.divides {
            guard type == .number, TemplateArithmetic.isNonZeroLiteral(argument) else {
                return ("`\(kind.rawValue)` takes a number other than zero, written in the template", "not a number other than zero")
            }
            return nil
        }
        if kind == .round {
            guard case .integer = argument else { return ("`round` takes a whole number of decimal places", "not a whole number") }
            return nil
        }
        if type.wrapped != .number { return ("`\(kind.rawValue)` takes a number", "not a number") }
        if type.isOptional { return ("`\(kind.rawValue)` takes a number every customer has, but this one is optional; give it a `default`", "may be missing") }
        return nil
    }

    static func filterExample(_ kind: TemplateFilterKind) -> String {
        switch kind {
        case .default: "write `default: 'there'`"
        case .truncate: "write `truncate: 20` or `truncate: 20, '…'`"
        case .date: "write `date: \"%b %d\"`"
        case .upcase, .downcase, .capitalize: "write `\(kind.rawValue)` with no argument"
        case .plus, .minus, .times: "write `\(kind.rawValue): 604800`"
        case .dividedBy: "write `divided_by: 86400`"
        case .modulo: "write `modulo: 7`"
        case .round: "write `round` or `round: 2`"
        }
    }
}

extension ValueType {
    func withOptionality(of other: ValueType) -> ValueType {
        other.isOptional ? asOptional : self
    }
}

/// SMS length against the channel's `max segments`.
extension SemanticChecker {
    mutating func checkSMS(_ template: Template, variables: [TemplateVariable], source: TemplateSource, channel: ChannelInfo,
                           message: Message) -> SMSFacts {
        let facts = SMSWorstCase(variables: variables).facts(template, maxSegments: channel.maxSegments)
        let literal = source.literal
        for field in facts.unboundedFields {
            let span = outputSpan(template, field: field, variables: variables, source: source) ?? literal.span
            report(.smsUnbounded, "`\(field)` has no declared maximum length, so the length of SMS `\(message.name.name)` has no bound",
                   at: span, label: "unbounded",
                   help: "declare the field with a maximum, as in `\(field): text(max 20)?`, or shorten it here with `| truncate: 20`")
        }
        if facts.unboundedFields.isEmpty, let limit = channel.maxSegments, facts.segments > limit {
            var notes = ["worst case: \(facts.summary)"]
            if let latin = facts.latinSegments, latin <= limit, facts.encoding == .ucs2 {
                notes.append("with Latin names it fits in \(latin) segment\(latin == 1 ? "" : "s"), but any name may be in Thai, which needs UCS-2")
            }
            report(.smsTooLong, "SMS `\(message.name.name)` can need \(facts.segments) segments, but channel sms allows \(limit)",
                   at: literal.span, label: "\(facts.segments) segments in the worst case",
                   secondary: [.init(channel.declaration.kind.span, "max segments \(limit)")], notes: notes,
                   help: "shorten the text, bound the fields with `truncate`, or raise `max segments`")
        }
        return facts
    }

    /// Where `{{ field … }}` stands in the (bound) string, for pointing at it.
    func outputSpan(_ template: Template, field: String, variables: [TemplateVariable], source: TemplateSource) -> SourceSpan? {
        func find(_ nodes: [TemplateNode]) -> Range<Int>? {
            for node in nodes {
                switch node {
                case .output(.slot(let slot, _), _, let range):
                    if variables.indices.contains(slot), variables[slot].path == field { return range }
                case .conditional(let branches, let otherwise, _):
                    for branch in branches { if let found = find(branch.body) { return found } }
                    if let otherwise, let found = find(otherwise) { return found }
                default: break
                }
            }
            return nil
        }
        return find(template.nodes).map { source.span($0) }
    }
}
