import CampaignData
import CampaignSemantics
import CampaignSyntax

/// Reads the CSV or NDJSON lines of `campaign plan` back into `PlanRow`s, the exact inverse
/// of the writers (`PlanLines`, `PlanVocabulary+DetailText`, `+Reason`): each row's detail
/// is read into its typed `PlanDetail`, and the row written again must give the same
/// fields (and in NDJSON the same `reason`), so a plan of other campaigns, or edited,
/// fails where it differs rather than being half understood (docs/output.md, "Reading a
/// plan back"). Files may come in any order and rows in any order: `finish` sorts them.
///
/// What the lines do not hold is recomputed: whether an entry is held out is the
/// campaign's hash of the id (docs/language.md §8.6); a send or suppression stands at its
/// message's step; where exits left the journey and which sends waited for a rule are
/// worked out from the journeys' shape where the rows prove them (`PlanReader+Journeys`),
/// and counted as unknown where they do not.
public struct PlanReader {
    let plan: Plan
    let vocabulary: PlanVocabulary
    let window: (from: Int64, to: Int64)
    /// The project's campaigns, planned or not: a row of one not selected says so.
    let known: Set<String>
    let campaignIndex: [String: Int32]
    /// Per campaign: message name to its step's instruction and the messages of that step
    /// (indices among the campaign's messages; several for `send first of`).
    let messages: [[String: (position: Int32, group: [Int])]]
    /// Per campaign: the instruction of its one `exit` step, if it has exactly one.
    let exitStep: [Int32?]

    var rows: [PlanRow] = []
    var ids: [String] = []
    var idNumber: [String: Int32] = [:]
    /// Goal rows of CSV files: their `entered` is in the text only rounded, and is found
    /// among the entry's `enter` rows when every file is read.
    var goals: [(row: Int, text: String, file: String, line: Int, column: Int)] = []
    var renderedSends = 0, unrenderedSends = 0
    /// The sends (by `PlanRow.sequence`) that may have waited for a rule.
    var mayHaveWaited: [Int] = []

    /// A reader for plans of `plan`'s campaigns over its window: `plan` is the plan of
    /// those campaigns on no customers (its names, summaries and vocabulary); `known` the
    /// names of every campaign of the project.
    public init(_ plan: Plan, known: Set<String>) {
        self.plan = plan
        vocabulary = plan.vocabulary
        window = (plan.from, plan.to)
        self.known = known
        campaignIndex = Dictionary(uniqueKeysWithValues: plan.campaigns.enumerated().map { ($1, Int32($0)) })
        messages = plan.summaries.enumerated().map { c, summary in
            let compiled = plan.vocabulary.campaigns[c].messages
            var table: [String: (position: Int32, group: [Int])] = [:]
            for message in summary.messages {
                let group = summary.messages.filter { $0.position == message.position }.compactMap { m in compiled.firstIndex { $0.name == m.name } }
                table[message.name] = (Int32(message.position), group)
            }
            return table
        }
        exitStep = plan.summaries.map { summary in
            let exits = Set(Self.exitPositions(summary.paths))
            return exits.count == 1 ? exits.first.map(Int32.init) : nil
        }
    }

    /// The plan of `table`'s campaigns (`options.campaigns`, all when empty) over the window
    /// on no customers: their names, journeys and texts, which a plan read back refers to
    /// (`init(_:known:)`) and its preview describes. Nil only if the campaigns cannot be
    /// planned at all.
    public static func campaignsOnly(_ table: DeclarationTable, options: PlanOptions) -> Plan? {
        let nobody = DatasetLoader.load(table: table, customers: DataFile(path: "customers.ndjson", bytes: []),
                                        events: DataFile(path: "events.ndjson", bytes: []), options: ReadOptions(threads: 1))
        guard let dataset = nobody.dataset else { return nil }
        var options = options
        options.render = true
        return Planner.plan(dataset, options: options)
    }

    /// Reads one file (`name` is how errors call it), CSV or NDJSON.
    public mutating func read(_ bytes: [UInt8], file name: String, ndjson: Bool) throws(PlanReadError) {
        let columns = PlanWriter.columns
        func failure(_ f: PlanRecords.Failure) -> PlanReadError {
            PlanReadError(kind: .notAPlan, file: name, line: f.line, column: f.column, message: f.message)
        }
        if ndjson {
            try PlanRecords.ndjson(bytes, columns: columns, { record throws(PlanReadError) in try add(record, file: name) }, failure: failure)
            return
        }
        var sawHeader = false
        try PlanRecords.csv(bytes, { record throws(PlanReadError) in
            // Part files joined together repeat the header: each one is skipped.
            if record.fields == columns {
                sawHeader = true
                return
            }
            guard sawHeader else {
                throw PlanReadError(kind: .notAPlan, file: name, line: record.line, column: 1,
                                    message: "not a plan: a plan's CSV starts with the header \(columns.joined(separator: ",")), "
                                        + "not '\(TerminalText.escaping(String(record.fields.joined(separator: ",").prefix(80))))'")
            }
            try add(record, file: name)
        }, failure: failure)
    }

