/// A fixed 64-bit hash (FNV-1a, then SplitMix64's finaliser to spread the bits): splits,
/// holdouts and the engagement model depend on it, so it must never change between runs,
/// machines or versions — unlike `Hasher`, which is seeded per process.
enum StableHash {
    static func hash(_ parts: [String]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for (i, part) in parts.enumerated() {
            if i > 0 {
                h ^= 0x1f
                h = h &* 0x0000_0100_0000_01b3
            }
            for byte in part.utf8 {
                h ^= UInt64(byte)
                h = h &* 0x0000_0100_0000_01b3
            }
        }
        h ^= h >> 30
        h = h &* 0xbf58_476d_1ce4_e5b9
        h ^= h >> 27
        h = h &* 0x94d0_49bb_1331_11eb
        h ^= h >> 31
        return h
    }

    /// A bucket in 0..<10 000 (basis points), for shares like `12.5%`.
    static func basisPoints(_ parts: [String]) -> Int { Int(hash(parts) % 10_000) }

    /// A number in [0, 1).
    static func unit(_ parts: [String]) -> Double { Double(hash(parts) >> 11) / 9_007_199_254_740_992 }
}
