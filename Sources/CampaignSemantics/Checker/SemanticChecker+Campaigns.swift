import CampaignSyntax
import Foundation

/// Segments, campaigns and their steps.
extension SemanticChecker {
    mutating func checkSegment(_ decl: SegmentDecl) {
        guard table.segments[decl.name.name] == decl else { return }
        let condition = checkTopCondition(decl.condition, ExpressionContext(segment: decl.name.name), what: "segment `\(decl.name.name)`")
        if let index = symbols.segmentIndex[decl.name.name] { table.program.segments[index].condition = condition }
    }

    /// Reports each cycle among segments once, at the reference that closes it.
    mutating func checkSegmentCycles() {
        var state: [String: Bool] = [:]   // false: on the current path, true: done
        var path: [String] = []
        var reported: Set<[String]> = []

        func visit(_ segment: String, _ checker: inout SemanticChecker) {
            state[segment] = false
            path.append(segment)
            for (target, span) in checker.segmentEdges[segment] ?? [] {
                if state[target] == false {
                    guard let start = path.firstIndex(of: target) else { continue }
                    let cycle = Array(path[start...])
                    if reported.insert(cycle.sorted()).inserted {
                        checker.report(.segmentCycle, "segments depend on each other: " + (cycle + [target]).joined(separator: " → "),
                                       at: span, label: "this reference closes the cycle",
                                       help: "a segment cannot be defined in terms of itself; break the chain")
                    }
                } else if state[target] == nil {
                    visit(target, &checker)
                }
            }
            path.removeLast()
            state[segment] = true
        }

        for segment in segmentEdges.keys.sorted() where state[segment] == nil {
            visit(segment, &self)
        }
    }

    // MARK: - Campaigns

