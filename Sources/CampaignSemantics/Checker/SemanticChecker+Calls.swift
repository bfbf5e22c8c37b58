import CampaignSyntax

/// Aggregates over events and engagement with the campaign's own messages.
extension SemanticChecker {
    mutating func callType(_ call: CallExpression, _ context: ExpressionContext, syntax: Expr) -> TypedExpr {
        let name = call.function.name
        guard let function = Builtin(named: name) else {
            let (help, fix) = Self.suggestion(for: name, among: Builtin.allCases.map(\.rawValue), at: call.function.span)
            report(.unknownFunction, "unknown function `\(name)`", at: call.function.span, label: "not a function",
                   notes: ["functions are \(Self.functionList(.aggregate)) (over events) and \(Self.functionList(.engagement)) (over this campaign's messages)"],
                   help: help, fixIt: fix)
            return TypedExpr(.error, .invalid, syntax: syntax)
        }
        if function.family == .engagement { return engagementType(function, call, context, syntax: syntax) }
        let invalid = TypedExpr(function.resultType, .invalid, syntax: syntax)
        guard let eventName = call.subject.first, let event = lookupEvent(eventName), let eventRef = eventRef(event.name) else {
            checkWindow(call, context)
            return invalid
        }
        let filter = checkEventFilter(call.filter, of: event, context, what: "the `where` filter")
        checkWindow(call, context)
        let property = call.subject.count > 1 ? call.subject[1] : nil
        if call.subject.count > 2 {
            report(.badAggregate, "event properties are one level deep", at: call.subject[2].span, label: "unexpected")
        }
        let aggregate = { (property: PropertyRef?) in
            TypedExpr(function.resultType, .aggregate(Aggregate(function: function, event: eventRef, property: property, filter: filter,
                                                                window: call.window)), syntax: syntax)
        }
        if function.takesProperty {
            guard let property else {
                report(.badAggregate, "`\(name)` adds up a property: name it, as in `\(name)(\(event.name).amount)`", at: call.span,
                       label: "no property", help: event.order.isEmpty ? "`\(event.name)` has no properties to add up"
                           : "properties of \(event.name): " + event.order.joined(separator: ", "))
                return invalid
            }
            guard let info = propertyInfo(event, property), let ref = propertyRef(event, property.name) else { return invalid }
            if info.type.wrapped != .number {
                report(.sumOfNonNumber, "cannot sum `\(event.name).\(property.name)`: it is `\(info.type)`, not a number",
                       at: property.span, label: "`\(info.type)`", secondary: [.init(info.span, "declared here")],
                       help: "count the events instead: `count(\(event.name))`")
            }
            return aggregate(ref)
        }
        if let property {
            report(.badAggregate, "`\(name)` takes an event, not a property", at: property.span,
                   label: "remove `.\(property.name)`",
                   help: function == .count ? "to count only some events, filter them: `count(\(event.name) where \(property.name) …)`" : "`\(name)(\(event.name))` is the time of that event",
                   fixIt: .init("remove `.\(property.name)`", edits: [.init(SourceSpan(file: property.span.file, start: eventName.span.end, end: property.span.end), "")]))
            return invalid
        }
        return aggregate(nil)
    }

    /// The built-ins of a family, as the unknown-function note lists them.
    static func functionList(_ family: Builtin.Family) -> String {
        Builtin.allCases.filter { $0.family == family }.map(\.rawValue).joined(separator: ", ")
    }

    mutating func checkWindow(_ call: CallExpression, _ context: ExpressionContext) {
        switch call.window {
        case .sinceEntry(let span)?:
            if context.campaign == nil {
                report(.sinceEntryOutsideCampaign, "`since entry` is only meaningful inside a campaign", at: span,
                       label: "no entry here", help: "a segment has no entry time; use a window such as `in last 30d`")
            }
        case .inLast(let length, _)?:
            if length.seconds == 0 {
                report(.zeroDuration, "`in last 0…` covers no time at all", at: length.span, label: "zero")
            }
        case nil:
            break
        }
    }

