import CampaignSemantics
import CampaignSyntax

/// `--format` for commands that report diagnostics.
enum DiagnosticFormat: String, CaseIterable {
    case text, json, sarif, github

    static let option = OptionSpec(
        "format", value: "format",
        help: "How to report problems: text (default), json, sarif (2.1.0, for code scanning) or github (workflow commands).",
        choices: allCases.map(\.rawValue))

    /// Renders diagnostics for this format.
    func render(_ diagnostics: [Diagnostic], sources: SourceMap, colored: Bool) -> String {
        switch self {
        case .text: TextDiagnosticRenderer(sources: sources, colored: colored).render(diagnostics)
        case .json: JSONDiagnosticRenderer(sources: sources).render(diagnostics)
        case .sarif: SARIFDiagnosticRenderer(sources: sources, toolVersion: CLI.version, rules: DiagnosticCode.allCodes).render(diagnostics)
        case .github: GitHubDiagnosticRenderer(sources: sources).render(diagnostics)
        }
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