    mutating func checkCampaign(_ decl: CampaignDecl) {
        guard table.campaigns[decl.name.name] == decl else { return }
        var seen: [String: SourceSpan] = [:]
        var triggerEvent: EventInfo?
        var trigger: Trigger?
        var typed = TypedCampaign(name: decl.name.name)
        // The first clause of each kind counts (`TypedCampaign.clauses`); a repeated one is
        // still checked, for its own mistakes, but gives the typed campaign nothing.
        var chosen: Set<Int> = []
        for (index, clause) in decl.clauses.enumerated() {
            let key = clause.keyword
            if let first = Self.earlier(key, at: clause.span, in: &seen) {
                report(.repeatedClause, "campaign `\(decl.name.name)` has more than one `\(key)`", at: clause.span,
                       label: "given again", secondary: [.init(first, "first given here")],
                       help: key == "trigger" ? "a campaign has exactly one trigger; split it into two campaigns"
                           : key == "audience" || key == "exit when" ? "combine the conditions with `and` / `or`" : "keep one")
            } else {
                chosen.insert(index)
                typed.clauses.append(clause)
                if case .trigger(let t, _) = clause { trigger = t }
            }
        }
        if trigger == nil {
            report(.missingTrigger, "campaign `\(decl.name.name)` has no trigger", at: decl.name.span,
                   label: "when does a customer enter?",
                   help: "add one, such as `trigger on signup`, `trigger daily at 09:00` or `trigger 30d after last(purchase)`")
        }
        if case .onEvent(let event, _, _)? = trigger { triggerEvent = table.events[event.name] }

        let numbering = Self.numberMessages(decl.steps)
        for name in numbering.declared { record(.message(campaign: decl.name.name), name.name, at: name.span, declaration: true) }
        typed.messages = numbering.messages
        typed.sends = numbering.sends
        var scope = CampaignScope(name: decl.name.name, triggerEvent: triggerEvent, messages: numbering.byName,
                                  messageIndex: numbering.first, sentBefore: nil)
        let context = ExpressionContext(campaign: scope)
        var reentryWindow: DurationLiteral?
        for (index, clause) in decl.clauses.enumerated() {
            let counts = chosen.contains(index)
            switch clause {
            case .audience(let condition, _):
                scope.sentBefore = []
                let checked = checkTopCondition(condition, ExpressionContext(campaign: scope), what: "the audience")
                if counts { typed.audience = checked }
                scope.sentBefore = nil
            case .trigger(let trigger, _):
                let checked = checkTrigger(trigger, context)
                if counts { typed.trigger = checked }
            case .reentry(let reentry, _):
                if case .after(let length) = reentry {
                    if length.seconds == 0 {
                        report(.zeroDuration, "`reentry after 0…` is `reentry always`", at: length.span, label: "zero",
                               fixIt: .init("write `always`", edits: [.init(length.span, "always")]))
                    }
                    if counts { reentryWindow = length }
                }
            case .exitWhen(let condition, let filter, _):
                if let name = exitEvent(condition), let event = table.events[name.name], let ref = eventRef(name.name) {
                    if isVisible(name.name, at: name.span) { record(.event, name.name, at: name.span) }
                    let filter = checkEventFilter(filter, of: event, context, what: "the `where` filter")
                    if counts { typed.exit = .event(EventMatch(event: ref, filter: filter)) }
                } else if let (name, guess) = misspelledExitEvent(condition, hasFilter: filter != nil) {
                    // `exit when purchse`: the head names nothing, and the closest name is an
                    // event, so it was meant as one (docs/language.md §5.5).
                    report(.unknownName, "unknown name `\(name.name)`", at: name.span, label: "not an event, a field of customer or a segment",
                           help: "did you mean the event `\(guess)`?", fixIt: .init("write `\(guess)`", edits: [.init(name.span, guess)]))
                } else {
                    let checked = checkTopCondition(condition, context, what: "`exit when`")
                    if counts { typed.exit = .condition(checked) }
                }
            case .goal(let eventName, let filter, let window, _):
                if let event = lookupEvent(eventName), let ref = eventRef(event.name) {
                    let filter = checkEventFilter(filter, of: event, context, what: "the goal's `where` filter")
                    if counts { typed.goal = EventMatch(event: ref, filter: filter) }
                }
                if window.seconds == 0 {
                    report(.zeroDuration, "a goal within 0 time can never be reached", at: window.span, label: "zero")
                }
            case .holdout(let share, _):
                if share.value >= 100 || share.value <= 0 {
                    report(.invalidHoldout, share.value <= 0 ? "a holdout of \(share.text) holds nobody out" : "a holdout of \(share.text) sends nothing to anyone",
                           at: share.span, label: "between 0% and 100%, exclusive",
                           help: share.value <= 0 ? "remove the `holdout` clause" : "a control group is usually 5% to 20%")
                }
            case .priority:
                break
            }
        }

        var messageNames: [String: SourceSpan] = [:]
        var walker = StepWalk(campaign: scope, reentryWindow: reentryWindow, trigger: trigger, typed: typed,
                              messagePositions: numbering.position)
        _ = checkSteps(decl.steps, sent: [], walker: &walker, names: &messageNames)
        table.program.campaigns[decl.name.name] = walker.typed
        if numbering.byName.isEmpty {
            report(.noSend, "campaign `\(decl.name.name)` sends no message", at: decl.name.span, label: "no `send` step",
                   help: "add a `send` step, or remove the campaign if it only tags customers on purpose")
        }
        reports.append(CampaignReport.make(decl, sends: walker.sends, table: table, bounds: StaticBounds.of(decl.steps)))
    }

