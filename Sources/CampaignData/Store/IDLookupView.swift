/// `IDIndex`'s table as plain pointers, for loops that must not count references; valid
/// while the index lives.
struct IDLookupView {
    let slots: ReadOnlyBuffer<IDSlot>
    let longBytes: ReadOnlyBuffer<UInt8>
    /// A key's first slot is its hash's top bits.
    let shift: UInt64

    /// Where a probe ends: at the slot holding the key, or at the empty slot it would take.
    enum Probe {
        case found(row: Int)
        case empty(slot: Int)
    }

    /// The first slot a key probes.
    @inline(__always)
    func slot(of key: IDKey) -> Int { Int(truncatingIfNeeded: key.hash >> shift) }

    /// Loads a slot's tag, so that its cache line is on its way before the probe needs it
    /// (the caller keeps the value, so the load is not optimised away).
    @inline(__always)
    func touch(_ slot: Int) -> UInt32 { slots[slot].high }

    /// Probes for `key`, the key of the id at `id`: an inline key is settled by its two
    /// words; a long one whose length and fingerprint match is compared byte for byte.
    @inline(__always)
    func find(_ key: IDKey, id: UnsafePointer<UInt8>) -> Probe {
        guard let base = slots.buffer.baseAddress else { return .empty(slot: 0) }
        let mask = slots.count - 1
        var slot = self.slot(of: key)
        while true {
            let entry = base[slot]
            if entry.high == 0 { return .empty(slot: slot) }
            if entry.high == key.high {
                if key.isInline {
                    if entry.low == key.low { return .found(row: Int(entry.row)) }
                } else if UInt32(truncatingIfNeeded: entry.low) == UInt32(truncatingIfNeeded: key.low), let long = longBytes.buffer.baseAddress,
                          sameBytes(long + Int(entry.low >> 32), id, Int(key.low)) {
                    return .found(row: Int(entry.row))
                }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The row of the id whose key is `key` (its bytes at `id`), or nil.
    @inline(__always)
    func row(of key: IDKey, id: UnsafePointer<UInt8>) -> Int? {
        if case .found(let row) = find(key, id: id) { return row }
        return nil
    }

    /// The row of a customer id, or nil.
    func row(of id: UnsafeBufferPointer<UInt8>) -> Int? {
        // An empty id has no address; any pointer does, as none of its bytes is read.
        let empty: UInt8 = 0
        return withUnsafePointer(to: empty) { row(of: IDKey(id), id: id.baseAddress ?? $0) }
    }
}
