import CampaignData
import CampaignSemantics
import CampaignSyntax

/// `--format` for commands that report diagnostics.
enum DiagnosticFormat: String, CaseIterable {
    case text, json, sarif, github

    static let option = OptionSpec(
        "format", value: "format",
        help: "How to report problems: text (default), json, sarif (2.1.0, for code scanning) or github (workflow commands).",
        choices: allCases.map(\.rawValue))

    /// `--diagnostics-format` for the commands that run against data, whose `--format` is
    /// their result's.
    static let diagnosticsOption = OptionSpec(
        "diagnostics-format", value: "format",
        help: "How to report problems, the campaigns' and the data's, on standard error: text (default), json, sarif (2.1.0, for code scanning) or github (workflow commands). Standard output keeps the result.",
        choices: allCases.map(\.rawValue))

    /// Renders diagnostics for this format; SARIF lists `rules` (every code that may appear).
    func render(_ diagnostics: [Diagnostic], sources: SourceMap, colored: Bool, rules: [DiagnosticCode] = DiagnosticCode.allCodes) -> String {
        switch self {
        case .text: TextDiagnosticRenderer(sources: sources, colored: colored).render(diagnostics)
        case .json: JSONDiagnosticRenderer(sources: sources).render(diagnostics)
        case .sarif: SARIFDiagnosticRenderer(sources: sources, toolVersion: CLI.version, rules: rules).render(diagnostics)
        case .github: GitHubDiagnosticRenderer(sources: sources).render(diagnostics)
        }
    }
}

/// Where a data command's diagnostics go (`--diagnostics-format`). As text, each is written
/// to standard error when found, with the prose around them (counts of hidden and skipped
/// rows, summaries). In a machine format they are gathered and written as one document
/// when the command ends (`finish`), without the prose, so that standard error parses;
/// a usage error found before any diagnostic (a missing `--from`) stays a line of text,
/// with no document after it.
final class DiagnosticReport {
    let console: Console
    let format: DiagnosticFormat
    private let colored: Bool
    private var held: [Diagnostic] = []
    private var sources = SourceMap()
    private var finished = false
    /// Whether the command got as far as reporting diagnostics (none, perhaps).
    private var started = false

    init(_ arguments: ParsedArguments, console: Console) {
        self.console = console
        format = arguments.value("diagnostics-format").flatMap(DiagnosticFormat.init) ?? .text
        colored = console.useColor(arguments.color, forErrors: true)
    }

    /// The campaigns' diagnostics (in `sources`), in output order.
    func add(_ diagnostics: [Diagnostic], sources: SourceMap) {
        self.sources = sources
        started = true
        if format == .text {
            console.writeError(TextDiagnosticRenderer(sources: sources, colored: colored).render(diagnostics))
        } else {
            held += diagnostics
        }
    }

    /// Diagnostics about data files, in the order the readers found them (file-level
    /// ones first, then rows by line); as text, one line each, escaped (docs/output.md).
    func add(data diagnostics: [Diagnostic]) {
        started = true
        if format == .text {
            let renderer = TextDiagnosticRenderer(sources: sources)
            for diagnostic in diagnostics { console.writeError(renderer.render(diagnostic)) }
        } else {
            held += diagnostics
        }
    }

    /// A line for people (a count, a summary): written with text diagnostics only.
    func prose(_ text: String) {
        if format == .text { console.writeError(text) }
    }

    /// Writes the machine-readable document, empty or not, once.
    func finish() {
        guard format != .text, started, !finished else { return }
        finished = true
        console.writeError(format.render(held, sources: sources, colored: false, rules: DiagnosticCode.allCodes + DataCode.all))
    }
}

extension ParsedArguments {
    var color: ColorChoice { value("color").flatMap(ColorChoice.init) ?? .auto }
}

/// "2 errors, 1 warning" with the right plurals.
func summary(_ diagnostics: [Diagnostic]) -> String {
    func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
    return count(diagnostics.errorCount, "error") + ", " + count(diagnostics.warningCount, "warning")
}
