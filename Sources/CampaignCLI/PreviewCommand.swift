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
        options: PlanInput.options + PlanFileInput.options + [
            OptionSpec("format", value: "format", help: "text (default) or json.", choices: ["text", "json"]),
            OptionSpec("html", value: "file", help: "Also write a self-contained HTML report (charts, journey diagrams, sample messages) to this file."),
        ],
        discussion: """
        The numbers come from the same plan as `campaign plan` on the same inputs, with
        messages rendered (for SMS segments and samples). Sends are counted per day in
        the policy's time zone (else UTC), said beside them; the text lists them per week
        (from Monday) when the window is longer than 60 days, the JSON always per day.

        With --plan, the rows come from a plan already made (by `campaign plan --render`,
        here or on a cluster; CSV or NDJSON, lines in any order) and the campaigns give
        the journeys; --from and --to must be the window it was made for. A plan does not
        hold whether a send waited for the send window or quiet hours, nor where an
        `exit when` found the journey: they are worked out from the journeys where the
        rows allow, and shown as ? where they do not (docs/output.md).

        EXIT STATUS:
          0 success (warnings alone do not fail unless --strict), 1 errors in the
          campaigns or the data (or warnings, with --strict), or a --plan the campaigns
          did not make (an unknown campaign or step, a detail they do not write, a row
          outside the window), 2 usage or I/O error, or a --plan file that is not a plan.

        EXAMPLES:
          campaign preview examples --customers examples/data/customers.csv --events examples/data/events.csv --from 2026-04-01 --to 2027-01-01
          campaign preview examples --customers c.csv --events e.csv --from 2026-11-01 --to 2026-12-01 --html preview.html
          campaign plan examples --customers c.csv --events e.csv --from 2026-11-01 --to 2026-12-01 --render --format ndjson > plan.ndjson
          campaign preview examples --plan plan.ndjson --from 2026-11-01 --to 2026-12-01 --customer-count 1000000
          campaign preview examples --plan spark-out/ --from 2026-11-01 --to 2026-12-01 --format json
        """)

    static func run(_ arguments: ParsedArguments, console: Console) -> ExitCode {
        let report = DiagnosticReport(arguments, console: console)
        defer { report.finish() }
        do {
            let (preview, campaigns, table) = try arguments.value("plan") == nil ? planned(arguments, report: report) : read(arguments, report: report)
            if let path = arguments.value("html") {
                let graphs = Dictionary(uniqueKeysWithValues: campaigns.compactMap { name in
                    table.campaigns[name].map { (name, JourneyGraph($0)) }
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

    /// The preview of a plan made now, from the data.
    static func planned(_ arguments: ParsedArguments, report: DiagnosticReport) throws(DataInput.Failure) -> (Preview, [String], DeclarationTable) {
        for name in ["plan-format", "customer-count"] where arguments.value(name) != nil {
            report.console.writeError("error: --\(name) goes with --plan FILE, a plan already made\n")
            throw DataInput.Failure(status: .usage)
        }
        var (_, dataset, options) = try PlanInput.load(arguments, report: report)
        ProcessLifetime.keep(dataset)
        options.render = true
        let plan = Planner.plan(dataset, options: options)
        ProcessLifetime.keep(plan)
        return (Preview(plan, policyOf: dataset.table), plan.campaigns, dataset.table)
    }

    /// The preview of a plan already made, read from `--plan` (docs/output.md, "Reading a
    /// plan back"): the campaigns give the journeys, the file the rows.
    static func read(_ arguments: ParsedArguments, report: DiagnosticReport) throws(DataInput.Failure) -> (Preview, [String], DeclarationTable) {
        let console = report.console
        if let given = PlanFileInput.makingOptions.first(where: { arguments.value($0) != nil || arguments.has($0) }) {
            console.writeError("error: --\(given) makes a plan, and --plan reads one already made: leave --\(given) out\n")
            throw DataInput.Failure(status: .usage)
        }
        var customers: Int?
        if let text = arguments.value("customer-count") {
            guard let n = Int(text), n >= 0 else {
                console.writeError("error: --customer-count takes a whole number, not '\(TerminalText.escaping(text))'\n")
                throw DataInput.Failure(status: .usage)
            }
            customers = n
        }
        let path = arguments.value("plan") ?? "-"
        if path == "-" && arguments.positionals.contains("-") {
            console.writeError("error: the campaigns and --plan cannot both read standard input ('-')\n")
            throw DataInput.Failure(status: .usage)
        }
        var options = try PlanInput.window(arguments, console: console)
        let (_, checked) = try DataInput.project(arguments, report: report)
        let table = checked.table
        options.campaigns = try selectedCampaigns(arguments.value("campaign"), in: table, console: console) ?? []
        let (file, empty) = try PlanFileInput.load(arguments, path: path, table: table, options: options, console: console)
        ProcessLifetime.keep(file)
        if let customers, customers < file.ids.count {
            console.writeError("error: --customer-count \(customers) is fewer than the \(file.ids.count) customers with rows in the plan\n")
            throw DataInput.Failure(status: .inputErrors)
        }
        return (Preview(file, of: empty, customers: customers, policyOf: table), empty.campaigns, table)
    }
}
