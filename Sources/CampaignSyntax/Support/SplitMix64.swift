/// SplitMix64: a small, fixed pseudo-random generator. The same seed gives the same
/// sequence on every machine, in every run, which `hashValue` and `SystemRandomNumberGenerator`
/// cannot promise. Used for generated datasets and seeded tests.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// The generator's finaliser: spreads every bit of `z` over the whole word (the
    /// planner's `StableHash` applies it to an FNV-1a hash, docs/language.md §7.5).
    @inlinable @inline(__always)
    public static func mix(_ z: UInt64) -> UInt64 {
        var z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
