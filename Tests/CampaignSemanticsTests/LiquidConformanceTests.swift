@testable import CampaignSemantics
import Foundation
import Testing

/// The template engine against golden-liquid (shared/conformance): every case whose
/// features are all in our subset (spec §6) must pass; the cases left out are listed,
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
        "truncate filter", "date filter",
    ]

    static let suite = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/conformance/golden-liquid/golden_liquid.json")

    static let outOfScope: [String: String] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/liquid-out-of-scope.txt")
        var reasons: [String: String] = [:]
        for line in ((try? String(contentsOf: url, encoding: .utf8)) ?? "").split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            if parts.count == 2 { reasons[String(parts[0])] = String(parts[1]) }
        }
        return reasons
    }()

    /// The cases whose tags are all supported.
    static let cases: [Case] = {
        guard let text = try? String(contentsOf: suite, encoding: .utf8), case .object(let root)? = TestJSON.parse(text),
              case .array(let tests)? = root["tests"] else { return [] }
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
    }()

    @Test func suiteIsPresentAndLarge() {
        #expect(Self.cases.count >= 150, "expected the golden-liquid subset; found \(Self.cases.count) cases")
    }

    @Test func outOfScopeListNamesRealCases() {
        let names = Set(Self.cases.map(\.name))
        for name in Self.outOfScope.keys { #expect(names.contains(name), "out-of-scope entry names no case: \(name)") }
    }

    @Test(arguments: cases)
    func conformance(_ test: Case) {
        if Self.outOfScope[test.name] != nil { return }
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
