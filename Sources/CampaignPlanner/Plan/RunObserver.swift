import CampaignData

/// Whoever watches a customer's run: `explain`'s story (`StoryObserver`). The planner runs
/// with `NoObserver`, whose methods do nothing: `CustomerRun` is generic over its observer,
/// so the calls specialise away and planning pays nothing for the story. The interpreter
/// reports what happened as values; what the story says about it is the observer's.
protocol RunObserver {
    init(program: PlanProgram)
    /// A new customer's run starts.
    mutating func begin(customer: Int, zone: ZoneRules)
    /// A row of the schedule was written.
    mutating func wrote(_ row: PlanRow)
    /// The values behind the row just written: an entry's audience, an exit's condition.
    mutating func decided(_ decision: Decision, campaign c: Int, context: EvaluationContext)
    /// Something the schedule has no row for happened to campaign c's journey at t.
    /// `context` is the journey's, for the events whose values the story shows.
    mutating func noted(_ event: JourneyEvent, campaign c: Int, at t: Int64, context: EvaluationContext?)
    /// An event at t was given to campaign c's running journey (entered at `entered`).
    mutating func offered(_ event: WindowEvent, toJourneyOf c: Int, entered: Int64)
}

/// What the values behind a row were about.
enum Decision {
    case audience
    case exitCondition
}

/// What happened in a journey, besides the rows: a trigger that did not enter, a wait, a
/// branch, a message that had to wait.
enum JourneyEvent: Equatable {
    /// The trigger fired but did not enter.
    case refused(Refusal)
    /// The event the journey waited for happened (its table).
    case waitEnded(table: Int)
    /// A branch chose its arm (the instruction).
    case branch(instruction: Int)
    /// A split chose an arm by the customer's bucket.
    case split(instruction: Int, arm: Int, bucket: Int)
    /// A wait (the instruction) runs until an instant.
    case waiting(instruction: Int, until: Int64)
    /// `wait until best hour`: the hour, and how many of the customer's events of how many
    /// fell in it (none: the policy's default).
    case waitingBestHour(instruction: Int, until: Int64, hour: Int, count: Int, total: Int)
    /// A message of a `send first of` could not be sent.
    case skipped(message: Int, Suppression)
    /// A message waits for the send window, the end of quiet hours or a compliance
    /// profile's hours; `profiles` is the bit set of profiles that bind it (over
    /// `policy.compliance`).
    case deferred(message: Int, Deferral, until: Int64, profiles: UInt8)
    /// A message would go out after the window.
    case afterWindow(message: Int, at: Int64)
    case journeyComplete

    /// Why a trigger that fired did not enter (the story merges repeats of one into a line).
    enum Refusal: Equatable {
        case stillInCampaign(entered: Int64)
        case noReentry(entered: Int64)
        case reentryFrom(Int64, after: Int64)
        case goalReached
        case keyEntered(String)
        case notInAudience(Tri)
        case eventWentToJourney(entered: Int64)
    }
}

/// The planner's observer: nothing to watch.
struct NoObserver: RunObserver {
    init(program: PlanProgram) {}
    @inline(__always) mutating func begin(customer: Int, zone: ZoneRules) {}
    @inline(__always) mutating func wrote(_ row: PlanRow) {}
    @inline(__always) mutating func decided(_ decision: Decision, campaign c: Int, context: EvaluationContext) {}
    @inline(__always) mutating func noted(_ event: JourneyEvent, campaign c: Int, at t: Int64, context: EvaluationContext?) {}
    @inline(__always) mutating func offered(_ event: WindowEvent, toJourneyOf c: Int, entered: Int64) {}
}
