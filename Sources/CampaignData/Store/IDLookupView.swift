/// `IDIndex`'s table and id column as plain pointers, valid inside `IDIndex.withLookup`.
///
/// A slot is two or three words (`IDIndex` says why): its tag, 0 when empty, else
/// `(row + 1) << 32` with the id's fingerprint (bits 8–31 of its hash) and its `IDKey` code
/// in the low half; then, for a compact id, its key's low word and, in a table of three
/// words a slot, its high word (`IDKey.low`, `IDKey.high`); for a long id, where it starts
/// in the id column's arena (and a zero word).
struct IDLookupView {
    let slots: UnsafeBufferPointer<UInt64>
    /// Words a slot: 3 when some id has a key's high word (`IDKey.needsHigh`), else 2.
    let words: Int
    let starts: UnsafeBufferPointer<Int32>
    let ends: UnsafeBufferPointer<Int32>
    let arena: UnsafePointer<UInt8>
    let arenaCount: Int
    /// Slots in the table (a stored property: computed, it was a division on every step
    /// of every probe).
    let capacity: Int
    /// The table's address, for `lastLine`.
    private let address: Int

    init(slots: UnsafeBufferPointer<UInt64>, words: Int, starts: UnsafeBufferPointer<Int32>, ends: UnsafeBufferPointer<Int32>,
         arena: UnsafePointer<UInt8>, arenaCount: Int) {
        self.slots = slots
        self.words = words
        self.starts = starts
        self.ends = ends
        self.arena = arena
        self.arenaCount = arenaCount
        capacity = slots.count / words
        address = Int(bitPattern: slots.baseAddress)
    }

    /// Where a probe ends: at the slot holding the id, or at the empty slot it would take.
    enum Probe {
        case found(row: Int)
        case empty(slot: Int)
    }

    /// The first slot a hash probes: its top half scaled to the table's size.
    @inline(__always)
    func slot(of hash: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash >> 32 &* UInt64(capacity)) >> 32)
    }

    /// The slot after `slot`, round the end of the table.
    @inline(__always)
    func next(_ slot: Int) -> Int { slot + 1 == capacity ? 0 : slot + 1 }

    /// A slot's tag word (0: empty) and key words (the high one only in a table of three
    /// words a slot: in one of two, no slot's tag matches a key that has one).
    @inline(__always)
    func tag(_ slot: Int) -> UInt64 { slots[words * slot] }
    @inline(__always)
    func low(_ slot: Int) -> UInt64 { slots[words * slot + 1] }
    @inline(__always)
    func high(_ slot: Int) -> UInt64 { slots[words * slot + 2] }
    /// A slot's last word (its high key word, or else its low one).
    @inline(__always)
    func last(_ slot: Int) -> UInt64 { slots[words * slot + words - 1] }

    /// The cache line (address / 64) of a slot's last word: a probe that steps onto a slot
    /// ending in a line that its first slot's loads did not bring is left for the next
    /// round of its batch (`EventReader.RowBatch`), not made to wait for that line alone.
    @inline(__always)
    func lastLine(_ slot: Int) -> Int { (address &+ (words &* slot &+ words &- 1) &* 8) >> 6 }

    /// Whether the key words of `slot`, whose tag matched `key`'s, are `key`'s.
    @inline(__always)
    func keyMatches(_ slot: Int, _ key: IDKey) -> Bool {
        low(slot) == key.low && (!key.needsHigh || high(slot) == key.high)
    }

    /// The low half of the tag of an id with this key.
    @inline(__always)
    static func tag(_ key: IDKey) -> UInt32 {
        UInt32(truncatingIfNeeded: key.hash) & 0xFFFF_FF00 | key.code
    }

    /// Whether a slot's tag word is that of an id with this tag (`tag(_:)`).
    @inline(__always)
    static func entry(_ value: UInt64, matches tag: UInt32) -> Bool { UInt32(truncatingIfNeeded: value) == tag }

    /// Whether row `row`'s id is the `count` bytes at `id`.
    @inline(__always)
    func holds(_ row: Int, _ id: UnsafePointer<UInt8>, count: Int) -> Bool {
        let start = Int(starts[row])
        return Int(ends[row]) - start == count && sameBytes(arena + start, id, count)
    }

    /// Whether the id in `slot`, whose tag matched (so its code is `key.code`), is the
    /// `count` bytes at `id`, whose key is `key`.
    @inline(__always)
    func slotHolds(_ slot: Int, _ id: UnsafePointer<UInt8>, count: Int, key: IDKey) -> Bool {
        if key.isCompact { return keyMatches(slot, key) }
        if key.code != IDKey.longCode { return sameBytes(arena + Int(low(slot)), id, count) }
        return holds(Int(tag(slot) >> 32) - 1, id, count: count)
    }

    /// Probes from `slot` for the `count` bytes at `id`, whose key is `key`: where a tag
    /// matches, the ids are compared.
    @inline(__always)
    func find(_ key: IDKey, id: UnsafePointer<UInt8>, count: Int, from slot: Int) -> Probe {
        let tag = Self.tag(key)
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
        let key = IDKey(base, count: id.count, readable: id.count)
        if case .found(let row) = find(key, id: base, count: id.count, from: slot(of: key.hash)) { return row }
        return nil
    }
}