    mutating func propertyInfo(_ event: EventInfo, _ property: Identifier) -> FieldInfo? {
        if let info = event.properties[property.name] {
            record(.property(event: event.name), property.name, at: property.span)
            return info
        }
        let (help, fix) = Self.suggestion(for: property.name, among: event.order, at: property.span)
        report(.unknownProperty, "event `\(event.name)` has no property `\(property.name)`", at: property.span,
               label: "not a property of \(event.name)", secondary: [.init(event.span, "event declared here")],
               help: help ?? (event.order.isEmpty ? "`\(event.name)` declares no properties" : "its properties are " + event.order.map { "`\($0)`" }.joined(separator: ", ")),
               fixIt: fix)
        return nil
    }

    /// An event named in an aggregate, trigger, wait, exit or goal; reports it when unknown.
    mutating func lookupEvent(_ name: Identifier) -> EventInfo? {
        if let event = table.events[name.name] {
            guard isVisible(name.name, at: name.span) else { return nil }
            record(.event, name.name, at: name.span)
            return event
        }
        let key = "\(currentFile.rawValue):\(name.span.start)"
        guard reportedUnknown.insert(key).inserted else { return nil }
        let (help, fix) = Self.suggestion(for: name.name, among: table.events.keys.sorted(), at: name.span)
        var notes: [String] = []
        if table.segments[name.name] != nil || table.customerFields[name.name] != nil {
            notes.append("`\(name.name)` is \(table.names[name.name]?.kind ?? "declared"), not an event")
        }
        report(.unknownEvent, "unknown event `\(name.name)`", at: name.span, label: "not a declared event", notes: notes,
               help: help ?? "declare it: `event \(name.name)`", fixIt: fix)
        return nil
    }

    mutating func engagementType(_ builtin: Builtin, _ call: CallExpression, _ context: ExpressionContext, syntax: Expr) -> TypedExpr {
        let function = builtin.rawValue
        let invalid = TypedExpr(.error, .invalid, syntax: syntax)
        guard let campaign = context.campaign else {
            report(.engagementOutsideCampaign, "`\(function)(…)` is about this campaign's messages, so it only works inside a campaign",
                   at: call.span, label: "no campaign here", help: "in a segment, use the customer's events instead")
            return invalid
        }
        // `any sms`, `other_campaign.message`, or a window: the customer's whole history.
        if call.subject.count == 2 || (call.window != nil && call.subject.count == 1) {
            if call.subject.count == 2, call.subject[0].name == campaign.name, call.window == nil {
                // This campaign's own message, written with its campaign: as without it.
                return ownEngagement(builtin, call.subject[1], campaign, call, syntax: syntax)
            }
            return historyEngagement(builtin, call, campaign, syntax: syntax)
        }
        if call.filter != nil || call.subject.count > 1 {
            report(.badAggregate, "`\(function)` takes a message name, `any`, `any CHANNEL` or `CAMPAIGN.MESSAGE`", at: call.span,
                   label: "unexpected filter", help: "write `\(function)(\(call.subject.first?.name ?? "message"))`")
        }
        guard let name = call.subject.first else { return TypedExpr(.bool, .invalid, syntax: syntax) }
        return ownEngagement(builtin, name, campaign, call, syntax: syntax)
    }

