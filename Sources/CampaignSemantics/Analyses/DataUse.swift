import CampaignSyntax

/// Which customer fields, event types and event properties some campaigns and segments
/// read. The data layer still validates every row and every value but stores only these:
/// a win-back on purchases need not hold ten million app opens, or every customer's email.
public struct DataUse: Sendable, Hashable {
    /// Per event type read, the properties read.
    public private(set) var properties: [String: Set<String>] = [:]
    /// The customer fields read; nil for all of them. The id, the customer's time zone
    /// field (`TypedProgram.timeZoneField`) and every channel's address and consent are
    /// always read (explain shows them).
    public private(set) var fields: Set<String>? = []
    /// Where each customer field is read, and each event property (by type, then
    /// property): what a column missing from the data affects.
    public private(set) var fieldReaders: [String: Set<DataReader>] = [:]
    public private(set) var propertyReaders: [String: [String: Set<DataReader>]] = [:]
    /// The campaigns whose messages an engagement built-in asks about by name
    /// (`clicked(other.survey)`): they must be planned too for the answer to mean anything.
    public internal(set) var campaignsAsked: Set<String> = []
    /// Some expression asks about engagement across campaigns (`EngagementHistory`): the
    /// planner keeps each customer's history of sends for it.
    public internal(set) var asksHistory = false

    /// What either reads: for data read once and used by two versions of a project with
    /// the same schema (`campaign diff`).
    public func union(_ other: DataUse) -> DataUse {
        var use = self
        for (type, names) in other.properties { use.properties[type, default: []].formUnion(names) }
        if let mine = fields, let theirs = other.fields { use.fields = mine.union(theirs) } else { use.fields = nil }
        for (field, readers) in other.fieldReaders { use.fieldReaders[field, default: []].formUnion(readers) }
        use.campaignsAsked.formUnion(other.campaignsAsked)
        use.asksHistory = use.asksHistory || other.asksHistory
        for (type, byProperty) in other.propertyReaders {
            for (property, readers) in byProperty { use.propertyReaders[type, default: [:]][property, default: []].formUnion(readers) }
        }
        return use
    }

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
    /// messages' templates name (as the checker bound them, `TypedProgram.messages`).
    public static func of(campaigns: [String], segments: [String], in table: DeclarationTable) -> DataUse {
        var walk = Walk(table: table)
        if let id = table.idField { walk.use.addField(id, by: DataReader(.identity, "")) }
        if let zone = table.program.timeZoneField { walk.use.addField(zone.name, by: DataReader(.timeZone, "")) }
        for channel in table.channels.values {
            if let address = channel.address { walk.use.addField(address, by: DataReader(.channelAddress, channel.kind.rawValue)) }
            if let consent = channel.consent { walk.use.addField(consent, by: DataReader(.channelConsent, channel.kind.rawValue)) }
        }
        for name in segments {
            if let index = table.program.segmentIndex[name] { walk.segment(index) }
        }
        for name in campaigns {
            guard let typed = table.program.campaigns[name] else { continue }
            walk.campaign(typed)
        }
        // Whom a compliance profile binds is decided at every send of every campaign.
        if !campaigns.isEmpty {
            for rule in table.program.compliance {
                guard let condition = rule.condition else { continue }
                walk.reader = DataReader(.compliance, rule.profile.rawValue)
                walk.expression(condition)
            }
        }
        return walk.use
    }

    public func reads(_ type: String) -> Bool { properties[type] != nil }

    public func reads(_ type: String, property: String) -> Bool { properties[type]?.contains(property) ?? false }

    public func reads(field: String) -> Bool { fields?.contains(field) ?? true }

    /// What reads a customer field, sorted (templates first).
    public func readers(ofField name: String) -> [DataReader] { fieldReaders[name, default: []].sorted() }

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

    /// The walk over the typed program (and the messages' templates); segments are
    /// followed once each.
    private struct Walk {
        let table: DeclarationTable
        var use = DataUse()
        var seenSegments: Set<Int> = []
        /// What the expressions being walked belong to.
        var reader = DataReader(.identity, "")

        init(table: DeclarationTable) { self.table = table }

