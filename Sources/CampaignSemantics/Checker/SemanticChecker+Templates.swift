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

/// Template checks (docs/language.md §6): the subset parses, every name is a customer field,
/// `event.*` of the triggering event or `campaign.name`, every filter exists and gets
/// arguments of the right type. Diagnostics point at the characters inside the string.
extension SemanticChecker {
    mutating func checkTemplate(_ source: TemplateSource, campaign: CampaignScope) -> Template? {
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
        checkNodes(template.nodes, source: source, campaign: campaign)
        return diagnostics[before...].contains { $0.severity == .error } ? nil : template
    }

    mutating func checkNodes(_ nodes: [TemplateNode], source: TemplateSource, campaign: CampaignScope) {
        for node in nodes {
            switch node {
            case .text:
                break
            case .output(let expression, let filters, _):
                var type = templateType(expression, source: source, campaign: campaign)
                for filter in filters {
                    type = checkFilter(filter, input: type, source: source, campaign: campaign)
                }
            case .conditional(let branches, let otherwise, _):
                for branch in branches {
                    checkTemplateCondition(branch.condition, source: source, campaign: campaign)
                    checkNodes(branch.body, source: source, campaign: campaign)
                }
                if let otherwise { checkNodes(otherwise, source: source, campaign: campaign) }
            }
        }
    }

    mutating func checkTemplateCondition(_ condition: TemplateCondition, source: TemplateSource, campaign: CampaignScope) {
        for term in condition.terms {
            checkTemplateTerm(term, source: source, campaign: campaign)
        }
    }

    mutating func checkTemplateTerm(_ term: TemplateTerm, source: TemplateSource, campaign: CampaignScope) {
        switch term {
        case .value(let expression):
            _ = templateType(expression, source: source, campaign: campaign)
        case .comparison(let op, let left, let right):
            let lt = templateType(left, source: source, campaign: campaign)
            let rt = templateType(right, source: source, campaign: campaign)
            if lt.isError || rt.isError || lt == .none || rt == .none || op == .contains { return }
            if case .empty = left { return }
            if case .empty = right { return }
            if case .blank = left { return }
            if case .blank = right { return }
            if !comparable(lt, rt) {
                let range = left.range.lowerBound..<right.range.upperBound
                report(.templateTypeMismatch, "cannot compare `\(lt)` with `\(rt)` in a template", at: source.span(range),
                       label: "`\(lt)` \(op.rawValue) `\(rt)`", help: mismatchHelp(lt, rt))
                return
            }
            for (type, other) in [(lt, right), (rt, left)] {
                guard case .enumeration(let values) = type.wrapped, case .string(let value, let range) = other, !values.contains(value) else { continue }
                let guess = Suggestion.closest(to: value, among: values)
                report(.valueOutsideEnum, "'\(value)' is not one of the values of \(type.wrapped)", at: source.span(range),
                       label: "never equal", help: guess.map { "did you mean '\($0)'?" } ?? "the values are " + values.joined(separator: ", "))
            }
        }
    }

    /// The type of a template value; `.none` stands for `nil`/`empty`/`blank`.
    mutating func templateType(_ expression: TemplateExpression, source: TemplateSource, campaign: CampaignScope) -> ValueType {
        switch expression {
        case .string: return .text(max: nil)
        case .integer, .decimal: return .number
        case .bool: return .bool
        case .nil, .empty, .blank: return .none
        case .variable(let parts, let range):
            guard case .name(let head, let headRange)? = parts.first else {
                report(.templateUnknownName, "a template value starts with a name", at: source.span(range), label: "no name")
                return .error
            }
            let span = source.span(headRange)
            if head == "event" || head == "campaign" {
                guard parts.count == 2, case .name(let member, let memberRange) = parts[1] else {
                    report(.templateUnknownName, "`\(head)` needs a member, as in `\(head == "event" ? "event.amount" : "campaign.name")`",
                           at: source.span(range), label: "incomplete")
                    return .error
                }
                let memberSpan = source.span(memberRange)
                if head == "campaign" {
                    guard member == "name" else {
                        report(.templateUnknownName, "`campaign.\(member)` does not exist; only `campaign.name` does", at: memberSpan,
                               label: "unknown", fixIt: .init("write `name`", edits: [.init(memberSpan, "name")]))
                        return .error
                    }
                    return .text(max: campaign.name.count)
                }
                guard let event = campaign.triggerEvent else {
                    report(.templateUnknownName, "`event.\(member)` needs a campaign triggered `on EVENT`; `\(campaign.name)` is not",
                           at: source.span(range), label: "no triggering event")
                    return .error
                }
                guard let info = event.properties[member] else {
                    let (help, fix) = Self.suggestion(for: member, among: event.order, at: memberSpan)
                    report(.templateUnknownName, "event `\(event.name)` has no property `\(member)`", at: memberSpan,
                           label: "not a property of \(event.name)", help: help, fixIt: fix)
                    return .error
                }
                return info.type
            }
            guard let field = table.customerFields[head] else {
                var candidates = table.customerFieldOrder + ["campaign"]
                if campaign.triggerEvent != nil { candidates.append("event") }
                let (help, fix) = Self.suggestion(for: head, among: candidates, at: span)
                report(.templateUnknownName, "unknown name `\(head)` in template", at: span,
                       label: "not a field of customer", help: help ?? "a template can use customer fields, `campaign.name`" + (campaign.triggerEvent != nil ? " and `event.*`" : ""),
                       fixIt: fix)
                return .error
            }
            if parts.count > 1 {
                report(.templateUnknownName, "`\(head)` is `\(field.type)`, which has no members", at: source.span(range),
                       label: "no members", help: "write `{{ \(head) }}`")
                return .error
            }
            return field.type
        }
    }

