import CampaignData
import CampaignPlanner
import CampaignSemantics
import CampaignSyntax
import Foundation

/// The numbers of a dry run, per campaign: who entered, what each message did, when it
/// goes out, whether the goal moves. Derived from a plan's rows only, so it always agrees
/// with `campaign plan` on the same inputs.
public struct Preview: Sendable {
    public struct Message: Sendable {
        public let name: String
        public let channel: ChannelKind
        public let alternatives: [String]
        public var sent = 0
        /// Sends that waited for the send window / for the end of quiet hours (they did go out).
        public var deferredByWindow = 0
        public var deferredByQuietHours = 0
        /// Sends that waited for a compliance profile's hours or days (docs/compliance.md).
        public var deferredByCompliance = 0
        /// Suppressions by the rules that stopped them, counted from the rows' typed reasons:
        /// one rule for a send step; for a `send first of` whose every message was stopped,
        /// the rules that stopped its messages, in order, each once (`no address` for the
        /// push then `no consent` for the email fallback is `[.noAddress, .noConsent]`).
        /// Each suppression counts once, so the reasons add up to `suppressedTotal`
        /// (docs/output.md).
        public var suppressed: [[Suppression.Kind]: Int] = [:]
        /// Entries that exited while this message was still ahead of them: at an instruction
        /// from which some path they could take reaches it (`CampaignSummary.messagesAhead`).
        /// Before a branch that is every arm's messages; inside an arm, only that arm's and
        /// those after the branch; after an `exit` step, none (docs/output.md).
        public var exitedBefore = 0
        /// Billed SMS segments (with `--render`, which the preview always uses).
        public var smsSegments = 0
        /// Up to `samplesPerMessage` recipients from different time zone offsets, chosen by a
        /// stable hash of the customer id.
        public var samples: [Sample] = []
        /// False in a preview of a plan read from a file when a send of the message could
        /// have waited for the send window, quiet hours or a compliance profile: the rows do
        /// not say which did, and the deferrals show as unknown (docs/output.md).
        public var deferralsKnown = true
        /// False in a preview of a plan read from a file when an exit of the campaign left
        /// from a place the rows do not say (`exit when`; one of several `exit` steps).
        public var exitedBeforeKnown = true
        /// With `exitedBeforeKnown` false: the most `exitedBefore` can be (it is the least).
        public var exitedBeforeAtMost = 0

        public var suppressedTotal: Int { suppressed.values.reduce(0, +) }

        /// The suppressions as the reports list them: by reason name (`cap`, `no consent`,
        /// `no address then no consent`, …).
        public var suppressedByReason: [(reason: String, count: Int)] {
            suppressed.map { (Self.label($0.key), $0.value) }.sorted { $0.reason < $1.reason }
        }

        /// `no consent`; for `send first of`, `no address then no consent`.
        public static func label(_ reason: [Suppression.Kind]) -> String {
            reason.map(\.label).joined(separator: " then ")
        }

        /// The rules that stopped a suppressed send, as `suppressed` counts them.
        static func reason(_ suppression: Suppression) -> [Suppression.Kind] {
            guard case .firstOf(let skipped) = suppression else { return [suppression.kind] }
            var kinds: [Suppression.Kind] = []
            for s in skipped where !kinds.contains(s.reason.kind) { kinds.append(s.reason.kind) }
            return kinds.isEmpty ? [suppression.kind] : kinds
        }
    }

    /// One recipient of a message, as the samples show them.
    public struct Sample: Sendable {
        public let customer: String
        /// The send's local time in the customer's zone, ISO 8601 with its offset.
        public let localTime: String
        /// The send's instant and the customer's UTC offset then, in seconds: for reports that
        /// write the time their own way.
        public let time: Int64
        public let offset: Int32
        /// The rendered message.
        public let text: String
    }

    /// One stage of a funnel that follows the journey (docs/output.md): a send step with the
    /// treatment entries that reached it (sent or suppressed there) and the sends it made, or
    /// a branch or split with its arms side by side, each a funnel of its own.
    public indirect enum Stage: Sendable {
        /// `messages` has several for `send first of`, which is one step.
        case send(messages: [String], position: Int, reached: Int, sent: Int)
        /// An `exit` step and the treatment entries that left the journey there.
        case exit(position: Int, exited: Int)
        case arms([(label: String, stages: [Stage])])

        /// The treatment entries that reached the first step (a send or an exit) of these
        /// stages, if any.
        public static func firstReached(_ stages: [Stage]) -> Int? {
            for stage in stages {
                switch stage {
                case .send(_, _, let reached, _): return reached
                case .exit(_, let exited): return exited
                case .arms(let arms):
                    let counts = arms.compactMap { firstReached($0.stages) }
                    if !counts.isEmpty { return counts.reduce(0, +) }
                }
            }
            return nil
        }
    }

