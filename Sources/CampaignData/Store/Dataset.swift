import CampaignSemantics

/// A customer dataset read against a schema.
public struct Dataset: Sendable {
    /// The checked schema the files were read against, with the typed program.
    public let table: DeclarationTable
    /// The customers, in columns.
    public let customers: CustomerStore
    /// The events, per type, each customer's in time order.
    public let events: EventStore
    /// What the readers kept: the fields, event types and properties in the stores. Every
    /// declared event type has a table, empty when it was not kept, so only this tells
    /// "no such events" from "not read".
    public let stored: DataUse

    /// Stores read against `table`; `stored` nil means they hold everything it declares.
    public init(table: DeclarationTable, customers: CustomerStore, events: EventStore, stored: DataUse? = nil) {
        self.table = table
        self.customers = customers
        self.events = events
        self.stored = stored ?? .everything(in: table)
    }
}
