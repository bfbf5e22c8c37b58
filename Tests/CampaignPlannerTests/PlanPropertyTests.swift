import CampaignData
import CampaignPlanner
import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// Properties over generated campaigns and generated data: no send breaks consent, the
/// address rule, quiet hours, the send window or a cap; every suppression names its rule;
/// the plan is the same at 1 and 2 threads.
@Suite struct PlanPropertyTests {
    static let data: (folder: String, schema: String)? = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plan-props-\(UUID().uuidString)").path
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil,
              (try? DatasetGenerator(customers: 400, events: 8_000, seed: 3).write(to: folder)) != nil,
              let schema = try? String(contentsOf: PlanSupport.examples.appendingPathComponent("schema.campaign"), encoding: .utf8) else { return nil }
        // Each generated project brings its own policy.
        guard let start = schema.range(of: "policy {") else { return nil }
        return (folder, String(schema[..<start.lowerBound]))
    }()

    struct Rules {
        var window: (Int, Int)?
        var quiet = (21 * 60, 8 * 60)
        var total: (Int, Int)?
        var sms: (Int, Int)?
        var zone = "UTC"
    }

    /// A random project: a policy and three campaigns built from the language's pieces.
    static func project(seed: UInt64) -> (String, Rules) {
        var rng = SplitMix64(seed: seed)
        func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
        func clock() -> String { let h = Int(rng.next() % 24), m = pick([0, 15, 30, 45]); return String(format: "%02d:%02d", h, m) }
        var rules = Rules()
        rules.zone = pick(["UTC", "America/New_York", "Europe/London", "Asia/Tokyo"])
        var policy = "policy {\n  timezone \"\(rules.zone)\"\n"
        if rng.next() % 3 != 0 {
            let start = Int(rng.next() % 12) + 6, end = start + Int(rng.next() % 8) + 4
            rules.window = (start * 60, (end % 24) * 60)
            policy += String(format: "  send between %02d:00 and %02d:00\n", start, end % 24)
        }
        if rng.next() % 2 == 0 { let n = Int(rng.next() % 3) + 1, d = Int(rng.next() % 7) + 1; rules.total = (n, d); policy += "  cap \(n) messages per \(d)d\n" }
        if rng.next() % 2 == 0 { let n = Int(rng.next() % 2) + 1, d = Int(rng.next() % 3) + 1; rules.sms = (n, d); policy += "  cap sms \(n) per \(d)d\n" }
        policy += "  best hour from app_open default 10:00\n}\n"
        var text = policy
        for index in 0..<3 {
            let trigger = pick(["on purchase", "on app_open where true", "30d after last(purchase)", "daily at \(clock())",
                                "weekly on friday at \(clock())", "on enter lapsing", "0d after signup_at", "once at 2026-11-03 \(clock())",
                                "on purchase where amount > 40", "on article_view where category == \"home\""])
            let sends = ["send sms s\(index)_a { text \"Hi {{ first_name | default: 'there' }}\" }",
                         "send email e\(index)_a { subject \"Hi\" body \"…\" }",
                         "send push p\(index)_a { body \"Hi\" }",
                         "send first of { push p\(index)_b { body \"Hi\" } sms s\(index)_b { text \"Hi\" } email e\(index)_b { subject \"Hi\" body \"…\" } }"]
            var steps: [String] = []
            for step in 0..<(Int(rng.next() % 4) + 2) {
                steps.append(pick([pick(sends).replacingOccurrences(of: "_a ", with: "_a\(step) ").replacingOccurrences(of: "_b ", with: "_b\(step) "),
                                   "wait \(Int(rng.next() % 48) + 1)h", "wait until \(clock())", "wait until best hour",
                                   "wait until purchase or \(Int(rng.next() % 5) + 1)d", "tag t\(step)",
                                   "wait until purchase where amount > 30 or 2d", "unsubscribe sms",
                                   "if sum(purchase.amount in last 90d) > 60 { tag big\(step) } else { wait 1h }"]))
            }
            text += """
            campaign gen_\(index) {
              trigger \(trigger)
              reentry \(pick(["always", "after 3d", "never"]))
              priority \(Int(rng.next() % 3))
            \(rng.next() % 2 == 0 ? "  exit when purchase\n" : "")\(rng.next() % 2 == 0 ? "  goal purchase within \(Int(rng.next() % 9) + 1)d\n" : "")\
            \(rng.next() % 3 == 0 ? "  holdout 30%\n" : "")  \(steps.joined(separator: "\n  "))
            }

            """
        }
        return (text, rules)
    }

    static let seeds: [UInt64] = Array(1...16)

    @Test(arguments: seeds)
    func generatedProjectsKeepEveryRule(_ seed: UInt64) throws {
        let generated = try #require(Self.data)
        let (text, rules) = Self.project(seed: seed)
        let table: DeclarationTable
        do { table = try PlanSupport.table(generated.schema + text, withSchema: false) } catch {
            Issue.record("generated project \(seed) does not check: \(error)\n\(text)")
            return
        }
        let outcome = DatasetLoader.load(table: table, customers: try DataFile(path: generated.folder + "/customers.csv"),
                                         events: try DataFile(path: generated.folder + "/events.csv"), options: ReadOptions(threads: 1))
        let data = try #require(outcome.dataset)
        var options = PlanOptions(from: PlanSupport.instant("2026-10-15"), to: PlanSupport.instant("2026-12-15"))
        options.threads = 1
        let plan = Planner.plan(data, options: options)
        options.threads = 2
        #expect(PlanWriter.write(Planner.plan(data, options: options), format: .csv) == PlanWriter.write(plan, format: .csv), "seed \(seed): 1 and 2 threads differ")
        #expect(!plan.rows.isEmpty, "seed \(seed): every generated project does something")

        let columns = data.customers.columns
        func value(_ field: String, _ row: Int) -> String? { columns[field]?.display(row) }
        var sends: [Int32: [(Int64, ChannelKind)]] = [:]
        // Goals are last touch, at most once per entry: a goal at t is the latest entry
        // before t's, and no entry has two. Per (customer, campaign), entry and goal times.
        var entries: [Int64: [Int64]] = [:], goals: [Int64: [Int64]] = [:]
        for row in plan.rows {
            let key = Int64(row.customer) << 32 | Int64(row.campaign)
            switch row.action {
            case .enter: entries[key, default: []].append(row.time)
            case .goal: goals[key, default: []].append(row.time)
            case .send, .unsubscribe: #expect(!row.holdout, "seed \(seed): the holdout group was sent or unsubscribed: \(row)")
            default: break
            }
        }
        for (key, times) in goals {
            let starts = entries[key] ?? []
            let owners = times.map { t in starts.lastIndex { $0 < t } }
            #expect(!owners.contains(nil), "seed \(seed): a goal before any entry")
            #expect(Set(owners).count == owners.count, "seed \(seed): an entry converted twice, or not the latest one: \(times) for entries \(starts)")
        }
        for row in plan.rows {
            #expect(row.time >= plan.from && row.time < plan.to)
            let customer = Int(row.customer)
            let localMinute = Int(((row.time + Int64(row.offset)) % 86_400 + 86_400) % 86_400 / 60)
            switch row.action {
            case .send:
                let channel = try #require(row.channel)
                switch channel {
                case .sms:
                    #expect(value("sms_opt_in", customer) == "true" && value("phone", customer) != nil, "sms without consent or phone: \(row)")
                    #expect(!Self.inside(localMinute, rules.quiet.0, rules.quiet.1), "sms in quiet hours: \(row)")
                case .email:
                    #expect(value("email_opt_in", customer) == "true" && value("email", customer) != nil, "email without consent or address: \(row)")
                case .push:
                    #expect(value("push_token", customer) != nil, "push without a token: \(row)")
                default: break
                }
                if let window = rules.window {
                    // `local_time` is in the customer's zone (theirs, else the policy's).
                    #expect(Self.inside(localMinute, window.0, window.1), "send outside the window: \(row)")
                }
                sends[row.customer, default: []].append((row.time, channel))
            case .suppress:
                let reason = try #require(row.detail.suppression, "suppression without a reason: \(row)")
                // `send first of` gives each alternative's reason; every channel is declared.
                let reasons = if case .firstOf(let skipped) = reason { skipped.map(\.reason) } else { [reason] }
                for r in reasons { #expect(r.kind != .noChannel && r.kind != .firstOf, "suppression without a rule: \(row)") }
                if reason.kind != .firstOf { #expect(plan.vocabulary.text(row).hasPrefix(reason.kind.label + ": ")) }
            default: break
            }
        }
        for (_, list) in sends {
            for (i, (t, channel)) in list.enumerated() {
                if let (n, d) = rules.total {
                    #expect(list[...i].filter { $0.0 > t - Int64(d) * 86_400 }.count <= n, "cap \(n) per \(d)d broken")
                }
                if let (n, d) = rules.sms, channel == .sms {
                    #expect(list[...i].filter { $0.0 > t - Int64(d) * 86_400 && $0.1 == .sms }.count <= n, "sms cap \(n) per \(d)d broken")
                }
            }
        }
    }

    static func inside(_ minute: Int, _ start: Int, _ end: Int) -> Bool {
        start < end ? (minute >= start && minute < end) : start > end ? (minute >= start || minute < end) : false
    }
}