    public struct Campaign: Sendable {
        public let name: String
        public let trigger: String
        public let audience: String?
        public let goal: String?
        public let holdout: String?
        public var entered = 0
        public var heldOut = 0
        public var exits = 0
        public var goalsTreatment = 0
        public var goalsHoldout = 0
        public var messages: [Message]
        /// The funnel along the journey's paths, treatment entries only.
        public var funnel: [Stage] = []
        /// False in a preview of a plan read from a file when the campaign has several `exit`
        /// steps: the rows do not say at which one an entry left, and `exited here` is unknown.
        public var exitStepsKnown = true

        public var treatment: Int { entered - heldOut }
        public var treatmentRate: Double? { treatment > 0 ? Double(goalsTreatment) / Double(treatment) : nil }
        public var holdoutRate: Double? { heldOut > 0 ? Double(goalsHoldout) / Double(heldOut) : nil }
        /// The goal rates compared, nil without a holdout or with an empty group.
        public var comparison: GoalComparison? {
            holdout == nil ? nil : GoalComparison(goals: goalsTreatment, of: treatment, holdoutGoals: goalsHoldout, of: heldOut)
        }
    }

    public let from: String
    public let to: String
    /// The window as instants (seconds since 1970), `end` excluded.
    public let start: Int64
    public let end: Int64
    /// The window's length in seconds.
    public var length: Int64 { end - start }
    public let customers: Int
    public var campaigns: [Campaign]

    /// Whether some send waited for a compliance profile: the text, page and JSON show a
    /// `compliance` deferral column only then, so plans without profiles read as before.
    public var showsComplianceDeferrals: Bool {
        campaigns.contains { $0.messages.contains { $0.deferredByCompliance > 0 } }
    }
    public var rows: Int
    /// True for a preview of a plan read from a file without the number of customers
    /// planned: `customers` counts those with rows (docs/output.md, "Reading a plan back").
    public var customersWithRowsOnly = false
    /// False for a preview of a plan made without `--render`: no sample texts, no SMS segments.
    public var textsKnown = true
    /// Whether some number is unknown because a plan read from a file does not hold it.
    public var hasUnknowns: Bool {
        customersWithRowsOnly || !textsKnown || campaigns.contains { !$0.exitStepsKnown || $0.messages.contains { !$0.deferralsKnown || !$0.exitedBeforeKnown } }
    }
    /// Sends per local day in the policy's time zone: the one counting of days that the
    /// text, JSON and HTML previews all show.
    public let sends: SendsPerDay

    public static let samplesPerMessage = 3

    /// A count, or `?` where a plan read from a file does not hold it.
    public static func known(_ n: Int, _ known: Bool) -> String { known ? Figures.count(n) : "?" }

    /// A message's "exited before": the count, or from a plan read from a file that cannot
    /// place every exit, the least and the most it can be (`20–23`).
    public static func exitedBefore(_ m: Message) -> String {
        m.exitedBeforeKnown ? Figures.count(m.exitedBefore) : Figures.count(m.exitedBefore) + "–" + Figures.count(m.exitedBeforeAtMost)
    }

    /// What a preview of a plan read from a file cannot show, and why, in one sentence the
    /// text and the page print above the numbers (docs/output.md, "Reading a plan back").
    public static func unknownNote(_ preview: Preview) -> String {
        var parts: [String] = []
        if preview.customersWithRowsOnly { parts.append("customers without rows (give --customer-count)") }
        if preview.campaigns.contains(where: { $0.messages.contains { !$0.deferralsKnown } }) {
            parts.append("which sends waited for the send window, quiet hours or a compliance profile (deferred: ?)")
        }
        if preview.campaigns.contains(where: { $0.messages.contains { !$0.exitedBeforeKnown } }) {
            parts.append("where each `exit when` found the journey (exited before: the least and the most it can be)")
        }
        if preview.campaigns.contains(where: { !$0.exitStepsKnown }) { parts.append("at which `exit` step an entry left (exited here: ?)") }
        if !preview.textsKnown { parts.append("message texts: the plan was made without --render (no samples, SMS segments: ?)") }
        return "From a plan file, which does not hold " + parts.joined(separator: "; ") + "."
    }

    /// Why a message's `holdout` count can be less than the entries held out: a send is
    /// checked for address, consent and unsubscription before the holdout (docs/language.md
    /// §8.6), and a held-out entry may never reach the step.
    public static let holdoutNote = "Held out: sent nothing. A held-out send stopped anyway (no address, no consent, unsubscribed: checked first) "
        + "counts under that reason."

