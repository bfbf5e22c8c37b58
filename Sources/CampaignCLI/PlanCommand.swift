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
        options: PlanInput.options + BundlePlan.options + [
            OptionSpec("format", value: "format", help: "table (default on a terminal), csv (default otherwise), ndjson or json.",
                       choices: PlanWriter.Format.allCases.map(\.rawValue)),
            OptionSpec("render", help: "Put each sent message's rendered text in the detail column (SMS rows start with encoding and segments)."),
            OptionSpec("memory-limit", value: "size", help: "Memory for the whole run (default 1GiB), e.g. 64MiB, 512MB, 2GiB or bytes; the planned rows get what the data leaves of it, and beyond that sorted runs spill to a temporary folder under TMPDIR."),
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
          campaign plan examples --bundles - --from 2026-11-01 --to 2026-12-01 < bundles.ndjson
        """)

    static func run(_ arguments: ParsedArguments, console: Console) -> ExitCode {
        if let bundles = arguments.value("bundles") { return BundlePlan.run(arguments, path: bundles, console: console) }
        if arguments.value("batch-size") != nil {
            console.writeError("error: --batch-size is for --bundles; the two-file input is planned whole\n")
            return .usage
        }
        let report = DiagnosticReport(arguments, console: console)
        defer { report.finish() }
        do {
            let output = try scheduleOptions(arguments, console: console)
            let (_, dataset, options) = try load(arguments, report: report)
            ProcessLifetime.keep(dataset)
            let format = arguments.value("format").flatMap(PlanWriter.Format.init) ?? (console.stdoutIsTerminal ? .table : .csv)
            do throws(SpillError) {
                let schedule = try Planner.schedule(dataset, options: options, output: output)
                defer { schedule.remove() }
                try PlanWriter.write(schedule, format: format, threads: options.threads) { console.write(bytes: $0) }
                PhaseClock.shared.mark("write")
                if format == .table { report.prose(PlanSummary.line(count: schedule.count, actions: schedule.actions)) }
            } catch {
                // Rows that could not be spilled or read back: the schedule would be short.
                console.writeError("error: \(TerminalText.escaping(error.message))\n")
                return .usage
            }
            return .success
        } catch {
            return error.status
        }
    }

    /// `--memory-limit` and where to spill (`TMPDIR`, else /tmp).
    static func scheduleOptions(_ arguments: ParsedArguments, console: Console) throws(DataInput.Failure) -> ScheduleOptions {
        var limit = ScheduleOptions.defaultMemoryLimit
        if let text = arguments.value("memory-limit") {
            guard let bytes = ByteSize.parse(text) else {
                console.writeError("error: --memory-limit takes a size such as 512MiB, 2GiB, 64MB or a number of bytes, not '\(TerminalText.escaping(text))'\n")
                throw DataInput.Failure(status: .usage)
            }
            limit = bytes
        }
        let folder = console.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return ScheduleOptions(memoryLimit: limit, spillFolder: folder)
    }

    static func load(_ arguments: ParsedArguments, report: DiagnosticReport) throws(DataInput.Failure) -> (Project, Dataset, PlanOptions) {
        var (project, dataset, options) = try PlanInput.load(arguments, report: report)
        options.render = arguments.has("render")
        return (project, dataset, options)
    }
}

/// One line under a table: how many of each action.
enum PlanSummary {
    static func line(count: Int, actions counts: [PlanAction: Int]) -> String {
        let parts = PlanAction.allCases.compactMap { action in counts[action].map { "\($0) \(action.rawValue)" } }
        return "\(count) row\(count == 1 ? "" : "s")" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", ")) + "\n"
    }
}
