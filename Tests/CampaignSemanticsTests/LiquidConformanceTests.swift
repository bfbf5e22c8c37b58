@testable import CampaignSemantics
import Foundation
import TestFixtures
import Testing

/// The template engine against golden-liquid (vendored in Fixtures/golden-liquid): every case whose
/// features are all in our subset (docs/language.md §6) must pass; the cases left out are listed,
/// each with its reason, in Fixtures/liquid-out-of-scope.txt.
@Suite struct LiquidConformanceTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let template: String
        let data: TemplateValue
        let results: [String]
        let invalid: Bool
        var description: String { name }
    }

    static let supportedTags: Set<String> = [
        "if tag", "unless tag", "default filter", "upcase filter", "downcase filter", "capitalize filter",
        "truncate filter", "date filter", "plus filter", "minus filter", "times filter", "divided_by filter",
        "modulo filter", "round filter",
    ]

    static let fixtures = FixtureFolder(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures"))
    static let suite = fixtures.appending("golden-liquid").file("golden_liquid.json")

    /// Case name → why it is left out; throws, naming the file, when it is missing.
    static func outOfScope() throws -> [String: String] {
        var reasons: [String: String] = [:]
        for line in try fixtures.text("liquid-out-of-scope.txt").split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            if parts.count == 2 { reasons[String(parts[0])] = String(parts[1]) }
        }
        return reasons
    }

    /// The cases whose tags are all supported; throws, naming the file, when the suite is
    /// missing or is not golden-liquid's JSON. Read once.
    static func cases() throws -> [Case] { try loaded.get() }

    private static let loaded = Result { () throws -> [Case] in
        guard case .object(let root)? = TestJSON.parse(try FixtureFolder.text(suite)), case .array(let tests)? = root["tests"] else {
            throw MissingFixture("\(suite.path) is not golden-liquid's JSON (an object with a `tests` array)")
        }
        return tests.compactMap { test -> Case? in
            guard case .object(let fields) = test, case .string(let name)? = fields["name"],
                  case .string(let template)? = fields["template"] else { return nil }
            var tags: Set<String> = []
            if case .array(let list)? = fields["tags"] { for case .string(let tag) in list { tags.insert(tag) } }
            guard tags.isSubset(of: supportedTags) else { return nil }
            var results: [String] = []
            if case .string(let result)? = fields["result"] { results = [result] }
            if case .array(let list)? = fields["results"] { for case .string(let result) in list { results.append(result) } }
            return Case(name: name, template: template, data: fields["data"] ?? .object([:]), results: results,
                        invalid: fields["invalid"] == .bool(true))
        }
    }

    @Test func suiteIsPresentAndLarge() throws {
        let count = try Self.cases().count
        #expect(count >= 150, "expected the golden-liquid subset; found \(count) cases")
    }

    @Test func outOfScopeListNamesRealCases() throws {
        let names = Set(try Self.cases().map(\.name))
        let outOfScope = try Self.outOfScope()
        #expect(!outOfScope.isEmpty, "the out-of-scope list has no entries")
        for name in outOfScope.keys { #expect(names.contains(name), "out-of-scope entry names no case: \(name)") }
    }

    @Test(arguments: try cases())
    func conformance(_ test: Case) throws {
        if try Self.outOfScope()[test.name] != nil { return }
        let renderer = TemplateRenderer(now: Date(timeIntervalSince1970: 1_700_000_000))
        switch TemplateParser.parse(test.template) {
        case .failure(let error):
            #expect(test.invalid, "rejected a valid template: \(error.message)\n\(test.template)")
        case .success(let template):
            if let error = TemplateFilters.validate(template) {
                #expect(test.invalid, "rejected a valid template: \(error.message)\n\(test.template)")
                return
            }
            #expect(!test.invalid, "accepted an invalid template:\n\(test.template)")
            if test.invalid { return }
            let output = renderer.render(template, test.data)
            #expect(test.results.contains(output), "\(test.template)\n  got:      \(output.debugDescription)\n  expected: \(test.results.map(\.debugDescription))")
        }
    }
}
