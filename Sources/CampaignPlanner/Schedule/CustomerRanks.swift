import CampaignData
import Foundation

/// Every customer's rank in the byte order of customer ids, computed once per plan so that
/// sorting rows compares two integers instead of two ids' bytes (a memcmp through a
/// separate arena, per comparison).
enum CustomerRanks {
    static func of(_ ids: TextColumn) -> [UInt32] {
        let count = ids.count
        // Ids are often already in order (exports sorted by key): one pass says so.
        if (0..<max(0, count - 1)).allSatisfy({ compare($0, $0 + 1, ids) < 0 }) {
            return (0..<count).map { UInt32(truncatingIfNeeded: $0) }
        }
        // Each id's first eight bytes as a big-endian word, zero-padded: two ids whose words
        // differ are in the words' order, so the words are sorted by radix (stable, a byte
        // a pass from the last), and only runs of ids that share their first eight bytes
        // are then sorted by their bytes (equal ids, which the reader reports, by row).
        // Sorting 1M UUIDs (one thread, CPU): by their bytes alone 0.4 s; by words in a
        // comparison sort, looked up through the rows 0.15–0.23 s, held beside them 0.1 s;
        // by radix 0.02–0.03 s.
        // In mapped memory, given back when done (`MappedBuffer`: 32 MB for 1M customers).
        let first = MappedBuffer<Keyed>(count: count), second = MappedBuffer<Keyed>(count: count)
        defer {
            first.free()
            second.free()
        }
        for row in 0..<count { first.buffer[row] = Keyed(prefix: prefix(row, ids), row: Int32(row)) }
        let keyed = Self.radixSort(first.buffer, scratch: second.buffer)
        var start = 0
        while start < count {
            var end = start + 1
            while end < count, keyed[end].prefix == keyed[start].prefix { end += 1 }
            if end - start > 1 {
                keyed[start..<end].sort { x, y in
                    let order = compare(Int(x.row), Int(y.row), ids)
                    return order != 0 ? order < 0 : x.row < y.row
                }
            }
            start = end
        }
        var ranks = [UInt32](repeating: 0, count: count)
        for (rank, entry) in keyed.enumerated() { ranks[Int(entry.row)] = UInt32(truncatingIfNeeded: rank) }
        return ranks
    }

    /// Sorts `keyed` by `prefix`, stably, using `scratch` (as long): a counting pass for
    /// each of the word's eight bytes, from the lowest, skipping a byte that every word
    /// has the same (a common prefix, or the zero padding of short ids). Returns the one of
    /// the two that holds the sorted words.
    static func radixSort(_ keyed: UnsafeMutableBufferPointer<Keyed>, scratch: UnsafeMutableBufferPointer<Keyed>) -> UnsafeMutableBufferPointer<Keyed> {
        let count = keyed.count
        guard count > 1 else { return keyed }
        var counts = [Int](repeating: 0, count: 8 * 256)
        for entry in keyed {
            for byte in 0..<8 { counts[byte << 8 | Int(truncatingIfNeeded: entry.prefix >> UInt64(8 * byte)) & 0xFF] += 1 }
        }
        var from = keyed, to = scratch
        counts.withUnsafeMutableBufferPointer { places in
            for byte in 0..<8 where !places[(byte << 8)..<((byte + 1) << 8)].contains(count) {
                var next = 0
                for digit in 0..<256 {
                    let n = places[byte << 8 | digit]
                    places[byte << 8 | digit] = next
                    next += n
                }
                let shift = UInt64(8 * byte)
                for entry in from {
                    let slot = byte << 8 | Int(truncatingIfNeeded: entry.prefix >> shift) & 0xFF
                    to[places[slot]] = entry
                    places[slot] += 1
                }
                swap(&from, &to)
            }
        }
        return from
    }

    /// A row with its id's first eight bytes as a word (`prefix`).
    struct Keyed: BitwiseCopyable {
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
