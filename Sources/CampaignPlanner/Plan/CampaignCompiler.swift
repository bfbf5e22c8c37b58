import CampaignData
import CampaignSemantics
import CampaignSyntax

/// Compiles checked campaigns, channels and the policy against a dataset.
struct CampaignCompiler {
    let evaluator: Evaluator
    var zones: ZoneCatalog
    let options: PlanOptions
    var table: DeclarationTable { evaluator.data.table }

    init(evaluator: Evaluator, options: PlanOptions) {
        self.evaluator = evaluator
        self.options = options
        zones = ZoneCatalog(from: options.from, to: options.to)
    }

    mutating func clock(_ literal: TimeOfDayLiteral) -> ClockTime {
        let second = Int64(literal.hour * 3_600 + literal.minute * 60)
        switch literal.zone {
        case nil: return ClockTime(secondOfDay: second, zone: nil, text: literal.description)
        case .utc: return ClockTime(secondOfDay: second, zone: 0, text: literal.description)
        case .named(let name): return ClockTime(secondOfDay: second, zone: zones.add(name.value) ?? 0, text: literal.description)
        }
    }

    mutating func policy() -> CompiledPolicy {
        var policy = CompiledPolicy()
        for clause in table.policy?.clauses ?? [] {
            switch clause {
            case .timezone(let name, _):
                policy.defaultZone = zones.add(name.value) ?? 0
            case .sendBetween(let start, let end, _):
                policy.window = (clock(start), clock(end))
            case .cap:
                // From the typed program, below: the checker resolved each cap's channel.
                break
            case .bestHour(_, let fallback, _):
                policy.bestHourTables = table.program.bestHourEvents.compactMap { evaluator.declaredTable($0) }
                policy.bestHourDefault = clock(fallback)
            case .quietHours(let start, let end, _):
                if policy.quietHours == nil { policy.quietHours = (clock(start), clock(end)) }
            case .comply:
                // From the typed program, below: the checker resolved each profile once.
                break
            }
        }
        policy.caps = table.program.caps.map(Self.cap)
        // There are six profiles, each kept once by the checker: the bit set has room.
        policy.compliance = table.program.compliance.prefix(8).map {
            CompiledPolicy.Compliance(profile: $0.profile, condition: $0.condition.map { evaluator.condition($0) })
        }
        return policy
    }

    /// A cap of the policy or a campaign, with the texts its suppressions show.
    static func cap(_ cap: TypedCap) -> CompiledPolicy.Cap {
        let text = cap.channel.map { "\($0.rawValue) \(cap.count) per \(cap.per)" } ?? "\(cap.count) messages per \(cap.per)"
        return .init(channel: cap.channel, count: cap.count, seconds: Int64(cap.per.seconds), per: "\(cap.per)", text: text)
    }

    mutating func channels() -> [ChannelKind: CompiledChannel] {
        var result: [ChannelKind: CompiledChannel] = [:]
        for (kind, info) in table.channels {
            let fields = table.program.channels[kind]
            var consent: [UInt8]?
            if let ref = fields?.consent, case .bool(let values)? = evaluator.field(ref) { consent = values }
            result[kind] = CompiledChannel(kind: kind, address: fields?.address.flatMap { evaluator.field($0) }, addressName: info.address,
                                           consent: consent, consentName: info.consent,
                                           quietHours: info.quietHours.map { (clock($0.from), clock($0.to)) })
        }
        return result
    }

