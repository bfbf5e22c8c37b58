import CampaignSemantics
import CampaignSyntax
import Foundation
import TestFixtures
import Testing

/// The type checker on its fixture corpus: every invalid file produces exactly the codes
/// its `# expect:` line names, rendered as in its golden `.expected`; every valid file
/// produces nothing at all (no false positives). `UPDATE_GOLDENS=1` rewrites the goldens.
@Suite struct SemanticFixtureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The fixture names of a folder; throws, naming it, when it is missing or empty.
    static func names(_ kind: String) throws -> [String] {
        try FixtureFolder(fixtures.appendingPathComponent(kind)).names(endingWith: ".campaign")
    }

    /// Loads and checks one fixture; returns the diagnostics and the project.
    static func check(_ kind: String, _ name: String) throws -> ([Diagnostic], Project) {
        var paths = [fixtures.appendingPathComponent(kind).appendingPathComponent(name + ".campaign").path]
        if name == "not_imported" { paths.append(fixtures.appendingPathComponent("lib/schema.campaign").path) }
        let project = try ProjectLoader.load(paths: paths, root: fixtures.path)
        let checked = SemanticChecker.check(project)
        return ((project.diagnostics + checked.diagnostics).sortedForOutput(in: project.sources), project)
    }

    static func expectedCodes(_ kind: String, _ name: String) throws -> Set<String> {
        let text = try FixtureFolder(fixtures.appendingPathComponent(kind)).text(name + ".campaign")
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("# expect:") }) else { return [] }
        return Set(line.dropFirst("# expect:".count).split(separator: " ").map(String.init))
    }

    @Test func corpusIsLargeEnough() throws {
        #expect(try Self.names("invalid").count >= 80)
        #expect(try Self.names("valid").count >= 20)
    }

    @Test(arguments: try names("invalid"))
    func invalid(_ name: String) throws {
        let (diagnostics, project) = try Self.check("invalid", name)
        let codes = Set(diagnostics.map(\.code.id))
        #expect(codes == (try Self.expectedCodes("invalid", name)), "\(name): \(diagnostics.map { "\($0.code.id) \($0.message)" })")
        var rendered = TextDiagnosticRenderer(sources: project.sources).render(diagnostics)
        rendered = rendered.replacingOccurrences(of: Self.fixtures.path + "/", with: "")
        let golden = Self.fixtures.appendingPathComponent("invalid").appendingPathComponent(name + ".expected")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
            try Data(rendered.utf8).write(to: golden)
            return
        }
        let expected = (try? String(contentsOf: golden, encoding: .utf8)) ?? "<missing golden; run UPDATE_GOLDENS=1 swift test>"
        #expect(rendered == expected)
    }

    @Test(arguments: try names("valid"))
    func valid(_ name: String) throws {
        let (diagnostics, _) = try Self.check("valid", name)
        #expect(diagnostics.isEmpty, "\(name): \(diagnostics.map { "\($0.code.id) \($0.message)" })")
    }

    /// Every code the checker can report has a fixture.
    @Test func everyCodeHasAFixture() throws {
        var covered: Set<String> = []
        for name in try Self.names("invalid") { covered.formUnion(try Self.expectedCodes("invalid", name)) }
        let missing = DiagnosticCode.semanticCodes.map(\.id).filter { !covered.contains($0) }
        #expect(missing.isEmpty, "codes without an invalid fixture: \(missing)")
    }

    /// The product owner's examples as written and the bundled ones check clean.
    @Test(arguments: [Repository.examples, Repository.specExamples])
    func examplesCheckClean(_ folder: FixtureFolder) throws {
        #expect(try folder.names(endingWith: ".campaign").count == 6, "\(folder.path)")
        let project = try ProjectLoader.load(paths: [folder.path])
        let checked = SemanticChecker.check(project)
        #expect(project.diagnostics.isEmpty && checked.diagnostics.isEmpty,
                "\((project.diagnostics + checked.diagnostics).map { "\($0.code.id) \($0.message)" })")
        #expect(checked.campaignReports.count == 5)
    }
}
