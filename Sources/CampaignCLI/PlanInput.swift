import CampaignData
import CampaignPlanner
import CampaignSemantics
import CampaignSyntax
import Foundation

/// What `plan`, `explain` and `preview` share: the window, the campaigns to run and the
/// engagement model, on top of the data inputs.
enum PlanInput {
    static let options: [OptionSpec] = DataInput.options + [
        OptionSpec("from", value: "instant", help: "Start of the window: 2026-11-01 (midnight UTC), \"2026-11-01 09:00\" (UTC, or a zone after it) or an ISO 8601 instant. Nobody enters before it; earlier events are history."),
        OptionSpec("to", value: "instant", help: "End of the window (exclusive): nothing at or after it is planned."),
        OptionSpec("campaign", value: "names", help: "Only these campaigns (comma-separated); all by default."),
        OptionSpec("engagement", value: "rates", help: "Who opens and clicks, e.g. \"sms.click=0.2,email.open=0.3\" (by default nobody does)."),
        OptionSpec("seed", value: "n", help: "The engagement model's seed (default 0): the same seed gives the same choices on every machine."),
    ]

    /// The project, dataset and plan options, or the exit status after printing why not.
    static func load(_ arguments: ParsedArguments, report: DiagnosticReport) throws(DataInput.Failure) -> (Project, Dataset, PlanOptions) {
        let (project, table, options, use) = try program(arguments, report: report)
        let (dataset, readOptions) = try DataInput.dataset(arguments, table: table, use: use, report: report)
        var planned = options
        planned.threads = readOptions.threads
        return (project, dataset, planned)
    }

    /// The checked project, the plan options (the campaigns chosen) and what they read:
    /// everything but the data.
    static func program(_ arguments: ParsedArguments, report: DiagnosticReport) throws(DataInput.Failure) -> (Project, DeclarationTable, PlanOptions, DataUse) {
        let console = report.console
        var options = try window(arguments, console: console)
        let (project, checked) = try DataInput.project(arguments, report: report)
        let table = checked.table
        let campaigns = try selectedCampaigns(arguments.value("campaign"), in: table, console: console) ?? []
        let use = DataUse.of(campaigns: campaigns.isEmpty ? table.campaignNames : campaigns, segments: [], in: table)
        options.campaigns = campaigns
        return (project, table, options, use)
    }

    /// The window, the seed and the engagement model: the plan options that do not depend
    /// on the campaigns (`campaign diff` plans two versions with the same ones).
    static func window(_ arguments: ParsedArguments, console: Console) throws(DataInput.Failure) -> PlanOptions {
        guard let fromText = arguments.value("from"), let toText = arguments.value("to") else {
            console.writeError("error: --from INSTANT and --to INSTANT are both required (the window to plan)\n")
            throw DataInput.Failure(status: .usage)
        }
        guard let from = parseInstant(fromText) else {
            console.writeError(instantError("from", fromText))
            throw DataInput.Failure(status: .usage)
        }
        guard let to = parseInstant(toText) else {
            console.writeError(instantError("to", toText))
            throw DataInput.Failure(status: .usage)
        }
        guard to > from else {
            console.writeError("error: the window is empty: --to (\(toText)) must be after --from (\(fromText))\n")
            throw DataInput.Failure(status: .usage)
        }
        guard to - from <= 3_660 * 86_400 else {
            console.writeError("error: the window is longer than ten years; plan a shorter one\n")
            throw DataInput.Failure(status: .usage)
        }
        var seed: UInt64 = 0
        if let text = arguments.value("seed") {
            guard let value = UInt64(text) else {
                console.writeError("error: --seed takes a whole number, not '\(text)'\n")
                throw DataInput.Failure(status: .usage)
            }
            seed = value
        }
        var engagement = EngagementModel.none
        if let text = arguments.value("engagement") {
            switch EngagementModel.parse(text, seed: seed) {
            case .success(let model): engagement = model
            case .failure(let error):
                console.writeError("error: --engagement: \(error.message)\n")
                throw DataInput.Failure(status: .usage)
            }
        }
        var options = PlanOptions(from: from, to: to)
        options.engagement = engagement
        return options
    }
}

/// `--campaign a,b`: the names, each checked against the project (with a suggestion).
func selectedCampaigns(_ list: String?, in table: DeclarationTable, console: Console) throws(DataInput.Failure) -> [String]? {
    guard let list else { return nil }
    let names = list.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    // An empty name is a slip (`--campaign ""`, `a,,b`, a shell variable that was not set);
    // read as "all campaigns" it would quietly plan more than was asked for.
    if names.contains("") {
        console.writeError("error: --campaign takes campaign names separated by commas, not '\(TerminalText.escaping(list))'; leave the option out to run every campaign\n")
        throw DataInput.Failure(status: .usage)
    }
    for name in names where table.campaigns[name] == nil {
        let guess = Suggestion.closest(to: name, among: table.campaignNames) ?? table.campaignNames.first { $0.hasPrefix(name) && !name.isEmpty }
        console.writeError("error: no campaign named '\(name)'" + (guess.map { "; did you mean '\($0)'?" } ?? "")
                           + (table.campaignNames.isEmpty ? " (the project declares none)" : "") + "\n")
        throw DataInput.Failure(status: .usage)
    }
    // A campaign that asks about another's messages (`clicked(other.survey)`) is planned
    // with it, or the answer would always be no: say so rather than plan half the story.
    let asked = DataUse.of(campaigns: names, segments: [], in: table).campaignsAsked.subtracting(names).sorted()
    if !asked.isEmpty {
        console.writeError("error: --campaign: the campaigns named ask about the messages of \(asked.map { "'\($0)'" }.joined(separator: ", ")), "
                           + "which must be planned with them; add \(asked.count == 1 ? "it" : "them"): --campaign \((names + asked).joined(separator: ","))\n")
        throw DataInput.Failure(status: .usage)
    }
    return names
}
