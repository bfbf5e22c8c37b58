import CampaignSyntax

/// Which customer fields, event types and event properties some campaigns and segments
/// read. The data layer still validates every row and every value but stores only these:
/// a win-back on purchases need not hold ten million app opens, or every customer's email.
public struct DataUse: Sendable, Hashable {
    /// Per event type read, the properties read.
    public private(set) var properties: [String: Set<String>] = [:]
    /// The customer fields read; nil for all of them. The id, every time zone field and
    /// every channel's address and consent are always read (explain shows them).
    public private(set) var fields: Set<String>? = []
    /// Where each customer field is read, and each event property (by type, then
    /// property): what a column missing from the data affects.
    public private(set) var fieldReaders: [String: Set<DataReader>] = [:]
    public private(set) var propertyReaders: [String: [String: Set<DataReader>]] = [:]
    /// Readers that may name any customer field: templates read from files at plan time.
    public private(set) var anyFieldReaders: Set<DataReader> = []

    /// Every type and property the schema declares (what `segments` over a whole project,
    /// or a caller that cannot say, needs).
    public static func everything(in table: DeclarationTable) -> DataUse {
        var use = DataUse()
        for (name, event) in table.events { use.properties[name] = Set(event.order) }
        use.fields = nil
        return use
    }

    /// What the named campaigns and segments read, through the segments they use, the
    /// policy's best-hour events when a journey waits for the best hour, every property of
    /// a triggering event (templates may show any of them as `event.*`), every event type
    /// when a campaign exits on a condition (checked at each event), and the fields the
    /// messages' templates name (all fields when a template is in a file).
    public static func of(campaigns: [String], segments: [String], in table: DeclarationTable) -> DataUse {
        var walk = Walk(table: table)
        for (name, field) in table.customerFields where name == table.idField || field.type.wrapped == .timezone {
            walk.use.addField(name, by: DataReader(name == table.idField ? .identity : .timeZone, ""))
        }
        for channel in table.channels.values {
            if let address = channel.address { walk.use.addField(address, by: DataReader(.channelAddress, channel.kind.rawValue)) }
            if let consent = channel.consent { walk.use.addField(consent, by: DataReader(.channelConsent, channel.kind.rawValue)) }
        }
        for name in segments { walk.segment(name) }
        for name in campaigns {
            guard let campaign = table.campaigns[name] else { continue }
            walk.campaign(campaign)
        }
        return walk.use
    }

    public func reads(_ type: String) -> Bool { properties[type] != nil }

    public func reads(_ type: String, property: String) -> Bool { properties[type]?.contains(property) ?? false }

    public func reads(field: String) -> Bool { fields?.contains(field) ?? true }

    /// What reads a customer field, sorted (templates first).
    public func readers(ofField name: String) -> [DataReader] { fieldReaders[name, default: []].union(anyFieldReaders).sorted() }

    /// What reads a property of an event type, sorted.
    public func readers(of type: String, property: String) -> [DataReader] { propertyReaders[type]?[property]?.sorted() ?? [] }

    mutating func addField(_ name: String, by reader: DataReader) {
        fields?.insert(name)
        fieldReaders[name, default: []].insert(reader)
    }

    mutating func add(_ type: String, property: String? = nil, by reader: DataReader? = nil) {
        properties[type, default: []].formUnion(property.map { [$0] } ?? [])
        if let property, let reader { propertyReaders[type, default: [:]][property, default: []].insert(reader) }
    }

    /// A template that may name any field (it is read from a file at plan time).
    mutating func addAnyField(by reader: DataReader) {
        fields = nil
        anyFieldReaders.insert(reader)
    }

    /// The syntax walk; segments are followed once each.
    private struct Walk {
        let table: DeclarationTable
        var use = DataUse()
        var seenSegments: Set<String> = []
        /// What the expressions being walked belong to.
        var reader = DataReader(.identity, "")
        /// The event that triggers the campaign being walked (whose properties `event.x` names).
        var triggerEvent: String?

        init(table: DeclarationTable) { self.table = table }

        mutating func segment(_ name: String) {
            guard let declaration = table.segments[name], seenSegments.insert(name).inserted else { return }
            let outer = reader
            reader = DataReader(.segment, name)
            expression(declaration.condition, event: nil)
            reader = outer
        }

        mutating func campaign(_ campaign: CampaignDecl) {
            let name = campaign.name.name
            triggerEvent = nil
            for case .trigger(.onEvent(let event, _, _), _) in campaign.clauses { triggerEvent = event.name }
            for clause in campaign.clauses {
                switch clause {
                case .audience(let condition, _):
                    reader = DataReader(.audience, name)
                    expression(condition, event: nil)
                case .trigger(let trigger, _):
                    reader = DataReader(.trigger, name)
                    switch trigger {
                    case .onEvent(let event, let filter, _):
                        everyProperty(of: event.name)
                        if let filter { expression(filter, event: event.name) }
                    case .afterTime(_, let base):
                        expression(base, event: nil)
                    case .onEnterSegment(let name):
                        segment(name.name)
                    case .yearly(let field, _):
                        use.addField(field.name, by: reader)
                    case .daily, .weekly, .monthly, .once:
                        break
                    }
                case .exitWhen(let head, let filter, _):
                    reader = DataReader(.exit, name)
                    if let name = table.exitEvent(head) {
                        event(name.name, filter: filter)
                    } else {
                        // A condition is checked on every event of every type
                        // (docs/language.md §5.5): each event's time is a moment
                        // it may turn true, so every type is kept, without properties.
                        for name in table.events.keys { use.add(name) }
                        expression(head, event: nil)
                        if let filter { expression(filter, event: nil) }
                    }
                case .goal(let event, let filter, _, _):
                    reader = DataReader(.goal, name)
                    self.event(event.name, filter: filter)
                case .reentry, .holdout, .priority:
                    break
                }
            }
            steps(campaign.steps, in: name)
        }

