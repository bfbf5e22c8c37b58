/// A plan read back from the lines `campaign plan` wrote, as CSV or NDJSON, perhaps in
/// several files and in any order (a cluster's part files): the rows as the planner made
/// them, in the plan's order (docs/output.md, "Reading a plan back").
public struct PlanFile: Sendable {
    /// In the plan's order: time, customer id (bytes), campaign; rows that tie on all three
    /// in the order they were read (the journey's order, when the lines kept it).
    public let rows: [PlanRow]
    /// Customer ids, by `PlanRow.customer`.
    public let ids: [String]
    /// Sends with rendered text (`plan --render`), and sends without: a plan made without
    /// `--render` has no samples' text and no SMS segments to show.
    public let renderedSends: Int
    public let unrenderedSends: Int
    /// Per campaign (by `PlanRow.campaign`), per message: the sends that may have waited for
    /// the send window, quiet hours or a compliance profile. A plan's rows do not say which
    /// did; the others provably did not (`PlanVocabulary.sendMayHaveWaited`; or the entry
    /// began at the same instant).
    public let sendsThatMayHaveWaited: [[String: Int]]
    /// Per campaign, per message: of the `exit when` rows the reader could not place
    /// (`PlanRow.position` -1), those that left with the message certainly ahead, and
    /// those that may have (the message ahead at some instruction the journey may have
    /// stood at): "exited before" lies between the two.
    public let unplacedExitsAhead: [[String: (certain: Int, possible: Int)]]

    /// The id of a row's customer.
    public func id(_ customer: Int32) -> String { ids.indices.contains(Int(customer)) ? ids[Int(customer)] : "" }
}

/// Why a plan file could not be read: where (file, line, column, all from 1) and what.
/// `notAPlan` is a file that is not a plan at all (its header, its quoting, its JSON, a
/// value no plan has: exit 2); `mismatch` a plan whose rows the campaigns do not make (an
/// unknown campaign or step, a detail they do not write, a row outside the window: exit 1).
public struct PlanReadError: Error, Sendable, Equatable {
    /// Not a plan at all (exit 2), or a plan the campaigns did not make (exit 1).
    public enum Kind: Sendable, Equatable { case notAPlan, mismatch }
    public let kind: Kind
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String

    /// `plan.csv:12:40: error: a message`, as the data files' errors are written.
    public var text: String { "\(file):\(line):\(column): error: \(message)" }
}
