import CampaignData
@testable import CampaignPlanner
import Testing

/// The hash that assigns splits and holdouts must never change (docs/language.md §7.5):
/// a customer who was held out yesterday is held out today. These values were computed
/// from the documented bytes (`NAME␟holdout␟ID`, `NAME␟split␟N␟ID`, ␟ = 0x1F), FNV-1a,
/// then SplitMix64's finaliser, independently of this code.
@Suite struct StableHashTests {
    @Test(arguments: [
        (["winback", "holdout", "c-0001"], UInt64(0xBF56_C8F5_4B91_40D1), 5_425),
        (["winback", "split", "0", "c-0001"], 0xF11F_53B3_3FFE_6AD0, 2_400),
        (["welcome", "split", "2", "Zoë"], 0x569D_BD0D_3819_D520, 7_056),
        (["7", "c1", "camp", "msg"], 0xEBCF_2B7C_5880_FC3C, 8_012),
    ])
    func pinnedValues(_ parts: [String], _ hash: UInt64, _ bucket: Int) {
        #expect(StableHash.hash(parts) == hash)
        #expect(StableHash.basisPoints(parts) == bucket)
    }

    /// The published FNV-1a test vectors: the stores' hash tables and the stable hash
    /// share this one function.
    @Test(arguments: [("", UInt64(0xCBF2_9CE4_8422_2325)), ("a", 0xAF63_DC4C_8601_EC8C), ("foobar", 0x8594_4171_F739_67E8)])
    func fnv1aVectors(_ text: String, _ hash: UInt64) {
        #expect(Array(text.utf8).withUnsafeBufferPointer { FNV1a.hash($0) } == hash)
    }
}
