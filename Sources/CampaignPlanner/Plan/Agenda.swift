/// What is due when, for one customer's run: a min-heap of (instant, serving rank), so
/// the next instant, and the campaigns with something due at it in serving order, cost
/// a logarithm each instead of a pass over every campaign. A pass per instant made `plan`
/// quadratic in the number of campaigns (each can bring its own instants).
///
/// An entry only says "look at this campaign then": one that no longer has anything due
/// (its wait was cut short, it exited) is looked at and does nothing, so entries are never
/// removed early, and the same campaign may be listed twice at one instant.
struct Agenda {
    struct Entry {
        let time: Int64
        let rank: Int

        @inline(__always)
        func precedes(_ other: Entry) -> Bool { time != other.time ? time < other.time : rank < other.rank }
    }

    private(set) var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }

    /// The earliest entry (the smallest rank among the earliest).
    var first: Entry? { entries.first }

    /// Empties the agenda, keeping its capacity for the next customer.
    mutating func removeAll() {
        if !entries.isEmpty { entries.removeLast(entries.count) }
    }

    mutating func insert(time: Int64, rank: Int) {
        entries.append(Entry(time: time, rank: rank))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].precedes(entries[parent]) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest entry.
    mutating func removeFirst() -> Entry? {
        guard let top = entries.first else { return nil }
        let last = entries.removeLast()
        guard !entries.isEmpty else { return top }
        entries[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < entries.count, entries[left].precedes(entries[smallest]) { smallest = left }
            if right < entries.count, entries[right].precedes(entries[smallest]) { smallest = right }
            if smallest == parent { break }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
