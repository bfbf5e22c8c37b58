/// Customer id → row: an open-addressing table (linear probing) whose 8-byte slot holds a
/// fingerprint of the id (its hash's low 32 bits) beside its row, so that a probe reads one
/// cache line and compares ids only where the fingerprints agree; the ids themselves are
/// compared in the id column (a fingerprint alone never decides). The readers' parts share
/// it, without a copy.
///
/// Why this layout (1M customers / 10M events, release, 2 cores): the old table held rows
/// only, so every slot on the way cost a comparison through the id column (its start, its
/// end, its bytes: three dependent cache and TLB misses a row), and reading a time-ordered
/// events file took 3.4 s against 0.5 s grouped by customer. Slots that carried the whole
/// key (16 bytes: an id of up to 11 bytes inline) made a probe one miss and no comparison,
/// but cost 24 MB more for the life of the run; with fingerprints, the events reader's
/// batches (`EventReader.RowBatch`) overlap the misses of 64 rows at each of the three steps
/// (slot, id's place, id's bytes): measured at one thread, their "event rows" took about
/// 15% longer on a time-ordered file, and the run's peak RSS 17 MB less (903 MB against
/// 920; the old index, 899). The table is at most two-
/// thirds full at any size (its capacity need not be a power of two: a hash's top half
/// is scaled to it), 12 MB for 1M customers, where the old one took 8 MB and each reading
/// part copied it with the id column (24 MB a part).
///
/// Rows are `Int32`: the customers reader refuses more rows than that holds
/// (`StoreLimits.customers`) before the index is built.
public final class IDIndex: Sendable {
    /// 0 when empty, else `(row + 1) << 32 | fingerprint`.
    private let slots: ReadOnlyBuffer<UInt64>
    /// The ids, by row.
    let ids: TextColumn

    /// The rows whose id repeats an earlier one (not in the index).
    public let duplicates: [Int]

    /// Builds the index over every id (the first of equal ids wins).
    init(_ ids: TextColumn) {
        let capacity = max(16, ids.count + ids.count / 2 + 1)
        let slots = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: capacity)
        slots.initialize(repeating: 0)
        var duplicates: [Int] = []
        Self.withLookup(slots: UnsafeBufferPointer(slots), ids: ids) { lookup in
            for row in 0..<ids.count where ids.starts[row] >= 0 {
                let start = Int(ids.starts[row])
                let count = Int(ids.ends[row]) - start
                let id = lookup.arena + start
                let hash = IDHash.hash(id, count: count, readable: lookup.arenaCount - start)
                switch lookup.find(hash, id: id, count: count, from: lookup.slot(of: hash)) {
                case .found:
                    duplicates.append(row)
                case .empty(let slot):
                    slots[slot] = UInt64(row + 1) << 32 | hash & 0xFFFF_FFFF
                }
            }
        }
        self.slots = ReadOnlyBuffer(UnsafeBufferPointer(slots))
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
