import CampaignData
import CampaignPlanner
@testable import CampaignReports
import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// `campaign diff`'s engine: the counts of `PlanDiff` recomputed by a plain reference over
/// two plans of randomly edited examples, and a version diffed with itself reports nothing.
@Suite struct PlanDiffTests {
    /// Generated data the examples run against (more customers than `examples/data`).
    static let data: String? = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("diff-data-\(UUID().uuidString)").path
        return (try? DatasetGenerator(customers: 300, events: 6_000, seed: 11).write(to: folder)) != nil ? folder : nil
    }()

    /// Edits a reviewer might make: (file, text, replacement).
    static let edits: [(String, String, String)] = [
        ("winback_sms.campaign", "  wait 30d\n  if not clicked(survey) {", "  wait 21d\n  if not clicked(survey) {"),
        ("winback_sms.campaign", "audience sms_opt_in and not loyal", "audience sms_opt_in and not loyal and tier != \"free\""),
        ("winback_sms.campaign", "  goal purchase within 30d\n", "  goal purchase within 30d\n  holdout 10%\n"),
        ("winback_sms.campaign", "trigger 30d after last(purchase)", "trigger 20d after last(purchase)"),
        ("schema.campaign", "cap sms 1 per 2d", "cap sms 1 per 5d"),
        ("schema.campaign", "cap 3 messages per 7d", "cap 1 messages per 7d"),
        ("schema.campaign", "send between 08:00 and 21:00", "send between 10:00 and 18:00"),
        ("onboarding.campaign", "  wait 1d\n", "  wait 3d\n"),
        ("onboarding.campaign", "  wait 6d\n", "  wait 4d\n"),
        ("lapsing_push.campaign", "reentry after 21d", "reentry after 7d"),
        ("lapsing_push.campaign", "  wait until best hour\n", ""),
        ("birthday.campaign", "priority 10", "priority 1"),
        ("home_decor.campaign", "holdout 10%", "holdout 50%"),
        ("home_decor.campaign", "trigger once at 2026-05-04 09:00", "trigger daily at 09:00"),
    ]

    static func examples() throws -> [String: String] {
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: ReportTests.examples.path) where name.hasSuffix(".campaign") {
            files[name] = try String(contentsOf: ReportTests.examples.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }

    /// The plan of a project given as texts, against the generated data.
    static func plan(_ files: [String: String], data: String) throws -> Plan {
        try side(files, data: data, label: "").plan
    }

    /// A version of the project given as texts, planned against the generated data.
    static func side(_ files: [String: String], data: String, label: String, threads: Int = 2) throws -> DiffSide {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        let project = try ProjectLoader.load(paths: [folder.path])
        let checked = SemanticChecker.check(project)
        #expect(!checked.diagnostics.hasErrors, "\(checked.diagnostics.map(\.message))")
        let outcome = DatasetLoader.load(table: checked.table, customers: try DataFile(path: data + "/customers.csv"),
                                         events: try DataFile(path: data + "/events.csv"), options: ReadOptions(threads: 2))
        let dataset = try #require(outcome.dataset)
        var options = PlanOptions(from: ReportTests.instant("2026-01-01"), to: ReportTests.instant("2027-01-01"))
        options.customersPerPart = 40
        options.threads = threads
        return DiffSide(label: label, version: DiffVersion(sources: project.sources, table: checked.table, reports: checked.campaignReports),
                        dataset: dataset, options: options, plan: Planner.plan(dataset, options: options))
    }

    struct RefKey: Hashable {
        let campaign: String, step: String, action: PlanAction, channel: ChannelKind?
    }

    struct Counts: Equatable {
        var base = 0, head = 0, added = 0, removed = 0, moved = 0, changed = 0, customers = 0
    }

    /// The matching rule of docs/diff.md written out plainly, per customer and key, from
    /// the rows as `plan` prints them (customer ids, names, detail texts).
    static func reference(base: Plan, head: Plan) -> [RefKey: Counts] {
        struct Entry { let time: Int64; let detail: String }
        func rows(_ plan: Plan) -> [RefKey: [String: [Entry]]] {
            var out: [RefKey: [String: [Entry]]] = [:]
            for row in plan.rows {
                let key = RefKey(campaign: plan.campaigns[Int(row.campaign)], step: row.step, action: row.action, channel: row.channel)
                out[key, default: [:]][plan.customers.id(Int(row.customer)), default: []].append(Entry(time: row.time, detail: plan.vocabulary.text(row)))
            }
            return out
        }
        let b = rows(base), h = rows(head)
        var result: [RefKey: Counts] = [:]
        for key in Set(b.keys).union(h.keys) {
            var counts = Counts()
            let bc = b[key] ?? [:], hc = h[key] ?? [:]
            for customer in Set(bc.keys).union(hc.keys) {
                var bs = (bc[customer] ?? []).sorted { $0.time < $1.time }, hs = (hc[customer] ?? []).sorted { $0.time < $1.time }
                counts.base += bs.count
                counts.head += hs.count
                var differs = false
                var bi = 0
                while bi < bs.count {
                    if let hi = hs.firstIndex(where: { $0.time == bs[bi].time }) {
                        if key.action == .suppress, hs[hi].detail != bs[bi].detail { counts.changed += 1; differs = true }
                        hs.remove(at: hi)
                        bs.remove(at: bi)
                    } else {
                        bi += 1
                    }
                }
                let moved = min(bs.count, hs.count)
                counts.moved += moved
                counts.added += hs.count - moved
                counts.removed += bs.count - moved
                if differs || !bs.isEmpty || !hs.isEmpty { counts.customers += 1 }
            }
            result[key] = counts
        }
        return result
    }

    static func counts(_ diff: PlanDiff) -> [RefKey: Counts] {
        var out: [RefKey: Counts] = [:]
        for c in diff.changes {
            out[RefKey(campaign: c.key.campaign, step: c.key.step, action: c.key.action, channel: c.key.channel)] =
                Counts(base: c.base, head: c.head, added: c.added, removed: c.removed, moved: c.moved, changed: c.changed, customers: c.customers)
        }
        return out
    }

    @Test(arguments: 0..<6)
    func randomEditsMatchTheReference(seed: UInt64) throws {
        let data = try #require(Self.data)
        let original = try Self.examples()
        var rng = SplitMix64(seed: seed &+ 100)
        var edited = original
        for edit in Self.edits where rng.next() % 3 == 0 {
            edited[edit.0] = edited[edit.0]?.replacingOccurrences(of: edit.1, with: edit.2)
        }
        let base = try Self.plan(original, data: data), head = try Self.plan(edited, data: data)
        let diff = PlanDiff(base: base, head: head, sample: 3)
        let reference = Self.reference(base: base, head: head).filter { $0.value.added + $0.value.removed + $0.value.moved + $0.value.changed > 0 }
        #expect(Self.counts(diff) == reference)
        // The property of docs/diff.md: per key, added − removed is the difference of the
        // two plans' row counts.
        var baseCounts: [RefKey: Int] = [:], headCounts: [RefKey: Int] = [:]
        for row in base.rows { baseCounts[RefKey(campaign: base.campaigns[Int(row.campaign)], step: row.step, action: row.action, channel: row.channel), default: 0] += 1 }
        for row in head.rows { headCounts[RefKey(campaign: head.campaigns[Int(row.campaign)], step: row.step, action: row.action, channel: row.channel), default: 0] += 1 }
        var net: [RefKey: Int] = [:]
        for change in diff.changes { net[RefKey(campaign: change.key.campaign, step: change.key.step, action: change.key.action, channel: change.key.channel)] = change.added - change.removed }
        for key in Set(baseCounts.keys).union(headCounts.keys) {
            #expect((net[key] ?? 0) == (headCounts[key] ?? 0) - (baseCounts[key] ?? 0), "\(key)")
        }
        let totals = diff.campaigns.reduce(0) { $0 + $1.added - $1.removed }
        #expect(totals == head.rows.count - base.rows.count)
        for campaign in diff.campaigns {
            #expect(campaign.samples.count == min(3, campaign.customers))
            #expect(campaign.samples.map(\.customerID) == campaign.samples.map(\.customerID).sorted { base.customers.row(of: $0) ?? 0 < base.customers.row(of: $1) ?? 0 })
        }
        #expect(PlanDiff(base: base, head: head, sample: 3).changes == diff.changes)
    }

    @Test(arguments: 0..<3)
    func aVersionDiffedWithItselfReportsNothing(seed: UInt64) throws {
        let data = try #require(Self.data)
        var rng = SplitMix64(seed: seed)
        var files = try Self.examples()
        for edit in Self.edits where rng.next() % 2 == 0 { files[edit.0] = files[edit.0]?.replacingOccurrences(of: edit.1, with: edit.2) }
        let plan = try Self.plan(files, data: data)
        #expect(!plan.rows.isEmpty)
        let diff = PlanDiff(base: plan, head: try Self.plan(files, data: data))
        #expect(diff.changes.isEmpty)
        #expect(!diff.hasDifferences)
        #expect(diff.customers == 0)
        #expect(diff.campaigns.allSatisfy { !$0.hasDifferences && $0.samples.isEmpty && $0.inBase && $0.inHead })
    }

    /// The two rules the property cannot see: a suppression at the same instant for another
    /// reason is `changed`, and rows of a renamed campaign are matched under its new name.
    @Test func changedReasonsAndRenames() throws {
        let data = try #require(Self.data)
        let original = try Self.examples()
        var capped = original
        // A `send first of` suppression names every message it tried.
        capped["onboarding.campaign"] = capped["onboarding.campaign"]?.replacingOccurrences(of: "email welcome_email {", with: "email welcome_mail {")
        let base = try Self.plan(original, data: data), head = try Self.plan(capped, data: data)
        let diff = PlanDiff(base: base, head: head)
        #expect(diff.changes.contains { $0.changed > 0 && $0.key.action == .suppress }, "a reason's text changed: its suppressions are changed")

        var renamed = original
        renamed["winback_sms.campaign"] = renamed["winback_sms.campaign"]?.replacingOccurrences(of: "campaign winback_sms {", with: "campaign winback {")
        let renamedPlan = try Self.plan(renamed, data: data)
        let matched = PlanDiff(base: base, head: renamedPlan, renames: ["winback_sms": "winback"])
        #expect(matched.changes.isEmpty)
        #expect(matched.campaigns.contains { $0.name == "winback" && $0.renamedFrom == "winback_sms" && $0.inBase && $0.inHead })
        let unmatched = PlanDiff(base: base, head: renamedPlan)
        #expect(unmatched.campaigns.contains { $0.name == "winback_sms" && $0.removed > 0 && !$0.inHead })
    }

    /// A pull-request comment stays under its limit and names what it left out.
    @Test func markdownStaysUnderItsLimit() throws {
        let data = try #require(Self.data)
        let original = try Self.examples()
        var edited = original
        edited["schema.campaign"] = edited["schema.campaign"]?.replacingOccurrences(of: "cap 3 messages per 7d", with: "cap 1 messages per 7d")
        let report = DiffReport(base: try Self.side(original, data: data, label: "base"), head: try Self.side(edited, data: data, label: "head"), sample: 3)
        let names = report.changedCampaigns
        #expect(names.count >= 3)
        let whole = DiffMarkdown.render(report)
        #expect(whole.utf8.count < DiffMarkdown.limit)
        #expect(!whole.contains("Left out"))
        #expect(whole.components(separatedBy: "<details>").count - 1 == names.count)
        for limit in [whole.utf8.count - 1, whole.utf8.count / 2, 1_200] {
            let cut = DiffMarkdown.render(report, limit: limit)
            #expect(cut.utf8.count <= limit, "\(limit)")
            #expect(cut.contains("_Left out to keep this comment under"), "\(limit)")
            let shown = cut.components(separatedBy: "<details>").count - 1
            #expect(shown < names.count)
            #expect(cut.contains("the details of \(names.count - shown) campaign"), "\(cut)")
        }
    }

    /// Customer ids and campaign text reach a pull-request comment inert: no HTML, no table
    /// cell broken by `|`, no emphasis, link or mention, one line.
    @Test(arguments: [
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("a|b", "a\\|b"),
        ("*bold* _it_ `code` [l](u) @team #1 ~s~ !x", "\\*bold\\* \\_it\\_ \\`code\\` \\[l\\](u) \\@team \\#1 \\~s\\~ \\!x"),
        ("line\nbreak", "line\\nbreak"),
        ("tier != \"free\" & 'x'", "tier \\!= &quot;free&quot; &amp; &#39;x&#39;"),
    ])
    func markdownEscapes(_ text: String, _ expected: String) {
        #expect(DiffMarkdown.escape(text) == expected)
        #expect(!DiffMarkdown.html(text).contains("<"))
    }

    /// The differences read from the text alone.
    @Test func staticDifferences() throws {
        let data = try #require(Self.data)
        let original = try Self.examples()
        var edited = original
        func edit(_ file: String, _ text: String, _ replacement: String) {
            #expect(edited[file]?.contains(text) == true, "\(text)")
            edited[file] = edited[file]?.replacingOccurrences(of: text, with: replacement)
        }
        edit("winback_sms.campaign", "20% off your next order", "20% off your next order, and free delivery on everything until the end of the month, whatever you choose")
        edit("winback_sms.campaign", "trigger 30d after last(purchase)", "trigger   20d after\n    last(purchase)")
        edit("winback_sms.campaign", "    tag active\n", "    tag active\n    send sms thanks { text \"Thanks!\" }\n")
        edit("lapsing_push.campaign", "campaign lapsing_nudge {", "# renamed, the body as it was\ncampaign lapsing_reminder {")
        edit("birthday.campaign", "campaign birthday {", "campaign birthday_wish {\n  holdout 5%\n  # a comment")
        let base = try Self.side(original, data: data, label: "base"), head = try Self.side(edited, data: data, label: "head")
        let diff = StaticDiff(base: base.version, head: head.version)
        #expect(diff.renames == ["lapsing_nudge": "lapsing_reminder"])
        #expect(diff.added == ["birthday_wish"])
        #expect(diff.removed == ["birthday"])
        let winback = try #require(diff.campaigns.first { $0.name == "winback_sms" })
        #expect(winback.clauses == [StaticDiff.Clause(kind: "trigger", base: "trigger 30d after last(purchase)", head: "trigger 20d after last(purchase)")])
        #expect(winback.messagesAdded == ["thanks"])
        #expect(winback.messagesRemoved.isEmpty)
        #expect(winback.maxMessages?.base == 3 && winback.maxMessages?.head == 4)
        #expect(winback.sms.contains { $0.message == "coupon" && ($0.base ?? 0) < ($0.head ?? 0) })
        #expect(winback.sms.contains { $0.message == "thanks" && $0.base == nil && $0.head == 1 })
        #expect(diff.campaigns.contains { $0.name == "lapsing_reminder" && $0.renamedFrom == "lapsing_nudge" && $0.clauses.isEmpty })
        #expect(!diff.campaigns.contains { $0.name == "onboarding" })
        #expect(StaticDiff(base: base.version, head: base.version).campaigns.isEmpty)
    }

    /// The same report at one thread and at two, in every format.
    @Test func theSameAtEveryThreadCount() throws {
        let data = try #require(Self.data)
        let original = try Self.examples()
        var edited = original
        for edit in Self.edits.prefix(6) { edited[edit.0] = edited[edit.0]?.replacingOccurrences(of: edit.1, with: edit.2) }
        func report(_ threads: Int) throws -> DiffReport {
            DiffReport(base: try Self.side(original, data: data, label: "base", threads: threads),
                       head: try Self.side(edited, data: data, label: "head", threads: threads), sample: 3)
        }
        let one = try report(1), two = try report(2)
        #expect(one.hasDifferences)
        #expect(DiffText.render(one) == DiffText.render(two))
        #expect(DiffJSON.render(one) == DiffJSON.render(two))
        #expect(DiffMarkdown.render(one) == DiffMarkdown.render(two))
    }
}
