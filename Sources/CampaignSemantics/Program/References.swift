/// Names resolved by the checker. Each reference carries a stable index, which is what
/// later phases use (a slot in a column array, a compiled segment), and the name as
/// written, for printing and for `DataUse`, never to look anything up again.

/// A resolved name of one kind (`Kind` is never made; it only keeps a field from
/// standing where a segment is expected): its stable position, and the name as written.
public struct SymbolRef<Kind>: Sendable, Hashable {
    /// The position the name resolved to (what each kind's alias below says it indexes).
    public let index: Int
    /// The name as written: for printing and `DataUse`, never to look anything up again.
    public let name: String

    /// A reference as the checker resolves it (tests and tools build them too).
    public init(index: Int, name: String) {
        self.index = index
        self.name = name
    }
}

/// A customer field: `index` is its position in the declared field order
/// (`DeclarationTable.customerFieldOrder`).
public typealias FieldRef = SymbolRef<FieldSymbol>
/// A segment: `index` is its position among the segments in name order (`TypedProgram.segments`).
public typealias SegmentRef = SymbolRef<SegmentSymbol>
/// An event type: `index` is its position among the event types in name order (`TypedProgram.eventNames`).
public typealias EventRef = SymbolRef<EventSymbol>

/// The kinds of `SymbolRef`: a customer field.
public enum FieldSymbol {}
/// A segment.
public enum SegmentSymbol {}
/// An event type.
public enum EventSymbol {}

/// A property of an event type: its position in the event's declared property order
/// (`EventInfo.order`).
public struct PropertyRef: Sendable, Hashable {
    /// The event type the property belongs to.
    public let event: EventRef
    /// Its position in the event's declared property order.
    public let slot: Int
    /// The property's name as written.
    public let name: String

    /// A reference as the checker resolves it.
    public init(event: EventRef, slot: Int, name: String) {
        self.event = event
        self.slot = slot
        self.name = name
    }
}

/// A message of the campaign an engagement built-in asks about (`clicked(survey)`):
/// `index` is its position in `TypedCampaign.messages`, which is also the planner's number
/// for it, so engagement is answered by comparing integers, never names.
public struct MessageRef: Sendable, Hashable {
    public let index: Int
    /// The name as written, for printing only.
    public let name: String

    /// A message of the campaign: its number and its name.
    public init(index: Int, name: String) {
        self.index = index
        self.name = name
    }
}
