/// The goal rate of the entries sent messages against the holdout's: the difference, its
/// 95% interval, and whether the groups are large enough to tell (docs/language.md §9,
/// preview).
public struct GoalComparison: Sendable, Equatable {
    /// Below this many entries in either group the preview says "too few customers to
    /// tell": at 100 the 95% interval of one group's rate is still about ±10 points (at a
    /// 50% rate), already as wide as the effects campaigns make; with fewer it is wider,
    /// and a difference of a few points means nothing.
    public static let minimumGroup = 100

    /// Treatment rate minus holdout rate, as a fraction.
    public let difference: Double
    /// The 95% interval of the difference (Newcombe's hybrid score interval, from the two
    /// groups' Wilson intervals: it stays inside −1…1 and behaves at rates of 0 and 1).
    public let low: Double
    public let high: Double
    /// Both groups have at least `minimumGroup` entries.
    public let enough: Bool

    /// Nil when a group is empty.
    public init?(goals: Int, of entries: Int, holdoutGoals: Int, of heldOut: Int) {
        guard entries > 0, heldOut > 0 else { return nil }
        let p1 = Double(goals) / Double(entries), p2 = Double(holdoutGoals) / Double(heldOut)
        let (l1, u1) = Self.wilson(p1, entries), (l2, u2) = Self.wilson(p2, heldOut)
        difference = p1 - p2
        low = difference - ((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2)).squareRoot()
        high = difference + ((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2)).squareRoot()
        enough = min(entries, heldOut) >= Self.minimumGroup
    }

    /// Wilson's 95% score interval of a proportion `p` of `n`.
    static func wilson(_ p: Double, _ n: Int) -> (Double, Double) {
        let z = 1.959_963_984_540_054, n = Double(n)
        let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        let half = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
        return (max(0, centre - half), min(1, centre + half))
    }

    /// `+3.2 points (95% interval −1.0 to +7.4)`, or `too few customers to tell (…)`.
    public var text: String {
        guard enough else { return "too few customers to tell (fewer than \(Self.minimumGroup) in a group)" }
        return Figures.signedPoints(difference) + " points (95% interval " + Self.bound(low) + " to " + Self.bound(high) + ")"
    }

    /// An interval bound in points, as `Figures.signedPoints` writes it, except that a bound
    /// that is not zero but rounds to `±0.0` gets digits until one is not zero
    /// (`−0.03`), so its sign shows whether the interval includes zero.
    static func bound(_ fraction: Double) -> String {
        let points = abs(fraction * 100)
        guard fraction != 0, (points * 10).rounded() == 0 else { return Figures.signedPoints(fraction) }
        var digits = 2, scale = 100.0
        while digits < 9, (points * scale).rounded() == 0 {
            digits += 1
            scale *= 10
        }
        let figures = String(Int((points * scale).rounded()))
        return (fraction < 0 ? "−" : "+") + "0." + String(repeating: "0", count: max(0, digits - figures.count)) + figures
    }
}
