import CampaignData
import CampaignPlanner
import CampaignSemantics
import CampaignSyntax

/// `campaign plan PATH… --customers F --events F --from T --to T`: the schedule of docs/language.md §8.
enum PlanCommand: Command {
    static let spec = CommandSpec(
        name: "plan",
        overview: "Run every campaign against the customers over a window: who gets what, on which channel, at what local time, and why the rest did not.",
        arguments: [ArgumentSpec(name: "path", help: "The campaign files or folders.", repeating: true)],
        options: PlanInput.options + [
            OptionSpec("format", value: "format", help: "table (default on a terminal), csv (default otherwise), ndjson or json.",
                       choices: PlanWriter.Format.allCases.map(\.rawValue)),
            OptionSpec("render", help: "Put each sent message's rendered text in the detail column (SMS rows start with encoding and segments)."),
        ],
        discussion: """
        OUTPUT:
          One row per action, sorted by time, customer id and campaign; rows that
          share all three keep the order the journey did them in (enter before its
          first send). Columns: time (UTC), local_time (the customer's), customer_id,
          campaign, step, action (send suppress tag untag unsubscribe enter exit goal),
          channel, detail (the trigger of an entry, why a message was suppressed or a
          journey exited, the conversion of a goal; the text with --render).

        EXIT STATUS:
          0 success (warnings alone do not fail unless --strict), 1 errors in the
          campaigns or the data (or warnings, with --strict), 2 usage or I/O error.

        EXAMPLES:
          campaign plan examples --customers examples/data/customers.csv --events examples/data/events.csv --from 2026-09-01 --to 2026-12-31
          campaign plan examples --customers c.csv --events e.csv --from 2026-11-01 --to 2026-12-01 --campaign winback_sms --render --format csv
        """)

    static func run(_ arguments: ParsedArguments, console: Console) -> ExitCode {
        let report = DiagnosticReport(arguments, console: console)
        defer { report.finish() }
        do {
            let (_, dataset, options) = try load(arguments, report: report)
            ProcessLifetime.keep(dataset)
            let plan = Planner.plan(dataset, options: options)
            ProcessLifetime.keep(plan)
            let format = arguments.value("format").flatMap(PlanWriter.Format.init) ?? (console.stdoutIsTerminal ? .table : .csv)
            for chunk in PlanWriter.chunks(plan, format: format, threads: options.threads) { console.write(bytes: chunk) }
            PhaseClock.shared.mark("write")
            if format == .table { report.prose(PlanSummary.line(plan)) }
            return .success
        } catch {
            return error.status
        }
    }

    static func load(_ arguments: ParsedArguments, report: DiagnosticReport) throws(DataInput.Failure) -> (Project, Dataset, PlanOptions) {
        var (project, dataset, options) = try PlanInput.load(arguments, report: report)
        options.render = arguments.has("render")
        return (project, dataset, options)
    }
}

/// One line under a table: how many of each action.
enum PlanSummary {
    static func line(_ plan: Plan) -> String {
        var counts: [PlanAction: Int] = [:]
        for row in plan.rows { counts[row.action, default: 0] += 1 }
        let parts = PlanAction.allCases.compactMap { action in counts[action].map { "\($0) \(action.rawValue)" } }
        return "\(plan.rows.count) row\(plan.rows.count == 1 ? "" : "s")" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", ")) + "\n"
    }
}