    /// The rows read, in the plan's order, with every CSV goal's entry found.
    public mutating func finish() throws(PlanReadError) -> PlanFile {
        if !goals.isEmpty {
            var enters: [Int64: [Int64]] = [:]
            for row in rows where row.action == .enter { enters[Int64(row.customer) << 32 | Int64(row.campaign), default: []].append(row.time) }
            for goal in goals {
                var row = rows[goal.row]
                // The latest entry whose conversion reads as the text (the text rounds the
                // time since entry; an entry converts once, so a later one is the one).
                let candidates = (enters[Int64(row.customer) << 32 | Int64(row.campaign)] ?? []).filter { $0 <= row.time }.sorted(by: >)
                var found = false
                for entered in candidates {
                    row.detail = .goal(entered: entered)
                    if vocabulary.text(row) == goal.text {
                        found = true
                        break
                    }
                }
                guard found else {
                    throw PlanReadError(kind: .mismatch, file: goal.file, line: goal.line, column: goal.column,
                                        message: "a goal whose entry is not in the plan: no `enter` row of \(plan.campaigns[Int(row.campaign)]) for "
                                            + "\(TerminalText.escaping(ids[Int(row.customer)])) converts as '\(TerminalText.escaping(goal.text))' says")
                }
                rows[goal.row] = row
            }
            goals = []
        }
        // Customers in the byte order of their ids, as the planner sorts them.
        let byID = ids.indices.sorted { ids[$0].utf8.lexicographicallyPrecedes(ids[$1].utf8) }
        var rank = [Int](repeating: 0, count: ids.count)
        for (r, customer) in byID.enumerated() { rank[customer] = r }
        rows.sort { a, b in
            if a.time != b.time { return a.time < b.time }
            if a.customer != b.customer { return rank[Int(a.customer)] < rank[Int(b.customer)] }
            if a.campaign != b.campaign { return a.campaign < b.campaign }
            return a.sequence < b.sequence
        }
        let (waited, unplaced) = placeJourneys()
        return PlanFile(rows: rows, ids: ids, renderedSends: renderedSends, unrenderedSends: unrenderedSends, sendsThatMayHaveWaited: waited,
                        unplacedExitsAhead: unplaced)
    }

