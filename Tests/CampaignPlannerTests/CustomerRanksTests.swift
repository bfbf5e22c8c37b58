import CampaignData
@testable import CampaignPlanner
import Testing

/// `CustomerRanks`: every customer's rank in the byte order of ids, which the schedule's
/// rows are sorted by. Ids sorted first by their first eight bytes as a word must still
/// come out in byte order: shorter ids before their extensions, zero bytes and high bytes
/// inside an id, ids sharing a long prefix, at 1 and 2 threads, and already sorted.
struct CustomerRanksTests {
    @Test(arguments: [1, 2, 3])
    func ranksAreTheByteOrderOfTheIds(seed: UInt64) {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(bound))
        }
        // A small alphabet with a zero byte and a byte above 0x7F, and shared prefixes of
        // every length around eight, so that words tie and bytes decide.
        let alphabet: [UInt8] = [0x00, 0x01, 0x2D, 0x61, 0x62, 0x7F, 0x80, 0xFF]
        let prefixes: [[UInt8]] = [[], Array("cust_".utf8), Array("customer".utf8), Array("customer_0".utf8)]
        var ids: [[UInt8]] = []
        var seen = Set<[UInt8]>()
        while ids.count < 120_000 {
            var id = prefixes[next(prefixes.count)]
            for _ in 0..<next(12) { id.append(alphabet[next(alphabet.count)]) }
            if seen.insert(id).inserted { ids.append(id) }
        }
        var column = TextColumn()
        for id in ids { id.withUnsafeBufferPointer { column.append($0) } }
        let expected = ids.indices.sorted { ids[$0].lexicographicallyPrecedes(ids[$1]) }
        for threads in [1, 2] {
            let ranks = CustomerRanks.of(column, threads: threads)
            var order = [Int](repeating: -1, count: ids.count)
            for (row, rank) in ranks.enumerated() { order[Int(rank)] = row }
            #expect(order == expected, "threads \(threads)")
        }
        // Already in order: the ranks are the rows.
        var sorted = TextColumn()
        for row in expected { ids[row].withUnsafeBufferPointer { sorted.append($0) } }
        #expect(CustomerRanks.of(sorted, threads: 2) == (0..<ids.count).map { UInt32($0) })
    }
}
