@testable import CampaignReports
import Testing

/// The preview's goal comparison (docs/language.md §9, preview).
struct GoalComparisonTests {
    /// Newcombe (1998), example (a): 56/70 against 48/80, interval 0.0524 to 0.3339
    /// by the hybrid score method.
    @Test func newcombesExample() throws {
        let c = try #require(GoalComparison(goals: 56, of: 70, holdoutGoals: 48, of: 80))
        #expect(abs(c.difference - 0.2) < 1e-9)
        #expect(abs(c.low - 0.0524) < 0.0001)
        #expect(abs(c.high - 0.3339) < 0.0001)
        #expect(!c.enough)
        let large = try #require(GoalComparison(goals: 560, of: 700, holdoutGoals: 480, of: 800))
        #expect(large.text.hasPrefix("+20.0 points (95% interval +"))
    }

    /// A holdout of 2 is not a comparison: the old preview printed "−6.3 points".
    @Test func tooFewCustomersToTell() throws {
        let c = try #require(GoalComparison(goals: 150, of: 1_000, holdoutGoals: 0, of: 2))
        #expect(c.text == "too few customers to tell (fewer than 100 in a group)")
        #expect(GoalComparison(goals: 1, of: 10, holdoutGoals: 0, of: 0) == nil)
    }

    @Test(arguments: [(0, 0), (0, 500), (500, 0), (500, 500), (37, 211)])
    func theIntervalHoldsTheDifferenceAndStaysInRange(goals: Int, holdoutGoals: Int) throws {
        let c = try #require(GoalComparison(goals: goals, of: 500, holdoutGoals: holdoutGoals, of: 500))
        #expect(-1 <= c.low && c.low <= c.difference && c.difference <= c.high && c.high <= 1)
        #expect(c.enough)
        #expect(c.text.contains("95% interval"))
    }
}

/// An interval bound that rounds to ±0.0 points kept no sign: "+0.5 points (95% interval
/// ±0.0 to +1.0)" hid that the interval includes zero (its low bound was −0.03 points).
struct GoalComparisonBoundTests {
    /// Every bound printed has the sign of the bound: over many groups, including those
    /// whose bounds fall within 0.05 points of zero.
    @Test func theBoundsKeepTheirSign() throws {
        var nearZero = 0
        for entries in stride(from: 3_000, through: 9_000, by: 1_000) {
            for heldOut in [500, 1_000, 2_000] {
                for goals in stride(from: 0, through: entries / 4, by: 7) {
                    for holdoutGoals in [heldOut / 20, heldOut / 10] {
                        let c = try #require(GoalComparison(goals: goals, of: entries, holdoutGoals: holdoutGoals, of: heldOut))
                        let interval = try #require(c.text.split(separator: "(95% interval ").last?.dropLast())
                        let bounds = interval.split(separator: " to ")
                        try #require(bounds.count == 2)
                        for (printed, value) in zip(bounds, [c.low, c.high]) {
                            if abs(value) < 0.0005 { nearZero += 1 }
                            #expect(printed.hasPrefix(value < 0 ? "−" : value > 0 ? "+" : "±"), "\(printed) for \(value)")
                            #expect(printed.contains(where: { ("1"..."9").contains($0) }) || value == 0, "\(printed) for \(value)")
                        }
                    }
                }
            }
        }
        #expect(nearZero > 0)
    }

    @Test(arguments: [(-0.0003, "−0.03"), (0.00004, "+0.004"), (-0.0006, "−0.1"), (0.0, "±0.0"), (0.0123, "+1.2")])
    func aBound(fraction: Double, printed: String) {
        #expect(GoalComparison.bound(fraction) == printed)
    }
}
