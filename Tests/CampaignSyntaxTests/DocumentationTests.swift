import CampaignSyntax
import Foundation
import TestFixtures
import Testing

/// The documentation is tested like code: every diagnostic code has an entry whose example
/// produces exactly that code; every keyword the lexer knows is in the grammar; every
/// `campaign` block in the README, the examples' tour and the language reference parses;
/// every section of the reference that a comment cites exists.
@Suite struct DocumentationTests {
    static let root = Repository.root

    /// `## CODE: title` sections and the first ```campaign block in each.
    static func sections() throws -> [String: String?] {
        var result: [String: String?] = [:]
        let parts = try Repository.text("docs/diagnostics.md").components(separatedBy: "\n## ").dropFirst()
        for part in parts {
            let heading = part.prefix { $0 != "\n" }
            guard let colon = heading.firstIndex(of: ":") else { continue }
            let code = String(heading[..<colon])
            var example: String? = nil
            if let start = part.range(of: "```campaign\n") {
                let rest = part[start.upperBound...]
                if let end = rest.range(of: "```") { example = String(rest[..<end.lowerBound]) }
            }
            result[code] = example
        }
        return result
    }

    /// Codes whose trigger cannot be written in a Markdown page, each tested elsewhere.
    static let shownElsewhere: [String: String] = [
        "E0002": "invalid UTF-8 cannot be stored in the page; LexerTests.binaryInputIsOneDiagnostic",
        "E0011": "a lone carriage return is lost by Markdown tools; errors/lone_carriage_return fixture",
        "E0012": "needs 101 errors; DiagnosticGoldenTests.errorLimit",
        "E0014": "needs 200 levels of nesting; DiagnosticGoldenTests.deepNestingIsRefusedNotCrashed",
        "W0002": "CRLF endings cannot live in the page; errors/crlf_line_endings fixture",
    ]

    @Test(arguments: DiagnosticCode.syntaxCodes.map(\.id))
    func everyCodeIsDocumentedWithAWorkingExample(_ code: String) throws {
        guard let entry = try Self.sections()[code] else {
            Issue.record("docs/diagnostics.md has no `## \(code):` section")
            return
        }
        guard let example = entry else {
            #expect(Self.shownElsewhere[code] != nil, "\(code) has no ```campaign example and no reason why")
            return
        }
        let produced: [String]
        if code.hasPrefix("E004") {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-doc-\(code)-\(UUID().uuidString)/project")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(example.utf8).write(to: folder.appendingPathComponent("main.campaign"))
            try Data("segment s = vip\n".utf8).write(to: folder.deletingLastPathComponent().appendingPathComponent("elsewhere.campaign"))
            produced = try ProjectLoader.load(paths: [folder.path]).diagnostics.map(\.code.id)
        } else {
            produced = Parser.parse(SourceFile(path: "example.campaign", text: example)).diagnostics.map(\.code.id)
        }
        #expect(Set(produced) == [code], "the example for \(code) produced \(produced)")
    }

    @Test(arguments: Keyword.allCases.map(\.rawValue) + ContextualWord.all + ContextualWord.weekdays)
    func grammarNamesEveryWord(_ word: String) throws {
        #expect(try Repository.text("grammar/campaign.ebnf").contains("\"\(word)\""), "grammar/campaign.ebnf does not mention \"\(word)\"")
    }

    @Test func textMateGrammarIsValidJSONAndKnowsTheKeywords() throws {
        let data = try Data(contentsOf: Self.root.appendingPathComponent("grammar/campaign.tmLanguage.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["scopeName"] as? String == "source.campaign")
        let text = String(decoding: data, as: UTF8.self)
        for keyword in Keyword.allCases {
            #expect(text.contains(keyword.rawValue), "tmLanguage misses \(keyword.rawValue)")
        }
    }

    /// Every ```campaign block of the README, the examples' tour and the language
    /// reference parses without errors (imports aside; docs/language.md's blocks are also
    /// type-checked, in SemanticDocumentationTests).
    @Test(arguments: ["README.md", "examples/README.md", "docs/language.md"])
    func campaignBlocksParse(_ page: String) throws {
        let blocks = CampaignBlocks.in(try Repository.text(page))
        #expect(!blocks.isEmpty, "\(page) has no campaign examples")
        for block in blocks {
            let parsed = Parser.parse(SourceFile(path: page, text: block.text))
            #expect(!parsed.diagnostics.hasErrors,
                    "\(page):\(block.line): the example does not parse:\n\(block.text)\n\(parsed.diagnostics.map(\.message))")
        }
    }

    /// Code comments cite the language reference as `docs/language.md §8.3`; each cited
    /// section must be a heading of the page (`## 8. …` or `### 8.3 …`).
    @Test func citedSectionsOfTheLanguageReferenceExist() throws {
        let headings = LanguageReference.sectionNumbers(try Repository.text("docs/language.md"))
        #expect(headings.count >= 40, "docs/language.md has too few numbered sections: \(headings.sorted())")
        var cited = 0
        for folder in ["Sources", "Tests"] {
            let base = Self.root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else {
                Issue.record("cannot list \(base.path)")
                continue
            }
            for case let url as URL in walker where url.pathExtension == "swift" {
                let text = try FixtureFolder.text(url)
                for number in LanguageReference.citations(in: text) {
                    cited += 1
                    #expect(headings.contains(number), "\(url.path) cites docs/language.md §\(number), which has no such section")
                }
            }
        }
        #expect(cited > 0, "no code comment cites docs/language.md")
    }
}

/// Section numbers of docs/language.md and citations of them.
enum LanguageReference {
    /// `## 8. The planner` → 8, `### 8.3 Order at one instant` → 8.3.
    static func sectionNumbers(_ page: String) -> Set<String> {
        var numbers: Set<String> = []
        for line in page.split(separator: "\n") where line.hasPrefix("## ") || line.hasPrefix("### ") {
            let title = line.drop { $0 == "#" || $0 == " " }
            let number = title.prefix { $0.isNumber || $0 == "." }
            let trimmed = number.hasSuffix(".") ? number.dropLast() : number
            if !trimmed.isEmpty { numbers.insert(String(trimmed)) }
        }
        return numbers
    }

    /// Every `docs/language.md §N` or `§N.M` in a text (`§5, §8.3` cite two).
    static func citations(in text: String) -> [String] {
        var found: [String] = []
        for part in text.components(separatedBy: "docs/language.md").dropFirst() {
            var rest = Substring(part)
            // Citations directly after the name: "§8.3", "§5 and §8.3", "§2, §3".
            while true {
                let skipped = rest.drop { $0 == " " || $0 == "," || $0 == "(" }
                var afterConnective = skipped
                for connective in ["and ", "or ", "to "] where skipped.hasPrefix(connective) {
                    afterConnective = skipped.dropFirst(connective.count)
                }
                guard afterConnective.hasPrefix("§") else { break }
                let digits = afterConnective.dropFirst().prefix { $0.isNumber || $0 == "." }
                let number = digits.hasSuffix(".") ? digits.dropLast() : digits
                guard !number.isEmpty else { break }
                found.append(String(number))
                rest = afterConnective.dropFirst(1 + digits.count)
            }
        }
        return found
    }
}
