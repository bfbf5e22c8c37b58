/// The customer ids of every bundle read so far, for duplicates across batches (D0211):
/// a 128-bit digest and the line each was first on, in an open-addressing table, not the
/// ids themselves. 20 bytes a slot, at most three quarters full before it doubles: 27 to
/// 53 bytes a customer (about 5 MB for 100,000 customers, 5 GB for 100 million, which is a
/// partition no Spark executor should be given). Two ids share a digest with probability
/// about n²/2¹²⁹ (for a billion ids, 1 in 10²¹): a false duplicate is not a practical risk.
struct SeenIDs {
    private var high: [UInt64]
    private var low: [UInt64]
    private var lines: [UInt32]
    private(set) var count = 0

    init(capacity: Int = 1 << 12) {
        high = Array(repeating: 0, count: capacity)
        low = Array(repeating: 0, count: capacity)
        lines = Array(repeating: 0, count: capacity)
    }

    /// Bytes the table holds, for the documentation's arithmetic and its test.
    var bytes: Int { high.count * 20 }

    /// Records `id` first seen on `line`; returns the line it was first on if it was seen before.
    mutating func insert(_ id: [UInt8], line: Int) -> Int? {
        let (a, b) = Self.digest(id)
        if (count + 1) * 4 > high.count * 3 { grow() }
        let mask = high.count - 1
        var slot = Int(truncatingIfNeeded: a) & mask
        while low[slot] != 0 {
            if high[slot] == a, low[slot] == b { return Int(lines[slot]) }
            slot = (slot + 1) & mask
        }
        high[slot] = a
        low[slot] = b
        lines[slot] = UInt32(clamping: line)
        count += 1
        return nil
    }

    private mutating func grow() {
        let old = (high, low, lines)
        high = Array(repeating: 0, count: old.0.count * 2)
        low = Array(repeating: 0, count: old.0.count * 2)
        lines = Array(repeating: 0, count: old.0.count * 2)
        let mask = high.count - 1
        for i in old.0.indices where old.1[i] != 0 {
            var slot = Int(truncatingIfNeeded: old.0[i]) & mask
            while low[slot] != 0 { slot = (slot + 1) & mask }
            high[slot] = old.0[i]
            low[slot] = old.1[i]
            lines[slot] = old.2[i]
        }
    }

    /// FNV-1a and a second, multiplicative hash over the same bytes (never Swift's seeded
    /// `Hasher`); the low word is never 0, which marks an empty slot.
    static func digest(_ id: [UInt8]) -> (UInt64, UInt64) {
        var fnv = FNV1a()
        var mix: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(id.count)
        for byte in id {
            fnv.add(byte)
            mix = (mix ^ UInt64(byte)) &* 0x9E37_79B9_7F4A_7C15
            mix ^= mix >> 29
        }
        return (fnv.value, mix | 1)
    }
}
