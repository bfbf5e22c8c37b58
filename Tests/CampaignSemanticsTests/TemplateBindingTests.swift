import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// The checker's bound messages (`CheckedProject.messages`): every `{{ … }}` path resolved
/// once to what it denotes, and a bound template renders exactly as the path-based
/// template did against a context object of every value by name (how `--render` worked).
@Suite struct TemplateBindingTests {
    static let examples = SemanticDocumentationTests.root.appendingPathComponent("examples").path

    /// Checks campaign text written against the examples' schema; fails on any error.
    static func check(_ campaigns: String) throws -> CheckedProject {
        let text = "import \"schema.campaign\"\n\n" + campaigns
        let project = ProjectLoader.load(source: SourceFile(path: examples + "/bound.campaign", text: text), root: examples)
        let checked = SemanticChecker.check(project)
        let errors = (project.diagnostics + checked.diagnostics).filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map(\.message))")
        return checked
    }

    /// Every value of a template, in conditions and filter arguments too.
    static func expressions(_ nodes: [TemplateNode]) -> [TemplateExpression] {
        nodes.flatMap { node -> [TemplateExpression] in
            switch node {
            case .text: return []
            case .output(let value, let filters, _):
                return [value] + filters.flatMap { filter in filter.arguments + filter.keywordArguments.keys.sorted().compactMap { filter.keywordArguments[$0] } }
            case .conditional(let branches, let otherwise, _):
                return branches.flatMap { branch in
                    branch.condition.terms.flatMap { term -> [TemplateExpression] in
                        switch term {
                        case .value(let value): [value]
                        case .comparison(_, let left, let right): [left, right]
                        }
                    } + expressions(branch.body)
                } + expressions(otherwise ?? [])
            }
        }
    }

    @Test func everyPathIsBoundOnceToWhatItDenotes() throws {
        let checked = try Self.check("""
        campaign receipt {
          trigger on purchase
          send email thanks {
            subject "{{ first_name }}: {{ event.amount }}"
            body "{{ first_name | default: campaign.name }}{% if tier == 'pro' %} {{ event.category }}{% endif %}"
          }
        }
        """)
        let message = try #require(checked.program.campaigns["receipt"]?.message(named: "thanks"))
        #expect(message.channel == .email && !message.transactional)
        #expect(message.fields.map(\.field) == ["subject", "body"])
        #expect(message.fields.map(\.file) == [nil, nil])
        #expect(message.fields[0].text == "{{ first_name }}: {{ event.amount }}")
        // `first_name` is named in the subject and the body, and bound once.
        #expect(message.variables.map(\.path) == ["first_name", "event.amount", "campaign.name", "tier", "event.category"])
        #expect(message.variables.map(\.type) == [.optional(.text(max: 20)), .number, .text(max: 7), .enumeration(["free", "plus", "pro"]), .optional(.text(max: nil))])
        guard case .customerField(let ref, let field) = message.variables[0], case .eventProperty(let propertyRef, let property) = message.variables[1],
              case .campaignName(let name) = message.variables[2] else {
            Issue.record("\(message.variables)")
            return
        }
        #expect(field.name == "first_name" && propertyRef.event.name == "purchase" && property.name == "amount" && name == "receipt")
        // Resolved to their slots in the declared order, which is what the planner reads by.
        #expect(ref.index == checked.table.customerFieldOrder.firstIndex(of: "first_name"))
        #expect(propertyRef.slot == checked.table.events["purchase"]?.order.firstIndex(of: "amount"))
        #expect(checked.program.eventNames[propertyRef.event.index] == "purchase")
        let values = message.fields.flatMap { Self.expressions($0.template.nodes) }
        #expect(!values.contains { if case .variable = $0 { true } else { false } }, "a path was left unbound: \(values)")
        let slots = values.compactMap { if case .slot(let slot, _) = $0 { slot } else { nil } }
        #expect(slots == [0, 1, 0, 2, 3, 4])
    }

    /// `body file` is read by the checker, once, through the reader it is given, and the
    /// text is kept with the path as written.
    @Test func aTemplateFileIsReadOnceAndKept() throws {
        let valid = SemanticFixtureTests.fixtures.appendingPathComponent("valid")
        let project = try ProjectLoader.load(paths: [valid.appendingPathComponent("template_file.campaign").path],
                                             root: SemanticFixtureTests.fixtures.path)
        var reads: [String] = []
        let checked = SemanticChecker.check(project) { path in
            reads.append(path)
            return FileSystem.read(path)
        }
        #expect(!checked.diagnostics.hasErrors)
        #expect(reads.map { URL(fileURLWithPath: $0).lastPathComponent } == ["welcome.html"])
        let body = try #require(checked.program.campaigns["welcome_file"]?.message(named: "welcome")?.field("body"))
        let text = try String(contentsOf: valid.appendingPathComponent("templates/welcome.html"), encoding: .utf8)
        #expect(body.file == "templates/welcome.html" && body.text == text)
    }

    static let templates = [
        "Hi {{ first_name | default: 'friend' | capitalize }}, {{ tier | upcase }} {{ event.amount }} {{ campaign.name | truncate: 5 }}",
        "{% if tier == 'pro' and sms_opt_in %}P{% elsif event.amount > 10 or first_name == blank %}B{% else %}{{ coupon_code | default: first_name, allow_false: sms_opt_in }}{% endif %}",
        "{{ signup_at | date: '%b %d %H:%M' }}{% unless birthday == nil %} {{ birthday | date: '%B %-d' }}{% endunless %} {{ event.category | default: 'none' }}",
        "{{ sms_opt_in }} {{ email_opt_in | default: 'x', allow_false: true }} {{ email_opt_in | default: 'x', allow_false: sms_opt_in }} {{ country | truncate: 3, '' }} {{ first_name | default: event.category }}",
        "{% if coupon_code contains 'A' %}{{ coupon_code | downcase }}{% endif %}{% if first_name == empty %}-{% endif %}{{ event.amount | default: 0 }}",
    ]

    /// Over generated customers and events, each template renders the same bound (values
    /// in slots) as parsed (values looked up by name in one object of every value).
    static func pick<T>(_ generator: inout SplitMix64, _ options: [T]) -> T { options[Int(generator.next() % UInt64(options.count))] }

    @Test(arguments: 0..<40)
    func boundTemplatesRenderAsPathsDid(_ seed: Int) throws {
        let sends = Self.templates.indices.map { "  send email m\($0) { subject \"s\" body \"\(Self.templates[$0])\" }\n" }
        let checked = try Self.check("campaign receipt {\n  trigger on purchase\n" + sends.joined() + "}\n")
        var generator = SplitMix64(seed: UInt64(seed))
        var customer: [String: TemplateValue] = [:]
        customer["first_name"] = Self.pick(&generator, [.null, .string(""), .string("  "), .string("ana"), .string("ÉMILE"), .string("李")])
        customer["tier"] = Self.pick(&generator, [.string("free"), .string("plus"), .string("pro")])
        customer["coupon_code"] = Self.pick(&generator, [.null, .string("ANA20"), .string("bo")])
        customer["country"] = Self.pick(&generator, [.null, .string("Thailand"), .string("UK")])
        customer["sms_opt_in"] = Self.pick(&generator, [.bool(true), .bool(false)])
        customer["email_opt_in"] = Self.pick(&generator, [.bool(true), .bool(false)])
        customer["signup_at"] = .instant(seconds: Int(generator.next() % 2_000_000_000), offset: Self.pick(&generator, [0, 3_600, -18_000]))
        customer["birthday"] = Self.pick(&generator, [.null, .date(year: 1990, month: 3, day: 8), .date(year: 2000, month: 2, day: 29)])
        var event: [String: TemplateValue] = [:]
        event["amount"] = Self.pick(&generator, [.null, .integer(5), .integer(42), .decimal(10.5)])
        event["category"] = Self.pick(&generator, [.null, .string("home"), .string("")])
        event["time"] = .instant(seconds: 1_780_000_000, offset: 0)
        var object = customer
        object["event"] = .object(event)
        object["campaign"] = .object(["name": .string("receipt")])
        let context = TemplateValue.object(object)

        for (index, template) in Self.templates.enumerated() {
            let message = try #require(checked.program.campaigns["receipt"]?.message(named: "m\(index)"))
            let slots = message.variables.map { variable -> TemplateValue in
                switch variable {
                case .customerField(_, let field): customer[field.name] ?? .null
                case .eventProperty(_, let property): event[property.name] ?? .null
                case .eventTime: event["time"] ?? .null
                case .campaignName(let name): .string(name)
                }
            }
            let body = try #require(message.field("body"))
            let renderer = TemplateRenderer(now: Date(timeIntervalSince1970: 1_790_000_000))
            let parsed = try TemplateParser.parse(body.text).get()
            #expect(renderer.render(body.template, slots: slots) == renderer.render(parsed, context), "seed \(seed): \(template)")
        }
    }
}
