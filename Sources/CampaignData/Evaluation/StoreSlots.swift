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
}
