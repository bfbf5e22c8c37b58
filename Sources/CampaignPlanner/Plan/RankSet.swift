/// A set of campaigns by serving rank, as bits: read a word at a time, in serving order,
/// so a pass over "the campaigns an event concerns" costs the campaigns it concerns plus
/// one word per 64 campaigns, not a look at every campaign.
struct RankSet: Sendable {
    private(set) var words: [UInt64]

    init(count: Int) { words = Array(repeating: 0, count: (count + 63) / 64) }

    @inline(__always)
    mutating func insert(_ rank: Int) { words[rank >> 6] |= 1 << UInt64(rank & 63) }

    @inline(__always)
    mutating func remove(_ rank: Int) { words[rank >> 6] &= ~(1 << UInt64(rank & 63)) }

    @inline(__always)
    func contains(_ rank: Int) -> Bool { words[rank >> 6] & (1 << UInt64(rank & 63)) != 0 }

    mutating func removeAll() {
        for w in words.indices where words[w] != 0 { words[w] = 0 }
    }
}
