import CampaignData
import Foundation

/// Every customer's rank in the byte order of customer ids, computed once per plan so that
/// sorting rows compares two integers instead of two ids' bytes (a memcmp through a
/// separate arena, per comparison).
enum CustomerRanks {
    static func of(_ ids: TextColumn, threads: Int) -> [UInt32] {
        let count = ids.count
        // Ids are often already in order (exports sorted by key): one pass says so.
        if (0..<max(0, count - 1)).allSatisfy({ compare($0, $0 + 1, ids) < 0 }) {
            return (0..<count).map { UInt32(truncatingIfNeeded: $0) }
        }
        // Sorted in parts on the threads, then the parts merged.
        let parts = max(1, min(threads, count / 50_000 + 1))
        let sorted: [[Int32]] = parallelMap(parts, threads: threads) { part in
            let range = (count * part / parts)..<(count * (part + 1) / parts)
            return range.map { Int32($0) }.sorted { compare(Int($0), Int($1), ids) < 0 }
        }
        var ranks = [UInt32](repeating: 0, count: count)
        var heads = [Int](repeating: 0, count: parts)
        for rank in 0..<count {
            var best = -1
            for p in 0..<parts where heads[p] < sorted[p].count {
                if best < 0 || compare(Int(sorted[p][heads[p]]), Int(sorted[best][heads[best]]), ids) < 0 { best = p }
            }
            ranks[Int(sorted[best][heads[best]])] = UInt32(rank)
            heads[best] += 1
        }
        return ranks
    }

    /// Byte order of two customer ids (a missing id, which the reader rejects, as empty).
    static func compare(_ x: Int, _ y: Int, _ ids: TextColumn) -> Int {
        let xs = max(0, Int(ids.starts[x])), xe = max(xs, Int(ids.ends[x])), ys = max(0, Int(ids.starts[y])), ye = max(ys, Int(ids.ends[y]))
        return ids.arena.withUnsafeBufferPointer { arena in
            let n = min(xe - xs, ye - ys)
            if n > 0, let base = arena.baseAddress {
                let r = memcmp(base + xs, base + ys, n)
                if r != 0 { return Int(r) }
            }
            return (xe - xs) - (ye - ys)
        }
    }
}
