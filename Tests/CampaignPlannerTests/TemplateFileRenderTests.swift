import CampaignData
import CampaignPlanner
import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// `body file` is read once, by the checker: planning with `--render` on two threads, in
/// many parts (each compiling its own program), and `explain` read nothing more, and
/// fill the file's template with the customer's and the triggering event's values.
@Suite struct TemplateFileRenderTests {
    static let campaign = """
    campaign receipt {
      trigger on purchase
      send email thanks { subject "Order {{ event.order_id | default: '?' }}" body file "templates/receipt.html" }
    }

    """
    static let template = "Thanks {{ first_name | default: 'friend' }}: {{ event.amount }} for {{ campaign.name }}{% if sms_opt_in %}, texts on{% endif %}."

    @Test func aTemplateFileIsReadOnceForCheckingPlanningAndExplaining() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("template-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("templates"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data((PlanSupport.schema + Self.campaign).utf8).write(to: folder.appendingPathComponent("receipt.campaign"))
        let file = folder.appendingPathComponent("templates/receipt.html")
        try Data(Self.template.utf8).write(to: file)

        var reads: [String] = []
        let project = try ProjectLoader.load(paths: [folder.path])
        let checked = SemanticChecker.check(project) { path in
            reads.append(path)
            return FileSystem.read(path)
        }
        #expect(!(project.diagnostics + checked.diagnostics).hasErrors, "\(checked.diagnostics.map(\.message))")
        #expect(reads.map { URL(fileURLWithPath: $0).lastPathComponent } == ["receipt.html"])
        // Gone after checking: whatever renders it below works from the checker's text.
        try FileManager.default.removeItem(at: file)

        var customers = "", events = "customer_id,event,time,amount,order_id\n"
        for n in 0..<24 {
            customers += "c\(n),c\(n)@example.com,,\(n % 3 == 0 ? "" : "Name\(n)"),,2026-01-01T00:00:00Z,,true,\(n % 2 == 0),\n"
            events += "c\(n),purchase,2026-06-\(10 + n % 9)T12:00:00Z,\(n + 1),\(n % 4 == 0 ? "" : "A\(n)")\n"
        }
        let data = try PlanSupport.dataset(checked.table, customers: customers, events: events)
        var options = PlanOptions(from: PlanSupport.instant("2026-06-01"), to: PlanSupport.instant("2026-07-01"))
        options.messages = checked.messages
        options.render = true
        options.threads = 2
        options.customersPerPart = 3
        let plan = Planner.plan(data, options: options)
        let sends = plan.rows.filter { $0.action == .send }.map { PlanWriter.fields($0, plan) }
        #expect(sends.count == 24)
        let details = Dictionary(uniqueKeysWithValues: sends.map { ($0[2], $0[7]) })
        #expect(details["c0"] == "subject: Order ? | body: Thanks friend: 1 for receipt, texts on.")
        #expect(details["c1"] == "subject: Order A1 | body: Thanks Name1: 2 for receipt.")
        #expect(details["c5"] == "subject: Order A5 | body: Thanks Name5: 6 for receipt.")
        let (alone, _) = Planner.explain(data, customer: 1, options: options)
        #expect(alone.rows.filter { $0.action == .send }.map { PlanWriter.fields($0, alone)[7] } == [details["c1"]])
        #expect(reads.count == 1, "\(reads)")
    }
}
