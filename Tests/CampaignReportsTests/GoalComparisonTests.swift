import CampaignReports
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