    /// Checks a trigger; what it names, resolved (nil for a clock trigger, or one that
    /// names something unknown).
    mutating func checkTrigger(_ trigger: Trigger, _ context: ExpressionContext) -> TypedTrigger? {
        switch trigger {
        case .onEvent(let name, let filter, let key):
            guard let event = lookupEvent(name), let ref = eventRef(event.name) else { return nil }
            let filter = checkEventFilter(filter, of: event, context, what: "the trigger's `where` filter")
            var keyRef: PropertyRef?
            if let key, propertyInfo(event, key) != nil { keyRef = propertyRef(event, key.name) }
            return .onEvent(EventMatch(event: ref, filter: filter), key: keyRef)
        case .afterTime(let delay, let anchor):
            let typedAnchor = typed(anchor, context)
            let type = typedAnchor.type
            if !type.isError, type.wrapped != .time {
                report(.triggerNeedsTime, "`trigger \(delay) after …` needs a time, but `\(ExpressionPrinter.print(anchor))` is `\(type)`",
                       at: anchor.span, label: "`\(type)`",
                       help: type.wrapped == .date ? "for a calendar date, use `trigger yearly on \(ExpressionPrinter.print(anchor)) at 10:00`"
                           : "use a `time` field or `last(EVENT)`")
            }
            return .after(typedAnchor)
        case .onEnterSegment(let name):
            guard table.segments[name.name] != nil, let index = symbols.segmentIndex[name.name] else {
                let (help, fix) = Self.suggestion(for: name.name, among: table.segmentNames, at: name.span)
                report(.unknownSegment, "unknown segment `\(name.name)`", at: name.span, label: "not a declared segment",
                       help: help ?? "declare it: `segment \(name.name) = …`", fixIt: fix)
                return nil
            }
            if isVisible(name.name, at: name.span) { record(.segment, name.name, at: name.span) }
            return .enterSegment(SegmentRef(index: index, name: name.name))
        case .weekly(let day, let time):
            checkZone(time)
            // The parser reported a day that is no weekday.
            return ContextualWord.weekdays.firstIndex(of: day.name).map { .weekly(weekday: $0) }
        case .daily(let time), .monthly(_, let time), .once(_, let time, _):
            checkZone(time)
            return nil
        case .yearly(let field, let time):
            checkZone(time)
            guard let info = lookupCustomerField(field) else { return nil }
            if info.type.wrapped != .date {
                report(.yearlyNeedsDate, "`yearly on` needs a `date` field, but `\(field.name)` is `\(info.type)`", at: field.span,
                       label: "`\(info.type)`", secondary: [.init(info.span, "declared here")],
                       help: info.type.wrapped == .time ? "for a moment in time, use `trigger 365d after \(field.name)`" : "name a field declared `date` or `date?`")
            }
            return symbols.fieldSlot[field.name].map { .yearly(FieldRef(index: $0, name: field.name)) }
        }
    }

    /// A `where` filter on an event: its properties are in scope by bare name.
    @discardableResult
    mutating func checkEventFilter(_ filter: Expr?, of event: EventInfo, _ context: ExpressionContext, what: String) -> TypedExpr? {
        guard let filter else { return nil }
        var inner = context
        inner.event = event
        return checkTopCondition(filter, inner, what: what)
    }

    /// The event `exit when HEAD` waits for when HEAD names one (`exit when purchase
    /// where …`); nil when HEAD is a condition. Decided here once: the typed program
    /// (`TypedExit`) carries the decision to `DataUse` and the planner.
    func exitEvent(_ head: Expr) -> Identifier? {
        guard case .name(let name) = head, table.events[name.name] != nil, table.customerFields[name.name] == nil,
              table.segments[name.name] == nil else { return nil }
        return name
    }

    /// `exit when HEAD` whose HEAD is a bare name that is no event, field or segment, and
    /// whose closest name is an event (with a `where` filter, only events are candidates):
    /// the name and that event.
    func misspelledExitEvent(_ head: Expr, hasFilter: Bool) -> (Identifier, String)? {
        guard case .name(let name) = head, table.events[name.name] == nil, table.customerFields[name.name] == nil,
              table.segments[name.name] == nil else { return nil }
        let events = table.events.keys.sorted()
        let candidates = hasFilter ? events : events + table.customerFieldOrder + table.segmentNames
        guard let guess = Suggestion.closest(to: name.name, among: candidates), table.events[guess] != nil else { return nil }
        return (name, guess)
    }

    /// The campaign's messages, numbered once (`TypedCampaign.messages`).
    struct MessageNumbering {
        /// Every message of every send step, depth first in the order written, those whose
        /// channel is a channel kind; unbound until `checkMessage` binds each in place.
        var messages: [CheckedMessage] = []
        /// Per send step, depth first, the positions of the messages it tries.
        var sends: [[Int]] = []
        /// Every message's name, in the order written (those of unknown channels too).
        var declared: [Identifier] = []
        /// Each message's position, by where its name is written (one per occurrence).
        var position: [SourceSpan: Int] = [:]
        /// The first position of each name: what `clicked(NAME)` refers to.
        var first: [String: Int] = [:]
        /// Every message the steps can send, by name (the first of each), whatever its channel.
        var byName: [String: Message] = [:]
    }

