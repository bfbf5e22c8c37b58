import CampaignData
import CampaignSyntax

/// A fixed 64-bit hash (FNV-1a, then SplitMix64's finaliser to spread the bits): splits,
/// holdouts and the engagement model depend on it, so it must never change between runs,
/// machines or versions — unlike `Hasher`, which is seeded per process.
public enum StableHash {
    public static func hash(_ parts: [String]) -> UInt64 {
        var hash = FNV1a()
        for (i, part) in parts.enumerated() {
            if i > 0 { hash.add(0x1F) }
            for byte in part.utf8 { hash.add(byte) }
        }
        return SplitMix64.mix(hash.value)
    }

    /// A bucket in 0..<10 000 (basis points), for shares like `12.5%`.
    static func basisPoints(_ parts: [String]) -> Int { Int(hash(parts) % 10_000) }

    /// A number in [0, 1).
    static func unit(_ parts: [String]) -> Double { Double(hash(parts) >> 11) / 9_007_199_254_740_992 }
}
