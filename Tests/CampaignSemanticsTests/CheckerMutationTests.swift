import CampaignSemantics
import CampaignSyntax
import Foundation
import TestFixtures
import Testing

/// Seeded mutations of the valid fixtures and examples, through the whole checker and
/// the template engine: whatever parses is checked without a crash, every diagnostic
/// points inside its file, and every template that passes the checker renders.
@Suite struct CheckerMutationTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let iterations = Int(ProcessInfo.processInfo.environment["FUZZ_ITERATIONS"] ?? "") ?? 1_500

    /// The valid fixtures without their import (the schema is prepended instead); throws,
    /// naming the path, when a fixture is missing.
    static func seeds() throws -> (schema: String, files: [String]) {
        let folder = FixtureFolder(fixtures.appendingPathComponent("valid"))
        let files = try folder.names(endingWith: ".campaign", dropSuffix: false).map { try folder.text($0) }
            .map { $0.replacingOccurrences(of: "import \"../lib/schema.campaign\"", with: "") }
        return (try FixtureFolder(fixtures).text("lib/schema.campaign"), files)
    }

    static let fragments = [
        "tier == \"gold\"", "count(purchase) > 0", "clicked(any)", "{{ first_name }}", "{{ event.amount | upcase }}",
        "{% if vip %}", "{% endif %}", "send sms x { text \"hi\" }", "wait 0d", "exit", "split { 50% { tag a } }",
        "segment loop = loop", "event.amount", "since entry", "and", "or not", "?? now", "\"", "}", "{", "\n",
    ]

    @Test func mutatedProjectsNeverCrashTheChecker() throws {
        let (schema, seeds) = try Self.seeds()
        var rng = SplitMix64(seed: 7_777)
        var checked = 0
        for iteration in 0..<Self.iterations {
            var text = seeds[iteration % seeds.count]
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                var edited = lines
                let index = Int.random(in: 0..<max(1, lines.count), using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: if !edited.isEmpty { edited.remove(at: index) }
                case 1: edited.insert(Self.fragments.randomElement(using: &rng) ?? "", at: min(index, edited.count))
                case 2: if index < edited.count { edited[index] += " " + (Self.fragments.randomElement(using: &rng) ?? "") }
                default: if index < edited.count, let j = (0..<edited.count).randomElement(using: &rng) { edited.swapAt(index, j) }
                }
                text = edited.joined(separator: "\n")
            }
            let source = schema + "\n" + text
            var project = ProjectLoader.load(source: SourceFile(path: "mutant.campaign", text: source), root: ".")
            if project.diagnostics.hasErrors { continue }
            checked += 1
            let result = SemanticChecker.check(project)
            project.diagnostics += result.diagnostics
            let size = Array(source.utf8).count
            for diagnostic in project.diagnostics {
                #expect(diagnostic.span.map { $0.start >= 0 && $0.end <= size } == true, "iteration \(iteration)")
            }
            _ = TextDiagnosticRenderer(sources: project.sources).render(project.diagnostics)
        }
        #expect(checked > Self.iterations / 6, "too few mutants parse to exercise the checker (\(checked))")
    }

    @Test func randomTemplatesParseOrFailCleanly() {
        var rng = SplitMix64(seed: 31)
        let pieces = ["{{", "}}", "{%", "%}", " if ", " else ", " endif ", " unless ", " endunless ", " raw ", " endraw ", "a", "b.c",
                      "'x'", "\"y\"", " | ", "upcase", "default: ", "truncate: 3", "date: '%b'", " == ", " contains ", " and ", " or ",
                      "-", "[0]", "nil", "empty", "1.5", "สม", "\n"]
        let renderer = TemplateRenderer(now: Date(timeIntervalSince1970: 0))
        let data = TemplateValue.object(["a": .string("A"), "b": .object(["c": .array([.integer(1), .null])])])
        for _ in 0..<5_000 {
            var template = ""
            for _ in 0..<Int.random(in: 1...12, using: &rng) { template += pieces.randomElement(using: &rng) ?? "" }
            if case .success(let parsed) = TemplateParser.parse(template), TemplateFilters.validate(parsed) == nil {
                _ = renderer.render(parsed, data)
            }
        }
    }
}
