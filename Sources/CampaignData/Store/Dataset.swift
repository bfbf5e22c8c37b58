import CampaignSemantics

/// A customer dataset read against a schema.
public struct Dataset: Sendable {
    public let table: DeclarationTable
    public let customers: CustomerStore
    public let events: EventStore
    /// What the readers kept: the fields, event types and properties in the stores. Every
    /// declared event type has a table, empty when it was not kept, so only this tells
    /// "no such events" from "not read".
    public let stored: DataUse

    public init(table: DeclarationTable, customers: CustomerStore, events: EventStore, stored: DataUse? = nil) {
        self.table = table
        self.customers = customers
        self.events = events
        self.stored = stored ?? .everything(in: table)
    }
}
