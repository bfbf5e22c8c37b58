import CampaignData
import CampaignSemantics
import CampaignSyntax

/// `campaign segments PATH… --customers F --events F --at T`: how many customers match
/// each segment at an instant.
enum SegmentsCommand: Command {
    static let spec = CommandSpec(
        name: "segments",
        overview: "Count the customers in each segment at an instant, from a customers and an events file.",
        arguments: [ArgumentSpec(name: "path", help: "The campaign files or folders that declare the schema and segments.", repeating: true)],
        options: DataInput.options + [
            OptionSpec("at", value: "instant", help: "The instant: 2026-11-01 (midnight UTC), \"2026-11-01 09:00\" (UTC, or a zone after it) or an ISO 8601 time such as 2026-11-01T09:00:00-05:00. Events up to and including it count."),
            OptionSpec("list", value: "segment", help: "Print the ids of the customers in this segment instead of the counts (sorted)."),
            OptionSpec("format", value: "format", help: "text (default), json or csv.", choices: ["text", "json", "csv"]),
        ],
        discussion: """
        EXIT STATUS:
          0 success (warnings alone do not fail unless --strict), 1 errors in the
          campaigns or the data (row errors; or warnings, with --strict), 2 usage or I/O
          error.

        EXAMPLES:
          campaign segments examples --customers examples/data/customers.csv --events examples/data/events.csv --at 2026-11-01
          campaign segments examples --customers c.csv --events e.csv --at 2026-11-01 --list lapsing
        """)

    static func run(_ arguments: ParsedArguments, console: Console) -> ExitCode {
        let report = DiagnosticReport(arguments, console: console)
        defer { report.finish() }
        guard let atText = arguments.value("at") else {
            return usage("--at INSTANT is required", console: console)
        }
        guard let at = parseInstant(atText) else {
            console.writeError(instantError("at", atText))
            return .usage
        }
        do {
            let (_, checked) = try DataInput.project(arguments, report: report)
            let table = checked.table
            if let list = arguments.value("list"), table.segments[list] == nil {
                let guess = Suggestion.closest(to: list, among: table.segmentNames)
                console.writeError("error: no segment named '\(list)'" + (guess.map { "; did you mean '\($0)'?" } ?? "") + "\n")
                return .usage
            }
            let use = DataUse.of(campaigns: [], segments: table.segmentNames, in: table)
            let (dataset, options) = try DataInput.dataset(arguments, table: table, use: use, report: report)
            ProcessLifetime.keep(dataset)
            let evaluator = Evaluator(dataset)
            let names = table.segmentNames
            let counts = evaluator.count(segments: names, at: at, listing: arguments.value("list"), threads: options.threads)
            PhaseClock.shared.mark("segments")
            let format = arguments.value("format") ?? "text"
            let customers = dataset.customers
            if let list = arguments.value("list"), let match = counts.first(where: { $0.name == list }) {
                let ids = match.rows.map { customers.id($0) }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                switch format {
                case "json": console.write(JSONValue.array(ids.map(JSONValue.string)).serialized(pretty: true) + "\n")
                case "csv": console.write("id\n" + ids.map(csvField).map { $0 + "\n" }.joined())
                default: console.write(ids.map { TerminalText.escaping($0) + "\n" }.joined())
                }
                return .success
            }
            let instant = InstantText.string(at)
            switch format {
            case "json":
                let value = JSONValue.object([
                    ("at", .string(instant)), ("customers", .int(customers.count)),
                    ("segments", .array(counts.map { .object([("name", .string($0.name)), ("customers", .int($0.count))]) })),
                ])
                console.write(value.serialized(pretty: true) + "\n")
            case "csv":
                console.write("segment,customers\n" + counts.map { "\($0.name),\($0.count)\n" }.joined())
            default:
                console.write("segments at \(instant), \(customers.count) customer\(customers.count == 1 ? "" : "s"), \(dataset.events.count) event\(dataset.events.count == 1 ? "" : "s")\n\n")
                let width = max(7, names.map(\.count).max() ?? 0)
                console.write("segment".padding(width) + "  customers   share\n")
                for count in counts {
                    // No customers, no share: "–", as the preview writes a rate of nobody.
                    let shareText = customers.count == 0
                        ? "–" : String(Int((Double(count.count) * 100 / Double(customers.count) * 10).rounded())).insertingDecimal() + "%"
                    console.write(count.name.padding(width) + "  " + String(count.count).leftPadding(9) + "  " + shareText.leftPadding(6) + "\n")
                }
            }
            return .success
        } catch {
            return error.status
        }
    }

    static func csvField(_ text: String) -> String {
        text.contains(",") || text.contains("\"") || text.contains("\n") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - DisplayWidth.of(self))) }
    func leftPadding(_ width: Int) -> String { String(repeating: " ", count: max(0, width - DisplayWidth.of(self))) + self }
    /// "125" → "12.5" (tenths).
    func insertingDecimal() -> String {
        let padded = count < 2 ? String(repeating: "0", count: 2 - count) + self : self
        return String(padded.dropLast()) + "." + String(padded.last ?? "0")
    }
}

import Foundation