    struct SampleKey: Hashable {
        let campaign: Int
        let message: Int
        let offset: Int32
    }

    /// The preview of `plan`, its days counted in the policy's time zone (else UTC).
    public init(_ plan: Plan, policyOf table: DeclarationTable) {
        self.init(plan, sends: SendsPerDay(plan, policyOf: table))
    }

    /// The preview of `plan` with its days counted in UTC, for plans whose policy names no
    /// time zone.
    public init(_ plan: Plan) {
        self.init(plan, sends: SendsPerDay(plan, zone: .utc, zoneName: "UTC"))
    }

    /// The preview of `plan`, its days as `sends` counts them (counted from the same plan).
    public init(_ plan: Plan, sends: SendsPerDay) {
        let customers = plan.customers
        self.init(rows: plan.rows, id: { customers.id(Int($0)) }, customers: customers.count, of: plan, sends: sends)
    }

    /// The preview of a plan read back from a file (docs/output.md, "Reading a plan back"):
    /// `plan` is the same campaigns' plan on no customers (their names, journeys and texts),
    /// `customers` the number planned, when known (else those with rows are counted). What
    /// the rows do not hold is marked unknown, never shown as a number it might not be.
    public init(_ file: PlanFile, of plan: Plan, customers: Int?, policyOf table: DeclarationTable) {
        let sends = SendsPerDay(rows: file.rows, campaigns: plan.campaigns, from: plan.from, to: plan.to, policyOf: table)
        self.init(rows: file.rows, id: { file.id($0) }, customers: customers ?? file.ids.count, of: plan, sends: sends)
        customersWithRowsOnly = customers == nil
        textsKnown = file.unrenderedSends == 0
        var unplacedSteps = [Int](repeating: 0, count: campaigns.count)
        for row in file.rows where row.action == .exit && row.position < 0 {
            if case .exitStep = row.detail { unplacedSteps[Int(row.campaign)] += 1 }
        }
        for c in campaigns.indices {
            campaigns[c].exitStepsKnown = unplacedSteps[c] == 0
            for m in campaigns[c].messages.indices {
                campaigns[c].messages[m].deferralsKnown = file.sendsThatMayHaveWaited.indices.contains(c)
                    && file.sendsThatMayHaveWaited[c][campaigns[c].messages[m].name, default: 0] == 0
                // An exit the rows cannot place counts where the message was ahead wherever
                // the journey stood, and leaves a range where it was ahead only somewhere
                // (an `exit` step has nothing ahead: its place matters to the funnel only).
                let ahead = file.unplacedExitsAhead.indices.contains(c) ? file.unplacedExitsAhead[c][campaigns[c].messages[m].name] : nil
                campaigns[c].messages[m].exitedBefore += ahead?.certain ?? 0
                campaigns[c].messages[m].exitedBeforeAtMost = campaigns[c].messages[m].exitedBefore + (ahead.map { $0.possible - $0.certain } ?? 0)
                campaigns[c].messages[m].exitedBeforeKnown = campaigns[c].messages[m].exitedBeforeAtMost == campaigns[c].messages[m].exitedBefore
                if !textsKnown { campaigns[c].messages[m].samples = [] }
            }
        }
    }