    /// Checks one filter against its input; returns the output type.
    mutating func checkFilter(_ filter: TemplateFilter, input: ValueType, source: TemplateSource, campaign: CampaignScope) -> ValueType {
        let span = source.span(filter.range)
        guard let arity = TemplateFilters.arity[filter.name] else {
            let nameSpan = source.span(filter.range.lowerBound..<(filter.range.lowerBound + filter.name.utf8.count))
            let (help, fix) = Self.suggestion(for: filter.name, among: TemplateFilters.names, at: nameSpan)
            report(.templateUnknownFilter, "unknown filter `\(filter.name)`", at: nameSpan, label: "not a filter",
                   notes: ["filters are " + TemplateFilters.names.joined(separator: ", ")], help: help, fixIt: fix)
            return .error
        }
        if !arity.contains(filter.arguments.count) {
            let expected = arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)"
            report(.templateFilterArgument, "`\(filter.name)` takes \(expected) argument\(arity.upperBound == 1 ? "" : "s"), not \(filter.arguments.count)",
                   at: span, label: "wrong number of arguments", help: Self.filterExample[filter.name])
            return .error
        }
        for (key, value) in filter.keywordArguments where !(TemplateFilters.keywords[filter.name] ?? []).contains(key) {
            report(.templateFilterArgument, "`\(filter.name)` has no option `\(key)`", at: source.span(value.range),
                   label: "unknown option")
        }
        if filter.name == "default", filter.arguments.isEmpty {
            report(.templateFilterArgument, "`default` needs the value to use when there is none", at: span,
                   label: "no default value", help: "write `default: 'there'`")
            return input
        }
        let argumentTypes = filter.arguments.map { templateType($0, source: source, campaign: campaign) }
        switch filter.name {
        case "default":
            return argumentTypes.first.map { $0 == .none ? input : input.wrapped } ?? input.wrapped
        case "truncate":
            if let first = filter.arguments.first, argumentTypes[0] != .number, !argumentTypes[0].isError {
                report(.templateFilterArgument, "`truncate` takes a length in characters", at: source.span(first.range),
                       label: "not a number", help: "write `truncate: 20`")
            }
            if case .integer(let limit, _)? = filter.arguments.first {
                if case .text(let max) = input.wrapped, let max, max <= limit { return input }
                return .text(max: limit)
            }
            return .text(max: nil)
        case "date":
            if argumentTypes.first != .text(max: nil), argumentTypes.first?.isError == false {
                report(.templateFilterArgument, "`date` takes a format in quotes", at: source.span(filter.arguments[0].range),
                       label: "not a format", help: "write `date: \"%b %d\"`")
            }
            if !input.isError, input.wrapped != .time, input.wrapped != .date {
                report(.templateTypeMismatch, "`date` formats a time or a date, but its input is `\(input)`", at: span,
                       label: "input is `\(input)`", help: "apply it to a `time` or `date` field, such as `{{ signup_at | date: \"%b %d\" }}`")
                return .error
            }
            if case .string(let format, _)? = filter.arguments.first {
                return .text(max: TemplateDateFormat.maximumLength(format)).withOptionality(of: input)
            }
            return .text(max: nil)
        default:
            if input.isError { return .error }
            return textual(input)
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

    static let filterExample: [String: String] = [
        "default": "write `default: 'there'`", "truncate": "write `truncate: 20` or `truncate: 20, '…'`",
        "date": "write `date: \"%b %d\"`", "upcase": "write `upcase` with no argument",
        "downcase": "write `downcase` with no argument", "capitalize": "write `capitalize` with no argument",
    ]
}

extension ValueType {
    func withOptionality(of other: ValueType) -> ValueType {
        other.isOptional ? asOptional : self
    }
}

/// SMS length against the channel's `max segments`.
extension SemanticChecker {
    mutating func checkSMS(_ template: Template, source: TemplateSource, channel: ChannelInfo, message: Message, campaign: CampaignScope) -> SMSFacts {
        let facts = SMSWorstCase(table: table, campaign: campaign).facts(template, maxSegments: channel.maxSegments)
        let literal = source.literal
        for field in facts.unboundedFields {
            let span = outputSpan(template, field: field, source: source) ?? literal.span
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

    /// Where `{{ field … }}` stands in the string, for pointing at it.
    func outputSpan(_ template: Template, field: String, source: TemplateSource) -> SourceSpan? {
        func find(_ nodes: [TemplateNode]) -> Range<Int>? {
            for node in nodes {
                switch node {
                case .output(.variable(let parts, _), _, let range):
                    let name = parts.compactMap { if case .name(let n, _) = $0 { n } else { nil } }.joined(separator: ".")
                    if name == field { return range }
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