    /// Numbers the messages of a step tree in the one order the checker, `DataUse` and the
    /// planner share: depth first in the order written (an `if`'s arms, then its `else`,
    /// then what follows it), the compiler pairing its send steps with `sends` in the same
    /// walk order as it pairs `if` steps with `branches`.
    static func numberMessages(_ steps: [Step]) -> MessageNumbering {
        var numbering = MessageNumbering()
        func add(_ list: [Message]) {
            var positions: [Int] = []
            for message in list {
                let name = message.name.name
                numbering.declared.append(message.name)
                if numbering.byName[name] == nil { numbering.byName[name] = message }
                // An unknown channel kind is reported where the step is checked.
                guard let kind = ChannelKind(rawValue: message.channel.name) else { continue }
                let position = numbering.messages.count
                numbering.messages.append(CheckedMessage(name: name, channel: kind, transactional: message.isTransactional))
                numbering.position[message.name.span] = position
                if numbering.first[name] == nil { numbering.first[name] = position }
                positions.append(position)
            }
            numbering.sends.append(positions)
        }
        func walk(_ steps: [Step]) {
            for step in steps {
                switch step {
                case .send(let message, _): add([message])
                case .sendFirstOf(let alternatives, _, _): add(alternatives)
                case .branch(let branch):
                    for arm in branch.arms { walk(arm.body.steps) }
                    if let otherwise = branch.otherwise { walk(otherwise.steps) }
                case .split(let split):
                    for arm in split.arms { walk(arm.body.steps) }
                case .wait, .tag, .untag, .unsubscribe, .exit: break
                }
            }
        }
        walk(steps)
        return numbering
    }

    // MARK: - Steps

    /// State carried through a campaign's steps.
    struct StepWalk {
        var campaign: CampaignScope
        let reentryWindow: DurationLiteral?
        let trigger: Trigger?
        /// The campaign's conditions typed so far.
        var typed: TypedCampaign
        /// Where each message sits in `typed.messages`, by the span of its name.
        let messagePositions: [SourceSpan: Int]
        var sends: [SendFacts] = []
    }

