/// FNV-1a, 64-bit: a fixed hash, the same on every machine, in every run and version
/// (unlike `Hasher`, which is seeded per process). The stores' hash tables probe with it
/// over raw bytes; the planner's `StableHash` feeds it the bytes that assign splits and
/// holdouts (docs/language.md §7.5), so its values must never change.
/// Inlinable: the readers hash every id and category they read.
public struct FNV1a: Sendable {
    /// The hash of the bytes added so far.
    public var value: UInt64

    /// The hash of no bytes (FNV-1a's offset basis).
    @inlinable @inline(__always)
    public init() { value = 0xCBF2_9CE4_8422_2325 }

    /// Adds one byte.
    @inlinable @inline(__always)
    public mutating func add(_ byte: UInt8) { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }

    /// Adds the bytes in order.
    @inlinable @inline(__always)
    public mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        for byte in bytes { add(byte) }
    }

    /// The hash of `bytes`.
    @inlinable @inline(__always)
    public static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = FNV1a()
        hash.add(bytes)
        return hash.value
    }
}
