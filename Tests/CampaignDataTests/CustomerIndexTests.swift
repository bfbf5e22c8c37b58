@testable import CampaignData
import CampaignSyntax
import Testing

/// The customer id index finds every id's row and nothing else, whatever its length (read
/// a word at a time), its neighbours' prefixes, its zero bytes, or a fingerprint it shares
/// with another id.
@Suite struct CustomerIndexTests {
    static func column(_ ids: [[UInt8]?]) -> TextColumn {
        var column = TextColumn()
        for id in ids {
            if let id { id.withUnsafeBufferPointer { column.append($0) } } else { column.appendMissing() }
        }
        return column
    }

    static func row(_ index: IDIndex, _ id: [UInt8]) -> Int? { id.withUnsafeBufferPointer { index.row(of: $0) } }

    /// Ids of every length from 0 to 40 that share their prefixes (each is the start of one
    /// 40-byte text), with a neighbour differing in its last byte only; ids made of zero
    /// bytes only, which differ in nothing but their length; or ids of up to 400 bytes.
    static let families: [(name: String, ids: [[UInt8]], unknown: [[UInt8]])] = {
        let text = Array("customer-0123456789-abcdefghijklmnopqrst".utf8)
        var prefixes: [[UInt8]] = []
        var unknown: [[UInt8]] = []
        for length in 0...40 {
            let id = Array(text[0..<length])
            prefixes.append(id)
            guard length > 0 else { continue }
            var neighbour = id
            neighbour[length - 1] = UInt8(ascii: "#")
            prefixes.append(neighbour)
            // Another last byte, a zero byte past the end, a byte more: not customers.
            var other = id
            other[length - 1] = UInt8(ascii: "%")
            unknown += [other, id + [0], id + [UInt8(ascii: "z")]]
        }
        let zeros = (0...40).map { [UInt8](repeating: 0, count: $0) }
        // Around the longest length a slot's tag spells out (254 bytes; longer ones are
        // compared with their length from the id column).
        let page = (0..<400).map { UInt8(ascii: "a") + UInt8($0 % 26) }
        var long: [[UInt8]] = []
        var longUnknown: [[UInt8]] = []
        for length in [8, 9, 253, 254, 255, 256, 257, 400] {
            let id = Array(page[0..<length])
            var neighbour = id
            neighbour[length - 1] = UInt8(ascii: "#")
            long += [id, neighbour]
            longUnknown += [id + [0], Array(id.dropLast()) + [UInt8(ascii: "%")]]
        }
        return [("prefixes", prefixes, unknown), ("zeros", zeros, [[UInt8](repeating: 0, count: 41), [1], [0, 1]]),
                ("long", long, longUnknown + [Array(page[0..<258]), Array(page[0..<399])])]
    }()

