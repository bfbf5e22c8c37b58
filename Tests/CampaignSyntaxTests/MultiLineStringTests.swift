@testable import CampaignSyntax
import Testing

/// `"""` … `"""` strings (docs/language.md §2.4): their value, their problems, and the map
/// from value offsets back to the source that diagnostics inside templates use.
@Suite struct MultiLineStringTests {
    static func value(_ raw: String) -> String { StringLiteral.decode(raw: Array(raw.utf8)[...]) }

    @Test(arguments: [
        ("\"\"\"\n  Hi\n  there\n  \"\"\"", "Hi\nthere"),
        ("\"\"\"\n    Hi\n      indented\n    \"\"\"", "Hi\n  indented"),
        ("\"\"\"\n  a\n\n  b\n  \"\"\"", "a\n\nb"),
        ("\"\"\"\n  a\n \n  b\n  \"\"\"", "a\n\nb"),
        ("\"\"\"\r\n  a\r\n  b\r\n  \"\"\"", "a\nb"),
        ("\"\"\"\n  say \"hi\" \\t\\u{e9}\\\\\n  \"\"\"", "say \"hi\" \té\\"),
        ("\"\"\"\nno indentation\n\"\"\"", "no indentation"),
        ("\"\"\"   \n  x\n  \"\"\"", "x"),
        ("\"\"\"\n  \"\"\"", ""),
        ("\"\"\"\n  {{ first_name | default: \"there\" }}\n  \"\"\"", "{{ first_name | default: \"there\" }}"),
    ])
    func values(_ raw: String, _ expected: String) {
        #expect(Self.value(raw) == expected)
        #expect(MultiLineString(raw: Array(raw.utf8)).problems.isEmpty)
    }

    @Test(arguments: [
        ("\"\"\" hi\n  \"\"\"", MultiLineString.Problem.textAfterOpening(3..<6)),
        ("\"\"\"\n  hi \"\"\"", .textBeforeClosing(4..<9)),
        ("\"\"\"\n  a\n b\n  \"\"\"", .underIndented(at: 9)),
        ("\"\"\"\n  never closed\n", .unterminated),
        ("\"\"\"\"\"\"", .textBeforeClosing(3..<6)),
    ])
    func problems(_ raw: String, _ problem: MultiLineString.Problem) {
        #expect(MultiLineString(raw: Array(raw.utf8)).problems.contains(problem), "\(MultiLineString(raw: Array(raw.utf8)).problems)")
    }

    /// Random bodies (indentation, blank lines, escapes, CRLF, multibyte text): every
    /// value byte that is not from an escape is the source byte the map points at.
    @Test func offsetsPointAtTheirCharacters() {
        var random = SplitMix64(seed: 18)
        let pieces = ["a", "é", "{{ x }}", "\\n", "\"", "\\\\", "\\u{1F600}", " ", "ก", "\n", "\r\n", "\n\n"]
        var mismatches: [String] = []
        for _ in 0..<1_000 {
            let indent = String(repeating: " ", count: Int.random(in: 0...4, using: &random))
            let body = (0..<Int.random(in: 0...10, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.isEmpty || line == "\r" ? String(line) : indent + line
            }
            let raw = "\"\"\"\n" + lines.joined(separator: "\n") + "\n" + indent + "\"\"\""
            let bytes = Array(raw.utf8)
            let text = MultiLineString(raw: bytes)
            guard text.problems.isEmpty else { continue }
            let literal = StringLiteral(value: String(decoding: text.value, as: UTF8.self), raw: raw, span: SourceSpan(file: FileID(0), start: 0, end: bytes.count))
            let map = ValueOffsetMap(literal)
            let escaped = Set(text.escapes.filter { $0.valueEnd > $0.valueStart }.flatMap { $0.valueStart..<$0.valueEnd })
            for (offset, byte) in text.value.enumerated() where !escaped.contains(offset) {
                let source = map.sourceOffset(ofValueOffset: offset)
                if source >= bytes.count || bytes[source] != byte { mismatches.append("\(raw.debugDescription) @\(offset)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }
}
