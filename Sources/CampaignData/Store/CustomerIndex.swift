/// Customer id → row: an open-addressing table (linear probing) whose slot holds the id's
/// row, a fingerprint (24 bits of its hash) and its `IDKey` code beside its key: the id
/// itself when it is compact (up to 16 bytes, or a canonical UUID as 128 bits), else where
/// it starts in the id column. A probe reads one cache line; a compact id is then found
/// with no other memory touched, and a longer one with one more read, of its bytes. A
/// fingerprint alone never decides: the ids are always compared. The readers' parts share
/// the table, without a copy.
///
/// Why this layout (1M customers / 10M events, release): an events file in time order or
/// shuffled looks up a random customer per row, and on these machines (virtual, with
/// nested page tables) each read of a cold page costs a TLB walk that the core cannot
/// overlap much, so what counts is the number of arrays a lookup touches. The first table
/// held rows only (every slot on the way compared through the id column: its start, end
/// and bytes, three dependent misses a row; 3.4 s of "event rows" in time order against
/// 0.5 s grouped). Then 8-byte slots of fingerprint and row, with lookups batched
/// (`EventReader.RowBatch`) so that misses overlap: still three arrays a found id (slot,
/// place in the id column, bytes), 2.1 s at one thread against 1.3 s grouped, and huge
/// pages (tried through glibc's `malloc.hugetlb`, and later with `madvise` on this table
/// alone) gained nothing here. With the key in a 16-byte slot, an id of up to eight bytes
/// cost one array and a longer one two. Exports often carry UUIDs (36 bytes), so a table
/// whose ids need it has a third word a slot, which holds ids of up to 16 bytes and UUIDs
/// whole: on 1M UUIDs the lookups' CPU went from 1.0–1.1 s to 0.7–0.75 s with the keys'
/// parsing (0.16 s) counted, for 36 MB of table instead of 24. A table of short ids keeps
/// two words a slot (the third cost them 0.05–0.08 s of lookups). 64-byte slots holding
/// ids of up to 56 bytes were tried too: zeroing 96 MB cost what they saved. The table is
/// at most two-thirds full at any size (its capacity need not be a power of two: a hash's
/// top half is scaled to it).
///
/// Rows are `Int32`: the customers reader refuses more rows than that holds
/// (`StoreLimits.customers`) before the index is built; so are the id column's offsets,
/// which is why a key can hold one.
public final class IDIndex: Sendable {
    /// Two or three words a slot (`IDLookupView`).
    private let slots: ReadOnlyBuffer<UInt64>
    private let words: Int
    /// The ids, by row.
    let ids: TextColumn

    /// What the building loop's touching loads read (kept so that they are made).
    private let touched: UInt64

    /// The rows whose id repeats an earlier one (not in the index).
    public let duplicates: [Int]

    /// Builds the index over every id (the first of equal ids wins).
    init(_ ids: TextColumn) {
        let capacity = max(16, ids.count + ids.count / 2 + 1)
        let words = (0..<ids.count).contains { IDKey.mayNeedHigh(count: Int(ids.ends[$0]) - Int(ids.starts[$0])) } ? 3 : 2
        let slots = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: words * capacity)
        slots.initialize(repeating: 0)
        var duplicates: [Int] = []
        var touched: UInt64 = 0
        Self.withLookup(slots: UnsafeBufferPointer(slots), words: words, ids: ids) { lookup in
            // A block of rows at a time: their first slots are loaded together (so their
            // misses overlap, as in `EventReader.RowBatch`), then the rows go in, in order.
            let block = 64
            var keys = [IDKey](repeating: .empty, count: block)
            for first in stride(from: 0, to: ids.count, by: block) {
                let rows = first..<min(first + block, ids.count)
                for row in rows where ids.starts[row] >= 0 {
                    let start = Int(ids.starts[row])
                    keys[row - first] = IDKey(lookup.arena + start, count: Int(ids.ends[row]) - start, readable: lookup.arenaCount - start)
                }
                // A loop of loads alone: the keys' work between them would fill the core's
                // window, and fewer misses would overlap (with UUIDs, 0.16 s more for 1M).
                for row in rows where ids.starts[row] >= 0 {
                    touched &+= lookup.tag(lookup.slot(of: keys[row - first].hash))
                }
                for row in rows where ids.starts[row] >= 0 {
                    let start = Int(ids.starts[row])
                    let count = Int(ids.ends[row]) - start
                    let key = keys[row - first]
                    switch lookup.find(key, id: lookup.arena + start, count: count, from: lookup.slot(of: key.hash)) {
                    case .found:
                        duplicates.append(row)
                    case .empty(let slot):
                        slots[words * slot] = UInt64(row + 1) << 32 | UInt64(IDLookupView.tag(key))
                        slots[words * slot + 1] = key.isCompact ? key.low : UInt64(start)
                        if words == 3 { slots[words * slot + 2] = key.high }
                    }
                }
            }
        }
        self.slots = ReadOnlyBuffer(UnsafeBufferPointer(slots))
        self.words = words
        self.touched = touched
        self.ids = ids
        self.duplicates = duplicates
    }

    deinit { slots.deallocate() }

    /// Runs `body` with the table and the id column as plain pointers (valid inside only):
    /// a loop of lookups through them counts no references.
    func withLookup<R>(_ body: (IDLookupView) -> R) -> R {
        Self.withLookup(slots: slots.buffer, words: words, ids: ids, body)
    }

    private static func withLookup<R>(slots: UnsafeBufferPointer<UInt64>, words: Int, ids: TextColumn, _ body: (IDLookupView) -> R) -> R {
        // No id has a byte (only empty ids, or none): any address will do, none is read.
        let nothing: UInt8 = 0
        return withUnsafePointer(to: nothing) { nowhere in
            ids.arena.withUnsafeBufferPointer { arena in
                ids.starts.withUnsafeBufferPointer { starts in
                    ids.ends.withUnsafeBufferPointer { ends in
                        body(IDLookupView(slots: slots, words: words, starts: starts, ends: ends, arena: arena.baseAddress ?? nowhere, arenaCount: arena.count))
                    }
                }
            }
        }
    }

    /// The row of a customer id.
    public func row(of id: String) -> Int? {
        Array(id.utf8).withUnsafeBufferPointer { row(of: $0) }
    }

    /// The row of a customer id.
    public func row(of id: UnsafeBufferPointer<UInt8>) -> Int? {
        withLookup { $0.row(of: id) }
    }
}
