/// A customer id as the id index compares it, with the hash that places it.
///
/// An id of up to `inlineBytes` (11) bytes is held whole in two words, its length in the
/// tag: equal ids give equal keys and different ids different ones, so the index settles a
/// probe by comparing two words, with no byte loop and no second memory access. A longer id
/// is held by its length and a 24-bit fingerprint: a match there is only a candidate, and
/// the index then compares the bytes (a hash alone never decides).
///
/// The hash is internal to the index (slot placement only; nothing printed or stored
/// depends on it), so it is free to differ from `FNV1a`: it reads eight bytes at a time
/// and mixes with two 64×64→128-bit multiplies (wyhash's "mum"), where byte-wise FNV-1a
/// cost a multiply per byte.
struct IDKey: Equatable {
    /// Inline: bytes 0..<8, little-endian, zero-padded. Long: the length.
    let low: UInt64
    /// Bits 0..<24: bytes 8..<11 of an inline id (zero-padded), or a long id's fingerprint;
    /// bits 24..<32: the tag (`count + 1` inline, `longTag` long; 0 never: it marks an
    /// empty slot).
    let high: UInt32
    let hash: UInt64

    /// The longest id held whole.
    static let inlineBytes = 11
    static let longTag: UInt32 = 0x80

    var isInline: Bool { high >> 24 != Self.longTag }

    /// The key of the `count` bytes at `base`, where `readable` bytes (at least `count`)
    /// may be read: with eight to spare, the inline words are two loads and a mask (an id
    /// in a file is followed by the rest of its row); otherwise byte by byte.
    @inline(__always)
    init(_ base: UnsafePointer<UInt8>, count: Int, readable: Int) {
        if count <= Self.inlineBytes {
            let first = Self.word(base, count: min(count, 8), readable: readable)
            let rest = count > 8 ? UInt32(truncatingIfNeeded: Self.word(base + 8, count: count - 8, readable: readable - 8)) : 0
            low = first
            high = rest | UInt32(count + 1) << 24
            hash = Self.mum(Self.mum(low ^ Self.k0, UInt64(high) ^ Self.k1) ^ Self.k2, Self.k3)
            return
        }
        let raw = UnsafeRawPointer(base)
        @inline(__always) func load(_ offset: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
        // Sixteen bytes a round, then the last sixteen (overlapping; `count` is at least 12).
        var seed = UInt64(count) ^ Self.k0
        var i = 0
        while count - i > 16 {
            seed = Self.mum(load(i) ^ Self.k1, load(i + 8) ^ seed)
            i += 16
        }
        let a = count >= 16 ? load(count - 16) : load(0)
        let hash = Self.mum(Self.mum(a ^ Self.k1, load(count - 8) ^ seed) ^ Self.k2, Self.k3)
        low = UInt64(count)
        high = UInt32(truncatingIfNeeded: hash) & 0xFF_FFFF | Self.longTag << 24
        self.hash = hash
    }

    /// The key of `id`.
    @inline(__always)
    init(_ id: UnsafeBufferPointer<UInt8>) {
        guard let base = id.baseAddress else {
            self.init(low: 0, high: 1 << 24)
            return
        }
        self.init(base, count: id.count, readable: id.count)
    }

    /// The empty id's key (no bytes to point at).
    private init(low: UInt64, high: UInt32) {
        self.low = low
        self.high = high
        hash = Self.mum(Self.mum(low ^ Self.k0, UInt64(high) ^ Self.k1) ^ Self.k2, Self.k3)
    }

    /// Up to eight bytes as a little-endian word, zero-padded.
    @inline(__always)
    private static func word(_ base: UnsafePointer<UInt8>, count: Int, readable: Int) -> UInt64 {
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
