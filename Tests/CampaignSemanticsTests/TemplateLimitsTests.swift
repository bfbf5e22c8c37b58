@testable import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// Templates of hostile size: long conditions, deep nesting.
@Suite struct TemplateLimitsTests {
    static var renderer: TemplateRenderer { TemplateRenderer(now: Date(timeIntervalSince1970: 0)) }

    static func render(_ text: String, _ values: [String: TemplateValue]) throws -> String {
        let template = try TemplateParser.parse(text).get()
        return renderer.render(template, .object(values))
    }

    /// Liquid groups `and`/`or` from the right, with no precedence.
    @Test(arguments: [
        ("a or b and c", true, false, false, true),   // a or (b and c); (a or b) and c would be false
        ("a and b or c", false, false, true, false),  // a and (b or c); (a and b) or c would be true
        ("a and b and c", true, true, true, true),
        ("a or b or c", false, false, true, true),
        ("a and b or c and a", true, false, true, true),
    ])
    func conditionsGroupFromTheRight(_ condition: String, _ a: Bool, _ b: Bool, _ c: Bool, _ expected: Bool) throws {
        let output = try Self.render("{% if \(condition) %}yes{% else %}no{% endif %}", ["a": .bool(a), "b": .bool(b), "c": .bool(c)])
        #expect(output == (expected ? "yes" : "no"))
    }

    /// A condition of 100,000 terms is one flat list, tested by a loop.
    @Test(arguments: ["and", "or"])
    func longConditionsAreFlat(_ join: String) throws {
        let terms = 100_000
        let condition = Array(repeating: "a", count: terms - 1).joined(separator: " \(join) ") + " \(join) b"
        let template = try TemplateParser.parse("{% if \(condition) %}yes{% else %}no{% endif %}").get()
        guard case .conditional(let branches, _, _)? = template.nodes.first else {
            Issue.record("not a conditional")
            return
        }
        #expect(branches[0].condition.terms.count == terms)
        let output = Self.renderer.render(template, .object(["a": .bool(true), "b": .bool(false)]))
        #expect(output == (join == "and" ? "no" : "yes"))
    }

    /// Nesting is read recursively, so it is refused past the parser's depth, as in a
    /// `.campaign` file, instead of exhausting the stack.
    @Test(arguments: [
        (String(repeating: "{% if a %}", count: 50_000) + "x" + String(repeating: "{% endif %}", count: 50_000), "`{% if %}` blocks nested"),
        ("{{ " + String(repeating: "a[", count: 50_000) + "b" + String(repeating: "]", count: 50_000) + " }}", "`[` nested"),
    ])
    func deepNestingIsRefused(_ text: String, _ message: String) {
        guard case .failure(let error) = TemplateParser.parse(text) else {
            Issue.record("parsed")
            return
        }
        #expect(error.message.hasPrefix(message))
        #expect(error.message.contains("more than \(Parser.maxDepth) levels deep"))
    }

    @Test func nestingUpToTheLimitIsFine() throws {
        let depth = Parser.maxDepth
        let text = String(repeating: "{% if a %}", count: depth) + "x" + String(repeating: "{% endif %}", count: depth)
        #expect(try Self.render(text, ["a": .bool(true)]) == "x")
    }

    /// The date filter reads instants of the range only (`InstantRange`); anything else is
    /// not a date and is left as it is, as Liquid leaves what it cannot read. A day that
    /// does not exist is not a date either: it was rolled into the next month (30 February
    /// as 1 March), and a day near `Int.max` overflowed the day count and trapped.
    @Test(arguments: [
        ("{{ 99999999999999999999.5 | date: '%Y' }}", TemplateRenderer.text(.decimal(99_999_999_999_999_999_999.5))),
        ("{{ 253402300800 | date: '%Y' }}", "253402300800"),
        ("{{ 253402300799 | date: '%Y' }}", "9999"),
        ("{{ 'March 14, 99999999999999999' | date: '%Y' }}", "March 14, 99999999999999999"),
        ("{{ '0000-06-01' | date: '%Y' }}", "0000-06-01"),
        ("{{ '0999-06-01' | date: '%Y-%m-%d' }}", "0999-06-01"),
        ("{{ '0999-06-01' | date: '%-Y' }}", "999"),
        ("{{ 'March 9223372036854775807, 2016' | date: '%Y' }}", "March 9223372036854775807, 2016"),
        ("{{ 'February 30, 2016' | date: '%Y-%m-%d' }}", "February 30, 2016"),
        ("{{ 'February 29, 2016' | date: '%Y-%m-%d' }}", "2016-02-29"),
        ("{{ '2015-02-29' | date: '%Y-%m-%d' }}", "2015-02-29"),
        ("{{ '2016-13-01T10:00Z' | date: '%Y-%m-%d' }}", "2016-13-01T10:00Z"),
        ("{{ '2016-02-29T10:00Z' | date: '%Y-%m-%d %H' }}", "2016-02-29 10"),
    ])
    func dateFilterReadsTheRangeOfTimesOnly(_ template: String, _ expected: String) throws {
        #expect(try Self.render(template, [:]) == expected)
    }

    /// A megabyte of template with 28,000 `{{ … }}` is checked in one pass: positions map
    /// through a `ValueOffsetMap` built once (each used to re-walk the whole text: 86 s).
    /// The limit is generous; the point is linear against quadratic.
    @Test(.timeLimit(.minutes(1)))
    func megabyteTemplateChecks() throws {
        let examples = SemanticDocumentationTests.root.appendingPathComponent("examples").path
        let body = String(repeating: "Hi {{ first_name | default: 'x' }}, \\n", count: 28_000) + "{{ frist_name }}"
        let text = "import \"schema.campaign\"\n\ncampaign big {\n  trigger daily at 09:00\n  send email hi { subject \"s\" body \"\(body)\" }\n}\n"
        #expect(text.utf8.count > 1_000_000)
        let project = ProjectLoader.load(source: SourceFile(path: examples + "/big.campaign", text: text), root: examples)
        let checked = SemanticChecker.check(project)
        let errors = checked.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1)
        let misspelt = try #require(text.utf8.firstRange(of: "frist_name".utf8))
        let offset = text.utf8.distance(from: text.utf8.startIndex, to: misspelt.lowerBound)
        #expect(errors.first?.span?.start == offset, "the error points at the exact characters, past 28,000 escapes")
    }
}
