import CampaignLanguageServer
import CampaignSemantics
import CampaignSyntax
import Foundation
import TestFixtures
import Testing

/// Random edit sequences over 1,000 documents (the examples, each with the schema in the
/// same file, then mutated by the edits): valid ranges, ranges past the end of a line or
/// of the file, reversed ranges, whole-text replacements, multi-byte characters. The
/// server must never trap, and its last diagnostics must be exactly what `check` reports
/// for the final text. Deterministic: SplitMix64 with a fixed seed.
@Suite struct EditFuzzTests {
    static let snippets = ["", "{", "}", "\n", "\r\n", "send sms x {\n text \"é {{ first_name }}\"\n}\n", "\"", "é", "🎉", "wait 3d\n",
                           "segment s = loyal\n", "audience ", "and not ", "{{", "}}", "# c\n", "campaign c {\n", "trigger on purchase\n",
                           "count(purchase in last 7d) > 1", "  ", "where amount > 3", "import \"x.campaign\"\n"]

    static func bases() throws -> [String] {
        let folder = Repository.examples
        let schema = try String(contentsOf: folder.file("schema.campaign"), encoding: .utf8)
        return try folder.names(endingWith: ".campaign", dropSuffix: false).filter { $0 != "schema.campaign" }.map { name in
            let text = try String(contentsOf: folder.file(name), encoding: .utf8)
            return schema + text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("import ") }.joined(separator: "\n")
        }
    }

    /// The byte offset of an LSP position (UTF-8 characters), clamped as LSP 3.17 says:
    /// a line past the end is the end of the text, a character past a line's end is its end.
    static func offset(_ line: Int, _ character: Int, in bytes: [UInt8]) -> Int {
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == 0x0A { starts.append(index + 1) }
        guard line < starts.count else { return bytes.count }
        var end = line + 1 < starts.count ? starts[line + 1] - 1 : bytes.count
        if end > starts[line], bytes[end - 1] == 0x0D { end -= 1 }
        var offset = starts[line] + min(character, end - starts[line])
        while offset > starts[line], offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset -= 1 }
        return offset
    }

    static func lineCount(_ bytes: [UInt8]) -> Int { bytes.count { $0 == 0x0A } + 1 }

    @Test func randomEditsMatchCheck() throws {
        let bases = try Self.bases()
        var random = SplitMix64(seed: 2026)
        func pick(_ n: Int) -> Int { Int(random.next() % UInt64(max(1, n))) }
        var checked = 0
        for batch in 0..<10 {
            let session = Transcript()
            session.start(encodings: ["utf-8"])
            for document in 0..<100 {
                let uri = "untitled:fuzz-\(batch)-\(document)"
                var text = Array(bases[(batch * 100 + document) % bases.count].utf8)
                session.open(uri, String(decoding: text, as: UTF8.self), version: 0)
                for version in 1...(1 + pick(6)) {
                    let snippet = Self.snippets[pick(Self.snippets.count)]
                    let lines = Self.lineCount(text)
                    var change: String
                    switch pick(10) {
                    case 0:
                        // Whole text.
                        text = Array(snippet.utf8) + text.prefix(pick(text.count))
                        change = #"{"text":\#(Transcript.quoted(String(decoding: text, as: UTF8.self)))}"#
                    default:
                        // A range: in the text, past a line's end, past the last line, or reversed.
                        let invalid = pick(4) == 0
                        var a = (pick(invalid ? lines + 5 : lines), pick(invalid ? 400 : 60))
                        var b = pick(3) == 0 ? a : (a.0 + pick(3), pick(invalid ? 400 : 60))
                        if pick(8) == 0 { swap(&a, &b) }
                        let start = Self.offset(a.0, a.1, in: text), end = Self.offset(b.0, b.1, in: text)
                        text.replaceSubrange(min(start, end)..<max(start, end), with: Array(snippet.utf8))
                        change = #"{"range":\#(Transcript.range(a, b)),"text":\#(Transcript.quoted(snippet))}"#
                    }
                    session.change(uri, version: version, "[" + change + "]")
                    if pick(6) == 0 { session.idle() }
                }
                session.idle()
                try Self.expectSameAsCheck(session, uri: uri, text: text)
                session.notify("textDocument/didClose", #"{"textDocument":{"uri":"\#(uri)"}}"#)
                checked += 1
            }
        }
        #expect(checked == 1_000)
    }

    /// The server's last diagnostics for the document against `check` on the same text:
    /// same codes, lines, characters (UTF-8 bytes from the line start) and first line of
    /// message, in the same order.
    static func expectSameAsCheck(_ session: Transcript, uri: String, text: [UInt8]) throws {
        let source = SourceFile(path: uri, bytes: text)
        let project = ProjectLoader.load(source: source, root: ".")
        var expected = project.diagnostics
        if !expected.hasErrors { expected += SemanticChecker.check(project).diagnostics }
        let mine = expected.sortedForOutput(in: project.sources).compactMap { diagnostic -> String? in
            guard let span = diagnostic.span, span.file == FileID(0) else { return nil }
            let line = source.line(of: span.start) - 1
            return "\(diagnostic.code.id) \(line):\(span.start - source.lineStarts[line]) \(diagnostic.message)"
        }
        let published = session.diagnostics(for: uri).last?["diagnostics"]?.array ?? []
        let theirs = published.map { item in
            let start = item["range"]?["start"]
            let message = item["message"]?.string?.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            return "\(item["code"]?.string ?? "?") \(start?["line"]?.int ?? -1):\(start?["character"]?.int ?? -1) \(message)"
        }
        #expect(theirs == mine, "\(uri): \(String(decoding: text, as: UTF8.self).prefix(300))")
    }
}
