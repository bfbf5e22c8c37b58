import CampaignSyntax

/// What the syntax fuzzer (`Fuzz/Targets/FuzzSyntax`) and the syntax mutation tests check
/// of one file: lexer, parser and every diagnostic renderer take it without a crash, every
/// diagnostic points inside it, and if it parses, the formatter accepts it, keeps its
/// meaning, and formatting the result again changes nothing.
public enum SyntaxInvariants {
    public struct Result: Sendable {
        /// It parsed without errors (and so went through the formatter).
        public var parsed: Bool
        public var failures: [String] = []
    }

    public static func check(_ bytes: [UInt8]) -> Result {
        let source = SourceFile(path: "fuzz.campaign", bytes: bytes)
        let parsed = Parser.parse(source)
        let sources = SourceMap(source)
        _ = TextDiagnosticRenderer(sources: sources, colored: true).render(parsed.diagnostics)
        _ = JSONDiagnosticRenderer(sources: sources).render(parsed.diagnostics)
        _ = SARIFDiagnosticRenderer(sources: sources, toolVersion: "fuzz", rules: DiagnosticCode.syntaxCodes).render(parsed.diagnostics)
        _ = GitHubDiagnosticRenderer(sources: sources).render(parsed.diagnostics)
        var result = Result(parsed: !parsed.diagnostics.hasErrors)
        for diagnostic in parsed.diagnostics {
            guard let span = diagnostic.span else {
                result.failures.append("a parser diagnostic without a span in the source: \(diagnostic)")
                continue
            }
            guard span.start < 0 || span.end > bytes.count else { continue }
            result.failures.append("diagnostic span outside the file: \(diagnostic)")
        }
        guard result.parsed else { return result }
        switch Formatter.formatChecked(source) {
        case .invalid:
            result.failures.append("a file that parsed without errors was refused by the formatter")
        case .meaningChanged(let output):
            result.failures.append("formatting changed the meaning:\n\(output)")
        case .formatted(let output):
            guard case .formatted(let again) = Formatter.formatChecked(SourceFile(path: "again", text: output)), again == output else {
                result.failures.append("formatting is not idempotent:\n\(output)")
                return result
            }
        }
        return result
    }
}