        mutating func segment(_ index: Int) {
            let segments = table.program.segments
            guard segments.indices.contains(index), seenSegments.insert(index).inserted else { return }
            let outer = reader
            reader = DataReader(.segment, segments[index].name)
            expression(segments[index].condition)
            reader = outer
        }

        mutating func campaign(_ typed: TypedCampaign) {
            let name = typed.name
            if let audience = typed.audience {
                reader = DataReader(.audience, name)
                expression(audience)
            }
            reader = DataReader(.trigger, name)
            switch typed.trigger {
            case .onEvent(let match, _)?:
                everyProperty(of: match.event.name)
                if let filter = match.filter { expression(filter) }
            case .after(let base)?:
                expression(base)
            case .enterSegment(let segment)?:
                self.segment(segment.index)
            case .yearly(let field)?:
                use.addField(field.name, by: reader)
            case .weekly?, nil:
                break
            }
            reader = DataReader(.exit, name)
            switch typed.exit {
            case .event(let match)?:
                event(match)
            case .condition(let condition)?:
                // A condition is checked on every event of every type
                // (docs/language.md §5.5): each event's time is a moment
                // it may turn true, so every type is kept, without properties.
                for name in table.events.keys { use.add(name) }
                expression(condition)
            case nil:
                break
            }
            if let goal = typed.goal {
                reader = DataReader(.goal, name)
                event(goal)
            }
            reader = DataReader(.branch, name)
            for arms in typed.branches {
                for condition in arms { expression(condition) }
            }
            reader = DataReader(.wait, name)
            for case let wait? in typed.waits { event(wait) }
            if typed.waitsForBestHour {
                for event in table.program.bestHourEvents { use.add(event.name) }
            }
            for message in typed.messages { templates(of: message, in: name) }
        }

        /// What a message's templates read: the variables the checker bound, from text
        /// written in the campaign or read from a `body file` alike. A message on an
        /// undeclared channel has nothing bound, and the planner renders nothing of it.
        mutating func templates(of message: CheckedMessage, in campaign: String) {
            reader = DataReader(.template, campaign + "." + message.name)
            for variable in message.variables {
                switch variable {
                case .customerField(let field, _):
                    use.addField(field.name, by: reader)
                case .eventProperty(let property, _):
                    use.add(property.event.name, property: property.name, by: reader)
                case .eventTime(let event, let info):
                    use.add(event.name, property: info.name, by: reader)
                case .campaignName:
                    break
                }
            }
        }

        mutating func event(_ match: EventMatch) {
            use.add(match.event.name)
            if let filter = match.filter { expression(filter) }
        }

        mutating func everyProperty(of name: String) {
            guard let event = table.events[name] else { return }
            use.add(name)
            for property in event.order { use.add(name, property: property) }
        }

        /// What a typed expression reads: names are resolved, so a property is its
        /// event's and a field is the customer's, whatever else shares the name.
        mutating func expression(_ expression: TypedExpr) {
            switch expression.node {
            case .literal, .engagement, .invalid:
                break
            case .engagementHistory(_, let history):
                use.asksHistory = true
                if let campaign = history.campaign { use.campaignsAsked.insert(campaign) }
            case .field(let field):
                use.addField(field.name, by: reader)
            case .segment(let segment):
                self.segment(segment.index)
            case .property(let property), .triggerProperty(let property):
                use.add(property.event.name, property: property.name, by: reader)
            case .not(let operand), .negate(let operand), .isNone(let operand, _):
                self.expression(operand)
            case .compare(_, let left, let right), .coalesce(let left, let right):
                self.expression(left)
                self.expression(right)
            case .logical(_, let operands):
                for operand in operands { self.expression(operand) }
            case .arithmetic(let first, let links):
                self.expression(first)
                for link in links { self.expression(link.operand) }
            case .inList(let operand, let items):
                self.expression(operand)
                for item in items { self.expression(item) }
            case .aggregate(let aggregate):
                use.add(aggregate.event.name)
                if let property = aggregate.property { use.add(aggregate.event.name, property: property.name, by: reader) }
                if let filter = aggregate.filter { self.expression(filter) }
            }
        }
    }
}
