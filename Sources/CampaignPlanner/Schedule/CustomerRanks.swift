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
        // Each id's first eight bytes as a big-endian word, zero-padded: two ids whose words
        // differ are in the words' order, so most comparisons are of two integers, and only
        // ids that share their first eight bytes are compared byte by byte (equal ids, which
        // the reader reports, by row). The words are sorted beside their rows, not looked up
        // through them: a sort that reads a random place of an 8 MB array per comparison
        // waits on the cache. Sorting 1M UUIDs (one thread, CPU): by their bytes alone
        // 0.4 s, by words looked up through the rows 0.15–0.23 s, by words held 0.1 s.
        @Sendable func less(_ x: Keyed, _ y: Keyed) -> Bool {
            if x.prefix != y.prefix { return x.prefix < y.prefix }
            let order = compare(Int(x.row), Int(y.row), ids)
            return order != 0 ? order < 0 : x.row < y.row
        }
        // Sorted in parts on the threads, then the parts merged.
        let parts = max(1, min(threads, count / 50_000 + 1))
        let sorted: [[Keyed]] = parallelMap(parts, threads: threads) { part in
            let range = (count * part / parts)..<(count * (part + 1) / parts)
            return range.map { Keyed(prefix: prefix($0, ids), row: Int32($0)) }.sorted(by: less)
        }
        var ranks = [UInt32](repeating: 0, count: count)
        var heads = [Int](repeating: 0, count: parts)
        for rank in 0..<count {
            var best = -1
            for p in 0..<parts where heads[p] < sorted[p].count {
                if best < 0 || less(sorted[p][heads[p]], sorted[best][heads[best]]) { best = p }
            }
            ranks[Int(sorted[best][heads[best]].row)] = UInt32(rank)
            heads[best] += 1
        }
        return ranks
    }

    /// A row with its id's first eight bytes as a word (`prefix`).
    struct Keyed {
        let prefix: UInt64
        let row: Int32
    }

    /// The first eight bytes of an id (fewer, zero-padded; none for a missing one) as a
    /// big-endian word, so that words compare as the bytes do.
    static func prefix(_ row: Int, _ ids: TextColumn) -> UInt64 {
        let start = max(0, Int(ids.starts[row])), end = max(start, Int(ids.ends[row]))
        var word: UInt64 = 0
        for i in 0..<8 { word = word << 8 | (start + i < end ? UInt64(ids.arena[start + i]) : 0) }
        return word
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
