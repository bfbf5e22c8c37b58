import CampaignSyntax
import Testing

/// Every syntax-error fixture renders exactly as its golden, the way a user sees it.
@Suite struct DiagnosticGoldenTests {

    static func render(_ name: String, _ bytes: [UInt8]) -> (String, [Diagnostic]) {
        let source = SourceFile(path: name + ".campaign", bytes: bytes)
        let parsed = Parser.parse(source)
        return (TextDiagnosticRenderer(sources: SourceMap(source)).render(parsed.diagnostics), parsed.diagnostics)
    }

    @Test func corpusIsLargeEnough() throws {
        #expect(try Golden.names("errors").count >= 40)
    }

    @Test(arguments: try Golden.names("errors"))
    func fixture(_ name: String) throws {
        let (rendered, diagnostics) = Self.render(name, try Golden.input("errors", name))
        #expect(!diagnostics.isEmpty, "every fixture in errors/ must produce a diagnostic")
        Golden.check(rendered, kind: "errors", name: name)
    }

    /// A 2 MB file of valid declarations with one mistake near the end: found, at the right line, quickly.
    @Test func twoMegabyteFile() {
        var text = ""
        var index = 0
        while text.utf8.count < 2_000_000 {
            text += "segment s\(index) = count(purchase in last \(index % 90 + 1)d) >= \(index % 7) and not vip  # \(index)\n"
            index += 1
        }
        text += "segment broken = count(purchase in last 30x) > 1\n"
        let (rendered, diagnostics) = Self.render("two_megabytes", Array(text.utf8))
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.code == .invalidDuration)
        Golden.check(rendered, kind: "generated", name: "two_megabytes")
    }

    /// Hundreds of bad lines stop at the error limit with a final note, not thousands of lines.
    @Test func errorLimit() {
        let text = String(repeating: "segment = \n", count: 500)
        let (_, diagnostics) = Self.render("many", Array(text.utf8))
        #expect(diagnostics.errorCount == Parser.maxErrors + 1)
        #expect(diagnostics.last?.code == .tooManyErrors)
    }

    @Test(arguments: ["(", "not ", "-", "a ?? "])
    func deepNestingIsRefusedNotCrashed(_ unit: String) {
        let text = "segment a = " + String(repeating: unit, count: 50_000) + "x\n"
        let (_, diagnostics) = Self.render("deep", Array(text.utf8))
        #expect(diagnostics.contains { $0.code == .nestingTooDeep })
    }

    @Test func deepBlocksAreRefused() {
        let text = "campaign a {\n  trigger on signup\n" + String(repeating: "if x {\n", count: 5_000)
        let (_, diagnostics) = Self.render("deep", Array(text.utf8))
        #expect(diagnostics.contains { $0.code == .nestingTooDeep })
    }

    /// One typo gives one error: the parser recovers at the next line without a cascade.
    @Test func independentErrorsAreAllReportedOnce() throws {
        let bytes = try Golden.input("errors", "independent_errors")
        let (_, diagnostics) = Self.render("independent_errors", bytes)
        let lines = diagnostics.map { SourceFile(path: "x", bytes: bytes).location(of: $0.span?.start ?? -1).line }
        #expect(lines == [3, 7, 11, 13])
    }
}
