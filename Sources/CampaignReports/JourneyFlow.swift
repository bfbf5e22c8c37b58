/// A journey's path as a tree over `JourneyGraph` node ids: what the drawing lays out in
/// columns. A step has one way on, an end none, a fork one labelled arm per way on (an
/// `if` its "yes" arm and a "no" or "else" arm, an `else if` a fork inside the "no" arm, a
/// `split` one arm per share). An arm's open ends, and an empty arm itself, go on to
/// whatever follows the fork.
public indirect enum JourneyFlow: Sendable {
    case step(String)
    case end(String)
    case fork(String, [Arm])

    /// One way out of a fork: the label its edge carries and the steps on it.
    public struct Arm: Sendable {
        public let label: String
        public let body: [JourneyFlow]
    }
}
