import CampaignData
import CampaignPlanner
import CampaignReports
import CampaignSemantics
import CampaignSyntax
import Foundation

/// `campaign diff BASE HEAD --customers F --events F --from T --to T`: what a change to the
/// campaigns does to real customers (docs/diff.md).
enum DiffCommand: Command {
    enum Format: String, CaseIterable {
        case text, markdown, json, github
    }

    static let spec = CommandSpec(
        name: "diff",
        overview: "Plan two versions of the campaigns against the same data and show what the change does: who gains a message, who loses one, what moves, and why.",
        arguments: [ArgumentSpec(name: "base", help: "The version before the change: a campaign file or folder (with --base-ref, leave it out).", repeating: false),
                    ArgumentSpec(name: "head", help: "The version after the change (with --base-ref: the paths, as they are now).", repeating: true)],
        options: PlanInput.options + [
            OptionSpec("format", value: "format", help: "text (default), markdown (for a pull-request comment), json (versioned, docs/diff.md) or github (a notice on each changed campaign).",
                       choices: Format.allCases.map(\.rawValue)),
            OptionSpec("sample", value: "n", help: "Sample customers shown per changed campaign, each with why in both versions (default 3; 0 shows no customer ids)."),
            OptionSpec("exit-code", help: "Exit 3 when there are differences and 0 when there are none."),
            OptionSpec("base-ref", value: "rev", help: "Take the base from git: the paths as they were at this revision of the repository that holds them; the head is the working tree."),
        ],
        discussion: """
        Both versions are planned against the same data, window, engagement model and
        seed. Rows are matched by customer, campaign, step, action and channel: rows at
        the same instant are unchanged (a suppression there for another reason is
        changed), the rest pair in time order as moved, what remains is added or
        removed. A campaign renamed with the same body is matched under its new name.

        EXIT STATUS:
          0 success (and, with --exit-code, no differences), 1 errors in either
          version or in the data, 2 usage or I/O error (an unknown revision, no
          repository), 3 differences found (with --exit-code).

        EXAMPLES:
          campaign diff old/ new/ --customers examples/data/customers.csv --events examples/data/events.csv --from 2026-09-01 --to 2026-12-31
          campaign diff --base-ref origin/main campaigns --customers c.csv --events e.csv --from 2026-11-01 --to 2026-12-01 --format markdown --sample 0
        """)

    static func run(_ arguments: ParsedArguments, console: Console) -> ExitCode {
        let report = DiagnosticReport(arguments, console: console)
        defer { report.finish() }
        let sample: Int
        if let text = arguments.value("sample") {
            guard let n = Int(text), n >= 0, n <= 1_000 else { return usage("--sample takes a whole number from 0 to 1000, not '\(text)'", console: console) }
            sample = n
        } else {
            sample = 3
        }
        if arguments.positionals.contains("-") || arguments.value("customers") == "-" || arguments.value("events") == "-" {
            return usage("campaign diff reads the campaigns of two versions and may read the data twice: name files, not standard input ('-')", console: console)
        }
        let format = arguments.value("format").flatMap(Format.init) ?? .text
        do {
            let sources = try versions(arguments, console: console)
            defer { if let folder = sources.base.temporary { try? FileManager.default.removeItem(atPath: folder) } }
            var options = try PlanInput.window(arguments, console: console)
            let base = try check(sources.base, arguments, report: report)
            let head = try check(sources.head, arguments, report: report)
            let statics = StaticDiff(base: base, head: head)
            let (baseCampaigns, headCampaigns) = try selection(arguments.value("campaign"), base: base.table, head: head.table,
                                                                renames: statics.renames, console: console)
            let baseUse = use(baseCampaigns, base.table), headUse = use(headCampaigns, head.table)
            // The usual change leaves the schema alone: then the data is read once, keeping
            // what either version reads, and serves both (the stores are keyed by name).
            let sameSchema = base.table.readsDataLike(head.table)
            let headData = try DataInput.dataset(arguments, table: head.table, use: sameSchema ? headUse.union(baseUse) : headUse, report: report)
            let baseData = sameSchema
                ? Dataset(table: base.table, customers: headData.0.customers, events: headData.0.events, stored: headData.0.stored)
                : try baseDataset(arguments, table: base.table, use: baseUse, label: sources.base.label, report: report)
            options.threads = headData.1.threads
            var baseOptions = options, headOptions = options
            baseOptions.campaigns = baseCampaigns
            headOptions.campaigns = headCampaigns
            let basePlan = Planner.plan(baseData, options: baseOptions)
            let headPlan = Planner.plan(headData.0, options: headOptions)
            // As `plan` does: millions of rows are not freed one by one before the process ends.
            for value: any Sendable in [headData.0, baseData, basePlan, headPlan] { ProcessLifetime.keep(value) }
            let diff = DiffReport(base: DiffSide(label: sources.base.label, version: base, dataset: baseData, options: baseOptions, plan: basePlan),
                                  head: DiffSide(label: sources.head.label, version: head, dataset: headData.0, options: headOptions, plan: headPlan),
                                  sample: sample, only: arguments.value("campaign") == nil ? nil : Set(baseCampaigns + headCampaigns))
            PhaseClock.shared.mark("diff")
            switch format {
            case .text: console.write(DiffText.render(diff))
            case .json: console.write(DiffJSON.render(diff))
            case .markdown: console.write(DiffMarkdown.render(diff))
            case .github: console.write(DiffGitHub.render(diff))
            }
            PhaseClock.shared.mark("write")
            return arguments.has("exit-code") && diff.hasDifferences ? .differences : .success
        } catch {
            return error.status
        }
    }

