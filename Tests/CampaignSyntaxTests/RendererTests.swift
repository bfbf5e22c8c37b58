import CampaignSyntax
import Foundation
import Testing

/// The machine formats carry the same diagnostics as the text, in their own shapes.
@Suite struct RendererTests {
    static let text = "campaign c {\n  trigger on signup\n  send sms hi { text \"สวัสดี\" } wait 3x\n}\n"
    static let source = SourceFile(path: "dir/thai file.campaign", text: text)
    static let parsed = Parser.parse(source)
    static let sources = SourceMap(source)

    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    @Test func jsonHasTheSpecFields() throws {
        #expect(Self.parsed.diagnostics.count == 1)
        let array = try #require(try Self.json(JSONDiagnosticRenderer(sources: Self.sources).render(Self.parsed.diagnostics)) as? [[String: Any]])
        let first = try #require(array.first)
        for key in ["file", "line", "column", "endLine", "endColumn", "severity", "code", "message"] {
            #expect(first[key] != nil, "missing \(key)")
        }
        #expect(first["file"] as? String == "dir/thai file.campaign")
        #expect(first["line"] as? Int == 3)
        // `  send sms hi { text "สวัสดี" } wait 3x`: Thai counts as 4 user-visible characters.
        #expect(first["column"] as? Int == 36)
        #expect(first["endColumn"] as? Int == 38)
        #expect(first["code"] as? String == "E0007")
        #expect(first["severity"] as? String == "error")
    }

    @Test func emptyJSONIsAnEmptyArray() {
        #expect(JSONDiagnosticRenderer(sources: Self.sources).render([]) == "[]\n")
    }

    @Test func sarifHasTheRequiredStructure() throws {
        let rendered = SARIFDiagnosticRenderer(sources: Self.sources, toolVersion: "0.1.0", rules: DiagnosticCode.syntaxCodes)
            .render(Self.parsed.diagnostics)
        let log = try #require(try Self.json(rendered) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        #expect((log["$schema"] as? String)?.contains("sarif-2.1.0") == true)
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "campaign")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == DiagnosticCode.syntaxCodes.map(\.id))
        let result = try #require((run["results"] as? [[String: Any]])?.first)
        #expect(result["ruleId"] as? String == "E0007")
        let ruleIndex = try #require(result["ruleIndex"] as? Int)
        #expect(rules[ruleIndex]["id"] as? String == "E0007")
        #expect(result["level"] as? String == "error")
        #expect((result["message"] as? [String: Any])?["text"] != nil)
        let location = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == "dir/thai%20file.campaign")
        let region = try #require(location["region"] as? [String: Any])
        #expect(region["startLine"] as? Int == 3)
        // SARIF columns are code points: ส ว ั ส ด ี are six scalars.
        #expect(region["startColumn"] as? Int == 38)
        #expect(region["endColumn"] as? Int == 40)
    }

    @Test func githubCommandsEscapeTheirProperties() {
        let source = SourceFile(path: "a,b:c.campaign", text: "segment a = 1 < 2 < 3\n")
        let parsed = Parser.parse(source)
        let rendered = GitHubDiagnosticRenderer(sources: SourceMap(source)).render(parsed.diagnostics)
        #expect(rendered.hasPrefix("::error file=a%2Cb%3Ac.campaign,line=1,col=19,endLine=1,endColumn=20,title=E0030::comparisons cannot be chained%0Ahelp: "))
        #expect(rendered.hasSuffix("\n"))
        #expect(rendered.split(separator: "\n").count == 1)
    }

    @Test func textIsColoredOnlyWhenAsked() {
        let plain = TextDiagnosticRenderer(sources: Self.sources, colored: false).render(Self.parsed.diagnostics)
        let colored = TextDiagnosticRenderer(sources: Self.sources, colored: true).render(Self.parsed.diagnostics)
        #expect(!plain.contains("\u{1B}["))
        #expect(colored.contains("\u{1B}[31m"))
    }

    @Test func caretsLineUpUnderWideCharacters() {
        let source = SourceFile(path: "k", text: "segment a = \"안녕\" @\n")
        let rendered = TextDiagnosticRenderer(sources: SourceMap(source)).render(Parser.parse(source).diagnostics)
        let lines = rendered.split(separator: "\n").map(String.init)
        let code = lines[2], carets = lines[3]
        // Hangul syllables take two cells: the caret sits under `@` as a terminal shows it.
        let caretCell = DisplayWidth.of(String(carets.prefix(while: { $0 != "^" })))
        let atCell = DisplayWidth.of(String(code.prefix(while: { $0 != "@" })))
        #expect(caretCell == atCell)
    }

    @Test(arguments: [("a", 1), ("안", 2), ("👍🏽", 2), ("e\u{301}", 1), ("ส", 1), ("\u{0E31}", 0)])
    func displayWidths(_ text: String, _ width: Int) {
        #expect(DisplayWidth.of(text) == width)
    }

    /// Columns on long lines are counted from checkpoints: the same numbers as counting
    /// from the line start, for random lines of Thai, emoji, combining marks and tabs.
    @Test func longLineColumnsMatchCountingFromTheStart() {
        var random = SplitMix64(seed: 77)
        let pieces = ["a", "ส", "\u{0E31}", "👍🏽", "e\u{301}", "안", "\t", "{{ x }}", " ", "🇫🇷"]
        var mismatches: [String] = []
        for _ in 0..<20 {
            let line = (0..<Int.random(in: 600...3_000, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let text = "segment a = x\n" + line + "\nsegment b = y\n"
            let file = SourceFile(path: "t", text: text)
            let start = file.lineStarts[1]
            let characters = Array(line)
            var offset = start
            for (column, character) in characters.enumerated() {
                if column % 7 == 0 || column == characters.count - 1 {
                    let prefix = String(decoding: file.bytes[start..<offset], as: UTF8.self)
                    if file.location(of: offset) != SourceLocation(line: 2, column: column + 1) { mismatches.append("column \(column)") }
                    if file.codePointColumn(of: offset) != prefix.unicodeScalars.count + 1 { mismatches.append("scalars \(column)") }
                    let upper = min(column + 120, characters.count)
                    if file.lineText(2, columns: column..<upper) != String(characters[column..<upper]) { mismatches.append("text \(column)") }
                }
                offset += character.utf8.count
            }
        }
        #expect(mismatches.count == 0, "\(mismatches.prefix(5))")
    }

    /// Thousands of diagnostics on one long line each show their own window of it.
    @Test func manyDiagnosticsOnALongLine() {
        let line = "segment s = " + Array(repeating: "30x", count: 3_000).joined(separator: " and ") + "\n"
        let source = SourceFile(path: "t.campaign", text: line)
        let parsed = Parser.parse(source)
        let rendered = TextDiagnosticRenderer(sources: SourceMap(source)).render(parsed.diagnostics)
        #expect(parsed.diagnostics.count == Parser.maxErrors + 1)
        #expect(rendered.contains("t.campaign:1:13: error: invalid duration unit `x` in `30x` [E0007]"))
        #expect(rendered.contains("\n1 | …"), "a window of the line, not all of it")
        #expect(!rendered.split(separator: "\n").contains { $0.count > 200 })
    }
}
