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

    /// One column from several, their rows (one part after the other) moved to their
    /// rows in `destinations` (a permutation): the arena is the parts' arenas in order,
    /// copied once; an overflowed column, empty, when together they pass the limit.
    static func scattered(_ parts: [TextColumn], to destinations: [Int32], then reordering: Reordering) -> TextColumn {
        var result = TextColumn(byteLimit: parts.first?.byteLimit ?? Int(Int32.max))
        let bytes = parts.reduce(0) { $0 + $1.arena.count }
        guard bytes <= result.byteLimit, !parts.contains(where: \.overflowed) else {
            result.overflowed = true
            return result
        }
        result.arena.reserveCapacity(bytes)
        // Each part's values, shifted by the bytes of the parts before it: below
        // `byteLimit`, so within an `Int32`.
        var shifts: [Int32] = []
        for part in parts {
            shifts.append(Int32(truncatingIfNeeded: result.arena.count))
            result.arena.append(contentsOf: part.arena)
        }
        result.starts = Scatter.values(parts.map(\.starts), to: destinations, then: reordering) { start, part in start < 0 ? -1 : start &+ shifts[part] }
        result.ends = Scatter.values(parts.map(\.ends), to: destinations, then: reordering) { end, part in end < 0 ? -1 : end &+ shifts[part] }
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
