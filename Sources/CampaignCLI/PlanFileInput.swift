import CampaignData
import CampaignPlanner
import CampaignSemantics
import CampaignSyntax

/// `campaign preview --plan FILE`: a plan already made, read back (docs/language.md §9.7,
/// docs/output.md "Reading a plan back"). FILE is a CSV or NDJSON plan as `campaign plan`
/// writes it, `-` for standard input, or a folder of part files (a cluster's output: every
/// file but those starting with `.` or `_`, such as Spark's `_SUCCESS` and `.crc` files).
enum PlanFileInput {
    static let options: [OptionSpec] = [
        OptionSpec("plan", value: "file", help: "Preview a plan already made (by `campaign plan --render`, here or on a cluster) instead of planning: its CSV or NDJSON file, a folder of part files, or '-' for standard input. The campaigns give the journeys; --from and --to the window it was made for."),
        OptionSpec("plan-format", value: "format", help: "csv or ndjson, when the extension does not say (else a first '{' means NDJSON).", choices: ["csv", "ndjson"]),
        OptionSpec("customer-count", value: "n", help: "With --plan: how many customers were planned (a plan holds only those with rows)."),
    ]

    /// What `--plan` leaves no room for: the options that make a plan rather than read one.
    static let makingOptions = ["customers", "events", "customers-format", "events-format", "skip-bad-rows", "max-errors", "engagement", "seed"]

    /// The plan of `--plan` for the checked campaigns over the window in `options`, with the
    /// empty plan of the same campaigns it was read against; the exit status after saying
    /// why not.
    static func load(_ arguments: ParsedArguments, path: String, table: DeclarationTable, options: PlanOptions,
                     console: Console) throws(DataInput.Failure) -> (PlanFile, Plan) {
        // The campaigns planned on nobody: their names, journeys and texts, which the rows
        // refer to and are checked against.
        guard let empty = PlanReader.campaignsOnly(table, options: options) else {
            console.writeError("error: the campaigns cannot be planned on no customers\n")
            throw DataInput.Failure(status: .inputErrors)
        }
        var reader = PlanReader(empty, known: Set(table.campaignNames))
        let forced = arguments.value("plan-format")
        let files = try files(path, console: console)
        do throws(PlanReadError) {
            for (name, bytes) in files {
                let ndjson = forced.map { $0 == "ndjson" } ?? format(of: name, bytes)
                try reader.read(bytes, file: name, ndjson: ndjson)
            }
            return (try reader.finish(), empty)
        } catch {
            console.writeError(TerminalText.escaping(error.text) + "\n")
            throw DataInput.Failure(status: error.kind == .notAPlan ? .usage : .inputErrors)
        }
    }

    /// NDJSON by extension (`.ndjson`, `.jsonl`, `.json`), CSV by `.csv`; otherwise (part
    /// files, standard input) NDJSON when the first byte that is not white space is `{`.
    static func format(of name: String, _ bytes: [UInt8]) -> Bool {
        let lower = name.lowercased()
        if lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") || lower.hasSuffix(".json") { return true }
        if lower.hasSuffix(".csv") { return false }
        return bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 } == 0x7B
    }

    /// The files of `--plan`, each with its bytes: one file, standard input, or a folder's
    /// files in byte order of their names.
    static func files(_ path: String, console: Console) throws(DataInput.Failure) -> [(String, [UInt8])] {
        if path == "-" {
            guard let bytes = console.readStandardInput() else {
                console.writeError("error: --plan -: standard input cannot be read\n")
                throw DataInput.Failure(status: .usage)
            }
            return [("<stdin>", bytes)]
        }
        switch FileSystem.kind(path) {
        case .file?:
            guard let bytes = FileSystem.read(path) else {
                console.writeError("error: --plan: cannot read '\(TerminalText.escaping(path))'\n")
                throw DataInput.Failure(status: .usage)
            }
            return [(path, bytes)]
        case .directory?:
            let names = (FileSystem.entries(in: path) ?? []).map(\.name).filter { !$0.hasPrefix(".") && !$0.hasPrefix("_") }
                .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            var found: [(String, [UInt8])] = []
            for name in names where FileSystem.kind(path + "/" + name) == .file {
                guard let bytes = FileSystem.read(path + "/" + name) else {
                    console.writeError("error: --plan: cannot read '\(TerminalText.escaping(path + "/" + name))'\n")
                    throw DataInput.Failure(status: .usage)
                }
                found.append((path + "/" + name, bytes))
            }
            if found.isEmpty {
                console.writeError("error: --plan: the folder '\(TerminalText.escaping(path))' holds no plan files (names starting with '.' or '_' are not read)\n")
                throw DataInput.Failure(status: .usage)
            }
            return found
        default:
            console.writeError("error: --plan: no such file or folder: '\(TerminalText.escaping(path))'\n")
            throw DataInput.Failure(status: .usage)
        }
    }
}
