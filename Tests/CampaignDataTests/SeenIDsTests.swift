@testable import CampaignData
import Testing

/// The ids `plan --bundles` has seen (`SeenIDs`): every repeat found with the line it was
/// first on, through the table's growth, in the bytes per customer docs/language.md §9.5
/// states (27 to 53).
@Suite struct SeenIDsTests {
    @Test(arguments: [1, 1_000, 100_000])
    func repeatsAreFoundWithTheirFirstLine(_ count: Int) {
        var seen = SeenIDs()
        for i in 0..<count { #expect(seen.insert(Array("c\(i)".utf8), line: i + 1) == nil) }
        #expect(seen.count == count)
        for i in stride(from: 0, to: count, by: max(1, count / 100)) {
            #expect(seen.insert(Array("c\(i)".utf8), line: count + 1) == i + 1)
        }
        // Near misses are not repeats: the digest covers every byte and the length.
        #expect(seen.insert(Array("c0 ".utf8), line: 1) == nil)
        #expect(seen.insert(Array("C0".utf8), line: 1) == nil)
        #expect(seen.insert([], line: 1) == nil)
        #expect(seen.insert([], line: 2) == 1)
        if count >= 100_000 {
            let perCustomer = Double(seen.bytes) / Double(seen.count)
            #expect(perCustomer >= 26 && perCustomer <= 54, "\(perCustomer) bytes per customer")
        }
    }
}
