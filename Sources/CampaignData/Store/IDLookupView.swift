/// `IDIndex`'s table and id column as plain pointers, valid inside `IDIndex.withLookup`.
struct IDLookupView {
    let slots: UnsafeBufferPointer<UInt64>
    let starts: UnsafeBufferPointer<Int32>
    let ends: UnsafeBufferPointer<Int32>
    let arena: UnsafePointer<UInt8>
    let arenaCount: Int

    /// Where a probe ends: at the slot holding the id, or at the empty slot it would take.
    enum Probe {
        case found(row: Int)
        case empty(slot: Int)
    }

    /// The first slot a hash probes: its top half scaled to the table's size.
    @inline(__always)
    func slot(of hash: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash >> 32 &* UInt64(slots.count)) >> 32)
    }

    /// The slot after `slot`, round the end of the table.
    @inline(__always)
    func next(_ slot: Int) -> Int { slot + 1 == slots.count ? 0 : slot + 1 }

    /// Whether a slot's fingerprint is that of `hash`; the slot's row (from 0) or -1 when
    /// the slot is empty.
    @inline(__always)
    static func entry(_ value: UInt64, matches hash: UInt64) -> Bool { UInt32(truncatingIfNeeded: value) == UInt32(truncatingIfNeeded: hash) }

    /// Whether row `row`'s id is the `count` bytes at `id`.
    @inline(__always)
    func holds(_ row: Int, _ id: UnsafePointer<UInt8>, count: Int) -> Bool {
        let start = Int(starts[row])
        return Int(ends[row]) - start == count && sameBytes(arena + start, id, count)
    }

    /// Probes from `slot` for the `count` bytes at `id` (whose hash is `hash`): where a
    /// fingerprint matches, the ids are compared.
    @inline(__always)
    func find(_ hash: UInt64, id: UnsafePointer<UInt8>, count: Int, from slot: Int) -> Probe {
        var slot = slot
        while true {
            let value = slots[slot]
            if value == 0 { return .empty(slot: slot) }
            if Self.entry(value, matches: hash) {
                let row = Int(value >> 32) - 1
                if holds(row, id, count: count) { return .found(row: row) }
            }
            slot = next(slot)
        }
    }

    /// The row of the `count` bytes at `id`, or nil.
    @inline(__always)
    func row(of id: UnsafePointer<UInt8>, count: Int, hash: UInt64) -> Int? {
        if case .found(let row) = find(hash, id: id, count: count, from: slot(of: hash)) { return row }
        return nil
    }

    /// The row of a customer id, or nil.
    func row(of id: UnsafeBufferPointer<UInt8>) -> Int? {
        // An empty id has no address; any will do, as none of its bytes is read.
        row(of: id.baseAddress ?? arena, count: id.count, hash: IDHash.hash(id))
    }
}
