import CampaignSyntax
import Foundation
import Testing

/// Control characters never reach a terminal raw, and the formats read by other tools
/// escape by their own rules (docs/output.md).
@Suite struct TerminalTextTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("a\u{1B}]0;pwn\u{7}b", #"a\u{1B}]0;pwn\u{7}b"#),
        ("clear\u{1B}[2J", #"clear\u{1B}[2J"#),
        ("over\rwrite", #"over\rwrite"#),
        ("two\nlines\tand tab", #"two\nlines\tand tab"#),
        ("nul\u{0}del\u{7F}csi\u{9B}", #"nul\u{0}del\u{7F}csi\u{9B}"#),
        ("é ü ¡ 안녕 👍🏽", "é ü ¡ 안녕 👍🏽"),
    ])
    func escapesEveryControlCharacter(_ text: String, _ expected: String) {
        let escaped = TerminalText.escaping(text)
        #expect(escaped == expected)
        #expect(!escaped.unicodeScalars.contains(where: TerminalText.isControl))
        #expect(TerminalText.escaping(escaped) == escaped, "escaping twice changes nothing more")
    }

    @Test func multiLineTextKeepsItsLinesAndTabsOnly() {
        #expect(TerminalText.escaping("a\n\tb\r\n\u{1B}c", keepingLines: true) == "a\n\tb\\r\n\\u{1B}c")
    }

    /// Every scalar below U+00A0, escaped alone: nothing a terminal acts on is left.
    @Test func noControlScalarSurvives() {
        for value in 0..<0xA0 {
            let scalar = Unicode.Scalar(UInt8(value))
            let escaped = TerminalText.escaping(String(Character(scalar)))
            #expect(!escaped.unicodeScalars.contains(where: TerminalText.isControl), "U+\(String(value, radix: 16))")
            #expect(TerminalText.isControl(scalar) == (value < 0x20 || value >= 0x7F))
        }
    }

    static let hostile = SourceFile(path: "dir/a b#c%d é\u{1B}[2J.campaign", text: "segment a = 1\n")
    static let diagnostic = Diagnostic(.unexpectedCharacter, "bad \u{1B}]0;pwn\u{7} here\r100% done", at: SourceSpan(file: FileID(0), start: 8, end: 9),
                                       label: "label \u{1B}[31m", notes: ["note \u{7}"], help: "help\u{1B}c")

    @Test func textDiagnosticsEscapeMessagesLabelsNotesAndPaths() {
        let rendered = TextDiagnosticRenderer(sources: SourceMap(Self.hostile)).render([Self.diagnostic])
        #expect(!rendered.unicodeScalars.contains { TerminalText.isControl($0) && $0 != "\n" }, "\(rendered.debugDescription)")
        #expect(rendered.hasPrefix(#"dir/a b#c%d é\u{1B}[2J.campaign:1:9: error: bad \u{1B}]0;pwn\u{7} here\r100% done"#))
        #expect(rendered.contains(#"label \u{1B}[31m"#) && rendered.contains(#"note: note \u{7}"#) && rendered.contains(#"help: help\u{1B}c"#))
        // Colour codes are still ours to add.
        let colored = TextDiagnosticRenderer(sources: SourceMap(Self.hostile), colored: true).render([Self.diagnostic])
        #expect(colored.contains("\u{1B}[31m") && !colored.contains("\u{7}"))
    }

    @Test func sarifPercentEncodesFileURIs() throws {
        func uri(_ path: String) throws -> String? {
            let source = SourceFile(path: path, text: "segment a = 1\n")
            let rendered = SARIFDiagnosticRenderer(sources: SourceMap(source), toolVersion: "0", rules: [])
                .render([Diagnostic(.unexpectedCharacter, "m", at: SourceSpan(file: FileID(0), start: 0, end: 1))])
            let log = try JSONSerialization.jsonObject(with: Data(rendered.utf8)) as? [String: Any]
            let result = ((log?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])?.first
            let location = (result?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
            return (location?["artifactLocation"] as? [String: Any])?["uri"] as? String
        }
        #expect(try uri("dir/a b#c%d é\u{1B}.campaign") == "dir/a%20b%23c%25d%20%C3%A9%1B.campaign")
        #expect(try uri("./q?x:y.campaign") == "q%3Fx%3Ay.campaign")
        #expect(try uri("/tmp/my project/x.campaign") == "file:///tmp/my%20project/x.campaign")
        // Decoding gives the path back, byte for byte.
        #expect(try uri("dir/a b#c%d é.campaign")?.removingPercentEncoding == "dir/a b#c%d é.campaign")
    }

    @Test func githubCommandsEscapeNewlinesPercentAndControls() {
        let source = SourceFile(path: "a,b:c\u{1B}.campaign", text: "segment a = 1\n")
        let diagnostic = Diagnostic(.unexpectedCharacter, "100% bad\nnext line\u{1B}]0;x\u{7}\r", at: SourceSpan(file: FileID(0), start: 0, end: 1))
        let rendered = GitHubDiagnosticRenderer(sources: SourceMap(source)).render([diagnostic])
        #expect(rendered == #"::error file=a%2Cb%3Ac\u{1B}.campaign,line=1,col=1,endLine=1,endColumn=2,title=E0003::"#
                + #"100%25 bad%0Anext line\u{1B}]0;x\u{7}%0D"# + "\n")
        #expect(!rendered.dropLast().unicodeScalars.contains(where: TerminalText.isControl))
    }
}
