import CampaignData
import CampaignPlanner
import CampaignReports
import CampaignSemantics
import CampaignSyntax

/// `campaign preview PATH… --customers F --events F --from T --to T`: who gets what, as
/// numbers, and optionally as an HTML report.
enum PreviewCommand: Command {
    static let spec = CommandSpec(
        name: "preview",
        overview: "Dry-run the campaigns and summarise: per message sent, deferred and suppressed (by reason), sends per day, the goal funnel, samples.",
        arguments: [ArgumentSpec(name: "path", help: "The campaign files or folders.", repeating: true)],
        options: PlanInput.options + [
            OptionSpec("format", value: "format", help: "text (default) or json.", choices: ["text", "json"]),
            OptionSpec("html", value: "file", help: "Also write a self-contained HTML report (charts, journey diagrams, sample messages) to this file."),
        ],
        discussion: """
        The numbers come from the same plan as `campaign plan` on the same inputs, with
        messages rendered (for SMS segments and samples). Sends are counted per day in
        the policy's time zone (else UTC), said beside them; the text lists them per week
        (from Monday) when the window is longer than 60 days, the JSON always per day.

        EXIT STATUS:
          0 success (warnings alone do not fail unless --strict), 1 errors in the
          campaigns or the data (or warnings, with --strict), 2 usage or I/O error.

        EXAMPLES:
          campaign preview examples --customers examples/data/customers.csv --events examples/data/events.csv --from 2026-04-01 --to 2027-01-01
          campaign preview examples --customers c.csv --events e.csv --from 2026-11-01 --to 2026-12-01 --html preview.html
        """)

    static func run(_ arguments: ParsedArguments, console: Console) -> ExitCode {
        let report = DiagnosticReport(arguments, console: console)
        defer { report.finish() }
        do {
            var (_, dataset, options) = try PlanInput.load(arguments, report: report)
            ProcessLifetime.keep(dataset)
            options.render = true
            let plan = Planner.plan(dataset, options: options)
            ProcessLifetime.keep(plan)
            let preview = Preview(plan, policyOf: dataset.table)
            if let path = arguments.value("html") {
                let graphs = Dictionary(uniqueKeysWithValues: plan.campaigns.compactMap { name in
                    dataset.table.campaigns[name].map { (name, JourneyGraph($0)) }
                })
                do {
                    let file = try AtomicFile(path: path)
                    try file.write(Array(PreviewHTML.render(preview, graphs: graphs).utf8))
                    try file.commit()
                } catch {
                    console.writeError("error: \(error.message)\n")
                    return .usage
                }
            }
            console.write(arguments.value("format") == "json" ? PreviewJSON.render(preview) : PreviewText.render(preview))
            if let path = arguments.value("html") { report.prose("wrote \(path)\n") }
            return .success
        } catch {
            return error.status
        }
    }
}