    /// Checks a block; returns the messages possibly sent by its end and whether every
    /// path through it ends in `exit`.
    mutating func checkSteps(_ steps: [Step], sent: Set<String>, walker: inout StepWalk, names: inout [String: SourceSpan]) -> (Set<String>, Bool) {
        var sent = sent
        var exited = false
        var warnedUnreachable = false
        for step in steps {
            if exited, !warnedUnreachable {
                warnedUnreachable = true
                report(.unreachableStep, "this step can never run: every path before it ends in `exit`", at: step.span,
                       label: "unreachable", help: "remove it, or move it before the `exit`")
            }
            walker.campaign.sentBefore = sent
            let context = ExpressionContext(campaign: walker.campaign)
            switch step {
            case .send(let message, _):
                checkMessage(message, names: &names, walker: &walker, alternatives: 1)
                sent.insert(message.name.name)
            case .sendFirstOf(let messages, _, _):
                var channels: [String: SourceSpan] = [:]
                for message in messages {
                    if let first = Self.earlier(message.channel.name, at: message.channel.span, in: &channels) {
                        report(.sameChannelFallback, "`send first of` tries `\(message.channel.name)` twice", at: message.channel.span,
                               label: "same channel again", secondary: [.init(first, "first tried here")],
                               help: "a fallback goes to the next channel the customer can receive; list each channel once")
                    }
                    checkMessage(message, names: &names, walker: &walker, alternatives: messages.count)
                }
                for message in messages { sent.insert(message.name.name) }
            case .wait(let wait, let span):
                switch wait {
                case .duration(let length):
                    if length.seconds == 0 {
                        report(.zeroDuration, "`wait \(length)` does not wait", at: length.span, label: "zero", help: "remove the step")
                    }
                    if let window = walker.reentryWindow, length.seconds > window.seconds {
                        report(.waitBeyondReentry, "`wait \(length)` is longer than the re-entry window (`reentry after \(window)`)",
                               at: span, label: "longer than \(window)", secondary: [.init(window.span, "re-entry window")],
                               notes: ["a customer is never in a campaign twice at once, so they cannot re-enter until this wait ends"],
                               help: "shorten the wait, or lengthen the re-entry window")
                    }
                case .untilEvent(let name, let filter, let timeout):
                    var match: EventMatch?
                    if let event = lookupEvent(name), let ref = eventRef(event.name) {
                        match = EventMatch(event: ref, filter: checkEventFilter(filter, of: event, context, what: "the `where` filter"))
                    }
                    walker.typed.waits.append(match)
                    if timeout.seconds == 0 {
                        report(.zeroDuration, "`or \(timeout)` gives the event no time at all", at: timeout.span, label: "zero")
                    }
                case .untilTime(let time):
                    checkZone(time)
                case .untilBestHour:
                    walker.typed.waitsForBestHour = true
                }
            case .branch(let branch):
                var after: Set<String> = sent
                var allExit = true
                let branchIndex = walker.typed.branches.count
                walker.typed.branches.append([])
                for arm in branch.arms {
                    walker.campaign.sentBefore = sent
                    let condition = checkTopCondition(arm.condition, ExpressionContext(campaign: walker.campaign), what: "the `if` condition")
                    walker.typed.branches[branchIndex].append(condition)
                    let (armSent, armExits) = checkSteps(arm.body.steps, sent: sent, walker: &walker, names: &names)
                    after.formUnion(armSent)
                    allExit = allExit && armExits
                }
                if let otherwise = branch.otherwise {
                    let (armSent, armExits) = checkSteps(otherwise.steps, sent: sent, walker: &walker, names: &names)
                    after.formUnion(armSent)
                    allExit = allExit && armExits
                } else {
                    allExit = false
                }
                sent = after
                exited = exited || allExit
            case .split(let split):
                let total = split.arms.reduce(0.0) { $0 + $1.share.value }
                if !split.arms.isEmpty, abs(total - 100) > 1e-9 {
                    report(.splitTotal, "split shares total \(Self.percentText(total)), not 100%", at: SourceSpan(file: split.span.file, start: split.span.start, end: split.span.start + 5),
                           label: "shares: " + split.arms.map(\.share.text).joined(separator: " + "),
                           secondary: split.arms.map { .init($0.share.span, $0.share.text) },
                           help: total < 100 ? "add \(Self.percentText(100 - total)) to a branch, or add a branch" : "remove \(Self.percentText(total - 100)) from the branches")
                }
                for arm in split.arms where arm.share.value <= 0 {
                    report(.splitTotal, "a split branch of \(arm.share.text) is never taken", at: arm.share.span, label: "empty share")
                }
                var after: Set<String> = sent
                var allExit = !split.arms.isEmpty
                for arm in split.arms {
                    let (armSent, armExits) = checkSteps(arm.body.steps, sent: sent, walker: &walker, names: &names)
                    after.formUnion(armSent)
                    allExit = allExit && armExits
                }
                sent = after
                exited = exited || allExit
            case .unsubscribe(let channel, _):
                checkChannelUse(channel)
                walker.typed.unsubscribes.append(ChannelKind(rawValue: channel.name))
            case .tag, .untag:
                break
            case .exit:
                exited = true
            }
        }
        return (sent, exited)
    }

