/// Customer id → row: an open-addressing table (linear probing) whose slot holds the id's
/// key beside its row, so that a probe touches one 16-byte slot and, for an id of up to 11
/// bytes, settles on it (`IDKey`); a longer id is verified against the index's own copy of
/// its bytes. Built once from the customers' id column; read by the events reader's row
/// loop through `view` (plain pointers, no reference counted per row) on every part at
/// once, without a copy.
///
/// Why this layout (1M customers / 10M events, release, 2 cores): with the old table
/// (`[Int32]` slots, then the id column's starts, ends and arena) a random id cost three
/// dependent cache and TLB misses, and reading a time-ordered events file took 3.1–3.5 s
/// against 0.5 s for one grouped by customer. Here the probe is one miss, and the events
/// reader batches its probes so that the misses of many rows overlap
/// (`EventReader.RowBatch`). The table takes 16 bytes a slot at most two-thirds full
/// (32 MB for 1M customers), less than the old index and the copy each reading part made
/// of it.
///
/// Rows are `Int32`: the customers reader refuses more rows than that holds
/// (`StoreLimits.customers`) before the index is built; a long id's place in the copy of
/// long ids is a `UInt32`, as the id column holds at most `Int32.max` bytes.
public final class IDIndex: Sendable {
    private let slots: ReadOnlyBuffer<IDSlot>
    /// The bytes of every id longer than `IDKey.inlineBytes`, end to end.
    private let longBytes: ReadOnlyBuffer<UInt8>
    private let shift: UInt64

    /// The rows whose id repeats an earlier one (not in the index).
    public let duplicates: [Int]

    /// Builds the index over every id (the first of equal ids wins).
    init(_ ids: TextColumn) {
        var bits = 4
        while 1 << bits < ids.count + ids.count / 2 { bits += 1 }
        let capacity = 1 << bits
        let slots = UnsafeMutableBufferPointer<IDSlot>.allocate(capacity: capacity)
        slots.initialize(repeating: IDSlot(low: 0, high: 0, row: 0))
        var longCount = 0
        for row in 0..<ids.count where ids.starts[row] >= 0 {
            let length = Int(ids.ends[row] - ids.starts[row])
            if length > IDKey.inlineBytes { longCount += length }
        }
        let longBytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, longCount))
        var longEnd = 0
        let shift = UInt64(64 - bits)
        var duplicates: [Int] = []
        // Only empty ids: no arena to point at, and no byte of it is read.
        let nothing: UInt8 = 0
        withUnsafePointer(to: nothing) { nowhere in ids.arena.withUnsafeBufferPointer { arena in
            guard let longBase = longBytes.baseAddress else { return }
            let base = arena.baseAddress ?? nowhere
            let view = IDLookupView(slots: ReadOnlyBuffer(UnsafeBufferPointer(slots)), longBytes: ReadOnlyBuffer(UnsafeBufferPointer(longBytes)), shift: shift)
            for row in 0..<ids.count {
                let start = Int(ids.starts[row])
                guard start >= 0 else { continue }
                let count = Int(ids.ends[row]) - start
                let key = IDKey(base + start, count: count, readable: arena.count - start)
                switch view.find(key, id: base + start) {
                case .found:
                    duplicates.append(row)
                case .empty(let slot):
                    if key.isInline {
                        slots[slot] = IDSlot(low: key.low, high: key.high, row: UInt32(row))
                    } else {
                        (longBase + longEnd).update(from: base + start, count: count)
                        slots[slot] = IDSlot(low: UInt64(count) | UInt64(longEnd) << 32, high: key.high, row: UInt32(row))
                        longEnd += count
                    }
                }
            }
        } }
        self.slots = ReadOnlyBuffer(UnsafeBufferPointer(slots))
        self.longBytes = ReadOnlyBuffer(UnsafeBufferPointer(longBytes))
        self.shift = shift
        self.duplicates = duplicates
    }

    deinit {
        slots.deallocate()
        longBytes.deallocate()
    }

    /// The table as plain pointers, valid while the index lives.
    var view: IDLookupView { IDLookupView(slots: slots, longBytes: longBytes, shift: shift) }

    /// The row of a customer id.
    public func row(of id: String) -> Int? {
        Array(id.utf8).withUnsafeBufferPointer { row(of: $0) }
    }

    /// The row of a customer id.
    public func row(of id: UnsafeBufferPointer<UInt8>) -> Int? { view.row(of: id) }
}

/// One slot of `IDIndex`: an id's key (`IDKey.low` and `.high`; `high` is 0 when the slot
/// is empty) and its row. For a long id, `low` holds its length (low half) and where its
/// bytes start in the index's copy of long ids (high half).
struct IDSlot {
    var low: UInt64
    var high: UInt32
    var row: UInt32
}