    /// A version to compare: where its files are, and how the output names it.
    struct Source {
        let paths: [String]
        let label: String
        /// Where the files were copied from git, removed when the command ends.
        var temporary: String? = nil
        /// How diagnostics name its files (`REV:PATH` for a copy from git).
        var displayPath: ((String) -> String)? = nil
    }

    /// BASE and HEAD from the arguments: two paths, or with `--base-ref` the paths at that
    /// revision (docs/diff.md).
    static func versions(_ arguments: ParsedArguments, console: Console) throws(DataInput.Failure) -> (base: Source, head: Source) {
        let paths = arguments.positionals
        if let revision = arguments.value("base-ref") {
            guard !paths.isEmpty else {
                _ = usage("missing <path>: name the campaign files or folders to compare with --base-ref", console: console)
                throw DataInput.Failure(status: .usage)
            }
            do {
                let checkout = try GitRevision(revision: revision).checkout(paths)
                let base = Source(paths: checkout.paths, label: checkout.paths.map(checkout.label).joined(separator: " "),
                                  temporary: checkout.folder, displayPath: checkout.label)
                return (base, Source(paths: paths, label: paths.joined(separator: " ")))
            } catch {
                console.writeError("error: \(error.message)\n")
                throw DataInput.Failure(status: .usage)
            }
        }
        guard paths.count == 2 else {
            _ = usage(paths.count < 2 ? "missing <\(paths.isEmpty ? "base" : "head")>: name the two versions to compare (a file or folder each)"
                      : "campaign diff compares two versions: give BASE and HEAD, or --base-ref REV and the paths", console: console)
            throw DataInput.Failure(status: .usage)
        }
        return (Source(paths: [paths[0]], label: paths[0]), Source(paths: [paths[1]], label: paths[1]))
    }

    /// Loads and checks one version; its problems are reported with which version they
    /// came from, and nothing is compared when it has errors.
    static func check(_ source: Source, _ arguments: ParsedArguments, report: DiagnosticReport) throws(DataInput.Failure) -> DiffVersion {
        var versionArguments = arguments
        versionArguments.positionals = source.paths
        // The copy from git holds the paths' own folders: its root is theirs, not `--root`.
        if source.temporary != nil { versionArguments.values["root"] = nil }
        do {
            let (project, checked) = try DataInput.project(versionArguments, report: report, displayPath: source.displayPath)
            return DiffVersion(sources: project.sources, table: checked.table, reports: checked.campaignReports)
        } catch {
            if error.status == .inputErrors {
                report.prose("error: the version \(TerminalText.escaping(source.label)) has errors (above); nothing was compared\n")
            }
            throw error
        }
    }

    /// `--campaign`, for each version: a name may be in either (a campaign added or removed
    /// is planned in the version that has it), and a renamed campaign by either name.
    static func selection(_ list: String?, base: DeclarationTable, head: DeclarationTable, renames: [String: String],
                          console: Console) throws(DataInput.Failure) -> ([String], [String]) {
        guard let list else { return ([], []) }
        let names = list.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if names.contains("") {
            console.writeError("error: --campaign takes campaign names separated by commas, not '\(TerminalText.escaping(list))'; leave the option out to compare every campaign\n")
            throw DataInput.Failure(status: .usage)
        }
        let oldName = Dictionary(uniqueKeysWithValues: renames.map { ($0.value, $0.key) })
        var baseNames: [String] = [], headNames: [String] = []
        for name in names {
            let inBase = base.campaigns[name] != nil ? name : oldName[name]
            let inHead = head.campaigns[name] != nil ? name : renames[name]
            guard inBase != nil || inHead != nil else {
                let known = Array(Set(base.campaignNames + head.campaignNames)).sorted()
                let guess = Suggestion.closest(to: name, among: known) ?? known.first { $0.hasPrefix(name) }
                console.writeError("error: no campaign named '\(TerminalText.escaping(name))' in either version" + (guess.map { "; did you mean '\($0)'?" } ?? "") + "\n")
                throw DataInput.Failure(status: .usage)
            }
            if let inBase { baseNames.append(inBase) }
            if let inHead { headNames.append(inHead) }
        }
        // An empty selection would plan every campaign (`PlanOptions.campaigns`); a name no
        // campaign can have plans none, as asked for a campaign this version lacks.
        return (baseNames.isEmpty ? [""] : baseNames, headNames.isEmpty ? [""] : headNames)
    }

    static func use(_ campaigns: [String], _ table: DeclarationTable) -> DataUse {
        DataUse.of(campaigns: campaigns.isEmpty ? table.campaignNames : campaigns.filter { !$0.isEmpty }, segments: [], in: table)
    }

    /// The data read again against BASE's schema. HEAD's reading has reported the files'
    /// problems already; BASE's are shown only when they stop the diff, named as BASE's.
    static func baseDataset(_ arguments: ParsedArguments, table: DeclarationTable, use: DataUse, label: String,
                            report: DiagnosticReport) throws(DataInput.Failure) -> Dataset {
        var quietArguments = arguments
        quietArguments.values["diagnostics-format"] = nil
        let quiet = Console(environment: report.console.environment)
        do {
            return try DataInput.dataset(quietArguments, table: table, use: use, report: DiagnosticReport(quietArguments, console: quiet)).0
        } catch {
            report.console.writeError("error: the data cannot be read against the version \(TerminalText.escaping(label)):\n" + quiet.errors)
            throw error
        }
    }
}
