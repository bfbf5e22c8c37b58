// libFuzzer entry point over the whole front end: lexer, parser, every diagnostic
// renderer and the formatter. Crashes on purpose when an invariant breaks, so the fuzzer
// keeps the input: diagnostics inside the file, formatting idempotent and
// meaning-preserving on whatever parses.
import CampaignSyntax

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let source = SourceFile(path: "fuzz.campaign", bytes: bytes)
    let parsed = Parser.parse(source)
    let sources = SourceMap(source)
    _ = TextDiagnosticRenderer(sources: sources, colored: true).render(parsed.diagnostics)
    _ = JSONDiagnosticRenderer(sources: sources).render(parsed.diagnostics)
    _ = SARIFDiagnosticRenderer(sources: sources, toolVersion: "fuzz", rules: DiagnosticCode.syntaxCodes).render(parsed.diagnostics)
    _ = GitHubDiagnosticRenderer(sources: sources).render(parsed.diagnostics)
    for diagnostic in parsed.diagnostics where diagnostic.span.start < 0 || diagnostic.span.end > size {
        fatalError("diagnostic span outside the file: \(diagnostic)")
    }
    if parsed.diagnostics.hasErrors { return 0 }
    switch Formatter.formatChecked(source) {
    case .invalid:
        fatalError("a file that parsed without errors was refused by the formatter")
    case .meaningChanged(let output):
        fatalError("formatting changed the meaning:\n\(output)")
    case .formatted(let output):
        guard case .formatted(let again) = Formatter.formatChecked(SourceFile(path: "again", text: output)), again == output else {
            fatalError("formatting is not idempotent:\n\(output)")
        }
    }
    return 0
}
