import CampaignData
import CampaignSemantics
import CampaignSyntax

/// A time of day, in the customer's zone unless the campaign wrote one.
struct ClockTime: Sendable {
    let secondOfDay: Int64
    /// An index into `PlanSetup.zones`; nil for the customer's own zone.
    let zone: Int?
    let text: String
}

/// One message of a campaign, ready to send: its channel rules and its checked templates
/// with where each of their variables is read from (`--render`).
final class CompiledMessage: Sendable {
    let name: String
    let channel: ChannelKind
    let transactional: Bool
    /// The checker's bound templates, fields in the order written.
    let templates: [CheckedTemplate]
    /// An SMS's `text`, which its row shows with its encoding and segments.
    let smsText: Template?
    /// `slots[i]` reads the value of the checked message's `variables[i]`.
    let slots: [SlotSource]

    /// A class: every send looks its message up, and copying a struct of strings and
    /// arrays out of the campaign's list retained each of them.
    init(name: String, channel: ChannelKind, transactional: Bool, templates: [CheckedTemplate], smsText: Template?, slots: [SlotSource]) {
        self.name = name
        self.channel = channel
        self.transactional = transactional
        self.templates = templates
        self.smsText = smsText
        self.slots = slots
    }
}

/// A journey step as the interpreter runs it: the step tree flattened into a program with
/// jumps, so a journey's position is one integer.
enum Instruction: Sendable {
    /// One message, or `send first of` with several (the first the customer can receive).
    case send([Int])
    case waitFor(Int64)
    case waitUntil(ClockTime)
    /// `table` is nil for an event the dataset has no table for: only the timeout ends it.
    case waitForEvent(table: Int?, name: String, filter: Evaluator.EventCondition?, timeout: Int64)
    case waitBestHour
    /// Arms in order (condition, first instruction of the arm); then where `else` starts.
    case branch([(test: Evaluator.Condition, text: String, why: Evaluator.DecidingValues, target: Int)], otherwise: Int)
    /// A split: its ordinal in the campaign, and (cumulative share in basis points, target).
    case split(ordinal: Int, arms: [(upTo: Int, label: String, target: Int)])
    case tag(String)
    case untag(String)
    case unsubscribe(ChannelKind)
    case exit
    case jump(Int)
    case end
}

/// How a campaign is entered.
enum TriggerRule: Sendable {
    /// `table` is nil for an event the dataset has no table for: it enters nobody.
    case onEvent(table: Int?, name: String, filter: Evaluator.EventCondition?, key: Column?)
    case after(Int64, Evaluator.InstantValue, Evaluator.TimeSources, text: String)
    case onEnterSegment(SegmentRef, Evaluator.Condition)
    case daily(ClockTime)
    case weekly(weekday: Int, ClockTime)
    case monthly(day: Int, ClockTime)
    case once(days: Int64, ClockTime)
    /// The field's column is nil when the store did not keep it (it always does: `DataUse`).
    /// `offsetDays`: days from the anniversary (`yearly 7d before …` is -7).
    case yearly(field: Column?, name: String, offsetDays: Int, ClockTime)
    /// A trigger that never fires: one whose names the checker could not resolve (a
    /// project with errors, which `Planner.plan` may still be given).
    case never
}

/// `reentry …`.
enum ReentryRule: Sendable {
    case never, always, unlessGoal
    case after(Int64)
}

/// A campaign compiled against a dataset (a class: journeys read it constantly, and a
/// struct of closures would be retained field by field on every read).
final class CompiledCampaign: Sendable {
    let name: String
    let priority: Int
    let trigger: TriggerRule
    let triggerText: String
    let audience: Evaluator.Condition?
    let audienceText: String
    let audienceWhy: Evaluator.DecidingValues?
    let reentry: ReentryRule
    /// `exit when EVENT [where]`.
    let exitEvent: (table: Int, name: String, filter: Evaluator.EventCondition?, text: String)?
    /// `exit when EXPR`.
    let exitCondition: (test: Evaluator.Condition, text: String, why: Evaluator.DecidingValues)?
    let goal: (table: Int, name: String, filter: Evaluator.EventCondition?, within: Int64, text: String)?
    /// Basis points (0–10 000) held out.
    let holdout: Int
    let holdoutText: String
    let messages: [CompiledMessage]
    let program: [Instruction]
    /// The event table of `trigger on EVENT`, for `event.*` in conditions and templates.
    let triggerTable: Int?
    /// Parts of `trigger` the journey loop reads for every event and entry, unpacked once:
    /// matching on the enum copies its whole payload, a retain per closure and array.
    let triggerFilter: Evaluator.EventCondition?
    let hasTriggerKey: Bool
    let afterLength: Int64?
    let afterValue: Evaluator.InstantValue?
    /// `cap …` in the campaign: counted over this campaign's sends only.
    let caps: [CompiledPolicy.Cap]

    init(name: String, priority: Int, trigger: TriggerRule, triggerText: String, audience: Evaluator.Condition?, audienceText: String, audienceWhy: Evaluator.DecidingValues?, reentry: ReentryRule, exitEvent: (table: Int, name: String, filter: Evaluator.EventCondition?, text: String)?, exitCondition: (test: Evaluator.Condition, text: String, why: Evaluator.DecidingValues)?, goal: (table: Int, name: String, filter: Evaluator.EventCondition?, within: Int64, text: String)?, holdout: Int, holdoutText: String, messages: [CompiledMessage], program: [Instruction], triggerTable: Int?, caps: [CompiledPolicy.Cap] = []) {
        self.caps = caps
        self.name = name
        self.priority = priority
        self.trigger = trigger
        switch trigger {
        case .onEvent(_, _, let filter, let key):
            triggerFilter = filter
            hasTriggerKey = key != nil
            afterLength = nil
            afterValue = nil
        case .after(let length, let value, _, _):
            triggerFilter = nil
            hasTriggerKey = false
            afterLength = length
            afterValue = value
        default:
            triggerFilter = nil
            hasTriggerKey = false
            afterLength = nil
            afterValue = nil
        }
        self.triggerText = triggerText
        self.audience = audience
        self.audienceText = audienceText
        self.audienceWhy = audienceWhy
        self.reentry = reentry
        self.exitEvent = exitEvent
        self.exitCondition = exitCondition
        self.goal = goal
        self.holdout = holdout
        self.holdoutText = holdoutText
        self.messages = messages
        self.program = program
        self.triggerTable = triggerTable
    }
}