        mutating func steps(_ steps: [Step], in campaign: String) {
            for step in steps {
                switch step {
                case .wait(.untilEvent(let event, let filter, _), _):
                    reader = DataReader(.wait, campaign)
                    self.event(event.name, filter: filter)
                case .wait(.untilBestHour, _):
                    for case .bestHour(let events, _, _) in table.policy?.clauses ?? [] {
                        for event in events where table.events[event.name] != nil { use.add(event.name) }
                    }
                case .branch(let branch):
                    for arm in branch.arms {
                        reader = DataReader(.branch, campaign)
                        expression(arm.condition, event: nil)
                        self.steps(arm.body.steps, in: campaign)
                    }
                    if let otherwise = branch.otherwise { self.steps(otherwise.steps, in: campaign) }
                case .split(let split):
                    for arm in split.arms { self.steps(arm.body.steps, in: campaign) }
                case .send(let message, _):
                    templates(of: message, in: campaign)
                case .sendFirstOf(let messages, _, _):
                    for message in messages { templates(of: message, in: campaign) }
                case .wait, .tag, .untag, .unsubscribe, .exit:
                    break
                }
            }
        }

        /// The customer fields a message's templates name.
        mutating func templates(of message: Message, in campaign: String) {
            let name = campaign + "." + message.name.name
            reader = DataReader(.template, name)
            for field in message.fields {
                switch field.value {
                case .text(let literal):
                    guard case .success(let template) = TemplateParser.parse(literal.value) else {
                        use.addAnyField(by: reader)
                        return
                    }
                    nodes(template.nodes)
                case .file:
                    // Read at plan time: any field may appear.
                    use.addAnyField(by: DataReader(.templateFile, name))
                case .flag:
                    break
                }
            }
        }

        mutating func nodes(_ nodes: [TemplateNode]) {
            for node in nodes {
                switch node {
                case .text:
                    break
                case .output(let expression, let filters, _):
                    self.expression(expression)
                    for filter in filters {
                        for argument in filter.arguments { self.expression(argument) }
                        for argument in filter.keywordArguments.values { self.expression(argument) }
                    }
                case .conditional(let branches, let otherwise, _):
                    for branch in branches {
                        condition(branch.condition)
                        self.nodes(branch.body)
                    }
                    if let otherwise { self.nodes(otherwise) }
                }
            }
        }

        mutating func condition(_ condition: TemplateCondition) {
            for term in condition.terms {
                switch term {
                case .value(let value):
                    expression(value)
                case .comparison(_, let left, let right):
                    expression(left)
                    expression(right)
                }
            }
        }

        mutating func expression(_ expression: TemplateExpression) {
            guard case .variable(let path, _) = expression else { return }
            if case .name(let name, _)? = path.first, table.customerFields[name] != nil { use.addField(name, by: reader) }
            if case .name("event", _)? = path.first, path.count > 1, case .name(let property, _) = path[1], let triggerEvent {
                use.add(triggerEvent, property: property, by: reader)
            }
            for case .index(let inner) in path { self.expression(inner) }
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
            case .literal:
                break
            case .eventProperty(let property, _):
                // The triggering event's, whose properties are all kept.
                if let triggerEvent { use.add(triggerEvent, property: property.name, by: reader) }
            case .name(let name):
                if table.customerFields[name.name] != nil { use.addField(name.name, by: reader) }
                if let event, table.events[event]?.properties[name.name] != nil { use.add(event, property: name.name, by: reader) }
                if table.segments[name.name] != nil { segment(name.name) }
                if table.events[name.name] != nil { use.add(name.name) }
            case .unary(_, let operand, _), .isNone(let operand, _, _), .parenthesized(let operand, _):
                self.expression(operand, event: event)
            case .binary(_, let left, let right, _):
                self.expression(left, event: event)
                self.expression(right, event: event)
            case .chain(let chain):
                self.expression(chain.first, event: event)
                for link in chain.links { self.expression(link.operand, event: event) }
            case .inList(let operand, let items, _):
                self.expression(operand, event: event)
                for item in items { self.expression(item, event: event) }
            case .call(let call):
                guard let subject = call.subject.first?.name, table.events[subject] != nil else {
                    if let filter = call.filter { self.expression(filter, event: event) }
                    return
                }
                use.add(subject)
                if call.subject.count > 1 { use.add(subject, property: call.subject[1].name, by: reader) }
                if let filter = call.filter { self.expression(filter, event: subject) }
            }
        }
    }
}
