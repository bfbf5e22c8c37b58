/// Text values packed into one byte arena: a start and an end per row (start -1 when
/// missing). One allocation for a million names instead of a million strings.
///
/// Starts and ends are `Int32`, so a column holds at most `byteLimit` bytes (2 GiB; see
/// `StoreLimits.textBytes`). Past it nothing is stored: the column is marked `overflowed`
/// and the reader reports the column (D0004) instead of building a store.
public struct TextColumn: Sendable {
    public private(set) var arena: [UInt8] = []
    public private(set) var starts: [Int32] = []
    public private(set) var ends: [Int32] = []
    /// The most bytes the arena may hold: never above `Int32.max`.
    let byteLimit: Int
    /// A value, or another column appended, did not fit under `byteLimit`: the column is
    /// incomplete and must not be read.
    private(set) var overflowed = false

    public init() { byteLimit = Int(Int32.max) }

    init(byteLimit: Int) { self.byteLimit = min(max(0, byteLimit), Int(Int32.max)) }

    public var count: Int { starts.count }

    mutating func reserve(_ rows: Int, bytes: Int) {
        starts.reserveCapacity(rows)
        ends.reserveCapacity(rows)
        arena.reserveCapacity(min(bytes, byteLimit))
    }

    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        // One comparison a value; the `Int32` conversions below cannot trap after it.
        guard bytes.count <= byteLimit - arena.count else {
            overflowed = true
            appendMissing()
            return
        }
        starts.append(Int32(arena.count))
        arena.append(contentsOf: bytes)
        ends.append(Int32(arena.count))
    }

    public mutating func appendMissing() {
        starts.append(-1)
        ends.append(-1)
    }

    /// Appends another column's rows (the caller reserves room for all parts first, so
    /// the arrays grow once instead of doubling through fresh, zero-filled pages). A
    /// column that would pass `byteLimit` is not appended: this one is marked overflowed.
    public mutating func append(contentsOf other: TextColumn) {
        guard !other.overflowed, other.arena.count <= byteLimit - arena.count else {
            overflowed = true
            return
        }
        let shift = Int32(arena.count)
        arena.append(contentsOf: other.arena)
        for start in other.starts { starts.append(start < 0 ? -1 : start + shift) }
        for end in other.ends { ends.append(end < 0 ? -1 : end + shift) }
    }

    /// One column from several, in order, allocated once (an overflowed column, empty,
    /// when together they pass the limit).
    static func concatenated(_ parts: [TextColumn]) -> TextColumn {
        var result = TextColumn(byteLimit: parts.first?.byteLimit ?? Int(Int32.max))
        let bytes = parts.reduce(0) { $0 + $1.arena.count }
        guard bytes <= result.byteLimit, !parts.contains(where: \.overflowed) else {
            result.overflowed = true
            return result
        }
        result.reserve(parts.reduce(0) { $0 + $1.count }, bytes: bytes)
        for part in parts { result.append(contentsOf: part) }
        return result
    }

    public func isMissing(_ row: Int) -> Bool { starts[row] < 0 }

    public func withBytes<R>(_ row: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        let start = Int(starts[row])
        guard start >= 0 else { return nil }
        return arena.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<Int(ends[row])])) }
    }

    public func string(_ row: Int) -> String? {
        withBytes(row) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether the value equals these bytes (false when missing).
    public func equals(_ row: Int, _ other: [UInt8]) -> Bool {
        let start = Int(starts[row])
        guard start >= 0, Int(ends[row]) - start == other.count else { return false }
        for i in 0..<other.count where arena[start + i] != other[i] { return false }
        return true
    }

    /// Reorders rows (events sorted by customer and time).
    func permuted(_ order: [Int32]) -> TextColumn {
        var result = TextColumn(byteLimit: byteLimit)
        result.arena = arena
        result.starts = order.map { starts[Int($0)] }
        result.ends = order.map { ends[Int($0)] }
        return result
    }
}

/// Whether `count` bytes at `a` and `b` are equal: eight at a time, inline (ids and event
/// names are short, and a `memcmp` call per row cost more than the comparison).
@inline(__always)
func sameBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    var i = 0
    while i + 8 <= count {
        if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
        i += 8
    }
    while i < count {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}

/// Customer id → row, an open-addressing table over the id column's bytes (no `String`
/// per key). Rows are `Int32`: the customers reader refuses more rows than that holds
/// (`StoreLimits.customers`) before the index is built. Slots are the hash's low bits
/// (`truncatingIfNeeded` keeps them; no value is lost that the mask would keep).
public struct IDIndex: Sendable {
    private var slots: [Int32]
    private let mask: Int

