/// A customer id as `IDIndex` keeps and compares it: its hash, a code for the slot's tag
/// (what kind of id it is, and its length where that is not implied), and, for a compact
/// id, all of its bytes in two words, so that a probe decides it in the slot it reads.
///
/// Compact ids are those of up to 16 bytes, kept as they are (zero-padded, the length in
/// the code), and canonical UUIDs: 36 bytes, hyphens at 8, 13, 18 and 23, the other 32
/// bytes hexadecimal digits with letters of one case, kept as their 128 bits with the case
/// in the code. Ids exported from warehouses and CRMs are very often UUIDs, and a 36-byte
/// id would otherwise be compared in the id column, one more random read per lookup (see
/// `IDIndex`). Every other id is long: its slot says where its bytes are.
///
/// The code is a function of the bytes alone, and so is the key, so equal ids always have
/// equal codes and keys; two ids with equal codes and keys are equal (the packing of a
/// UUID's digits is one to one for one case, and the code says which case).
struct IDKey {
    /// The low byte of the slot's tag: the length of a raw id (0–16) or of a long one
    /// (17–252), or one of the codes below.
    let code: UInt32
    /// A compact id's bytes (a raw one's little-endian and zero-padded, a UUID's digits
    /// as a 128-bit number, `low` first); zero for a long id.
    let low: UInt64
    let high: UInt64
    /// The id's hash (`IDHash`).
    let hash: UInt64

    /// The code of a UUID whose letters are lowercase (or that has none), and of one whose
    /// letters are uppercase.
    static let lowerUUID: UInt32 = 253
    static let upperUUID: UInt32 = 254
    /// The code of a long id of 253 bytes or more, whose length the code does not say.
    static let longCode: UInt32 = 255
    /// Raw ids of up to this many bytes are compact.
    static let rawBytes = 16

    /// The key of the empty id (a placeholder in a batch's arrays).
    static let empty: IDKey = IDKey(code: 0, low: 0, high: 0)

    /// Whether a code is that of a compact id, which its slot holds whole.
    @inline(__always)
    static func isCompact(_ code: UInt32) -> Bool { code <= UInt32(rawBytes) || code == lowerUUID || code == upperUUID }

    @inline(__always)
    var isCompact: Bool { Self.isCompact(code) }

    /// Whether a compact id's key has a high word: a raw id of more than eight bytes, or a
    /// UUID (a raw one of eight or fewer has zero there, and its code says so).
    @inline(__always)
    var needsHigh: Bool { code > 8 && isCompact }

    /// Whether some id of `count` bytes may have a key's high word (`needsHigh`).
    static func mayNeedHigh(count: Int) -> Bool { (9...rawBytes).contains(count) || count == 36 }

    /// The key of the `count` bytes at `base`, where `readable` bytes (at least `count`)
    /// may be read.
    @_transparent
    init(_ base: UnsafePointer<UInt8>, count: Int, readable: Int) {
        if count <= Self.rawBytes {
            let (low, high) = IDHash.halves(base, count: count, readable: readable)
            self.init(code: UInt32(truncatingIfNeeded: count), low: low, high: high)
            return
        }
        self = Self.wide(base, count: count, readable: readable)
    }

    /// The key of an id of more than `rawBytes` (a call, so that the short ids' path stays
    /// small enough to be inlined into the lookups).
    @inline(never)
    private static func wide(_ base: UnsafePointer<UInt8>, count: Int, readable: Int) -> IDKey {
        if count == 36, let uuid = uuid(base) {
            return IDKey(code: uuid.upper ? upperUUID : lowerUUID, low: uuid.low, high: uuid.high)
        }
        return IDKey(code: count < Int(lowerUUID) ? UInt32(truncatingIfNeeded: count) : longCode, low: 0, high: 0,
                     hash: IDHash.hash(base, count: count, readable: readable))
    }

    /// A compact id's key.
    @inline(__always)
    private init(code: UInt32, low: UInt64, high: UInt64) {
        self.init(code: code, low: low, high: high, hash: IDHash.hash(low: low, high: high, code: UInt64(code)))
    }

    @inline(__always)
    private init(code: UInt32, low: UInt64, high: UInt64, hash: UInt64) {
        self.code = code
        self.low = low
        self.high = high
        self.hash = hash
    }

    /// The 36 bytes at `base` as a canonical UUID's 128 bits (its first digit the most
    /// significant), and whether its letters are uppercase; nil when they are not a
    /// canonical UUID with letters of one case. Eight digits at a time, with no branch per
    /// byte: each byte's value as if it were a digit (its low four bits, plus 9 for a
    /// letter, which has bit 6 set), then a check that spelling those values back, in
    /// lowercase or in uppercase, gives the same eight bytes (no byte below 0x80 carries
    /// into the next, and a value over 15 is refused).
    @inline(__always)
    static func uuid(_ base: UnsafePointer<UInt8>) -> (low: UInt64, high: UInt64, upper: Bool)? {
        let hyphen = UInt8(ascii: "-")
        guard base[8] == hyphen, base[13] == hyphen, base[18] == hyphen, base[23] == hyphen else { return nil }
        let raw = UnsafeRawPointer(base)
        @inline(__always) func word(_ offset: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
        @inline(__always) func half(_ offset: Int) -> UInt64 { UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))) }
        let a = word(0), b = half(9) | half(14) << 32, c = half(19) | half(24) << 32, d = word(28)
        let va = values(a), vb = values(b), vc = values(c), vd = values(d)
        guard (va | vb | vc | vd) & each(0x10) == 0 else { return nil }
        let upper: Bool
        if spelled(va, lower: true) == a, spelled(vb, lower: true) == b, spelled(vc, lower: true) == c, spelled(vd, lower: true) == d {
            upper = false
        } else if spelled(va, lower: false) == a, spelled(vb, lower: false) == b, spelled(vc, lower: false) == c, spelled(vd, lower: false) == d {
            upper = true
        } else {
            return nil
        }
        return (packed(va) << 32 | packed(vb), packed(vc) << 32 | packed(vd), upper)
    }

    /// `byte` in each byte of a word.
    @inline(__always)
    private static func each(_ byte: UInt64) -> UInt64 { byte &* 0x0101_0101_0101_0101 }

    /// Each byte's value as a hexadecimal digit (up to 24 for a byte that is none).
    @inline(__always)
    private static func values(_ word: UInt64) -> UInt64 {
        (word & each(0x0F)) &+ (word >> 6 & each(0x01)) &* 9
    }

    /// Eight digit values (each up to 24) spelled as hexadecimal digits.
    @inline(__always)
    private static func spelled(_ values: UInt64, lower: Bool) -> UInt64 {
        let letters = (values &+ each(0x76)) >> 7 & each(0x01)
        return values &+ each(0x30) &+ letters &* (lower ? 0x27 : 0x07)
    }

    /// Eight digit values (each up to 15), the first in the lowest byte, as 32 bits with
    /// the first digit the most significant.
    @inline(__always)
    private static func packed(_ values: UInt64) -> UInt64 {
        var pairs = (values << 4 | values >> 8) & 0x00FF_00FF_00FF_00FF
        pairs = (pairs | pairs >> 8) & 0x0000_FFFF_0000_FFFF
        pairs = (pairs | pairs >> 16) & 0xFFFF_FFFF
        return UInt64(UInt32(truncatingIfNeeded: pairs).byteSwapped)
    }
}