    /// A campaign: its structure and texts from the syntax, its conditions and messages
    /// from the typed program (`TypedCampaign`), which has every name resolved. The header
    /// clauses are the ones the checker chose (`TypedCampaign.clauses`, the first of each
    /// kind), so a clause's text and its typed parts are always the same clause's.
    mutating func campaign(_ decl: CampaignDecl, _ typed: TypedCampaign) -> CompiledCampaign {
        var trigger: Trigger?
        var audience: Expr?
        var reentry = ReentryRule.never
        var exitWhen: (Expr, Expr?)?
        var goal: (Identifier, Expr?, DurationLiteral)?
        var holdout = 0, holdoutText = ""
        var priority = 0
        for clause in typed.clauses {
            switch clause {
            case .audience(let e, _): audience = e
            case .trigger(let t, _): trigger = t
            case .reentry(let r, _):
                switch r {
                case .never: reentry = .never
                case .always: reentry = .always
                case .unlessGoal: reentry = .unlessGoal
                case .after(let d): reentry = .after(Int64(d.seconds))
                }
            case .exitWhen(let e, let filter, _): exitWhen = (e, filter)
            case .goal(let event, let filter, let within, _): goal = (event, filter, within)
            case .holdout(let share, _):
                holdout = Int((share.value * 100).rounded())
                holdoutText = share.text
            case .priority(let p, _): priority = p.value
            case .cap:
                // `typed.caps`: every cap counts, not only the first.
                break
            }
        }
        var triggerTable: Int?
        if case .onEvent(let match, _)? = typed.trigger { triggerTable = evaluator.eventTable(match.event) }

        let (rule, triggerText) = compileTrigger(trigger, typed.trigger)
        var exitEvent: (table: Int, name: String, filter: Evaluator.EventCondition?, text: String)?
        var exitCondition: (test: Evaluator.Condition, text: String, why: Evaluator.DecidingValues)?
        if let (head, filter) = exitWhen {
            let text = "exit when " + ExpressionPrinter.print(head) + (filter.map { " where " + ExpressionPrinter.print($0) } ?? "")
            switch typed.exit {
            case .event(let match)?:
                if let t = evaluator.eventTable(match.event) {
                    exitEvent = (t, match.event.name, match.filter.map { evaluator.eventCondition($0, table: t) }, text)
                }
            case .condition(let condition)?:
                exitCondition = (evaluator.condition(condition), text, evaluator.decidingValues(condition))
            case nil:
                break
            }
        }
        var compiledGoal: (table: Int, name: String, filter: Evaluator.EventCondition?, within: Int64, text: String)?
        if let (event, filter, within) = goal, let match = typed.goal, let t = evaluator.eventTable(match.event) {
            let text = "goal " + event.name + (filter.map { " where " + ExpressionPrinter.print($0) } ?? "") + " within \(within)"
            compiledGoal = (t, match.event.name, match.filter.map { evaluator.eventCondition($0, table: t) }, Int64(within.seconds), text)
        }
        var builder = ProgramBuilder(compiler: self, typed: typed)
        builder.emit(decl.steps)
        builder.program.append(.end)
        zones = builder.compiler.zones
        let typedAudience = audience == nil ? nil : typed.audience
        return CompiledCampaign(
            name: decl.name.name, priority: priority, trigger: rule, triggerText: triggerText,
            audience: typedAudience.map { evaluator.condition($0) },
            audienceText: audience.map(ExpressionPrinter.print) ?? "",
            audienceWhy: typedAudience.map { evaluator.decidingValues($0) },
            reentry: reentry, exitEvent: exitEvent, exitCondition: exitCondition, goal: compiledGoal,
            holdout: holdout, holdoutText: holdoutText, messages: builder.messages, program: builder.program,
            triggerTable: triggerTable, caps: typed.caps.map(Self.cap))
    }

    /// A trigger: its text and clock from the syntax, what it names from the typed trigger.
    mutating func compileTrigger(_ trigger: Trigger?, _ typed: TypedTrigger?) -> (TriggerRule, String) {
        switch trigger {
        case .onEvent(let name, let filter, let key)?:
            let text = "on \(name.name)" + (filter.map { " where " + ExpressionPrinter.print($0) } ?? "") + (key.map { " key \($0.name)" } ?? "")
            // An event the checker or the store does not know enters nobody: no table.
            guard case .onEvent(let match, let keyRef)? = typed, let t = evaluator.eventTable(match.event) else {
                return (.onEvent(table: nil, name: name.name, filter: nil, key: nil), text)
            }
            return (.onEvent(table: t, name: match.event.name, filter: match.filter.map { evaluator.eventCondition($0, table: t) },
                             key: keyRef.flatMap { evaluator.property($0) }), text)
        case .afterTime(let length, let expr)?:
            let text = "\(length) after \(ExpressionPrinter.print(expr))"
            guard case .after(let base)? = typed else { return (.never, text) }
            return (.after(Int64(length.seconds), evaluator.instantValue(base), evaluator.timeSources(of: base), text: text), text)
        case .onEnterSegment(let name)?:
            guard case .enterSegment(let segment)? = typed else { return (.never, "on enter \(name.name)") }
            return (.onEnterSegment(segment, evaluator.segment(segment)), "on enter \(name.name)")
        case .daily(let time)?:
            return (.daily(clock(time)), "daily at \(time)")
        case .weekly(let day, let time)?:
            let text = "weekly on \(day.name) at \(time)"
            guard case .weekly(let weekday)? = typed else { return (.never, text) }
            return (.weekly(weekday: weekday, clock(time)), text)
        case .monthly(let day, let time)?:
            return (.monthly(day: day.value, clock(time)), "monthly on day \(day.value) at \(time)")
        case .once(let date, let time, _)?:
            return (.once(days: Int64(date.days), clock(time)), "once at \(date) \(time)")
        case .yearly(let field, let offset, let time)?:
            var column: Column?
            if case .yearly(let ref)? = typed { column = evaluator.field(ref) }
            // Days from the anniversary: negative before it.
            let days = offset.map { ($0.before ? -1 : 1) * $0.duration.seconds / 86_400 } ?? 0
            return (.yearly(field: column, name: field.name, offsetDays: days, clock(time)),
                    "yearly \(offset.map { $0.text } ?? "on") \(field.name) at \(time)")
        case nil:
            return (.never, "no trigger")
        }
    }
}