    /// `clicked(survey)`, `clicked(any)`: this campaign's messages in the current entry.
    mutating func ownEngagement(_ builtin: Builtin, _ name: Identifier, _ campaign: CampaignScope, _ call: CallExpression, syntax: Expr) -> TypedExpr {
        let function = builtin.rawValue
        let invalid = TypedExpr(.error, .invalid, syntax: syntax)
        if name.name == "any" {
            if let sent = campaign.sentBefore, sent.isEmpty {
                report(.messageNotYetSent, "`\(function)(any)` before the campaign has sent anything is always false", at: call.span,
                       label: "nothing sent yet", help: "move this step after a `send`")
            }
            return TypedExpr(.bool, .engagement(builtin, message: nil), syntax: syntax)
        }
        guard campaign.messages[name.name] != nil else {
            if table.campaigns[name.name] != nil {
                report(.unknownMessage, "`\(name.name)` is a campaign; ask about one of its messages, as in `\(function)(\(name.name).MESSAGE)`",
                       at: name.span, label: "a campaign, not a message", help: "write `\(function)(\(name.name).MESSAGE)` for one of its messages, or `\(function)(any CHANNEL)`")
                return invalid
            }
            let (help, fix) = Self.suggestion(for: name.name, among: campaign.messages.keys.sorted(), at: name.span)
            report(.unknownMessage, "campaign `\(campaign.name)` sends no message named `\(name.name)`", at: name.span,
                   label: "not a message of this campaign", help: help, fixIt: fix)
            return invalid
        }
        if let sent = campaign.sentBefore, !sent.contains(name.name) {
            report(.messageNotYetSent, "`\(name.name)` is not sent before this point on any path, so `\(function)(\(name.name))` is always false",
                   at: name.span, label: "not sent yet", secondary: campaign.messages[name.name].map { [.init($0.name.span, "sent here, later")] } ?? [],
                   help: "ask about a message that an earlier step sends")
        }
        // A message whose channel is no channel kind has no number: it is never sent.
        record(.message(campaign: campaign.name), name.name, at: name.span)
        guard let index = campaign.messageIndex[name.name] else { return TypedExpr(.bool, .invalid, syntax: syntax) }
        return TypedExpr(.bool, .engagement(builtin, message: MessageRef(index: index, name: name.name)), syntax: syntax)
    }

    /// `clicked(other.survey)`, `sent(any sms in last 30d)`, `opened(any since entry)`:
    /// engagement across campaigns (`EngagementHistory`).
    mutating func historyEngagement(_ builtin: Builtin, _ call: CallExpression, _ campaign: CampaignScope, syntax: Expr) -> TypedExpr {
        let function = builtin.rawValue
        let invalid = TypedExpr(.error, .invalid, syntax: syntax)
        if call.filter != nil {
            report(.badAggregate, "`\(function)` takes no `where` filter", at: call.span, label: "unexpected filter",
                   help: "ask about a message, `any` or `any CHANNEL`, with `in last 30d` or `since entry`")
        }
        var within: Int64?
        var sinceEntry = false
        switch call.window {
        case .inLast(let length, _)?: within = Int64(length.seconds)
        case .sinceEntry?: sinceEntry = true
        case nil: break
        }
        let first = call.subject[0]
        if call.subject.count == 1 {
            // `clicked(any in last 30d)`: any campaign's message; a message name with a
            // window is this campaign's message in any of its entries.
            if first.name == "any" {
                return TypedExpr(.bool, .engagementHistory(builtin, EngagementHistory(campaign: nil, message: nil, channel: nil, within: within, sinceEntry: sinceEntry)), syntax: syntax)
            }
            guard let message = namedMessage(first, of: campaign.name, names: campaign.messages.keys, index: campaign.messageIndex[first.name],
                                             label: "not a message of this campaign") else { return invalid }
            return TypedExpr(.bool, .engagementHistory(builtin, EngagementHistory(campaign: campaign.name, message: message, channel: nil, within: within, sinceEntry: sinceEntry)), syntax: syntax)
        }
        let second = call.subject[1]
        if first.name == "any" {
            guard let channel = ChannelKind(rawValue: second.name) else {
                let (help, fix) = Self.suggestion(for: second.name, among: ChannelKind.allCases.map(\.rawValue), at: second.span)
                report(.unknownChannelKind, "unknown channel `\(second.name)`", at: second.span, label: "not a channel kind",
                       notes: ["channel kinds are " + ChannelKind.allCases.map(\.rawValue).joined(separator: ", ")], help: help, fixIt: fix)
                return invalid
            }
            return TypedExpr(.bool, .engagementHistory(builtin, EngagementHistory(campaign: nil, message: nil, channel: channel, within: within, sinceEntry: sinceEntry)), syntax: syntax)
        }
        guard let other = table.campaigns[first.name] else {
            let (help, fix) = Self.suggestion(for: first.name, among: table.campaignNames, at: first.span)
            report(.unknownMessage, "no campaign named `\(first.name)`", at: first.span, label: "not a campaign",
                   help: help ?? "write `CAMPAIGN.MESSAGE`, `any` or `any CHANNEL`", fixIt: fix)
            return invalid
        }
        _ = isVisible(first.name, at: first.span)
        record(.campaign, first.name, at: first.span)
        let numbering = Self.numberMessages(other.steps)
        guard let message = namedMessage(second, of: first.name, names: numbering.byName.keys, index: numbering.first[second.name],
                                         label: "not a message of `\(first.name)`") else { return invalid }
        return TypedExpr(.bool, .engagementHistory(builtin, EngagementHistory(campaign: first.name, message: message, channel: nil, within: within, sinceEntry: sinceEntry)), syntax: syntax)
    }

