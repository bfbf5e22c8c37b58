/// Names resolved by the checker. Each reference carries a stable index, which is what
/// later phases use (a slot in a column array, a compiled segment), and the name as
/// written, for printing and for `DataUse`, never to look anything up again.

/// A customer field: its position in the declared field order (`DeclarationTable.customerFieldOrder`).
public struct FieldRef: Sendable, Hashable {
    public let slot: Int
    public let name: String

    public init(slot: Int, name: String) {
        self.slot = slot
        self.name = name
    }
}

/// A segment: its position among the segments in name order (`TypedProgram.segments`).
public struct SegmentRef: Sendable, Hashable {
    public let index: Int
    public let name: String

    public init(index: Int, name: String) {
        self.index = index
        self.name = name
    }
}

/// An event type: its position among the event types in name order (`TypedProgram.eventNames`).
public struct EventRef: Sendable, Hashable {
    public let index: Int
    public let name: String

    public init(index: Int, name: String) {
        self.index = index
        self.name = name
    }
}

/// A property of an event type: its position in the event's declared property order
/// (`EventInfo.order`).
public struct PropertyRef: Sendable, Hashable {
    public let event: EventRef
    public let slot: Int
    public let name: String

    public init(event: EventRef, slot: Int, name: String) {
        self.event = event
        self.slot = slot
        self.name = name
    }
}

/// A message of the campaign an engagement built-in asks about (`clicked(survey)`).
public struct MessageRef: Sendable, Hashable {
    /// Message names are unique in a campaign (the checker reports a repeated one), and the
    /// planner knows its messages by them.
    public let name: String

    public init(name: String) { self.name = name }
}
