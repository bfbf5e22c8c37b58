/// Customer id → row: an open-addressing table (linear probing) whose 16-byte slot holds
/// the id's row, a fingerprint (24 bits of its hash) and its length beside a key: the id
/// itself when it has at most eight bytes, else where it starts in the id column. A probe
/// reads one cache line; a short id is then found with no other memory touched, and a
/// longer one with one more read, of its bytes. A fingerprint alone never decides: the ids
/// are always compared. The readers' parts share the table, without a copy.
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
/// pages (tried through glibc's `malloc.hugetlb`) gained nothing here. With the key in the
/// slot, an id of up to eight bytes costs one array and a longer one two. The price is 8
/// bytes a slot: 24 MB for 1M customers instead of 12. The table is at most two-thirds
/// full at any size (its capacity need not be a power of two: a hash's top half is scaled
/// to it).
///
/// Rows are `Int32`: the customers reader refuses more rows than that holds
/// (`StoreLimits.customers`) before the index is built; so are the id column's offsets,
/// which is why a key can hold one.
public final class IDIndex: Sendable {
    /// Two words a slot (`IDLookupView`).
    private let slots: ReadOnlyBuffer<UInt64>
    /// The ids, by row.
    let ids: TextColumn

    /// What the building loop's touching loads read (kept so that they are made).
    private let touched: UInt64

    /// The rows whose id repeats an earlier one (not in the index).
    public let duplicates: [Int]

    /// Builds the index over every id (the first of equal ids wins).
    init(_ ids: TextColumn) {
        let capacity = max(16, ids.count + ids.count / 2 + 1)
        let slots = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 2 * capacity)
        slots.initialize(repeating: 0)
        var duplicates: [Int] = []
        var touched: UInt64 = 0
        Self.withLookup(slots: UnsafeBufferPointer(slots), ids: ids) { lookup in
            // A block of rows at a time: their first slots are loaded together (so their
            // misses overlap, as in `EventReader.RowBatch`), then the rows go in, in order.
            let block = 64
            var hashes = [UInt64](repeating: 0, count: block)
            for first in stride(from: 0, to: ids.count, by: block) {
                let rows = first..<min(first + block, ids.count)
                for row in rows where ids.starts[row] >= 0 {
                    let start = Int(ids.starts[row])
                    let hash = IDHash.hash(lookup.arena + start, count: Int(ids.ends[row]) - start, readable: lookup.arenaCount - start)
                    hashes[row - first] = hash
                    touched &+= lookup.tag(lookup.slot(of: hash))
                }
                for row in rows where ids.starts[row] >= 0 {
                    let start = Int(ids.starts[row])
                    let count = Int(ids.ends[row]) - start
                    let id = lookup.arena + start
                    let hash = hashes[row - first]
                    let key = IDLookupView.inlineKey(id, count: count, readable: lookup.arenaCount - start)
                    switch lookup.find(hash, id: id, count: count, key: key, from: lookup.slot(of: hash)) {
                    case .found:
                        duplicates.append(row)
                    case .empty(let slot):
                        slots[2 * slot] = UInt64(row + 1) << 32 | UInt64(IDLookupView.tag(hash, count: count))
                        slots[2 * slot + 1] = count <= IDLookupView.inlineBytes ? key : UInt64(start)
                    }
                }
            }
        }
        self.slots = ReadOnlyBuffer(UnsafeBufferPointer(slots))
        self.touched = touched
        self.ids = ids
        self.duplicates = duplicates
    }

    deinit { slots.deallocate() }

    /// Runs `body` with the table and the id column as plain pointers (valid inside only):
    /// a loop of lookups through them counts no references.
    func withLookup<R>(_ body: (IDLookupView) -> R) -> R {
        Self.withLookup(slots: slots.buffer, ids: ids, body)
    }

    private static func withLookup<R>(slots: UnsafeBufferPointer<UInt64>, ids: TextColumn, _ body: (IDLookupView) -> R) -> R {
        // No id has a byte (only empty ids, or none): any address will do, none is read.
        let nothing: UInt8 = 0
        return withUnsafePointer(to: nothing) { nowhere in
            ids.arena.withUnsafeBufferPointer { arena in
                ids.starts.withUnsafeBufferPointer { starts in
                    ids.ends.withUnsafeBufferPointer { ends in
                        body(IDLookupView(slots: slots, starts: starts, ends: ends, arena: arena.baseAddress ?? nowhere, arenaCount: arena.count))
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