    /// A campaign's message asked about by name: its reference (`index`, its number in
    /// that campaign), recorded for the language server; nil after E0114 when the campaign
    /// sends no message of that name, or silently when it does but on an unknown channel
    /// (reported where the step is checked).
    mutating func namedMessage(_ name: Identifier, of campaign: String, names: some Collection<String>, index: Int?, label: String) -> MessageRef? {
        guard let index else {
            guard !names.contains(name.name) else { return nil }
            let (help, fix) = Self.suggestion(for: name.name, among: names.sorted(), at: name.span)
            report(.unknownMessage, "campaign `\(campaign)` sends no message named `\(name.name)`", at: name.span, label: label, help: help, fixIt: fix)
            return nil
        }
        record(.message(campaign: campaign), name.name, at: name.span)
        return MessageRef(index: index, name: name.name)
    }

    // MARK: - Constant conditions

    /// Conditions that the types alone decide: `tier == "free" and tier == "pro"`, `x and
    /// not x`, a literal `true`.
    mutating func checkConstantCondition(_ expression: Expr) {
        if case .literal(.bool(let value), let span) = Self.unwrapped(expression) {
            report(.constantCondition, "this condition is always \(value)", at: span, label: "always \(value)",
                   help: value ? "remove the condition" : "remove the branch, or fix the condition")
            return
        }
        let conjuncts = Self.conjuncts(expression)
        var equalities: [String: (String, SourceSpan)] = [:]
        var positive: [String: SourceSpan] = [:]
        for term in conjuncts {
            switch Self.unwrapped(term) {
            case .binary(.equal, .name(let name), .literal(.string(let value), _), let span),
                 .binary(.equal, .literal(.string(let value), _), .name(let name), let span):
                if let (other, otherSpan) = equalities[name.name], other != value.value {
                    report(.constantCondition, "this condition is always false: `\(name.name)` cannot be both \"\(other)\" and \"\(value.value)\"",
                           at: expression.span, label: "never true", secondary: [.init(otherSpan, "\(name.name) == \"\(other)\""), .init(span, "\(name.name) == \"\(value.value)\"")],
                           help: "did you mean `or`, or `\(name.name) in (\"\(other)\", \"\(value.value)\")`?")
                    return
                }
                equalities[name.name] = (value.value, span)
            case .name(let name):
                positive[name.name] = name.span
            default:
                break
            }
        }
        for term in conjuncts {
            if case .unary(.not, let operand, let span) = Self.unwrapped(term), case .name(let name) = Self.unwrapped(operand),
               let other = positive[name.name] {
                report(.constantCondition, "this condition is always false: `\(name.name) and not \(name.name)`", at: expression.span,
                       label: "never true", secondary: [.init(other, "\(name.name)"), .init(span, "not \(name.name)")])
                return
            }
        }
    }

    static func unwrapped(_ expression: Expr) -> Expr {
        if case .parenthesized(let inner, _) = expression { return unwrapped(inner) }
        return expression
    }

    /// The terms of a conjunction, parenthesized conjunctions flattened: `(a and b) and c`
    /// gives `a`, `b`, `c`. A work list, not recursion: chains can be long.
    static func conjuncts(_ expression: Expr) -> [Expr] {
        var terms: [Expr] = []
        var pending = [expression]
        while let next = pending.popLast() {
            if case .chain(let chain) = unwrapped(next), chain.logical == .and {
                pending.append(contentsOf: chain.operands.reversed())
            } else {
                terms.append(next)
            }
        }
        return terms
    }
}
