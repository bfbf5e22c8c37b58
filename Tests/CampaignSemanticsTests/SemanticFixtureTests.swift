import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// The type checker on its fixture corpus: every invalid file produces exactly the codes
/// its `# expect:` line names, rendered as in its golden `.expected`; every valid file
/// produces nothing at all (no false positives). `UPDATE_GOLDENS=1` rewrites the goldens.
@Suite struct SemanticFixtureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func names(_ kind: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: fixtures.appendingPathComponent(kind).path)) ?? []
        return files.filter { $0.hasSuffix(".campaign") }.map { String($0.dropLast(".campaign".count)) }.sorted()
    }

    /// Loads and checks one fixture; returns the diagnostics and the project.
    static func check(_ kind: String, _ name: String) throws -> ([Diagnostic], Project) {
        var paths = [fixtures.appendingPathComponent(kind).appendingPathComponent(name + ".campaign").path]
        if name == "not_imported" { paths.append(fixtures.appendingPathComponent("lib/schema.campaign").path) }
        let project = try ProjectLoader.load(paths: paths, root: fixtures.path)
        let checked = SemanticChecker.check(project)
        return ((project.diagnostics + checked.diagnostics).sortedForOutput(in: project.sources), project)
    }

    static func expectedCodes(_ kind: String, _ name: String) -> Set<String> {
        let text = (try? String(contentsOf: fixtures.appendingPathComponent(kind).appendingPathComponent(name + ".campaign"), encoding: .utf8)) ?? ""
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("# expect:") }) else { return [] }
        return Set(line.dropFirst("# expect:".count).split(separator: " ").map(String.init))
    }

    @Test func corpusIsLargeEnough() {
        #expect(Self.names("invalid").count >= 80)
        #expect(Self.names("valid").count >= 20)
    }

    @Test(arguments: names("invalid"))
    func invalid(_ name: String) throws {
        let (diagnostics, project) = try Self.check("invalid", name)
        let codes = Set(diagnostics.map(\.code.id))
        #expect(codes == Self.expectedCodes("invalid", name), "\(name): \(diagnostics.map { "\($0.code.id) \($0.message)" })")
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

    @Test(arguments: names("valid"))
    func valid(_ name: String) throws {
        let (diagnostics, _) = try Self.check("valid", name)
        #expect(diagnostics.isEmpty, "\(name): \(diagnostics.map { "\($0.code.id) \($0.message)" })")
    }

    /// Every code the checker can report has a fixture.
    @Test func everyCodeHasAFixture() {
        var covered: Set<String> = []
        for name in Self.names("invalid") { covered.formUnion(Self.expectedCodes("invalid", name)) }
        let missing = DiagnosticCode.semanticCodes.map(\.id).filter { !covered.contains($0) }
        #expect(missing.isEmpty, "codes without an invalid fixture: \(missing)")
    }

    /// The spec's examples and the bundled ones check clean.
    @Test(arguments: ["examples", "../shared/spec/examples"])
    func examplesCheckClean(_ folder: String) throws {
        let root = Self.fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent(folder).standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: path) else { return }
        let project = try ProjectLoader.load(paths: [path])
        let checked = SemanticChecker.check(project)
        #expect(project.diagnostics.isEmpty && checked.diagnostics.isEmpty,
                "\((project.diagnostics + checked.diagnostics).map { "\($0.code.id) \($0.message)" })")
        #expect(checked.campaignReports.count == 5)
    }
}
