import CampaignSyntax

/// The positions names resolve to (`FieldRef.index`, `SegmentRef.index`, `EventRef.index`),
/// fixed once every declaration is collected.
struct SymbolIndex {
    var fieldSlot: [String: Int] = [:]
    var segmentIndex: [String: Int] = [:]
    var eventIndex: [String: Int] = [:]

    init() {}

    init(_ table: DeclarationTable) {
        for (slot, name) in table.customerFieldOrder.enumerated() where fieldSlot[name] == nil { fieldSlot[name] = slot }
        for (index, name) in table.segmentNames.enumerated() { segmentIndex[name] = index }
        for (index, name) in table.events.keys.sorted().enumerated() { eventIndex[name] = index }
    }
}

extension SemanticChecker {
    /// Numbers the declarations, makes room in the typed program for every segment, and
    /// resolves the fields and events the channels and the policy name.
    mutating func indexSymbols() {
        symbols = SymbolIndex(table)
        var program = TypedProgram()
        program.eventNames = table.events.keys.sorted()
        program.segmentIndex = symbols.segmentIndex
        program.segments = table.segmentNames.map { name in
            let syntax = table.segments[name].map(\.condition) ?? .literal(.bool(false), SourceSpan(file: FileID(0), start: 0, end: 0))
            return TypedSegment(name: name, condition: TypedExpr(.error, .invalid, syntax: syntax))
        }
        func field(_ name: String?) -> FieldRef? {
            name.flatMap { name in symbols.fieldSlot[name].map { FieldRef(index: $0, name: name) } }
        }
        program.channels = table.channels.mapValues { ChannelFields(address: field($0.address), consent: field($0.consent)) }
        // As the planner applies the policy: a later `best hour` replaces an earlier one.
        for case .bestHour(let events, _, _) in table.policy?.clauses ?? [] {
            program.bestHourEvents = events.compactMap { eventRef($0.name) }
        }
        program.timeZoneField = field(table.customerFieldOrder.first { table.customerFields[$0]?.type.wrapped == .timezone })
        table.program = program
    }

    func eventRef(_ name: String) -> EventRef? {
        symbols.eventIndex[name].map { EventRef(index: $0, name: name) }
    }

    func propertyRef(_ event: EventInfo, _ name: String) -> PropertyRef? {
        guard let ref = eventRef(event.name), let slot = event.order.firstIndex(of: name) else { return nil }
        return PropertyRef(event: ref, slot: slot, name: name)
    }
}