    /// The counting itself, from rows in the plan's order.
    init(rows planRows: [PlanRow], id: (Int32) -> String, customers customerCount: Int, of plan: Plan, sends: SendsPerDay) {
        self.sends = sends
        var instant: [UInt8] = []
        func text(_ t: Int64, _ offset: Int64, z: Bool) -> String {
            instant.removeAll(keepingCapacity: true)
            InstantText.append(t, offset: offset, utcAsZ: z, into: &instant)
            return String(decoding: instant, as: UTF8.self)
        }
        from = text(plan.from, 0, z: true)
        to = text(plan.to, 0, z: true)
        start = plan.from
        end = plan.to
        customers = customerCount
        rows = planRows.count
        campaigns = plan.summaries.map { summary in
            Campaign(name: summary.name, trigger: summary.trigger, audience: summary.audience, goal: summary.goal, holdout: summary.holdout,
                     messages: summary.messages.map { Message(name: $0.name, channel: $0.channel, alternatives: $0.alternatives) })
        }
        let positions = plan.summaries.map { $0.messages.map(\.position) }
        let ahead = plan.summaries.map(\.messagesAhead)
        let index = plan.summaries.map { summary in Dictionary(summary.messages.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a }) }
        var candidates: [SampleKey: [(rank: UInt64, sample: Sample)]] = [:]
        // Per campaign and message, the customers already sent it.
        var firstSends = campaigns.map { [Set<Int32>](repeating: [], count: $0.messages.count) }
        // Rows at each send step's instruction, treatment only: a held-out entry never sends.
        var reached = [[Int: Int]](repeating: [:], count: campaigns.count)
        var sentAt = reached
        // Treatment exits at each `exit` step's instruction.
        var exitedAt = reached
        for row in planRows {
            let c = Int(row.campaign)
            switch row.action {
            case .enter:
                campaigns[c].entered += 1
                if row.holdout { campaigns[c].heldOut += 1 }
            case .exit:
                campaigns[c].exits += 1
                let position = Int(row.position)
                if !row.holdout, case .exitStep = row.detail { exitedAt[c][position, default: 0] += 1 }
                for m in ahead[c].indices.contains(position) ? ahead[c][position] : [] { campaigns[c].messages[m].exitedBefore += 1 }
            case .goal:
                if row.holdout { campaigns[c].goalsHoldout += 1 } else { campaigns[c].goalsTreatment += 1 }
            case .send:
                guard let m = index[c][row.step] else { continue }
                campaigns[c].messages[m].sent += 1
                switch row.deferral {
                case .sendWindow: campaigns[c].messages[m].deferredByWindow += 1
                case .quietHours: campaigns[c].messages[m].deferredByQuietHours += 1
                case .compliance: campaigns[c].messages[m].deferredByCompliance += 1
                case .none: break
                }
                if case .renderedSMS(_, _, let segments) = row.detail { campaigns[c].messages[m].smsSegments += Int(segments) }
                // A customer's first send of the message only (rows come in time order): their
                // later sends, perhaps at another UTC offset after a change of daylight saving
                // time, would show them twice (docs/language.md §9.7).
                guard firstSends[c][m].insert(row.customer).inserted else { break }
                // Per message and UTC offset, the send whose customer hashes lowest.
                let id = id(row.customer)
                let rank = StableHash.hash([campaigns[c].name, "sample", campaigns[c].messages[m].name, id])
                let key = SampleKey(campaign: c, message: m, offset: row.offset)
                var kept = candidates[key, default: []]
                if kept.count < Self.samplesPerMessage || rank < kept[kept.count - 1].rank {
                    kept.append((rank, Sample(customer: id, localTime: text(row.time, Int64(row.offset), z: false), time: row.time, offset: row.offset,
                                              text: plan.vocabulary.text(row))))
                    kept.sort { $0.rank < $1.rank }
                    candidates[key] = Array(kept.prefix(Self.samplesPerMessage))
                }
            case .suppress:
                // A held-out `unsubscribe sms` is a suppression too, named after its channel: it
                // counts for a message only if it stands at that message's send step.
                guard let m = index[c][row.step], positions[c][m] == Int(row.position), let reason = row.detail.suppression else { continue }
                campaigns[c].messages[m].suppressed[Message.reason(reason), default: 0] += 1
            case .tag, .untag, .unsubscribe:
                break
            }
            if !row.holdout, row.action == .send || row.action == .suppress { reached[c][Int(row.position), default: 0] += 1 }
            if !row.holdout, row.action == .send { sentAt[c][Int(row.position), default: 0] += 1 }
        }
        // Samples: the lowest-hashing customer of each UTC offset first (offsets in the order
        // of those hashes), then the second of each, so a message's samples come from
        // different zones when it has them and, the hash being blind to names, from whatever
        // scripts the customers write in (docs/language.md §9).
        for round in 0..<Self.samplesPerMessage {
            let picks = candidates.compactMap { key, kept in kept.indices.contains(round) ? (key, kept[round]) : nil }
            // Dictionary order varies per process: sort on everything, ties included.
            let ordered = picks.sorted { a, b in
                (a.1.rank, a.1.sample.customer, a.0.offset, a.0.campaign, a.0.message) < (b.1.rank, b.1.sample.customer, b.0.offset, b.0.campaign, b.0.message)
            }
            for (key, pick) in ordered
            where campaigns[key.campaign].messages[key.message].samples.count < Self.samplesPerMessage {
                campaigns[key.campaign].messages[key.message].samples.append(pick.sample)
            }
        }
        for c in campaigns.indices {
            func stages(_ paths: [JourneyPath]) -> [Stage] {
                paths.map { path in
                    switch path {
                    case .send(let position, let messages):
                        return .send(messages: messages.map { plan.summaries[c].messages[$0].name }, position: position, reached: reached[c][position] ?? 0, sent: sentAt[c][position] ?? 0)
                    case .exit(let position):
                        return .exit(position: position, exited: exitedAt[c][position] ?? 0)
                    case .arms(let arms):
                        return .arms(arms.map { ($0.label, stages($0.steps)) })
                    }
                }
            }
            campaigns[c].funnel = stages(plan.summaries[c].paths)
        }
    }
}
