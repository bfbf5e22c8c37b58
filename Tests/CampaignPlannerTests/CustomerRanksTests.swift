import CampaignData
@testable import CampaignPlanner
import Testing

/// `CustomerRanks`: every customer's rank in the byte order of ids, which the schedule's
/// rows are sorted by. Ids sorted first by their first eight bytes as a word must still
/// come out in byte order: shorter ids before their extensions, zero bytes and high bytes
/// inside an id, ids sharing a long prefix, and already sorted; the radix sort of the words
/// is stable and skips no byte that differs.
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
        let ranks = CustomerRanks.of(column)
        var order = [Int](repeating: -1, count: ids.count)
        for (row, rank) in ranks.enumerated() { order[Int(rank)] = row }
        #expect(order == expected)
        // Already in order: the ranks are the rows.
        var sorted = TextColumn()
        for row in expected { ids[row].withUnsafeBufferPointer { sorted.append($0) } }
        #expect(CustomerRanks.of(sorted) == (0..<ids.count).map { UInt32($0) })
    }

    /// The radix sort orders words as integers and keeps equal words in their order: words
    /// that differ in one byte only (each of the eight), bytes that every word shares, a
    /// high bit set, and repeats.
    @Test(arguments: [0, 1, 2, 3, 7, 200, 5_000])
    func radixSortIsAStableSortOfTheWords(_ count: Int) {
        var state = UInt64(count) &* 0x9E37_79B9_7F4A_7C15 | 1
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        let base: UInt64 = 0x8000_6300_0000_0041
        var keyed: [CustomerRanks.Keyed] = []
        for row in 0..<count {
            let byte = next() % 9
            let word = byte == 8 ? base : base ^ (next() % 4) << (8 * byte)
            keyed.append(CustomerRanks.Keyed(prefix: word, row: Int32(row)))
        }
        var input = keyed
        var scratch = keyed
        let sorted = input.withUnsafeMutableBufferPointer { input in
            scratch.withUnsafeMutableBufferPointer { scratch in Array(CustomerRanks.radixSort(input, scratch: scratch)) }
        }
        let expected = keyed.enumerated().sorted { ($0.element.prefix, $0.offset) < ($1.element.prefix, $1.offset) }.map(\.element.row)
        #expect(sorted.map(\.row) == expected)
    }
}
