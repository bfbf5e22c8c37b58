/// The hash of a customer id for `IDIndex`: its top half places the id (its first slot),
/// its bottom half is the fingerprint kept in the slot.
///
/// Internal to the index (placement and a first filter only; nothing printed or stored
/// depends on it), so it is free to differ from `FNV1a`: it reads eight bytes at a time and
/// mixes with 64×64→128-bit multiplies (wyhash's "mum"), where byte-wise FNV-1a cost a
/// dependent multiply per byte.
enum IDHash {
    /// The hash of the `count` bytes at `base`, where `readable` bytes (at least `count`)
    /// may be read: with eight to spare, an id of up to 16 bytes is two loads and a mask
    /// (an id in a file is followed by the rest of its row); otherwise byte by byte. The
    /// same bytes give the same hash either way.
    @inline(__always)
    static func hash(_ base: UnsafePointer<UInt8>, count: Int, readable: Int) -> UInt64 {
        if count <= 16 {
            let (low, high) = halves(base, count: count, readable: readable)
            return hash(low: low, high: high, code: UInt64(count))
        }
        let raw = UnsafeRawPointer(base)
        @inline(__always) func load(_ offset: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
        // Sixteen bytes a round, then the last sixteen (overlapping).
        var seed = UInt64(count) ^ k0
        var i = 0
        while count - i > 16 {
            seed = mum(load(i) ^ k1, load(i + 8) ^ seed)
            i += 16
        }
        return mum(mum(load(count - 16) ^ k1, load(count - 8) ^ seed) ^ k2, k3)
    }

    /// The hash of two words and a code: of an id of up to 16 bytes (its bytes, its
    /// length), or of a UUID's 128 bits (`IDKey`).
    @inline(__always)
    static func hash(low: UInt64, high: UInt64, code: UInt64) -> UInt64 {
        mum(mum(low ^ k0, high ^ k1 ^ code) ^ k2, k3)
    }

    /// The hash of `id`.
    static func hash(_ id: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = id.baseAddress else { return mum(mum(k0, k1) ^ k2, k3) }
        return hash(base, count: id.count, readable: id.count)
    }

    /// Up to 16 bytes as two little-endian words, zero-padded (`word`): what an id of up to
    /// 16 bytes is hashed as, and kept as in its `IDIndex` slot (`IDKey`).
    @inline(__always)
    static func halves(_ base: UnsafePointer<UInt8>, count: Int, readable: Int) -> (low: UInt64, high: UInt64) {
        (word(base, count: min(count, 8), readable: readable), count > 8 ? word(base + 8, count: count - 8, readable: readable - 8) : 0)
    }

    /// Up to eight bytes as a little-endian word, zero-padded (`halves` is two).
    @inline(__always)
    static func word(_ base: UnsafePointer<UInt8>, count: Int, readable: Int) -> UInt64 {
        if readable >= 8 {
            let all = UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(as: UInt64.self))
            return count >= 8 ? all : all & ((1 << UInt64(count * 8)) &- 1)
        }
        var value: UInt64 = 0
        for i in 0..<count { value |= UInt64(base[i]) << UInt64(i * 8) }
        return value
    }

    /// The two halves of the 128-bit product, folded.
    @inline(__always)
    private static func mum(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    // wyhash's secrets: odd, with balanced bits.
    private static let k0: UInt64 = 0xA076_1D64_78BD_642F
    private static let k1: UInt64 = 0xE703_7ED1_A0B4_28DB
    private static let k2: UInt64 = 0x8EBC_6AF0_9C88_C6E3
    private static let k3: UInt64 = 0x5899_65CC_7537_4CC3
}