    /// The open-addressing table (for `IDLookup`).
    var slotValues: [Int32] { slots }

    /// The rows whose id repeats an earlier one (not in the index).
    public let duplicates: [Int]

    /// Builds the index over every id.
    init(_ ids: TextColumn) {
        var capacity = 16
        while capacity < ids.count * 2 { capacity <<= 1 }
        var slots = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        var duplicates: [Int] = []
        ids.arena.withUnsafeBufferPointer { arena in
            for row in 0..<ids.count {
                let start = Int(ids.starts[row])
                guard start >= 0 else { continue }
                let key = UnsafeBufferPointer(rebasing: arena[start..<Int(ids.ends[row])])
                var slot = Int(truncatingIfNeeded: FNV1a.hash(key)) & mask
                var duplicate = false
                while slots[slot] >= 0 {
                    let other = Int(slots[slot])
                    let otherKey = UnsafeBufferPointer(rebasing: arena[Int(ids.starts[other])..<Int(ids.ends[other])])
                    if otherKey.elementsEqual(key) {
                        duplicate = true
                        break
                    }
                    slot = (slot + 1) & mask
                }
                if duplicate { duplicates.append(row) } else { slots[slot] = Int32(row) }
            }
        }
        self.slots = slots
        self.mask = mask
        self.duplicates = duplicates
    }

    /// The row of a customer id.
    public func row(of id: String, in ids: TextColumn) -> Int? {
        Array(id.utf8).withUnsafeBufferPointer { row(of: $0, in: ids) }
    }

    /// The row of a customer id.
    public func row(of id: UnsafeBufferPointer<UInt8>, in ids: TextColumn) -> Int? {
        var slot = Int(truncatingIfNeeded: FNV1a.hash(id)) & mask
        while slots[slot] >= 0 {
            let row = Int(slots[slot])
            if ids.withBytes(row, { $0.elementsEqual(id) }) == true { return row }
            slot = (slot + 1) & mask
        }
        return nil
    }
}

/// Customer id → row over raw copies of the index and id bytes: the lookup done once per
/// event row touches no reference counts.
final class IDLookup: Sendable {
    private let slots: ReadOnlyBuffer<Int32>
    private let starts: ReadOnlyBuffer<Int32>
    private let ends: ReadOnlyBuffer<Int32>
    private let arena: ReadOnlyBuffer<UInt8>
    private let mask: Int

    init(index: IDIndex, ids: TextColumn) {
        slots = .copy(of: index.slotValues)
        starts = .copy(of: ids.starts)
        ends = .copy(of: ids.ends)
        arena = .copy(of: ids.arena)
        mask = index.slotValues.count - 1
    }

    deinit {
        slots.deallocate()
        starts.deallocate()
        ends.deallocate()
        arena.deallocate()
    }

    /// The same table as plain pointers, for loops that must not count references.
    var view: IDLookupView { IDLookupView(slots: slots, starts: starts, ends: ends, arena: arena, mask: mask) }

    @inline(__always)
    func row(of id: UnsafeBufferPointer<UInt8>) -> Int? { view.row(of: id) }
}

/// `IDLookup`'s buffers, valid while the lookup lives.
struct IDLookupView {
    let slots: ReadOnlyBuffer<Int32>
    let starts: ReadOnlyBuffer<Int32>
    let ends: ReadOnlyBuffer<Int32>
    let arena: ReadOnlyBuffer<UInt8>
    let mask: Int

    /// `row(of:)`, trying the previous row's customer and the one after it first: event
    /// exports often list each customer's events together, in the customers file's order,
    /// and comparing two ids costs no hash and no cache miss (a random probe of the table
    /// per new customer was a tenth of reading the events).
    @inline(__always)
    func row(of id: UnsafeBufferPointer<UInt8>, previous: Int) -> Int? {
        if previous >= 0, let key = id.baseAddress, let base = arena.buffer.baseAddress {
            for candidate in previous...min(previous + 1, starts.count - 1) {
                let start = Int(starts[candidate]), end = Int(ends[candidate])
                if end - start == id.count, sameBytes(base + start, key, id.count) { return candidate }
            }
        }
        return row(of: id)
    }

    @inline(__always)
    func row(of id: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let key = id.baseAddress, let base = arena.buffer.baseAddress else { return nil }
        var slot = Int(truncatingIfNeeded: FNV1a.hash(id)) & mask
        while true {
            let row = Int(slots[slot])
            if row < 0 { return nil }
            let start = Int(starts[row]), end = Int(ends[row])
            if end - start == id.count, memcmp(base + start, key, id.count) == 0 { return row }
            slot = (slot + 1) & mask
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
