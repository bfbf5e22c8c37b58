import CampaignSemantics

/// The stores' columns and tables arranged by the positions the typed program's
/// references carry (`FieldRef.index`, `EventRef.index`, `PropertyRef.slot`). The stores
/// are keyed by the names in the data files; this is the one place those keys are read,
/// once per evaluator, so compiling an expression indexes arrays.
struct StoreSlots: Sendable {
    /// By field slot: the column, nil when the store did not keep it.
    let fields: [Column?]
    /// By event index: the store's table, nil when the data has none for the type.
    let tables: [Int?]
    /// By event index, then property slot: the column, nil when the store did not keep it.
    let properties: [[Column?]]
    /// By event index: whether the store kept the type's events (`Dataset.stored`).
    let storedEvents: [Bool]

    init(_ data: Dataset) {
        let table = data.table
        fields = table.customerFieldOrder.map { data.customers.columns[$0] }
        let events = table.program.eventNames
        tables = events.map { data.events.typeIndex[$0] }
        storedEvents = events.map { data.stored.reads($0) }
        properties = zip(events, tables).map { name, t in
            guard let t, let info = table.events[name] else { return [] }
            return info.order.map { data.events.tables[t].properties[$0] }
        }
    }

    // A reference typed against another table (`SemanticChecker.typed(_:in:)` takes any
    // table), or a table the checker did not build, may point past these arrays: such a
    // position holds nothing, like a name the store did not keep, and never traps.

    /// A field's column; nil when the store did not keep it or the slot is not this table's.
    func field(_ ref: FieldRef) -> Column? {
        fields.indices.contains(ref.index) ? fields[ref.index] : nil
    }

    /// Whether an event index is one of this table's event types.
    func holds(_ ref: EventRef) -> Bool { tables.indices.contains(ref.index) }

    /// An event type's table; nil when the data has none or the index is not this table's.
    func table(_ ref: EventRef) -> Int? {
        tables.indices.contains(ref.index) ? tables[ref.index] : nil
    }

    /// A property's column; nil when the store did not keep it or the position is not this table's.
    func property(_ ref: PropertyRef) -> Column? {
        guard properties.indices.contains(ref.event.index) else { return nil }
        let slots = properties[ref.event.index]
        return slots.indices.contains(ref.slot) ? slots[ref.slot] : nil
    }

    /// Whether the store kept an event type's events; false for an index not this table's.
    func stored(_ ref: EventRef) -> Bool {
        storedEvents.indices.contains(ref.index) && storedEvents[ref.index]
    }
}
