import CampaignData
import CampaignPlanner
@testable import CampaignReports
import CampaignSemantics
import CampaignSyntax
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `preview` and `graph`: goldens on the examples, the preview's numbers recounted from the
/// plan's rows, and the HTML report's safety and well-formedness.
@Suite struct ReportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let examples = root.appendingPathComponent("examples")

    static func table(_ paths: [String]) throws -> DeclarationTable {
        try checked(paths).table
    }

    static func checked(_ paths: [String]) throws -> CheckedProject {
        SemanticChecker.check(try ProjectLoader.load(paths: paths))
    }

    static func examplesPlan() throws -> (Plan, DeclarationTable) {
        let checked = try Self.checked([Self.examples.path])
        let table = checked.table
        let outcome = DatasetLoader.load(table: table, customers: try DataFile(path: examples.appendingPathComponent("data/customers.csv").path),
                                         events: try DataFile(path: examples.appendingPathComponent("data/events.csv").path), options: ReadOptions(threads: 1))
        let data = try #require(outcome.dataset)
        var options = PlanOptions(from: instant("2026-04-01"), to: instant("2027-01-01"))
        options.render = true
        options.threads = 1
        return (Planner.plan(data, options: options), table)
    }

    static func instant(_ text: String) -> Int64 { Array(text.utf8).withUnsafeBufferPointer { ValueParsers.time($0) } ?? 0 }

    static func golden(_ actual: String, _ name: String) throws {
        let url = fixtures.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
            try Data(actual.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        let a = actual.components(separatedBy: "\n"), e = expected.components(separatedBy: "\n")
        for (i, (x, y)) in zip(a, e).enumerated() where x != y {
            Issue.record("\(name) line \(i + 1):\n  expected \(y)\n  actual   \(x)")
            return
        }
        #expect(a.count == e.count, "\(name): \(a.count) lines, golden has \(e.count)")
    }

    @Test func previewGoldens() throws {
        let (plan, table) = try Self.examplesPlan()
        let preview = Preview(plan, policyOf: table)
        try Self.golden(PreviewText.render(preview), "preview.txt")
        try Self.golden(PreviewJSON.render(preview), "preview.json")
        #expect((try? JSONSerialization.jsonObject(with: Data(PreviewJSON.render(preview).utf8))) != nil)
    }

    @Test func graphGoldens() throws {
        let table = try Self.table([Self.examples.path])
        let graphs = table.campaignNames.compactMap { table.campaigns[$0].map(JourneyGraph.init) }
        try Self.golden(JourneyGraph.mermaid(graphs), "graph.mmd")
        try Self.golden(JourneyGraph.dot(graphs), "graph.dot")
        // Every step of every example appears in its graph.
        let winback = try #require(graphs.first { $0.name == "winback_sms" })
        for label in ["trigger 30d after last(purchase)", "audience: sms_opt_in and not loyal", "send sms survey", "wait 30d",
                      "if not clicked(survey)", "tag active", "unsubscribe sms", "exit when purchase", "goal purchase within 30d"] {
            #expect(winback.nodes.contains { $0.label == label }, "missing \(label)")
        }
        let onboarding = try #require(graphs.first { $0.name == "onboarding" })
        #expect(onboarding.edges.filter { $0.label == "50%" }.count == 2)
    }

    /// The preview's figures, recounted independently from the plan's CSV.
    static func recount(_ plan: Plan) -> [String: [String: Int]] {
        let csv = String(decoding: PlanWriter.write(plan, format: .csv), as: UTF8.self)
        var counts: [String: [String: Int]] = [:]
        var heldOut: [String: Bool] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let campaign = fields[3], step = fields[4], action = fields[5]
            counts[campaign, default: [:]]["\(action) \(step)", default: 0] += 1
            counts[campaign, default: [:]][action, default: 0] += 1
            // An entry is held out when its `enter` row says so; its rows follow that row.
            let entry = fields[2] + "," + campaign
            if action == "enter" { heldOut[entry] = line.contains("; holdout ") }
            if action == "send" || action == "suppress", heldOut[entry] == true { counts[campaign, default: [:]]["holdout \(step)", default: 0] += 1 }
        }
        return counts
    }

    static func check(_ preview: Preview, against counts: [String: [String: Int]]) {
        for (index, c) in preview.campaigns.enumerated() {
            let mine = counts[c.name] ?? [:]
            #expect(c.entered == mine["enter"] ?? 0, "\(c.name) entered")
            #expect(c.exits == mine["exit"] ?? 0, "\(c.name) exits")
            #expect(c.goalsTreatment + c.goalsHoldout == mine["goal"] ?? 0, "\(c.name) goals")
            for m in c.messages {
                #expect(m.sent == mine["send \(m.name)"] ?? 0, "\(c.name).\(m.name) sent")
                #expect(m.suppressedTotal == mine["suppress \(m.name)"] ?? 0, "\(c.name).\(m.name) suppressed")
            }
            checkFunnel(c.funnel, bound: c.treatment, campaign: c.name, counts: mine)
            #expect(c.messages.reduce(0) { $0 + $1.sent } == mine["send"] ?? 0)
            #expect(preview.sends.counts[index].values.reduce(0) { $0 + $1.values.reduce(0, +) } == mine["send"] ?? 0)
        }
    }

    /// Along every path of the funnel the number reached never rises: each send step
    /// reaches at most what the step before it reached (the entries, first), a branch's
    /// arms together at most what reached the branch; and every count recounts from the
    /// CSV: the rows sent or suppressed at the step, held-out entries left out.
    static func checkFunnel(_ stages: [Preview.Stage], bound: Int, campaign: String, counts: [String: Int]) {
        var bound = bound
        for stage in stages {
            switch stage {
            case .send(let names, _, let reached, let sent):
                let name = names.joined(separator: " or ")
                #expect(reached <= bound, "\(campaign): \(name) reached \(reached) after \(bound)")
                #expect(sent <= reached, "\(campaign): \(name) sent \(sent) of \(reached)")
                let rows = names.reduce(0) { $0 + (counts["send \($1)"] ?? 0) + (counts["suppress \($1)"] ?? 0) - (counts["holdout \($1)"] ?? 0) }
                #expect(reached == rows, "\(campaign): \(name) reached")
                #expect(sent == names.reduce(0) { $0 + (counts["send \($1)"] ?? 0) }, "\(campaign): \(name) sent")
                bound = reached
            case .exit(_, let exited):
                #expect(exited <= bound, "\(campaign): exited \(exited) after \(bound)")
                bound = 0
            case .arms(let arms):
                let first = arms.compactMap { Preview.Stage.firstReached($0.stages) }.reduce(0, +)
                #expect(first <= bound, "\(campaign): arms reached \(first) after \(bound)")
                for arm in arms { checkFunnel(arm.stages, bound: bound, campaign: campaign, counts: counts) }
            }
        }
    }

    @Test func previewNumbersEqualThePlansOnTheExamples() throws {
        let (plan, _) = try Self.examplesPlan()
        let preview = Preview(plan)
        Self.check(preview, against: Self.recount(plan))
        Self.checkSamples(preview, plan)
    }

    /// Samples show each customer once, at their first send of the message (docs/language.md
    /// §9.7), and come from as many UTC offsets as those first sends were at (up to three).
    /// A customer whose zone keeps daylight saving time was once sampled in two offsets'
    /// groups, and at a later send than their first.
    static func checkSamples(_ preview: Preview, _ plan: Plan) {
        for (c, campaign) in preview.campaigns.enumerated() {
            for m in campaign.messages {
                var first: [String: PlanRow] = [:]
                for row in plan.rows where Int(row.campaign) == c && row.action == .send && row.step == m.name {
                    let id = plan.customers.id(Int(row.customer))
                    if first[id] == nil { first[id] = row }
                }
                let offsets = Set(first.values.map(\.offset))
                #expect(Set(m.samples.map(\.offset)).count == min(Preview.samplesPerMessage, offsets.count), "\(campaign.name).\(m.name)")
                #expect(Set(m.samples.map(\.customer)).count == m.samples.count, "\(campaign.name).\(m.name)")
                for sample in m.samples {
                    #expect(sample.time == first[sample.customer]?.time, "\(campaign.name).\(m.name): \(sample.customer) at \(sample.localTime), not their first send")
                }
            }
        }
    }

    @Test func previewNumbersEqualThePlansOnGeneratedData() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("preview-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try DatasetGenerator(customers: 1_500, events: 25_000, seed: 9).write(to: folder)
        let checked = try Self.checked([Self.examples.path])
        let table = checked.table
        let data = try #require(DatasetLoader.load(table: table, customers: try DataFile(path: folder + "/customers.csv"),
                                                   events: try DataFile(path: folder + "/events.csv"), options: ReadOptions(threads: 1)).dataset)
        var options = PlanOptions(from: Self.instant("2026-04-01"), to: Self.instant("2026-12-31"))
        options.render = true
        let plan = Planner.plan(data, options: options)
        let preview = Preview(plan)
        Self.check(preview, against: Self.recount(plan))
        Self.checkSamples(preview, plan)
        #expect(preview.campaigns.contains { $0.heldOut > 0 }, "the generated data exercises the patio holdout")
        #expect(preview.campaigns.flatMap { $0.messages }.contains { $0.deferredByQuietHours + $0.deferredByWindow > 0 })
    }

    @Test func htmlIsWellFormedSelfContainedAndEscaped() throws {
        let schema = """
        customer { id: id  email: email?  first_name: text?  timezone: timezone?  signup_at: time  email_opt_in: bool }
        event purchase { amount: number }
        channel email { address: email consent: email_opt_in }
        campaign hello {
          trigger 0d after signup_at
          goal purchase within 7d
          send email welcome { subject "Hi {{ first_name }}" body "Visit https://ex.co/a?b=1&c=2 <b>now</b>" }
        }
        """
        let customers = "id,email,first_name,timezone,signup_at,email_opt_in\nx1,a@example.com,<script>alert(1)</script>,UTC,2026-06-01T10:00:00Z,true\nx2,b@example.com,\"Ann \"\"&\"\" Bo\",UTC,2026-06-02T10:00:00Z,true\n"
        let project = try SmallProject(source: schema, customers: customers, events: "customer_id,event,time,amount\n", from: "2026-05-01", to: "2026-07-01", render: true)
        let (table, plan) = (project.table, project.plan)
        let graphs = ["hello": JourneyGraph(try #require(table.campaigns["hello"]))]
        let html = PreviewHTML.render(Preview(plan), graphs: graphs)

        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(!html.contains("<script"), "no script at all, and no customer value becomes one")
        #expect(html.contains("Hi &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("Ann &quot;&amp;&quot; Bo"))
        #expect(html.contains("https://ex.co/a?b=1&amp;c=2 &lt;b&gt;now&lt;/b&gt;"), "links and markup in messages are text")
        for outside in ["src=", "@import", "href=\"http", "<link", "<iframe", "<img", "<object", "<embed"] {
            #expect(!html.contains(outside), "\(outside) would load something")
        }
        // `url(` only ever points inside the file (an SVG arrow marker).
        #expect(html.components(separatedBy: "url(").dropFirst().allSatisfy { $0.hasPrefix("#") })
        // Well-formed: every element closed and nested, every attribute quoted, only XML's entities.
        let parser = XMLParser(data: Data(html.utf8))
        let collector = ElementCollector()
        parser.delegate = collector
        #expect(parser.parse(), "HTML does not parse: \(parser.parserError.map { "\($0)" } ?? "") at line \(parser.lineNumber)")
        #expect(collector.elements.first == "html")
        for required in ["head", "meta", "title", "style", "body", "main", "svg", "table"] {
            #expect(collector.elements.contains(required), "no <\(required)>")
        }
        let allowed: Set<String> = ["html", "head", "meta", "title", "style", "body", "header", "main", "footer", "section", "h1", "h2", "h3", "p",
                                    "a", "span", "dl", "dt", "dd", "code", "div", "figure", "figcaption", "table", "thead", "tbody", "tr", "th",
                                    "td", "article", "svg", "defs", "marker", "path", "rect", "text", "line", "title"]
        #expect(Set(collector.elements).subtracting(allowed).isEmpty, "unexpected elements: \(Set(collector.elements).subtracting(allowed))")
    }

    @Test func htmlOfTheExamplesParses() throws {
        let (plan, table) = try Self.examplesPlan()
        let graphs = Dictionary(uniqueKeysWithValues: table.campaignNames.compactMap { name in table.campaigns[name].map { (name, JourneyGraph($0)) } })
        let html = PreviewHTML.render(Preview(plan, policyOf: table), graphs: graphs)
        let parser = XMLParser(data: Data(html.utf8))
        let collector = ElementCollector()
        parser.delegate = collector
        #expect(parser.parse(), "HTML does not parse: \(parser.parserError.map { "\($0)" } ?? "") at line \(parser.lineNumber)")
        #expect(collector.elements.filter { $0 == "section" }.count == 1 + 1 + table.campaignNames.count, "cards, daily chart, one per campaign")
        #expect(!html.contains("<script") && !html.contains("src="))
        // The Persian and Thai names in the sample messages arrive intact.
        for name in ["سارا", "สมชาย"] { #expect(html.contains(name), "\(name)") }
    }

    @Test func tablesAlignWideAndCombiningCharacters() {
        var table = TextTable(["name", "n"], numeric: [1])
        table.add(["지우", "1"])
        table.add(["สมชาย", "22"])
        table.add(["e\u{301}te\u{301}", "333"])
        let lines = table.render(indent: "").split(separator: "\n").map(String.init)
        // Display widths: 지우 is 4 columns (wide), สมชาย 5, étè 3 (the accents combine).
        #expect(lines == ["name     n", "지우     1", "สมชาย   22", "e\u{301}te\u{301}    333"])
        #expect(Set(lines.map { DisplayWidth.of($0) }).count == 1)
    }
}

final class ElementCollector: NSObject, XMLParserDelegate {
    var elements: [String] = []
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append(name)
    }
}