    static func percentText(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value))%" : "\(value)%"
    }

    /// A channel a campaign sends on or unsubscribes from must be declared.
    @discardableResult
    mutating func checkChannelUse(_ channel: Identifier) -> ChannelInfo? {
        guard let kind = ChannelKind(rawValue: channel.name) else {
            let (help, fix) = Self.suggestion(for: channel.name, among: ChannelKind.allCases.map(\.rawValue), at: channel.span)
            report(.unknownChannelKind, "unknown channel `\(channel.name)`", at: channel.span, label: "not a channel kind",
                   notes: ["channel kinds are email, sms, push, in_app and webhook"], help: help, fixIt: fix)
            return nil
        }
        guard let info = table.channels[kind] else {
            report(.undeclaredChannel, "no `channel \(kind.rawValue)` is declared", at: channel.span, label: "undeclared channel",
                   help: "declare it with its address and consent fields, as in `channel \(kind.rawValue) { address: … consent: … }`")
            return nil
        }
        return info
    }

    mutating func checkMessage(_ message: Message, names: inout [String: SourceSpan], walker: inout StepWalk, alternatives: Int) {
        if let first = Self.earlier(message.name.name, at: message.name.span, in: &names) {
            report(.duplicateMessage, "message name `\(message.name.name)` is used twice in this campaign", at: message.name.span,
                   label: "used again", secondary: [.init(first, "first used here")],
                   help: "message names identify rows in the plan and in engagement (`clicked(…)`); give each its own")
        }
        guard let channel = checkChannelUse(message.channel) else { return }
        let kind = channel.kind
        var present: [String: SourceSpan] = [:]
        var misspelt: Set<String> = []
        var texts: [(String, StringLiteral, String?)] = []
        for field in message.fields {
            let name = field.name.name
            if name == "transactional" {
                if case .flag = field.value { continue }
            }
            guard kind.messageFields.contains(name) else {
                let (help, fix) = Self.suggestion(for: name, among: kind.messageFields + ["transactional"], at: field.name.span)
                if let guess = Suggestion.closest(to: name, among: kind.messageFields) { misspelt.insert(guess) }
                report(.unknownMessageField, "`\(name)` is not a field of \(kind.rawValue) messages", at: field.name.span,
                       label: "unknown field",
                       notes: ["\(kind.rawValue) messages have " + kind.messageFields.map { "`\($0)`" }.joined(separator: ", ") + " and may be `transactional`"],
                       help: help, fixIt: fix)
                continue
            }
            if let first = Self.earlier(name, at: field.name.span, in: &present) {
                report(.duplicateMessageField, "`\(name)` is given twice", at: field.name.span, label: "given again",
                       secondary: [.init(first, "first given here")], help: "keep one")
                continue
            }
            switch field.value {
            case .text(let literal):
                texts.append((name, literal, nil))
            case .file(let path):
                if let text = readTemplateFile(path) {
                    texts.append((name, StringLiteral(value: text, raw: path.raw, span: path.span), path.value))
                }
            case .flag:
                report(.unknownMessageField, "`\(name)` needs a value", at: field.name.span, label: "no text",
                       help: "write `\(name) \"…\"`")
            }
        }
        for required in kind.requiredFields where present[required] == nil && !misspelt.contains(required) {
            report(.missingMessageField, "\(kind.rawValue) message `\(message.name.name)` has no `\(required)`", at: message.name.span,
                   label: "missing `\(required)`", help: "add `\(required) \"…\"`")
        }
        var facts = SendFacts(message: message, channel: kind, alternatives: alternatives)
        var bindings = TemplateBindings()
        var templates: [CheckedTemplate] = []
        for (field, literal, file) in texts {
            let source = TemplateSource(literal, fromFile: file != nil)
            guard let checked = checkTemplate(source, campaign: walker.campaign, bindings: &bindings) else { continue }
            templates.append(CheckedTemplate(field: field, text: literal.value, file: file, template: checked))
            if kind == .sms, field == "text" {
                facts.sms = checkSMS(checked, variables: bindings.variables, source: source, channel: channel, message: message)
            }
        }
        if let position = walker.messagePositions[message.name.span] {
            walker.typed.messages[position] = CheckedMessage(name: message.name.name, channel: kind, transactional: message.isTransactional,
                                                             fields: templates, variables: bindings.variables)
        }
        if kind == .sms, case .onEvent? = walker.trigger, channel.quietHours == nil {
            report(.smsWithoutQuietHours, "an event-triggered SMS with no quiet hours can go out in the middle of the night",
                   at: message.channel.span, label: "no quiet hours on channel sms",
                   secondary: [.init(channel.declaration.kind.span, "channel declared here")],
                   help: "add `quiet hours 21:00 to 08:00` to `channel sms`, or a `send between` window to the policy")
        }
        walker.sends.append(facts)
    }

    /// The text of `body file "…"`: relative to the campaign file and inside the project
    /// root, as an import must be (E0041); reports a missing or unreadable file (E0411).
    mutating func readTemplateFile(_ path: StringLiteral) -> String? {
        let location = project.templateFile(path.value, from: currentFile)
        if let escape = location.escape("template file", target: path.value, at: path.span) {
            diagnostics.append(escape)
            return nil
        }
        let full: String
        switch location {
        case .inside(let found, _): full = found
        case .missing(let looked): full = looked
        default: return nil
        }
        guard let bytes = readFile(full) else {
            report(.templateFileNotFound, "cannot read template file `\(path.value)`", at: path.span, label: "looked for \(full)",
                   help: "the path is relative to this .campaign file")
            return nil
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
