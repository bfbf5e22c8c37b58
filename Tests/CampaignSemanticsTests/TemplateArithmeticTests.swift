@testable import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// Dates in templates (docs/language.md §6): `'now'`, `date: '%s'` and the math filters,
/// type-checked as numbers and rendered at the recipient's offset.
@Suite struct TemplateArithmeticTests {
    /// The diagnostics of campaign text written against the examples' schema.
    static func diagnostics(_ campaigns: String) -> [Diagnostic] {
        let text = "import \"schema.campaign\"\n\n" + campaigns
        let project = ProjectLoader.load(source: SourceFile(path: TemplateBindingTests.examples + "/math.campaign", text: text), root: TemplateBindingTests.examples)
        return project.diagnostics + SemanticChecker.check(project).diagnostics
    }

    static func email(_ body: String) -> String {
        """
        campaign expiry {
          trigger on purchase
          send email coupon {
            subject "Your coupon"
            body "\(body)"
          }
        }
        """
    }

    /// A coupon that expires a week after the message goes out, shown in the recipient's
    /// local time: 2026-11-04 03:00 UTC is 22:00 on 3 November in New York (UTC-5), so a
    /// week later is 10 November there (11 November in UTC).
    @Test func aWeekFromNowIsShownInTheRecipientsTime() throws {
        let body = "Use it by {{ 'now' | date: '%s' | plus: 604800 | date: '%b %d' }}"
        let errors = Self.diagnostics(Self.email(body)).filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map(\.message))")
        let template = try TemplateParser.parse("Use it by {{ 'now' | date: '%s' | plus: 604800 | date: '%b %d' }}").get()
        let now = Date(timeIntervalSince1970: 1_793_761_200)   // 2026-11-04T03:00:00Z
        #expect(TemplateRenderer(now: now, offset: -18_000).render(template, .object([:])) == "Use it by Nov 10")
        #expect(TemplateRenderer(now: now, offset: 0).render(template, .object([:])) == "Use it by Nov 11")
        let days = try TemplateParser.parse("{{ 'now' | date: '%s' | divided_by: 86400 | modulo: 7 }}").get()
        // 20,761 whole days since 1970-01-01, a Thursday; 20,761 mod 7 = 6: a Wednesday.
        #expect(TemplateRenderer(now: now).render(days, .object([:])) == "6")
    }

    /// Each math filter on numbers, as Liquid computes them.
    @Test(arguments: [
        ("{{ 10 | plus: 2 }}", "12"),
        ("{{ 10.1 | minus: 2.2 }}", "7.9"),
        ("{{ 10 | plus: 2.0 }}", "12.0"),
        ("{{ -7 | divided_by: 2 }}", "-4"),
        ("{{ -7 | modulo: 3 }}", "2"),
        ("{{ 7 | modulo: -3 }}", "-2"),
        ("{{ 2.5 | round }}", "3"),
        ("{{ -2.5 | round }}", "-3"),
        ("{{ 1.005 | round: 2 }}", "1.01"),
        ("{{ 9223372036854775807 | plus: 1 }}", "9.223372036854776e+18"),
        ("{{ '1793761200' | plus: 60 | date: '%H:%M' }}", "03:01"),
    ])
    func mathFilters(_ text: String, _ expected: String) throws {
        let template = try TemplateParser.parse(text).get()
        #expect(TemplateRenderer(now: Date(timeIntervalSince1970: 0)).render(template, .object([:])) == expected)
    }

    /// What the checker refuses, with the code and the words that say why.
    @Test(arguments: [
        ("{{ first_name | plus: 1 }}", "E0505", "computes on a number"),
        ("{{ signup_at | plus: 1 }}", "E0505", "date: '%s'"),
        ("{{ 'now' | plus: 1 }}", "E0505", "computes on a number"),
        ("{{ 'now' | date: '%s' | divided_by: 0 }}", "E0504", "other than zero"),
        ("{{ 'now' | date: '%s' | modulo: event.amount }}", "E0504", "other than zero"),
        ("{{ 'now' | date: '%s' | plus: 'week' }}", "E0504", "takes a number"),
        ("{{ 'now' | date: '%s' | round: 1.5 }}", "E0504", "whole number"),
        ("{{ 'now' | date: '%s' | times }}", "E0504", "takes 1 argument"),
        ("{{ first_name | date: '%s' }}", "E0505", "Unix time"),
    ])
    func refused(_ body: String, _ code: String, _ words: String) {
        let errors = Self.diagnostics(Self.email(body)).filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors.map(\.message))")
        #expect(errors.first?.code.id == code)
        #expect(errors.contains { ($0.message + ($0.help ?? "")).contains(words) }, "\(errors.map { $0.message + " / " + ($0.help ?? "") })")
    }

    /// A number field and an event's amount are numbers; `date: '%s'` makes one.
    @Test(arguments: [
        "{{ event.amount | times: 1.2 | round: 2 }}",
        "{{ signup_at | date: '%s' | minus: 86400 | date: '%b %d' }}",
        "{{ event.amount | plus: event.amount }}",
    ])
    func accepted(_ body: String) {
        let errors = Self.diagnostics(Self.email(body)).filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map(\.message))")
    }

    /// An SMS whose expiry date is computed has a worst case: the date's longest text.
    @Test func anSMSWithAComputedDateHasABound() {
        let sms = """
        campaign expiry {
          trigger on purchase
          send sms coupon { text "Your coupon ends {{ 'now' | date: '%s' | plus: 604800 | date: '%b %d' }}" }
        }
        """
        let all = Self.diagnostics(sms)
        #expect(all.allSatisfy { $0.severity != .error }, "\(all.map(\.message))")
        #expect(!all.contains { $0.message.contains("no declared maximum") || $0.message.contains("no bound") }, "\(all.map(\.message))")
    }
}
