import CampaignData
import CampaignPlanner
import CampaignSemantics
import CampaignSyntax
import Foundation

/// The inputs every data command shares: a checked project and the two data files.
enum DataInput {
    static let options: [OptionSpec] = [
        OptionSpec("customers", value: "file", help: "The customers file: CSV with a header, or NDJSON (by extension: .ndjson, .jsonl). '-' reads standard input."),
        OptionSpec("events", value: "file", help: "The events file: CSV (customer_id, event, time, then property columns) or NDJSON with a `properties` object."),
        OptionSpec("customers-format", value: "format", help: "csv or ndjson, when the extension does not say.", choices: ["csv", "ndjson"]),
        OptionSpec("events-format", value: "format", help: "csv or ndjson, when the extension does not say.", choices: ["csv", "ndjson"]),
        OptionSpec("max-errors", value: "n", help: "Show at most this many row errors (default 20; 0 shows none); all are counted. Errors in a file as a whole always show."),
        OptionSpec("skip-bad-rows", help: "Leave out rows with errors (reported as a count by reason) instead of failing."),
        OptionSpec("threads", value: "n", help: "Threads for reading and evaluating (default: all cores). Results are identical for every value."),
        OptionSpec("root", value: "dir", help: "The project root that imports may not leave."),
        OptionSpec("strict", help: "Fail (exit 1) on warnings too, the campaigns' and the data's, as `check --strict` does; nothing is run."),
        DiagnosticFormat.diagnosticsOption,
    ]

    struct Failure: Error { let status: ExitCode }

    /// `project(_:report:)` with its problems as text, for a command without
    /// `--diagnostics-format`.
    static func project(_ arguments: ParsedArguments, console: Console) throws(Failure) -> (Project, CheckedProject) {
        try project(arguments, report: DiagnosticReport(arguments, console: console))
    }

    /// Loads and type-checks the project; reports its problems (warnings too: they fail
    /// the command with `--strict`), their files named by `displayPath` (`campaign diff
    /// --base-ref` names a copy taken out of git `REV:PATH`).
    static func project(_ arguments: ParsedArguments, report: DiagnosticReport,
                        displayPath: ((String) -> String)? = nil) throws(Failure) -> (Project, CheckedProject) {
        let console = report.console
        guard !arguments.positionals.isEmpty else {
            console.writeError("error: missing <path>: name the campaign files or folders\n")
            throw Failure(status: .usage)
        }
        // Standard input can be read once: the second reader would find it empty.
        if arguments.positionals.contains("-"), let data = ["customers", "events", "bundles"].first(where: { arguments.value($0) == "-" }) {
            console.writeError("error: the campaigns and --\(data) cannot both read standard input ('-')\n")
            throw Failure(status: .usage)
        }
        let project: Project
        do {
            project = try ProjectInput.load(arguments.positionals, root: arguments.value("root"), console: console)
        } catch {
            console.writeError("error: \(error.message)\n")
            throw Failure(status: .usage)
        }
        var shown = project.sources
        if let displayPath {
            shown = SourceMap()
            for file in project.sources.files { _ = shown.add(SourceFile(path: displayPath(file.path), bytes: file.bytes)) }
        }
        if project.diagnostics.hasErrors {
            report.add(project.diagnostics.sortedForOutput(in: project.sources), sources: shown)
            throw Failure(status: .inputErrors)
        }
        let checked = SemanticChecker.check(project)
        let diagnostics = (project.diagnostics + checked.diagnostics).sortedForOutput(in: project.sources)
        report.add(diagnostics, sources: shown)
        if diagnostics.hasErrors {
            report.prose("the campaigns have \(summary(diagnostics)); fix them before running against data\n")
            throw Failure(status: .inputErrors)
        }
        if arguments.has("strict"), diagnostics.warningCount > 0 {
            report.prose("the campaigns have \(summary(diagnostics)); --strict fails on warnings\n")
            throw Failure(status: .inputErrors)
        }
        return (project, checked)
    }

    static func readOptions(_ arguments: ParsedArguments) throws(Failure) -> ReadOptions {
        var options = ReadOptions(skipBadRows: arguments.has("skip-bad-rows"))
        if let text = arguments.value("max-errors") {
            guard let n = Int(text), n >= 0 else { throw Failure(status: .usage) }
            options.maxErrors = n
        }
        if let text = arguments.value("threads") {
            guard let n = Int(text), n >= 1, n <= 256 else { throw Failure(status: .usage) }
            options.threads = n
        }
        return options
    }

