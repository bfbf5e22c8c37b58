@testable import CampaignData
import CampaignSyntax
import Testing

/// `IDKey`: an id of up to 16 bytes is kept whole, a canonical UUID with letters of one
/// case as its 128 bits, and every other id is long. A compact key must be one to one: its
/// code, low and high words spell the id back, byte for byte, and no two ids share one.
@Suite struct IDKeyTests {
    static func key(_ id: [UInt8]) -> IDKey {
        id.withUnsafeBufferPointer { IDKey($0.baseAddress!, count: id.count, readable: id.count) }
    }

    /// The id a compact key stands for: a raw one's bytes, or a UUID spelled in its case.
    static func spelled(_ key: IDKey) -> [UInt8]? {
        if key.code <= UInt32(IDKey.rawBytes) {
            let count = Int(key.code)
            return (0..<count).map { (i: Int) -> UInt8 in
                let word: UInt64 = i < 8 ? key.low : key.high
                return UInt8(truncatingIfNeeded: word >> UInt64(8 * (i % 8)))
            }
        }
        guard key.code == IDKey.lowerUUID || key.code == IDKey.upperUUID else { return nil }
        let digits = Array((key.code == IDKey.lowerUUID ? "0123456789abcdef" : "0123456789ABCDEF").utf8)
        var bytes: [UInt8] = []
        for (n, word) in [key.low, key.high].enumerated() {
            for i in 0..<16 {
                if [8, 12, 16, 20].contains(n * 16 + i) { bytes.append(UInt8(ascii: "-")) }
                bytes.append(digits[Int(word >> UInt64(60 - 4 * i) & 0xF)])
            }
        }
        return bytes
    }

    @Test(arguments: [
        ("123e4567-e89b-12d3-a456-426614174000", IDKey.lowerUUID),
        ("123E4567-E89B-12D3-A456-426614174000", IDKey.upperUUID),
        ("00000000-0000-0000-0000-000000000000", IDKey.lowerUUID),
        ("ffffffff-ffff-ffff-ffff-ffffffffffff", IDKey.lowerUUID),
        ("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", IDKey.upperUUID),
        // Mixed case, a letter past `f`, a byte either side of the digits' and letters'
        // ranges, a hyphen out of place: long ids, compared in the id column.
        ("123E4567-e89b-12d3-a456-426614174000", UInt32(36)),
        ("123e4567-e89b-12d3-a456-42661417400g", UInt32(36)),
        ("123e4567-e89b-12d3-a456-42661417400G", UInt32(36)),
        ("123e4567-e89b-12d3-a456-42661417400/", UInt32(36)),
        ("123e4567-e89b-12d3-a456-42661417400:", UInt32(36)),
        ("123e4567-e89b-12d3-a456-42661417400`", UInt32(36)),
        ("123e4567-e89b-12d3-a456-42661417400@", UInt32(36)),
        ("123e4567-e89b-12d3-a456-4266141740é", UInt32(36)),
        ("123e4567e-89b-12d3-a456-426614174000", UInt32(36)),
        ("123e4567-e89b-12d3-a456_426614174000", UInt32(36)),
    ])
    func uuidsAreCompactInOneCase(_ id: String, _ code: UInt32) {
        let bytes = Array(id.utf8)
        let key = Self.key(bytes)
        #expect(key.code == code, "\(id)")
        if key.isCompact {
            #expect(Self.spelled(key) == bytes, "\(id)")
            #expect(key.needsHigh)
        } else {
            #expect(key.low == 0 && key.high == 0)
        }
        #expect(Self.key(bytes).hash == key.hash)
    }

    @Test func theSameUUIDInEachCaseHasTheSameBitsAndAnotherCode() {
        let lower = Self.key(Array("a0b1c2d3-e4f5-a6b7-c8d9-eafbfcfdfeff".utf8))
        let upper = Self.key(Array("A0B1C2D3-E4F5-A6B7-C8D9-EAFBFCFDFEFF".utf8))
        #expect(lower.low == 0xA0B1_C2D3_E4F5_A6B7 && lower.high == 0xC8D9_EAFB_FCFD_FEFF)
        #expect(upper.low == lower.low && upper.high == lower.high)
        #expect(upper.code != lower.code)
    }

    /// 36-byte ids from an alphabet of the hexadecimal digits in both cases and the bytes
    /// around them (hyphens mostly in place): every compact key spells its id back, and no
    /// two ids have the same code and words.
    @Test(arguments: 0..<4)
    func compactKeysAreOneToOne(_ seed: Int) {
        var rng = SplitMix64(seed: UInt64(900 + seed))
        let alphabet = Array("0123456789abcdefABCDEF/:@G`g-".utf8) + [0x7F, 0x80, 0xB0, 0xE6]
        var seen: [[UInt64]: [UInt8]] = [:]
        var compact = 0
        for _ in 0..<20_000 {
            // Lowercase digits, or (a third of the ids) uppercase ones.
            let upper = rng.next() % 3 == 0
            var id = (0..<36).map { _ in alphabet[Int(rng.next() % 16)] }
            if upper { id = id.map { $0 >= UInt8(ascii: "a") ? $0 - 0x20 : $0 } }
            // Now and then an uppercase letter, or a byte from the whole alphabet.
            for _ in 0..<Int(rng.next() % 3) { id[Int(rng.next() % 36)] = alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            for place in [8, 13, 18, 23] where rng.next() % 50 != 0 { id[place] = UInt8(ascii: "-") }
            let key = Self.key(id)
            guard key.isCompact else { continue }
            compact += 1
            #expect(Self.spelled(key) == id)
            let words = [UInt64(key.code), key.low, key.high]
            if let other = seen[words] { #expect(other == id) }
            seen[words] = id
        }
        #expect(compact > 1_000)
    }

    /// An index of UUIDs in both cases, in mixed case, and near-UUIDs: each finds its own
    /// row, and an id one byte away from one of them (a digit changed, its case changed,
    /// one byte shorter) finds none.
    @Test func anIndexOfUUIDsFindsEachAndNothingElse() {
        var rng = SplitMix64(seed: 77)
        let hex = Array("0123456789abcdef".utf8)
        var ids: [[UInt8]] = []
        for n in 0..<3_000 {
            var id = (0..<36).map { _ in hex[Int(rng.next() % 16)] }
            for place in [8, 13, 18, 23] { id[place] = UInt8(ascii: "-") }
            switch n % 4 {
            case 1: id = Array(String(decoding: id, as: UTF8.self).uppercased().utf8)
            case 2: if let letter = id.firstIndex(where: { $0 >= UInt8(ascii: "a") }) { id[letter] -= 0x20 }
            case 3: id[13] = UInt8(ascii: "_")
            default: break
            }
            ids.append(id)
        }
        let unique = Array(Set(ids))
        let index = IDIndex(CustomerIndexTests.column(unique))
        #expect(index.duplicates.isEmpty)
        let known = Set(unique)
        for (row, id) in unique.enumerated() {
            #expect(CustomerIndexTests.row(index, id) == row)
            var changed = id
            changed[35] = changed[35] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
            var recased = id
            if let letter = recased.firstIndex(where: { (0x41...0x46).contains($0) || (0x61...0x66).contains($0) }) { recased[letter] ^= 0x20 }
            for other in [changed, recased, Array(id.dropLast())] where !known.contains(other) {
                #expect(CustomerIndexTests.row(index, other) == nil)
            }
        }
    }
}
