import CampaignData
import CampaignPlanner
import CampaignSemantics
import CampaignSyntax

/// `campaign explain CUSTOMER_ID PATH… --customers F --events F --from T --to T`: one
/// customer's story, with the values behind every decision.
enum ExplainCommand: Command {
    static let spec = CommandSpec(
        name: "explain",
        overview: "Tell one customer's story over the window: each entry, wait, branch and why, send, suppression and exit.",
        arguments: [ArgumentSpec(name: "customer-id", help: "The customer's id, as in the customers file.", repeating: false),
                    ArgumentSpec(name: "path", help: "The campaign files or folders.", repeating: true)],
        options: PlanInput.options,
        discussion: """
        Takes the same inputs as `campaign plan`, and prints that customer's part of the
        plan as a story in their local time, with the values that decided each branch,
        audience and exit.

        EXIT STATUS:
          0 success (warnings alone do not fail unless --strict), 1 errors in the
          campaigns or the data (or warnings, with --strict), 2 usage error (such as an
          id that is not in the customers file).

        EXAMPLES:
          campaign explain c001 examples --customers examples/data/customers.csv --events examples/data/events.csv --from 2026-09-01 --to 2026-12-31
        """)

    static func run(_ arguments: ParsedArguments, console: Console) -> ExitCode {
        let report = DiagnosticReport(arguments, console: console)
        defer { report.finish() }
        var arguments = arguments
        guard arguments.positionals.count >= 2 else {
            return usage(arguments.positionals.isEmpty ? "missing <customer-id> and <path>" : "missing <path>: name the campaign files or folders after the customer id", console: console)
        }
        let id = arguments.positionals.removeFirst()
        do {
            let (_, dataset, options) = try PlanInput.load(arguments, report: report)
            guard let customer = dataset.customers.row(of: id) else {
                var message = "error: no customer with id '\(TerminalText.escaping(id))' in \(arguments.value("customers") ?? "the customers file")"
                if dataset.customers.count == 0 { message += ", which has no customers" }
                if dataset.customers.count <= 100_000 {
                    let ids = (0..<dataset.customers.count).map { dataset.customers.id($0) }
                    if let guess = Suggestion.closest(to: id, among: ids) { message += "; did you mean '\(TerminalText.escaping(guess))'?" }
                }
                console.writeError(message + "\n")
                return .usage
            }
            let (plan, story) = Planner.explain(dataset, customer: customer, options: options)
            console.write(StoryText.render(customer: customer, dataset: dataset, plan: plan, story: story))
            return .success
        } catch {
            return error.status
        }
    }
}

/// The text of `explain`. Values from the data (the id, a field's value in a branch's
/// reason, rendered text) are escaped for the terminal, one line each (docs/output.md).
enum StoryText {
    static func render(customer: Int, dataset: Dataset, plan: Plan, story: [StoryLine]) -> String {
        func safe(_ text: String) -> String { TerminalText.escaping(text) }
        let table = dataset.table
        let columns = dataset.customers.columns
        var out = "customer \(safe(dataset.customers.id(customer)))"
        if let zoneField = table.program.timeZoneField {
            out += ", time zone " + (columns[zoneField.name]?.display(customer).map(safe) ?? "none (the policy's default)")
        }
        out += "\nwindow \(instant(plan.from, 0)) to \(instant(plan.to, 0))\n"
        for kind in ChannelKind.allCases {
            guard let channel = table.channels[kind] else { continue }
            var parts: [String] = []
            if let address = channel.address { parts.append("\(address) " + (columns[address]?.display(customer).map { _ in "present" } ?? "missing")) }
            if let consent = channel.consent { parts.append("\(consent) " + (columns[consent]?.display(customer).map(safe) ?? "missing")) }
            out += "  \(kind.rawValue): " + parts.joined(separator: ", ") + "\n"
        }
        out += "\n"
        if story.isEmpty {
            out += "nothing happens to this customer in the window: no trigger fired for any campaign\n"
            return out
        }
        let width = story.map { $0.campaign.count }.max() ?? 0
        for line in story {
            let when = instant(line.time, Int64(line.offset))
            var text = safe(line.text)
            if line.repeats > 0 {
                text += " — and \(line.repeats) more time\(line.repeats == 1 ? "" : "s") until \(instant(line.lastTime, Int64(line.offset)).prefix(10))"
            }
            out += when + "  " + line.campaign + String(repeating: " ", count: width - line.campaign.count) + "  " + text + "\n"
            for detail in line.details {
                out += String(repeating: " ", count: when.count + width + 4) + "· " + safe(detail) + "\n"
            }
        }
        var counts: [PlanAction: Int] = [:]
        for row in plan.rows { counts[row.action, default: 0] += 1 }
        out += "\n" + PlanAction.allCases.compactMap { a in counts[a].map { "\($0) \(a.rawValue)" } }.joined(separator: ", ")
        return out + (counts.isEmpty ? "no actions\n" : "\n")
    }

    static func instant(_ t: Int64, _ offset: Int64) -> String {
        InstantText.string(t, offset: offset)
    }
}
