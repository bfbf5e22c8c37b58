import CampaignData
import CampaignPlanner
import CampaignSemantics
import CampaignSyntax
import Foundation
import TestFixtures
import Testing

/// `PlanReader` is the exact inverse of the plan's writers (docs/output.md, "Reading a plan
/// back"): every row the planner makes, written as CSV or NDJSON and read back, is the same
/// row — its time, offset, customer, campaign, action, step, channel, typed detail and
/// holdout, and for a send or suppression its step's instruction — in the same order, also
/// from lines shuffled; and a file that is not a plan, or a plan of other campaigns, fails
/// at its line and column.
@Suite struct PlanReaderTests {
    /// A project (campaign text over `PlanSupport.schema`), its customers and events, its window.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let source: String
        /// Data rows under `PlanSupport.customerHeader`, or a whole file with its own header
        /// when the source brings its own schema (`schema` false).
        let customers: String
        var events = "customer_id,event,time,amount,order_id\n"
        var from = "2026-06-01", to = "2026-07-01"
        var schema = true
        var testDescription: String { name }
    }

    /// Rendered texts with commas, quotes, line breaks and non-ASCII; SMS in GSM-7 and UCS-2,
    /// one segment and several; tags, untags, an unsubscription; a holdout, a goal, `exit
    /// when` an event and a condition, an `exit` step, an entry `after` a field.
    static let rendered = Case(name: "rendered texts, exits, goals, holdout", source: """
        policy { timezone "UTC" send between 08:00 and 21:00 }
        campaign r_render {
          trigger once at 2026-06-01 09:00
          holdout 30%
          goal purchase within 7d
          exit when app_open
          send sms hi { text "Hi {{ first_name | default: 'there' }}, a \\"deal\\": 20% off" }
          wait 1d
          send email mail { subject "For {{ first_name | default: 'you' }}, \\"today\\"" body "Line one,\\nline two, ünïcødé ✓ {{ first_name | default: 'x' }}" }
          tag welcomed
          wait 1d
          untag welcomed
          send sms long { text "{{ first_name | default: 'Friend' }}: this message is long enough to need more than one segment, however it is encoded, because it goes on and on about the sale, the shop, the season and the weather in great detail." }
          send push p { title "Hey {{ first_name | default: '' }}" body "b" }
          unsubscribe sms
          exit
        }
        campaign s_after {
          trigger 2d after signup_at
          exit when not email_opt_in
          send email e { subject "Welcome" body "b" }
          wait 3d
          send email e2 { subject "Again" body "b" }
        }
        """, customers: """
        c1,a@ex.co,+15550000001,"A, ""B""\nÇé",America/New_York,2026-06-02T10:00:00Z,,true,true,tok1
        c2,b@ex.co,+66812345678,สมชาย,Asia/Bangkok,2026-06-03T23:30:00Z,,true,true,tok2
        c3,c@ex.co,+15550000003,Lee,Europe/London,2026-06-05T00:00:00Z,,false,true,
        c4,d@ex.co,+15550000004,,,2026-06-04T08:00:00Z,,true,true,tok4
        c5,e@ex.co,+15550000005,Ana,America/Los_Angeles,2026-06-05T08:00:00Z,,true,true,tok5
        c6,f@ex.co,+15550000006,Bo,Asia/Tokyo,2026-06-06T08:00:00Z,,true,true,tok6
        c7,g@ex.co,+15550000007,Cy,Australia/Sydney,2026-06-07T08:00:00Z,,true,true,tok7
        c8,h@ex.co,+15550000008,Dee,Asia/Kolkata,2026-06-08T08:00:00Z,,true,true,tok8

        """, events: """
        customer_id,event,time,amount,order_id
        c1,purchase,2026-06-03T12:00:00Z,20,o1
        c2,app_open,2026-06-01T20:00:00Z,,
        c5,purchase,2026-06-02T15:00:00Z,5,
        c6,purchase,2026-06-04T15:00:00Z,5,

        """)

    /// Every kind of suppression a checked project can make: no address, no consent
    /// (missing and false), a policy's cap and a campaign's own, an unsubscription, `send
    /// first of` with every message blocked, the holdout, no allowed time, a compliance
    /// profile's count rule.
    static let suppressions = Case(name: "every suppression", source: """
        customer {
          id: id
          email: email?
          phone: phone?
          first_name: text?
          timezone: timezone?
          email_opt_in: bool
          sms_opt_in: bool?
          push_token: text?
        }
        event purchase { amount: number }
        channel email { address: email consent: email_opt_in }
        channel sms   { address: phone consent: sms_opt_in }
        channel push  { address: push_token }
        channel in_app { address: push_token quiet hours 08:00 UTC to 21:00 UTC }
        policy {
          timezone "UTC"
          send between 08:00 and 21:00
          cap push 1 per 2d
          comply us_florida where first_name == "Flo"
        }
        campaign a_consent { trigger once at 2026-06-02 09:00  send sms s { text "hi" } }
        campaign b_cap { trigger once at 2026-06-02 10:00  send push p1 { title "t" body "b" }  wait 1h  send push p2 { title "t" body "b" } }
        campaign c_unsubscribe {
          trigger once at 2026-06-10 09:00
          unsubscribe sms
          wait 1d
          send sms s { text "after" }
        }
        campaign d_first_of {
          trigger once at 2026-06-12 09:00
          audience not email_opt_in
          send first of { sms s { text "hi" }  email e { subject "s" body "b" } }
        }
        campaign e_in_app { trigger once at 2026-06-13 09:00  send in_app m { body "hi" } }
        campaign f_holdout {
          trigger once at 2026-06-14 09:00
          holdout 50%
          send email e { subject "s" body "b" }
          unsubscribe email
        }
        campaign g_campaign_cap {
          trigger once at 2026-06-20 09:00
          cap 1 per 7d
          send email a { subject "s" body "b" }
          wait 1d
          send email b { subject "s" body "b" }
        }
        campaign h_florida {
          trigger daily at 09:00
          send sms f { text "deal" }
          wait 1h
          send sms g { text "deal 2" }
          wait 1h
          send sms h { text "deal 3" }
          wait 1h
          send sms i { text "deal 4" }
        }
        """, customers: """
        id,email,phone,first_name,timezone,email_opt_in,sms_opt_in,push_token
        c1,a@ex.co,+15550000001,Ana,America/New_York,true,true,tok
        c2,,,Bo,Europe/London,false,true,
        c3,c@ex.co,+15550000003,Cy,,false,,tok
        c4,d@ex.co,+15550000004,Dee,,true,false,
        c5,e@ex.co,+15550000005,Flo,America/New_York,true,true,
        c6,f@ex.co,+15550000006,Eve,Asia/Tokyo,true,true,tok
        c7,g@ex.co,+15550000007,Gus,,false,true,tok

        """, events: "customer_id,event,time,amount\n", schema: false)

    static let hand = [rendered, suppressions]

    static func plan(_ c: Case, render: Bool = true) throws -> (Plan, DeclarationTable, PlanOptions) {
        let checked = try PlanSupport.checked(c.source, withSchema: c.schema)
        let outcome = DatasetLoader.load(table: checked.table, customers: DataFile(path: "customers.csv", bytes: Array(((c.schema ? PlanSupport.customerHeader : "") + c.customers).utf8)),
                                         events: DataFile(path: "events.csv", bytes: Array(c.events.utf8)), options: ReadOptions(threads: 1))
        guard let data = outcome.dataset else {
            throw PlanSupport.Failure(description: outcome.logs.flatMap(\.issues).compactMap(\.dataText).joined(separator: "\n"))
        }
        var options = PlanOptions(from: PlanSupport.instant(c.from), to: PlanSupport.instant(c.to))
        options.threads = 1
        options.render = render
        return (Planner.plan(data, options: options), checked.table, options)
    }

    /// What a row read back must equal: everything the lines hold, and what the reader
    /// recomputes (holdout; a send's or suppression's instruction).
    static func written(_ row: PlanRow, id: String) -> String {
        let position = (row.action == .send || row.action == .suppress) && row.position >= 0 ? "\(row.position)" : "-"
        return "\(row.time) \(row.offset) \(id) \(row.campaign) \(row.action) \(row.step) \(row.channel?.rawValue ?? "") \(row.holdout) @\(position) \(row.detail)"
    }

    /// Writes `plan` in `format`, reads it back (its lines shuffled when `seed` is given) and
    /// returns the rows as `written` shows them, with the file read.
    static func roundTrip(_ plan: Plan, table: DeclarationTable, options: PlanOptions, ndjson: Bool, shuffle seed: UInt64? = nil) throws -> ([String], PlanFile) {
        var text = String(decoding: PlanWriter.write(plan, format: ndjson ? .ndjson : .csv), as: UTF8.self)
        if let seed {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            // A CSV line may hold a quoted line break: shuffle records, not lines.
            lines = ndjson ? lines.filter { !$0.isEmpty } : CSVRecords.split(text)
            let header = ndjson ? [] : [lines.removeFirst()]
            var rng = SplitMix64(seed: seed)
            for i in stride(from: lines.count - 1, to: 0, by: -1) { lines.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            text = (header + lines).map { $0 + "\n" }.joined()
        }
        let empty = try #require(PlanReader.campaignsOnly(table, options: options))
        var reader = PlanReader(empty, known: Set(table.campaignNames))
        try reader.read(Array(text.utf8), file: "plan", ndjson: ndjson)
        let file = try reader.finish()
        return (file.rows.map { written($0, id: file.id($0.customer)) }, file)
    }

    /// Where two lists of rows first differ, for a failure's message.
    static func difference(_ a: [String], _ b: [String]) -> String {
        guard let i = zip(a, b).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset else { return "\(a.count) rows read, \(b.count) planned" }
        return "row \(i): read\n  \(a[i])\nplanned\n  \(b[i])"
    }

    /// Rows cut to (time, customer, campaign): the plan's order, ties aside.
    static func ordered(_ rows: [String]) -> [String] { rows.map { $0.split(separator: " ").prefix(4).joined(separator: " ") } }

    static func expected(_ plan: Plan) -> [String] { plan.rows.map { written($0, id: plan.customers.id(Int($0.customer))) } }

    @Test(arguments: hand, [false, true])
    func handProjectsRoundTrip(_ c: Case, ndjson: Bool) throws {
        let (plan, table, options) = try Self.plan(c)
        let (rows, _) = try Self.roundTrip(plan, table: table, options: options, ndjson: ndjson)
        #expect(rows == Self.expected(plan), "\(Self.difference(rows, Self.expected(plan)))")
        // Lines shuffled: the same rows, in the plan's order but for rows that share a time,
        // customer and campaign, which keep the order they were read in.
        let (shuffled, _) = try Self.roundTrip(plan, table: table, options: options, ndjson: ndjson, shuffle: 7)
        #expect(shuffled.sorted() == rows.sorted())
        #expect(Self.ordered(shuffled) == Self.ordered(rows))
    }

    /// The hand projects make every kind of detail and suppression (but `no channel`, which
    /// a checked project cannot: E0107), so the round trips above cover them all.
    @Test func handProjectsMakeEveryKindOfDetail() throws {
        var kinds: Set<String> = []
        for c in Self.hand {
            for row in try Self.plan(c).0.rows {
                switch row.detail {
                case .none: kinds.insert("none")
                case .entered: kinds.insert("entered")
                case .enteredAfter: kinds.insert("enteredAfter")
                case .rendered(let text):
                    kinds.insert("rendered")
                    if text.contains(",") && text.contains("\"") && text.contains("\n") && text.unicodeScalars.contains(where: { !$0.isASCII }) { kinds.insert("rendered, \", newline, non-ASCII") }
                case .renderedSMS(_, let encoding, let segments): kinds.insert("sms \(encoding.rawValue)\(segments > 1 ? " multipart" : "")")
                case .suppressed(let reason):
                    kinds.insert(reason.kind.rawValue)
                    if case .campaignCap = reason { kinds.insert("campaign cap") }
                    if case .noConsent(let missing) = reason { kinds.insert(missing ? "consent missing" : "consent false") }
                case .exitedOnEvent: kinds.insert("exit event")
                case .exitedOnCondition: kinds.insert("exit condition")
                case .exitStep: kinds.insert("exit step")
                case .goal: kinds.insert("goal")
                }
                if row.holdout { kinds.insert("holdout row") }
                kinds.insert(row.action.rawValue)
            }
        }
        let wanted: Set<String> = ["none", "entered", "enteredAfter", "rendered", "rendered, \", newline, non-ASCII", "sms GSM-7", "sms UCS-2", "sms GSM-7 multipart",
                                   "no_address", "no_consent", "consent missing", "consent false", "cap", "campaign cap", "unsubscribed", "first_of", "holdout",
                                   "no_allowed_time", "compliance", "exit event", "exit condition", "exit step", "goal", "holdout row",
                                   "send", "suppress", "tag", "untag", "unsubscribe", "enter", "exit"]
        #expect(wanted.subtracting(kinds).isEmpty, "missing: \(wanted.subtracting(kinds).sorted())")
    }

    /// Generated projects (every operator, caps, send windows) over generated data: the
    /// same rows back, CSV and NDJSON, in order and shuffled; with `--render` and without.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func generatedProjectsRoundTrip(_ seed: UInt64) throws {
        let checked = try PlanSupport.checked(SelectionProjectGenerator.project(seed: seed).text, withSchema: false)
        let data = try SelectionPropertyTests.load(checked.table, SelectionProjectGenerator.data(seed: seed), use: nil, threads: 1)
        for render in [true, false] {
            var options = SelectionPropertyTests.options([], threads: 1)
            options.render = render
            let plan = Planner.plan(data, options: options)
            #expect(!plan.rows.isEmpty)
            for ndjson in [false, true] {
                let (rows, _) = try Self.roundTrip(plan, table: checked.table, options: options, ndjson: ndjson)
                #expect(rows == Self.expected(plan), "seed \(seed), render \(render), ndjson \(ndjson)")
                let (shuffled, file) = try Self.roundTrip(plan, table: checked.table, options: options, ndjson: ndjson, shuffle: seed)
                #expect(shuffled.sorted() == rows.sorted() && Self.ordered(shuffled) == Self.ordered(rows))
                #expect(render ? file.unrenderedSends == 0 : file.renderedSends == 0)
            }
        }
    }

    /// The examples over `campaign gen` data: the same rows back, and the exits placed where
    /// the planner had them whenever the rows allow it.
    @Test(arguments: [UInt64(3), 11])
    func examplesOverGeneratedDataRoundTrip(_ seed: UInt64) throws {
        let project = try ProjectLoader.load(paths: [PlanSupport.examples.path])
        let checked = SemanticChecker.check(project)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reader-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try DatasetGenerator(customers: 400, events: 4_000, seed: seed).write(to: folder)
        let outcome = DatasetLoader.load(table: checked.table, customers: try DataFile(path: folder + "/customers.csv"),
                                         events: try DataFile(path: folder + "/events.csv"), options: ReadOptions(threads: 1))
        let data = try #require(outcome.dataset)
        var options = PlanOptions(from: PlanSupport.instant("2026-04-01"), to: PlanSupport.instant("2027-01-01"))
        options.render = true
        options.threads = 1
        let plan = Planner.plan(data, options: options)
        for ndjson in [false, true] {
            let (rows, _) = try Self.roundTrip(plan, table: checked.table, options: options, ndjson: ndjson)
            #expect(rows == Self.expected(plan))
            let (shuffled, file) = try Self.roundTrip(plan, table: checked.table, options: options, ndjson: ndjson, shuffle: seed)
            #expect(shuffled.sorted() == rows.sorted() && Self.ordered(shuffled) == Self.ordered(rows))
            // Every exit the reader placed is where the planner's row has it, or has the same
            // messages ahead (`JourneyPlaces`); deferrals it recomputed are the planner's.
            let planned = Dictionary(plan.rows.map { (Self.written($0, id: plan.customers.id(Int($0.customer))), $0) }, uniquingKeysWith: { a, _ in a })
            // A send the reader says did not wait either did not, or is among those it
            // counts as unknown.
            var missed: [String: Int] = [:]
            for row in file.rows {
                let original = try #require(planned[Self.written(row, id: file.id(row.customer))])
                if row.action == .exit && row.position >= 0 { #expect(row.position == original.position || row.detail != .exitStep) }
                if row.deferral != .none { #expect(row.deferral == original.deferral) }
                if row.action == .send && row.deferral == .none && original.deferral != .none { missed["\(row.campaign) \(row.step)", default: 0] += 1 }
            }
            for (key, count) in missed {
                let parts = key.split(separator: " ")
                #expect(count <= file.sendsThatMayHaveWaited[Int(parts[0]) ?? 0][String(parts[1]), default: 0], "\(key)")
            }
        }
    }
}

/// Exits the rows cannot place: how far each message was ahead, as the least and the most.
@Suite struct UnplacedExitTests {
    /// c1 buys 24.5 hours after `a`: still in `wait 1d` (it ends at 25 hours, after `wait
    /// until 10:00`), though from the rows alone `wait until` may have ended at once and the
    /// journey passed the branch to `b` or `c`, held by the send window. c2 buys 2 hours
    /// after `a`, in `wait until`: placed.
    static let project = PlanReaderTests.Case(name: "an exit near a branch", source: """
        policy { timezone "UTC" send between 08:00 and 21:00 }
        campaign near {
          trigger once at 2026-06-01 09:00
          exit when purchase
          send email a { subject "a" body "b" }
          wait until 10:00
          wait 1d
          if count(app_open since entry) > 0 {
            send email b { subject "b" body "b" }
          } else {
            send email c { subject "c" body "c" }
          }
          wait 2d
          send email d { subject "d" body "d" }
        }
        """, customers: """
        c1,a@ex.co,,Ana,,2025-01-01,,true,false,
        c2,b@ex.co,,Bo,,2025-01-01,,true,false,

        """, events: """
        customer_id,event,time,amount,order_id
        c1,purchase,2026-06-02T09:30:00Z,5,
        c2,purchase,2026-06-01T11:00:00Z,5,

        """)

    @Test func messagesAheadOfAnExitTheRowsCannotPlace() throws {
        let (plan, table, options) = try PlanReaderTests.plan(Self.project)
        let (_, file) = try PlanReaderTests.roundTrip(plan, table: table, options: options, ndjson: false)
        let exits = file.rows.filter { $0.action == .exit }
        #expect(exits.map { file.id($0.customer) } == ["c2", "c1"])
        // c2 is placed (in `wait until`, three messages ahead); c1 is not.
        #expect(exits.map { $0.position >= 0 } == [true, false])
        let ahead = file.unplacedExitsAhead[0]
        #expect(ahead["a"] == nil)
        #expect(ahead["b"].map { [$0.certain, $0.possible] } == [0, 1] && ahead["c"].map { [$0.certain, $0.possible] } == [0, 1])
        #expect(ahead["d"].map { [$0.certain, $0.possible] } == [1, 1])
    }
}

/// Files that are not plans, and plans the campaigns did not make: each fails at its
/// line and column, as not a plan (exit 2) or as a mismatch (exit 1); an empty file and a
/// header alone are empty plans (docs/output.md, "Reading a plan back").
@Suite struct PlanReaderErrorTests {
    /// A change to the rendered project's plan (CSV or NDJSON text), and what reading it gives:
    /// nil for a plan that reads, else the kind, line, column and a part of the message.
    struct Damage: CustomTestStringConvertible, Sendable {
        let name: String
        let ndjson: Bool
        let change: @Sendable (String) -> String
        let expected: (kind: PlanReadError.Kind, line: Int, column: Int, says: String)?
        var testDescription: String { name }
    }

    /// Replaces the first occurrence of `a` on line `line` (from 1) with `b`.
    static func onLine(_ line: Int, _ a: String, _ b: String) -> @Sendable (String) -> String {
        { text in
            var lines = text.components(separatedBy: "\n")
            if let range = lines[line - 1].range(of: a) { lines[line - 1].replaceSubrange(range, with: b) }
            return lines.joined(separator: "\n")
        }
    }

    static let damages: [Damage] = [
        Damage(name: "empty file", ndjson: false, change: { _ in "" }, expected: nil),
        Damage(name: "header alone", ndjson: false, change: { $0.components(separatedBy: "\n")[0] + "\n" }, expected: nil),
        Damage(name: "empty NDJSON", ndjson: true, change: { _ in "" }, expected: nil),
        Damage(name: "part files joined: the header again", ndjson: false,
               change: { $0 + $0.components(separatedBy: "\n")[0] + "\n" }, expected: nil),
        Damage(name: "another header", ndjson: false, change: { "id,email\n" + $0.components(separatedBy: "\n").dropFirst().joined(separator: "\n") },
               expected: (.notAPlan, 1, 1, "starts with the header")),
        Damage(name: "binary", ndjson: false, change: { _ in String(decoding: [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x0A], as: UTF8.self) + "\u{FFFD}\0\n" },
               expected: (.notAPlan, 1, 1, "starts with the header")),
        Damage(name: "an object without the columns", ndjson: true, change: { _ in "{\"time\":\"\u{FFFD}\"}\n" }, expected: (.notAPlan, 1, 1, "no \"local_time\"")),
        Damage(name: "a field too few", ndjson: false, change: onLine(2, ",enter,", ","), expected: (.notAPlan, 2, 67, "7 fields")),
        // The quote runs on to the next quote in the file, and fails there.
        Damage(name: "quote left open", ndjson: false, change: onLine(2, ",enter,", ",\"enter,"), expected: (.notAPlan, 5, 73, "text after a closing quote")),
        Damage(name: "not a time", ndjson: false, change: onLine(2, "2026-06-01T", "2026-13-01T"), expected: (.notAPlan, 2, 1, "not a UTC instant")),
        Damage(name: "not an action", ndjson: false, change: onLine(2, ",enter,,", ",entre,,"), expected: (.notAPlan, 2, 66, "not an action")),
        Damage(name: "an entry's step", ndjson: false, change: onLine(2, ",enter,", ",entre,"), expected: (.mismatch, 2, 60, "step 'entre'")),
        Damage(name: "unknown campaign", ndjson: false, change: onLine(2, "r_render", "r_rendr"), expected: (.mismatch, 2, 51, "not a campaign of the project")),
        Damage(name: "unknown message", ndjson: false, change: onLine(3, ",hi,", ",ho,"), expected: (.mismatch, 3, 60, "not a message of r_render")),
        Damage(name: "a detail the campaign does not write", ndjson: false, change: onLine(3, "holdout: 30% control group", "holdout: 40% control group"),
               expected: (.mismatch, 3, 76, "is not one r_render writes")),
        Damage(name: "held out, but the entry says not", ndjson: false, change: onLine(2, "; holdout 30%: sent nothing", ""), expected: (.mismatch, 2, 73, "is not one r_render writes")),
        Damage(name: "outside the window", ndjson: false, change: { $0.replacingOccurrences(of: "2026-06-01T", with: "2026-08-01T") }, expected: (.mismatch, 2, 1, "outside the window")),
        Damage(name: "JSON cut off", ndjson: true, change: onLine(1, "\"reason\":null}", "\"reason\":nu"), expected: (.notAPlan, 1, 231, "not a JSON value")),
        Damage(name: "a key no row has", ndjson: true, change: onLine(1, "\"reason\":null}", "\"reason\":null,\"extra\":1}"), expected: (.notAPlan, 1, 244, "\"extra\" is not a key")),
        Damage(name: "a reason the campaign does not write", ndjson: true, change: onLine(2, "\"share\":\"30%\"", "\"share\":\"40%\""),
               expected: (.mismatch, 2, 209, "reason {\"code\":\"holdout\",\"share\":\"40%\"} is not what r_render writes")),
        Damage(name: "a goal whose entry is missing", ndjson: false,
               change: { text in text.components(separatedBy: "\n").filter { !($0.contains(",c5,r_render,enter,")) }.joined(separator: "\n") },
               expected: (.mismatch, 28, 71, "a goal whose entry is not in the plan")),
    ]

    @Test(arguments: damages)
    func damagedPlansFailWhereTheyAreDamaged(_ damage: Damage) throws {
        let (plan, table, options) = try PlanReaderTests.plan(PlanReaderTests.rendered)
        let text = damage.change(String(decoding: PlanWriter.write(plan, format: damage.ndjson ? .ndjson : .csv), as: UTF8.self))
        let empty = try #require(PlanReader.campaignsOnly(table, options: options))
        var reader = PlanReader(empty, known: Set(table.campaignNames))
        do throws(PlanReadError) {
            try reader.read(Array(text.utf8), file: "plan", ndjson: damage.ndjson)
            let file = try reader.finish()
            #expect(damage.expected == nil, "read \(file.rows.count) rows")
            if damage.name.hasPrefix("empty") || damage.name == "header alone" { #expect(file.rows.isEmpty) }
            if damage.name.hasPrefix("part files") { #expect(file.rows.count == plan.rows.count) }
        } catch {
            let expected = try #require(damage.expected, "\(error.text)")
            #expect(error.kind == expected.kind && error.line == expected.line && error.column == expected.column && error.message.contains(expected.says),
                    "\(error.text)")
            #expect(error.text.hasPrefix("plan:\(error.line):\(error.column): error: "))
        }
    }

    /// Bytes that are not UTF-8, in a field or a JSON string: not a plan, where they start.
    @Test(arguments: [false, true])
    func bytesThatAreNotUTF8(_ ndjson: Bool) throws {
        let (_, table, options) = try PlanReaderTests.plan(PlanReaderTests.rendered)
        let empty = try #require(PlanReader.campaignsOnly(table, options: options))
        var reader = PlanReader(empty, known: Set(table.campaignNames))
        let header = Array((PlanWriter.columns.joined(separator: ",") + "\n").utf8)
        let bytes = ndjson ? Array("{\"time\":\"".utf8) + [0xC3, 0x28] + Array("\"}\n".utf8) : header + Array("2026-06-01T09:00:00Z,".utf8) + [0xFF, 0xFE] + Array(",c1\n".utf8)
        do throws(PlanReadError) {
            try reader.read(bytes, file: "p", ndjson: ndjson)
            Issue.record("read bytes that are not UTF-8")
        } catch {
            #expect(error.kind == .notAPlan && error.line == (ndjson ? 1 : 2) && error.column == (ndjson ? 9 : 22) && error.message.contains("not UTF-8"), "\(error.text)")
        }
    }

    /// Plans damaged at random (bytes changed, inserted, removed, lines swapped and cut):
    /// each is read or fails with a place inside the file, never a crash; one that reads
    /// has rows that write back to the fields read (checked by the reader), so a damage
    /// that still reads is a plan the campaigns could have made.
    @Test(arguments: [false, true])
    func randomDamageNeverCrashes(_ ndjson: Bool) throws {
        let (plan, table, options) = try PlanReaderTests.plan(PlanReaderTests.rendered)
        let original = PlanWriter.write(plan, format: ndjson ? .ndjson : .csv)
        let empty = try #require(PlanReader.campaignsOnly(table, options: options))
        var rng = SplitMix64(seed: ndjson ? 2 : 1)
        var read = 0, failed = 0
        let bytes: [UInt8] = Array("\",\n{}[]:\\0Z-+ \u{FF}".utf8)
        for _ in 0..<400 {
            var damaged = original
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let at = Int(rng.next() % UInt64(max(1, damaged.count)))
                switch rng.next() % 4 {
                case 0 where !damaged.isEmpty: damaged[at] = bytes[Int(rng.next() % UInt64(bytes.count))]
                case 1: damaged.insert(bytes[Int(rng.next() % UInt64(bytes.count))], at: min(at, damaged.count))
                case 2 where !damaged.isEmpty: damaged.remove(at: at)
                default: damaged = Array(damaged.prefix(at))
                }
            }
            var reader = PlanReader(empty, known: Set(table.campaignNames))
            do throws(PlanReadError) {
                try reader.read(damaged, file: "plan", ndjson: ndjson)
                _ = try reader.finish()
                read += 1
            } catch {
                let lines = damaged.split(separator: 0x0A, omittingEmptySubsequences: false).count
                #expect(error.line >= 1 && error.line <= lines && error.column >= 1 && !error.message.isEmpty, "\(error.text)")
                failed += 1
            }
        }
        #expect(read > 0 && failed > 0, "\(read) read, \(failed) failed")
    }
}
