import CampaignData
import CampaignPlanner
import CampaignSyntax

/// `campaign plan PATH… --bundles FILE|-` (docs/language.md §9.5, "Customer bundles"): the schedule of
/// customer bundles, planned and written a batch of customers at a time, so that memory is
/// bounded by a batch, not the input. The rows are those of the two-file input on the same
/// data, each batch's in the plan's order: a stable sort of the whole output by the plan's
/// keys gives `campaign plan`'s output byte for byte.
enum BundlePlan {
    static let options = [
        OptionSpec("bundles", value: "file",
                   help: "Read customer bundles instead of --customers and --events: NDJSON, one customer and their events a line ({\"customer\": {…}, \"events\": [{\"event\": …, \"time\": …, \"properties\": {…}}]}); '-' reads standard input. Rows are written a batch at a time, each batch in the plan's order."),
        OptionSpec("batch-size", value: "n", help: "With --bundles: customers planned and written at once (default \(BundleReader.defaultBatchSize)); the rows never depend on it."),
    ]

    static func run(_ arguments: ParsedArguments, path: String, console: Console) -> ExitCode {
        let report = DiagnosticReport(arguments, console: console)
        defer { report.finish() }
        if let other = ["customers", "events", "customers-format", "events-format"].first(where: { arguments.value($0) != nil }) {
            console.writeError("error: --bundles replaces --customers and --events; leave out --\(other)\n")
            return .usage
        }
        let format = arguments.value("format").flatMap(PlanWriter.Format.init) ?? .csv
        guard var stream = PlanStream(format: format) else {
            console.writeError("error: --bundles writes csv, ndjson or json (a table needs every row before its first); use --format csv\n")
            return .usage
        }
        var batchSize = BundleReader.defaultBatchSize
        if let text = arguments.value("batch-size") {
            guard let n = Int(text), n >= 1, n <= 10_000_000 else {
                console.writeError("error: --batch-size takes a whole number of customers from 1 to 10000000, not '\(TerminalText.escaping(text))'\n")
                return .usage
            }
            batchSize = n
        }
        do throws(DataInput.Failure) {
            let output = try PlanCommand.scheduleOptions(arguments, console: console)
            var readOptions: ReadOptions
            do {
                readOptions = try DataInput.readOptions(arguments)
            } catch {
                console.writeError("error: --max-errors and --threads take a whole number (threads 1 to 256)\n")
                throw error
            }
            let (_, table, planned, use) = try PlanInput.program(arguments, report: report)
            var options = planned
            options.render = arguments.has("render")
            options.threads = readOptions.threads
            readOptions.use = use
            let input: BundleInput
            do {
                input = path == "-" ? console.standardInputBundles() : try BundleInput(path: path)
            } catch {
                report.add(data: [error])
                return .usage
            }
            var spillFailure: SpillError?
            let outcome = BundleReader.read(input, table: table, options: readOptions, batchSize: batchSize) { dataset in
                do throws(SpillError) {
                    let schedule = try Planner.schedule(dataset, options: options, output: output)
                    defer { schedule.remove() }
                    try stream.write(schedule, threads: options.threads) { console.write(bytes: $0) }
                } catch {
                    spillFailure = error
                    return false
                }
                // A closed pipe or a full disk: the rest could not be written.
                return console.outputFailure == nil
            }
            PhaseClock.shared.mark("bundles")
            if let spillFailure {
                console.writeError("error: \(TerminalText.escaping(spillFailure.message))\n")
                return .usage
            }
            if console.outputFailure != nil { return .success }
            DataInput.report([outcome.log], options: readOptions, to: report)
            if outcome.log.issues.contains(where: { $0.code == DataCode.unreadable }) { return .usage }
            // Every batch planned and written: the output is whole, even when the keys of
            // the whole input turn out wrong at the end (D0107).
            let whole = !outcome.stopped && outcome.batchesPlanned == outcome.batches
            if whole { stream.finish { console.write(bytes: $0) } }
            if !outcome.log.usable(skippingBadRows: readOptions.skipBadRows) || outcome.stopped {
                report.prose(whole ? "the schedule was written, but the data has errors about its keys: values under misspelt keys were not read\n"
                                   : "the schedule is incomplete: " + written(outcome.batchesPlanned)
                                     + (outcome.log.rowErrorCount > 0 && !readOptions.skipBadRows ? " (--skip-bad-rows plans the customers without errors)" : "") + "\n")
                return .inputErrors
            }
            let warnings = outcome.log.issues.count { $0.severity == .warning }
            if arguments.has("strict"), warnings > 0 {
                report.prose("the data has \(warnings) warning\(warnings == 1 ? "" : "s"); --strict fails on warnings\n")
                return .inputErrors
            }
            return .success
        } catch {
            return error.status
        }
    }

    static func written(_ batches: Int) -> String {
        switch batches {
        case 0: "no rows were written"
        case 1: "only the rows of the first batch were written"
        default: "only the rows of the first \(batches) batches were written"
        }
    }
}
