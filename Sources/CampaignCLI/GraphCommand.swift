import CampaignReports
import CampaignSemantics
import CampaignSyntax

/// `campaign graph PATH… [--campaign NAME] [--format mermaid|dot]`: journeys as diagrams.
enum GraphCommand: Command {
    static let spec = CommandSpec(
        name: "graph",
        overview: "Draw each campaign's journey: trigger, audience, steps, branches with their conditions, split shares, waits, exits and goals.",
        arguments: [ArgumentSpec(name: "path", help: "The campaign files or folders.", repeating: true)],
        options: [
            OptionSpec("campaign", value: "names", help: "Only these campaigns (comma-separated); all by default."),
            OptionSpec("format", value: "format", help: "mermaid (default; GitHub renders it in Markdown) or dot (Graphviz).", choices: ["mermaid", "dot"]),
            OptionSpec("root", value: "dir", help: "The project root that imports may not leave."),
        ],
        discussion: """
        EXIT STATUS:
          0 success, 1 errors in the campaigns, 2 usage or I/O error.

        EXAMPLES:
          campaign graph examples --campaign winback_sms
          campaign graph examples --format dot | dot -Tsvg > journeys.svg
        """)

    static func run(_ arguments: ParsedArguments, console: Console) -> ExitCode {
        do {
            let (_, checked) = try DataInput.project(arguments, console: console)
            let table = checked.table
            let names = try selectedCampaigns(arguments.value("campaign"), in: table, console: console) ?? table.campaignNames
            if names.isEmpty {
                console.writeError("error: the project declares no campaign to draw\n")
                return .inputErrors
            }
            let graphs = names.compactMap { table.campaigns[$0].map(JourneyGraph.init) }
            console.write(arguments.value("format") == "dot" ? JourneyGraph.dot(graphs) : JourneyGraph.mermaid(graphs))
            return .success
        } catch {
            return error.status
        }
    }
}
