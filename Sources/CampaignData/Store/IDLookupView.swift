/// `IDIndex`'s table and id column as plain pointers, valid inside `IDIndex.withLookup`.
///
/// A slot is two words (`IDIndex` says why): its tag, 0 when empty, else `(row + 1) << 32`
/// with the id's fingerprint (bits 8–31 of its hash) and its length (up to 254; 255 for
/// longer) in the low half; and its key, the id's bytes as a zero-padded word when it has
/// at most eight, else where the id starts in the id column's arena.
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

    /// Ids of up to this many bytes are kept whole in their slot's key.
    static let inlineBytes = 8
    /// The length tag of an id this long or longer, whose length the tag does not say.
    static let longLength = 255

    /// Slots in the table.
    @inline(__always)
    var capacity: Int { slots.count / 2 }

    /// The first slot a hash probes: its top half scaled to the table's size.
    @inline(__always)
    func slot(of hash: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash >> 32 &* UInt64(capacity)) >> 32)
    }

    /// The slot after `slot`, round the end of the table.
    @inline(__always)
    func next(_ slot: Int) -> Int { slot + 1 == capacity ? 0 : slot + 1 }

    /// A slot's tag word (0: empty) and key word.
    @inline(__always)
    func tag(_ slot: Int) -> UInt64 { slots[2 * slot] }
    @inline(__always)
    func key(_ slot: Int) -> UInt64 { slots[2 * slot + 1] }

    /// The low half of the tag of an id of `count` bytes whose hash is `hash`.
    @inline(__always)
    static func tag(_ hash: UInt64, count: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: hash) & 0xFFFF_FF00 | UInt32(truncatingIfNeeded: min(count, longLength))
    }

    /// Whether a slot's tag word is that of an id with this tag (`tag(_:count:)`).
    @inline(__always)
    static func entry(_ value: UInt64, matches tag: UInt32) -> Bool { UInt32(truncatingIfNeeded: value) == tag }

    /// The key an id of `count` bytes at `id` is compared by when it has at most
    /// `inlineBytes` (`readable` bytes may be read from `id`).
    @inline(__always)
    static func inlineKey(_ id: UnsafePointer<UInt8>, count: Int, readable: Int) -> UInt64 {
        IDHash.word(id, count: min(count, inlineBytes), readable: readable)
    }

    /// Whether row `row`'s id is the `count` bytes at `id`.
    @inline(__always)
    func holds(_ row: Int, _ id: UnsafePointer<UInt8>, count: Int) -> Bool {
        let start = Int(starts[row])
        return Int(ends[row]) - start == count && sameBytes(arena + start, id, count)
    }

    /// Whether the id in `slot`, whose tag matched (so its length is `count` when under
    /// `longLength`), is the `count` bytes at `id`, whose inline key is `key`.
    @inline(__always)
    func slotHolds(_ slot: Int, _ id: UnsafePointer<UInt8>, count: Int, key: UInt64) -> Bool {
        if count <= Self.inlineBytes { return self.key(slot) == key }
        if count < Self.longLength { return sameBytes(arena + Int(self.key(slot)), id, count) }
        return holds(Int(tag(slot) >> 32) - 1, id, count: count)
    }

    /// Probes from `slot` for the `count` bytes at `id` (whose hash is `hash` and inline
    /// key `key`): where a tag matches, the ids are compared.
    @inline(__always)
    func find(_ hash: UInt64, id: UnsafePointer<UInt8>, count: Int, key: UInt64, from slot: Int) -> Probe {
        let tag = Self.tag(hash, count: count)
        var slot = slot
        while true {
            let value = self.tag(slot)
            if value == 0 { return .empty(slot: slot) }
            if Self.entry(value, matches: tag), slotHolds(slot, id, count: count, key: key) { return .found(row: Int(value >> 32) - 1) }
            slot = next(slot)
        }
    }

    /// The row of a customer id, or nil.
    func row(of id: UnsafeBufferPointer<UInt8>) -> Int? {
        // An empty id has no address; any will do, as none of its bytes is read.
        let base = id.baseAddress ?? arena
        let key = Self.inlineKey(base, count: id.count, readable: id.count)
        let hash = IDHash.hash(id)
        if case .found(let row) = find(hash, id: base, count: id.count, key: key, from: slot(of: hash)) { return row }
        return nil
    }
}