    /// Reads both files, storing the events `use` names (every row is validated); prints
    /// their problems; fails on row errors unless skipping, and on warnings with `--strict`.
    static func dataset(_ arguments: ParsedArguments, table: DeclarationTable, use: DataUse, report: DiagnosticReport) throws(Failure) -> (Dataset, ReadOptions) {
        let console = report.console
        guard let customersPath = arguments.value("customers"), let eventsPath = arguments.value("events") else {
            console.writeError("error: --customers FILE and --events FILE are both required\n")
            throw Failure(status: .usage)
        }
        if customersPath == "-" && eventsPath == "-" {
            console.writeError("error: only one of --customers and --events can read standard input\n")
            throw Failure(status: .usage)
        }
        var options: ReadOptions
        do {
            options = try readOptions(arguments)
        } catch {
            console.writeError("error: --max-errors and --threads take a whole number (threads 1 to 256)\n")
            throw error
        }
        options.use = use
        let customers: DataFile, events: DataFile
        do {
            customers = try DataFile(path: customersPath, standardInput: { console.readStandardInput() })
            events = try DataFile(path: eventsPath, standardInput: { console.readStandardInput() })
        } catch {
            report.add(data: [error])
            throw Failure(status: .usage)
        }
        let forcedCustomers = arguments.value("customers-format").map { DataFile(reformatting: customers, ndjson: $0 == "ndjson") } ?? customers
        let forcedEvents = arguments.value("events-format").map { DataFile(reformatting: events, ndjson: $0 == "ndjson") } ?? events
        let outcome = DatasetLoader.load(table: table, customers: forcedCustomers, events: forcedEvents, options: options)
        Self.report(outcome.logs, options: options, to: report)
        guard let dataset = outcome.dataset else {
            // Files are read in windows after they are opened: a read that fails there is
            // an I/O error (exit 2), as one at opening is.
            let unreadable = outcome.logs.contains { $0.issues.contains { $0.code == DataCode.unreadable } }
            throw Failure(status: unreadable ? .usage : .inputErrors)
        }
        let warnings = outcome.logs.reduce(0) { $0 + $1.issues.count { $0.severity == .warning } }
        if arguments.has("strict"), warnings > 0 {
            report.prose("the data has \(warnings) warning\(warnings == 1 ? "" : "s"); --strict fails on warnings\n")
            throw Failure(status: .inputErrors)
        }
        return (dataset, options)
    }

    /// Reports what reading found: warnings and errors about a whole file always (skipping
    /// rows cannot help those), row errors up to `--max-errors`, or with `--skip-bad-rows`
    /// a count of the rows left out, by reason. Values from the data are escaped for the
    /// terminal (docs/output.md). A machine format has no prose: it carries the row errors
    /// kept (`--max-errors`) even when their rows are skipped, for its reader to count.
    static func report(_ logs: [IssueLog], options: ReadOptions, to report: DiagnosticReport) {
        for log in logs {
            let machine = report.format != .text
            report.add(data: log.issues.filter { machine || !(options.skipBadRows && $0.severity == .error && !$0.isFileLevel) })
            let shown = log.issues.filter { $0.severity == .error }.count
            let file = TerminalText.escaping(log.file ?? "")
            if options.skipBadRows, log.rowErrorCount > 0 {
                let skipped = log.rowErrorCount
                let reasons = log.countsByCode.filter { !DataCode.aboutTheFile.contains($0.key) }.sorted { $0.key.id < $1.key.id }
                    .map { "\($0.value) × \($0.key.id) (\($0.key.title))" }
                report.prose("\(file): skipped \(skipped) bad row\(skipped == 1 ? "" : "s"): " + reasons.joined(separator: ", ") + "\n")
            } else if log.errorCount > shown {
                let hidden = log.errorCount - shown
                report.prose(shown == 0 ? "\(file): \(hidden) error\(hidden == 1 ? "" : "s") in rows (--max-errors shows them)\n"
                             : "… and \(hidden) more error\(hidden == 1 ? "" : "s") (--max-errors shows more)\n")
            }
        }
    }
}

extension ExitCode: Error {}

/// `--at`, `--from`, `--to`: `2026-11-01` (midnight UTC) or an ISO 8601 instant with a zone,
/// inside `InstantRange`.
func parseInstant(_ text: String) -> Int64? {
    if let instant = Array(text.utf8).withUnsafeBufferPointer({ ValueParsers.time($0) }) { return instant }
    return languageInstant(text)
}

/// The language's own way to write an instant (docs/language.md §2): `2026-04-01 09:00`
/// (UTC), optionally with seconds, then optionally a time zone (`2026-04-01 09:00
/// Europe/Paris`, in quotes or not), resolved as the planner resolves local times (a time
/// in a DST gap is the first instant after it, one in an overlap the first occurrence).
func languageInstant(_ text: String) -> Int64? {
    let words = text.split(separator: " ", omittingEmptySubsequences: true)
    guard words.count == 2 || words.count == 3 else { return nil }
    let clock = words[1].count == 4 ? "0" + words[1] : String(words[1])
    let seconds = clock.count == 5 ? clock + ":00" : clock
    guard let utc = Array("\(words[0])T\(seconds)Z".utf8).withUnsafeBufferPointer({ ValueParsers.time($0) }) else { return nil }
    guard words.count == 3 else { return utc }
    let name = words[2].trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
    guard let zone = ZoneRules(identifier: name, from: utc - 2 * 86_400, to: utc + 2 * 86_400) else { return nil }
    return zone.resolve(local: utc)
}

/// The usage error for an `--at`/`--from`/`--to` value that `parseInstant` refused.
func instantError(_ option: String, _ text: String) -> String {
    if Array(text.utf8).withUnsafeBufferPointer({ ValueParsers.anyTime($0) }) != nil {
        return "error: --\(option) must be a time from \(InstantRange.description), not '\(text)'\n"
    }
    let words = text.split(separator: " ")
    if words.count == 3, languageInstant(words.prefix(2).joined(separator: " ")) != nil {
        return "error: --\(option): unknown time zone '\(words[2])'; use an IANA name such as Europe/Paris\n"
    }
    if let reason = CivilCalendar.dateProblem(text) {
        return "error: --\(option): '\(text)' is not a date: \(reason)\n"
    }
    return "error: --\(option) takes a date (2026-11-01, midnight UTC), a date and time (2026-11-01 09:00, UTC unless a zone follows) or an ISO 8601 time with a zone, not '\(text)'\n"
}