    /// One record as a row, checked by writing it again.
    mutating func add(_ record: PlanRecords.Record, file: String) throws(PlanReadError) {
        let f = record.fields
        func fail(_ field: Int, _ kind: PlanReadError.Kind, _ message: String) -> PlanReadError {
            let place = record.places.indices.contains(field) ? record.places[field] : (line: record.line, column: 1)
            return PlanReadError(kind: kind, file: file, line: place.line, column: place.column, message: message)
        }
        guard f.count == PlanWriter.columns.count else {
            throw fail(min(f.count, PlanWriter.columns.count) - 1, .notAPlan, "\(f.count) fields: a plan's row has \(PlanWriter.columns.count) (\(PlanWriter.columns.joined(separator: ",")))")
        }
        guard let time = Self.instant(f[0]), time.offset == 0 else { throw fail(0, .notAPlan, "'\(TerminalText.escaping(f[0]))' is not a UTC instant (2026-11-03T15:00:00Z)") }
        guard let local = Self.instant(f[1]), local.local == time.local + local.offset, abs(local.offset) <= 18 * 3_600 else {
            throw fail(1, .notAPlan, "'\(TerminalText.escaping(f[1]))' is not the row's time with a UTC offset (2026-11-03T10:00:00-05:00)")
        }
        guard let action = PlanAction(rawValue: f[5]) else {
            throw fail(5, .notAPlan, "'\(TerminalText.escaping(f[5]))' is not an action (\(PlanAction.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var channel: ChannelKind?
        if !f[6].isEmpty {
            guard let kind = ChannelKind(rawValue: f[6]) else {
                throw fail(6, .notAPlan, "'\(TerminalText.escaping(f[6]))' is not a channel (\(ChannelKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            channel = kind
        }
        guard let c = campaignIndex[f[3]] else {
            let why = known.contains(f[3]) ? "is not among the campaigns previewed (--campaign): preview them too, or leave its rows out"
                : "is not a campaign of the project: the plan was made from other campaigns"
            throw fail(3, .mismatch, "campaign '\(TerminalText.escaping(f[3]))' " + why)
        }
        guard time.local >= window.from && time.local < window.to else {
            throw fail(0, .mismatch, "a row at \(f[0]), outside the window (--from \(InstantText.string(window.from)), --to \(InstantText.string(window.to))): "
                       + "preview a plan over the window it was made for")
        }
        let customer = number(f[2])
        let holdout = vocabulary.campaigns[Int(c)].holdoutBasisPoints > 0
            && StableHash.basisPoints([f[3], "holdout", f[2]]) < vocabulary.campaigns[Int(c)].holdoutBasisPoints
        var row = PlanRow(time: time.local, sequence: rows.count, offset: Int32(local.offset), customer: customer, campaign: c, action: action,
                          step: f[4], channel: channel, detail: .none, position: -1, holdout: holdout)
        // An entry, an exit and a goal are named so; were the step another word, written
        // again it would differ.
        if action == .enter || action == .exit || action == .goal { row.step = action.rawValue }
        let message = messages[Int(c)][f[4]]
        switch action {
        case .send, .suppress:
            if let message {
                row.position = message.position
            } else if action == .suppress && f[4] == f[6] {
                // A held-out `unsubscribe CHANNEL`: at its step, when the campaign has one.
                if let steps = vocabulary.campaigns[Int(c)].places.steps[f[4]], steps.count == 1 { row.position = steps[0] }
            } else {
                throw fail(4, .mismatch, "'\(TerminalText.escaping(f[4]))' is not a message of \(f[3])")
            }
        case .exit:
            row.position = exitStep[Int(c)] ?? -1
        case .enter, .goal, .tag, .untag, .unsubscribe:
            break
        }
        var goalText: String?
        do throws(DetailMismatch) {
            row.detail = try detail(f[7], row: row, message: message, reason: record.reason)
        } catch {
            throw fail(7, .mismatch, "\(action.rawValue) detail '\(TerminalText.escaping(String(f[7].prefix(120))))' is not one \(f[3]) writes")
        }
        if action == .goal && record.reason == nil { goalText = f[7] }
        if action == .send, let channel {
            if case .none = row.detail { unrenderedSends += 1 } else { renderedSends += 1 }
            let second = ((time.local + local.offset) % CivilCalendar.secondsPerDay + CivilCalendar.secondsPerDay) % CivilCalendar.secondsPerDay
            if vocabulary.sendMayHaveWaited(on: channel, localSecond: second) { mayHaveWaited.append(row.sequence) }
        }
        // Written again, the row must be the line read: any field the campaigns would not
        // write so (a step, a channel, a detail, a reason, a holdout) fails here.
        let again = [InstantText.string(row.time), InstantText.string(row.time, offset: Int64(row.offset), utcAsZ: false), f[2], f[3], row.step,
                     row.action.rawValue, row.channel?.rawValue ?? "", goalText ?? vocabulary.text(row)]
        if let k = again.indices.first(where: { again[$0] != f[$0] }) {
            throw fail(k, k < 2 ? .notAPlan : .mismatch, "\(PlanWriter.columns[k]) '\(TerminalText.escaping(String(f[k].prefix(120))))' is not what \(f[3]) writes "
                       + "for this row ('\(TerminalText.escaping(String(again[k].prefix(120))))')")
        }
        if let reason = record.reason, reason.serialized() != vocabulary.reason(row).serialized() {
            throw fail(8, .mismatch, "reason \(String(reason.serialized().prefix(120))) is not what \(f[3]) writes for this row (\(vocabulary.reason(row).serialized()))")
        }
        if let goalText {
            let place = record.places[7]
            goals.append((rows.count, goalText, file, place.line, place.column))
        }
        rows.append(row)
    }

    /// The instructions of the `exit` steps along a journey's paths.
    static func exitPositions(_ paths: [JourneyPath]) -> [Int] {
        paths.flatMap { path -> [Int] in
            switch path {
            case .send: []
            case .exit(let position): [position]
            case .arms(let arms): arms.flatMap { exitPositions($0.steps) }
            }
        }
    }

    /// The customer's number, given at their first row.
    mutating func number(_ id: String) -> Int32 {
        if let n = idNumber[id] { return n }
        let n = Int32(ids.count)
        ids.append(id)
        idNumber[id] = n
        return n
    }

    /// `2026-11-03T15:00:00Z` or `…-05:00`: the local clock as seconds and the offset (the
    /// instant is `local - offset`); nil for any other text. Years of four digits only, as
    /// a plan's rows lie in the range of times.
    static func instant(_ text: String) -> (local: Int64, offset: Int64)? {
        let b = Array(text.utf8)
        guard b.count == 20 || b.count == 25 else { return nil }
        func digits(_ at: Int, _ count: Int) -> Int? {
            var value = 0
            for k in at..<(at + count) {
                guard (0x30...0x39).contains(b[k]) else { return nil }
                value = value * 10 + Int(b[k] - 0x30)
            }
            return value
        }
        guard b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A,
              let y = digits(0, 4), let m = digits(5, 2), let d = digits(8, 2), let hh = digits(11, 2), let mm = digits(14, 2), let ss = digits(17, 2),
              CivilCalendar.dateProblem(year: y, month: m, day: d) == nil, hh < 24, mm < 60, ss < 60 else { return nil }
        let clock = Int64(CivilCalendar.days(year: y, month: m, day: d)) * CivilCalendar.secondsPerDay + Int64(hh * 3_600 + mm * 60 + ss)
        if b.count == 20 { return b[19] == 0x5A ? (clock, 0) : nil }
        guard b[19] == 0x2B || b[19] == 0x2D, b[22] == 0x3A, let oh = digits(20, 2), let om = digits(23, 2), om < 60 else { return nil }
        let offset = Int64(oh * 3_600 + om * 60) * (b[19] == 0x2D ? -1 : 1)
        return (clock, offset)
    }
}