    @Test(arguments: families.indices)
    func everyLengthFindsItsOwnRow(_ family: Int) {
        let (name, ids, unknown) = Self.families[family]
        let index = IDIndex(Self.column(ids))
        #expect(index.duplicates.isEmpty, "\(name)")
        for (row, id) in ids.enumerated() { #expect(Self.row(index, id) == row, "\(name): \(id.count) bytes") }
        for id in unknown { #expect(Self.row(index, id) == nil, "\(name): \(id)") }
    }

    /// An id read in place from a file (bytes after it readable, so it is loaded a word
    /// at a time) has the hash of the same id alone (loaded byte by byte).
    @Test(arguments: 0...40)
    func hashIsTheSameInPlaceAndAlone(_ length: Int) {
        var rng = SplitMix64(seed: UInt64(length))
        let id = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let alone = id.withUnsafeBufferPointer { IDHash.hash($0) }
        for after in [0, 1, 7, 8, 9, 30] {
            let row = id + (0..<after).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let inPlace = row.withUnsafeBufferPointer { IDHash.hash($0.baseAddress!, count: length, readable: row.count) }
            #expect(inPlace == alone, "\(length) bytes, \(after) after")
        }
    }

    /// The first of equal ids keeps its row; the later ones are the duplicates, and a
    /// missing id is skipped.
    @Test func duplicatesAreTheLaterRows() {
        let long = Array("a-customer-id-of-thirty-bytes!".utf8)
        let ids: [[UInt8]?] = [Array("a".utf8), Array("b".utf8), Array("a".utf8), nil, long, Array("b".utf8), long, Array("a".utf8), []]
        let index = IDIndex(Self.column(ids))
        #expect(index.duplicates == [2, 5, 6, 7])
        #expect(Self.row(index, Array("a".utf8)) == 0)
        #expect(Self.row(index, Array("b".utf8)) == 1)
        #expect(Self.row(index, long) == 4)
        #expect(Self.row(index, []) == 8)
        #expect(index.row(of: "c") == nil)
    }

    /// Two ids of the same length with the same fingerprint and first slot: the index
    /// compares their bytes, so neither is taken for the other; an id of up to eight bytes
    /// is compared in its slot, a longer one in the id column.
    @Test(arguments: ["collision-000000", "co000000", "c000000", "collision"])
    func sharedFingerprintIsRejectedByTheBytes(_ template: String) throws {
        // An index of one or two ids has 16 slots: a hash's first slot is its top four bits.
        var id = Array(template.utf8)
        func spell(_ n: Int) {
            var n = n
            for i in stride(from: id.count - 1, through: id.count - 6, by: -1) {
                id[i] = UInt8(ascii: "a") + UInt8(n % 26)
                n /= 26
            }
        }
        var seen: [UInt64: Int] = [:]
        var pair: (Int, Int)?
        for n in 0..<(26 * 26 * 26 * 26 * 26 * 26) {
            spell(n)
            let hash = id.withUnsafeBufferPointer { IDHash.hash($0) }
            let probe = hash & 0xFFFF_FF00 | (hash >> 60) << 32
            if let other = seen[probe] {
                pair = (other, n)
                break
            }
            seen[probe] = n
        }
        let (a, b) = try #require(pair)
        spell(a)
        let first = id
        spell(b)
        let second = id
        #expect(first != second)
        let alone = IDIndex(Self.column([first]))
        #expect(Self.row(alone, first) == 0)
        #expect(Self.row(alone, second) == nil)
        let both = IDIndex(Self.column([first, second]))
        #expect(both.duplicates.isEmpty)
        #expect(Self.row(both, first) == 0)
        #expect(Self.row(both, second) == 1)
    }

    /// Generated ids of every length (some repeated, some missing) against a dictionary.
    @Test(arguments: 0..<8)
    func generatedIdsMatchADictionary(_ seed: Int) {
        var rng = SplitMix64(seed: UInt64(100 + seed))
        func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        // A small alphabet, so that ids share prefixes and repeat.
        func id() -> [UInt8] { (0..<pick(41)).map { _ in [0, 0x22, 0x2C, 0x61, 0x62, 0xC3, 0xA9][pick(7)] } }
        let count = [0, 1, 2, 15, 16, 17, 700, 3_000][seed]
        var ids: [[UInt8]?] = []
        for _ in 0..<count { ids.append(pick(20) == 0 ? nil : pick(10) == 0 && !ids.isEmpty ? ids[pick(ids.count)] : id()) }
        var expected: [[UInt8]: Int] = [:]
        var duplicates: [Int] = []
        for (row, id) in ids.enumerated() {
            guard let id else { continue }
            if expected[id] == nil { expected[id] = row } else { duplicates.append(row) }
        }
        let index = IDIndex(Self.column(ids))
        #expect(index.duplicates == duplicates)
        for (id, row) in expected { #expect(Self.row(index, id) == row) }
        for _ in 0..<500 {
            let probe = id()
            #expect(Self.row(index, probe) == expected[probe])
        }
    }
}
