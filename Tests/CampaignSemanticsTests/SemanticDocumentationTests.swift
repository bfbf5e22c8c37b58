import CampaignSemantics
import CampaignSyntax
import Foundation
import TestFixtures
import Testing

/// The documentation against the type checker: every code of docs/diagnostics.md has a
/// section whose example, checked as a project (beside a copy of examples/schema.campaign),
/// produces exactly that code; every example of docs/language.md checks clean, or
/// produces exactly the codes its `# expect:` line names.
@Suite struct SemanticDocumentationTests {
    static let root = Repository.root

    static func examples() throws -> [String: String] {
        var result: [String: String] = [:]
        for part in try Repository.text("docs/diagnostics.md").components(separatedBy: "\n## ").dropFirst() {
            let heading = part.prefix { $0 != "\n" }
            guard let colon = heading.firstIndex(of: ":") else { continue }
            if let start = part.range(of: "```campaign\n"), let end = part[start.upperBound...].range(of: "```") {
                result[String(heading[..<colon])] = String(part[start.upperBound..<end.lowerBound])
            }
        }
        return result
    }

    @Test(arguments: DiagnosticCode.semanticCodes.map(\.id))
    func everyCodeIsDocumentedWithAWorkingExample(_ code: String) throws {
        guard let example = try Self.examples()[code] else {
            Issue.record("docs/diagnostics.md has no `## \(code):` section with a campaign example")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-doc-\(code)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let schema = folder.appendingPathComponent("schema.campaign")
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("examples/schema.campaign"), to: schema)
        let file = folder.appendingPathComponent("example.campaign")
        try Data(example.utf8).write(to: file)
        var paths = [file.path]
        if code == "E0116" { paths.append(schema.path) }
        let project = try ProjectLoader.load(paths: paths)
        let checked = SemanticChecker.check(project)
        let produced = Set((project.diagnostics + checked.diagnostics).map(\.code.id))
        #expect(produced == [code], "the example for \(code) produced \(produced)")
    }

    @Test func noSectionForAnUnknownCode() throws {
        let known = Set(DiagnosticCode.allCodes.map(\.id))
        let sections = try Repository.text("docs/diagnostics.md").components(separatedBy: "\n## ").dropFirst().map { String($0.prefix { $0 != ":" && $0 != "\n" }) }
        let codes = sections.filter { $0.count == 5 && ($0.hasPrefix("E") || $0.hasPrefix("W")) }
        #expect(Set(codes).subtracting(known).isEmpty)
        #expect(Set(codes).count == codes.count, "a code is documented twice")
    }

    /// Every ```campaign block of docs/language.md, type-checked: a block with its own
    /// `customer` schema alone; any other beside a copy of examples/schema.campaign, which
    /// it imports. It must produce no diagnostic at all, or exactly the codes named by a
    /// first line `# expect: E0201 W0103` (an example of what the checker rejects).
    @Test func languageReferenceExamplesCheck() throws {
        let blocks = CampaignBlocks.in(try Repository.text("docs/language.md"))
        #expect(blocks.count >= 25, "docs/language.md has only \(blocks.count) campaign examples")
        for block in blocks {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-language-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            var text = block.text
            let standalone = text.contains("customer {")
            if !standalone {
                try FileManager.default.copyItem(at: Repository.examples.file("schema.campaign"), to: folder.appendingPathComponent("schema.campaign"))
                if !text.contains("import \"") { text = "import \"schema.campaign\"\n" + text }
            }
            let file = folder.appendingPathComponent("example.campaign")
            try Data(text.utf8).write(to: file)
            let project = try ProjectLoader.load(paths: [file.path])
            let checked = SemanticChecker.check(project)
            let produced = (project.diagnostics + checked.diagnostics).map { "\($0.code.id) \($0.message)" }
            var expected: Set<String> = []
            if let first = block.text.split(separator: "\n").first, first.hasPrefix("# expect:") {
                expected = Set(first.dropFirst("# expect:".count).split(separator: " ").map(String.init))
            }
            #expect(Set(produced.map { String($0.prefix(5)) }) == expected,
                    "docs/language.md:\(block.line): expected \(expected.sorted()), got \(produced)\n\(block.text)")
        }
    }
}
