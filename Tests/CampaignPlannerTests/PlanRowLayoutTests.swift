import CampaignData
import CampaignPlanner
import Foundation
import Testing

/// The plan row's layout: widening a field for the data's sake must not grow every row.
@Suite struct PlanRowLayoutTests {
    /// `sequence` is an `Int` (nothing bounds one customer's rows) placed beside `time`,
    /// so a row is no larger than when it was an `Int32`.
    @Test func planRowStaysEightyBytes() {
        #expect(MemoryLayout<PlanRow>.stride <= 80)
    }
}
