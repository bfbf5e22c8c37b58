import CampaignSyntax

/// Which event types, and which of their properties, some campaigns and segments read.
/// The data layer still validates every row of the events file but stores only these: a
/// win-back on purchases need not hold ten million app opens in memory.
public struct EventUse: Sendable, Hashable {
    /// Per event type read, the properties read.
    public private(set) var properties: [String: Set<String>] = [:]

    /// Every type and property the schema declares (what `segments` over a whole project,
    /// or a caller that cannot say, needs).
    public static func everything(in table: DeclarationTable) -> EventUse {
        var use = EventUse()
        for (name, event) in table.events { use.properties[name] = Set(event.order) }
        return use
    }

    /// What the named campaigns and segments read, through the segments they use, the
    /// policy's best-hour events when a journey waits for the best hour, and every property
    /// of a triggering event (templates may show any of them as `event.*`).
    public static func of(campaigns: [String], segments: [String], in table: DeclarationTable) -> EventUse {
        var walk = Walk(table: table)
        for name in segments { walk.segment(name) }
        for name in campaigns {
            guard let campaign = table.campaigns[name] else { continue }
            walk.campaign(campaign)
        }
        return walk.use
    }

    public func reads(_ type: String) -> Bool { properties[type] != nil }

    public func reads(_ type: String, property: String) -> Bool { properties[type]?.contains(property) ?? false }

    mutating func add(_ type: String, property: String? = nil) {
        properties[type, default: []].formUnion(property.map { [$0] } ?? [])
    }

    /// The syntax walk; segments are followed once each.
    private struct Walk {
        let table: DeclarationTable
        var use = EventUse()
        var seenSegments: Set<String> = []

        init(table: DeclarationTable) { self.table = table }

        mutating func segment(_ name: String) {
            guard let declaration = table.segments[name], seenSegments.insert(name).inserted else { return }
            expression(declaration.condition, event: nil)
        }

        mutating func campaign(_ campaign: CampaignDecl) {
            for clause in campaign.clauses {
                switch clause {
                case .audience(let condition, _):
                    expression(condition, event: nil)
                case .trigger(let trigger, _):
                    switch trigger {
                    case .onEvent(let event, let filter, _):
                        everyProperty(of: event.name)
                        if let filter { expression(filter, event: event.name) }
                    case .afterTime(_, let base):
                        expression(base, event: nil)
                    case .onEnterSegment(let name):
                        segment(name.name)
                    case .daily, .weekly, .monthly, .once, .yearly:
                        break
                    }
                case .exitWhen(let head, let filter, _):
                    if case .name(let name) = head, table.events[name.name] != nil {
                        use.add(name.name)
                        if let filter { expression(filter, event: name.name) }
                    } else {
                        expression(head, event: nil)
                        if let filter { expression(filter, event: nil) }
                    }
                case .goal(let event, let filter, _, _):
                    self.event(event.name, filter: filter)
                case .reentry, .holdout, .priority:
                    break
                }
            }
            steps(campaign.steps)
        }

        mutating func steps(_ steps: [Step]) {
            for step in steps {
                switch step {
                case .wait(.untilEvent(let event, let filter, _), _):
                    self.event(event.name, filter: filter)
                case .wait(.untilBestHour, _):
                    for case .bestHour(let events, _, _) in table.policy?.clauses ?? [] {
                        for event in events where table.events[event.name] != nil { use.add(event.name) }
                    }
                case .branch(let branch):
                    for arm in branch.arms {
                        expression(arm.condition, event: nil)
                        self.steps(arm.body.steps)
                    }
                    if let otherwise = branch.otherwise { self.steps(otherwise.steps) }
                case .split(let split):
                    for arm in split.arms { self.steps(arm.body.steps) }
                case .send, .sendFirstOf, .wait, .tag, .untag, .unsubscribe, .exit:
                    break
                }
            }
        }

        mutating func event(_ name: String, filter: Expr?) {
            guard table.events[name] != nil else { return }
            use.add(name)
            if let filter { expression(filter, event: name) }
        }

        mutating func everyProperty(of name: String) {
            guard let event = table.events[name] else { return }
            use.add(name)
            for property in event.order { use.add(name, property: property) }
        }

        /// `event` is the type whose properties bare names may mean (inside a `where`).
        mutating func expression(_ expression: Expr, event: String?) {
            switch expression {
            case .literal, .eventProperty:
                // `event.x` is the triggering event's, whose properties are all kept.
                break
            case .name(let name):
                if let event, table.events[event]?.properties[name.name] != nil { use.add(event, property: name.name) }
                if table.segments[name.name] != nil { segment(name.name) }
                if table.events[name.name] != nil { use.add(name.name) }
            case .unary(_, let operand, _), .isNone(let operand, _, _), .parenthesized(let operand, _):
                self.expression(operand, event: event)
            case .binary(_, let left, let right, _):
                self.expression(left, event: event)
                self.expression(right, event: event)
            case .inList(let operand, let items, _):
                self.expression(operand, event: event)
                for item in items { self.expression(item, event: event) }
            case .call(let call):
                guard let subject = call.subject.first?.name, table.events[subject] != nil else {
                    if let filter = call.filter { self.expression(filter, event: event) }
                    return
                }
                use.add(subject)
                if call.subject.count > 1 { use.add(subject, property: call.subject[1].name) }
                if let filter = call.filter { self.expression(filter, event: subject) }
            }
        }
    }
}
