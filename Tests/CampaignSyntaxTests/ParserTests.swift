@testable import CampaignSyntax
import Foundation
import TestFixtures
import Testing

@Suite struct ParserTests {
    static func parse(_ text: String) -> ParsedFile { Parser.parse(SourceFile(path: "t.campaign", text: text)) }

    static func expression(_ text: String) -> String {
        let parsed = parse("segment s = " + text + "\n")
        guard case .segment(let segment)? = parsed.syntax.declarations.first else { return "<none>" }
        return shape(segment.condition)
    }

    /// The tree with explicit grouping: `(a or (b and c))`.
    static func shape(_ expression: Expr) -> String {
        switch expression {
        case .binary(let op, let left, let right, _): "(\(shape(left)) \(op.rawValue) \(shape(right)))"
        case .chain(let chain): chain.links.reduce(shape(chain.first)) { "(\($0) \($1.op.rawValue) \(shape($1.operand)))" }
        case .unary(let op, let operand, _): "(\(op.rawValue) \(shape(operand)))"
        case .isNone(let operand, let negated, _): "(\(shape(operand)) is\(negated ? " not" : "") none)"
        case .inList(let operand, let items, _): "(\(shape(operand)) in [\(items.map(shape).joined(separator: ","))])"
        case .parenthesized(let inner, _): shape(inner)
        default: ExpressionPrinter.print(expression)
        }
    }

    @Test(arguments: [
        ("a or b and c", "(a or (b and c))"),
        ("a and b or c", "((a and b) or c)"),
        ("not a and b", "((not a) and b)"),
        ("not a == b", "(not (a == b))"),
        ("a == b and c != d", "((a == b) and (c != d))"),
        ("x ?? y < z", "((x ?? y) < z)"),
        ("x ?? y ?? z", "(x ?? (y ?? z))"),
        ("now - 30d < x", "((now - 30d) < x)"),
        ("a + b * c - d", "((a + (b * c)) - d)"),
        ("a - b + c - d", "(((a - b) + c) - d)"),
        ("a / b * c", "((a / b) * c)"),
        ("a and b and c or d", "(((a and b) and c) or d)"),
        ("-a * b", "((- a) * b)"),
        ("x is none or y is not none", "((x is none) or (y is not none))"),
        ("tier in (\"a\", \"b\") and vip", "((tier in [\"a\",\"b\"]) and vip)"),
        ("(a or b) and c", "((a or b) and c)"),
        ("last(app_open) ?? signup_at < now - 90d", "((last(app_open) ?? signup_at) < (now - 90d))"),
        ("count(purchase where category == \"home\" in last 30d) >= 3", "(count(purchase where category == \"home\" in last 30d) >= 3)"),
        ("sum(purchase.amount in last 365d) > 100", "(sum(purchase.amount in last 365d) > 100)"),
        ("count(purchase since entry) == 0", "(count(purchase since entry) == 0)"),
        ("event.amount > 10", "(event.amount > 10)"),
        ("signup_at < 2026-12-01 07:00", "(signup_at < 2026-12-01 07:00)"),
    ])
    func precedence(_ text: String, _ expected: String) {
        #expect(Self.expression(text) == expected)
    }

    /// Operators that group to the left are read into one flat chain however many
    /// operands there are, and printing it costs no stack per operand.
    @Test(arguments: [" and ", " or ", " + ", " - ", " * ", " / "])
    func longChainsAreOneFlatNode(_ op: String) throws {
        let operands = 100_000
        let condition = Array(repeating: "x", count: operands).joined(separator: op)
        let parsed = Self.parse("segment s = " + condition + "\n")
        #expect(!parsed.diagnostics.hasErrors)
        guard case .segment(let segment)? = parsed.syntax.declarations.first, case .chain(let chain) = segment.condition else {
            Issue.record("not one chain")
            return
        }
        #expect(chain.links.count == operands - 1)
        #expect(chain.span == SourceSpan(file: FileID(0), start: 12, end: 12 + condition.utf8.count))
        #expect(ExpressionPrinter.print(segment.condition) == condition)
    }

    /// `fmt` re-parses its output and compares the trees before it writes anything: that
    /// comparison walks a long chain too.
    @Test(arguments: [" and ", " - "])
    func longChainsFormat(_ op: String) {
        let condition = Array(repeating: "x", count: 20_000).joined(separator: op)
        let source = SourceFile(path: "t.campaign", text: "segment s = " + condition.replacingOccurrences(of: " ", with: "  ") + "\n")
        guard case .formatted(let output) = Formatter.formatChecked(source) else {
            Issue.record("not formatted")
            return
        }
        #expect(output == "segment s = " + condition + "\n")
    }

    /// The bundled examples and the product owner's originals; throws, naming the
    /// folder, when either is missing or empty.
    static func specExampleFiles() throws -> [URL] {
        try Repository.examples.files(endingWith: ".campaign") + Repository.specExamples.files(endingWith: ".campaign")
    }

    @Test(arguments: try specExampleFiles())
    func examplesParseWithoutDiagnostics(_ url: URL) throws {
        let source = SourceFile(path: url.lastPathComponent, bytes: try [UInt8](Data(contentsOf: url)))
        let parsed = Parser.parse(source)
        #expect(parsed.diagnostics.isEmpty, "\(TextDiagnosticRenderer(sources: SourceMap(source)).render(parsed.diagnostics))")
        #expect(!parsed.syntax.declarations.isEmpty)
    }

    @Test func specExamplesExist() throws {
        #expect(try Self.specExampleFiles().count == 12)
    }

    @Test func winbackStructure() throws {
        let text = try Repository.examples.text("winback_sms.campaign")
        let parsed = Self.parse(text)
        guard case .campaign(let campaign)? = parsed.syntax.declarations.last else {
            Issue.record("no campaign")
            return
        }
        #expect(campaign.name.name == "winback_sms")
        #expect(campaign.clauses.count == 4)
        guard case .trigger(.afterTime(let delay, let anchor), _)? = campaign.clauses.dropFirst().first else {
            Issue.record("trigger")
            return
        }
        #expect(delay.seconds == 30 * 86_400)
        #expect(ExpressionPrinter.print(anchor) == "last(purchase)")
        #expect(campaign.steps.count == 5)
        guard case .branch(let branch) = campaign.steps[4] else {
            Issue.record("last step is the clicked(any) branch")
            return
        }
        guard case .unsubscribe(let channel, _)? = branch.otherwise?.steps.first else {
            Issue.record("else branch unsubscribes")
            return
        }
        #expect(channel.name == "sms")
    }

    @Test(arguments: [
        ("trigger on purchase where amount > 5 key order_id", "onEvent"),
        ("trigger on enter lapsing", "onEnterSegment"),
        ("trigger 30d after last(purchase)", "afterTime"),
        ("trigger daily at 09:00", "daily"),
        ("trigger weekly on tuesday at 18:00", "weekly"),
        ("trigger monthly on day 1 at 10:00", "monthly"),
        ("trigger once at 2026-12-01 07:00", "once"),
        ("trigger yearly on birthday at 10:00", "yearly"),
    ])
    func triggers(_ clause: String, _ kind: String) {
        let parsed = Self.parse("campaign c {\n  \(clause)\n  tag t\n}\n")
        #expect(parsed.diagnostics.isEmpty)
        guard case .campaign(let campaign)? = parsed.syntax.declarations.first,
              case .trigger(let trigger, _)? = campaign.clauses.first else {
            Issue.record("no trigger")
            return
        }
        #expect(String(describing: trigger).hasPrefix(kind) || "\(trigger)".contains(kind))
    }

    @Test func severalItemsOnOneLine() {
        let parsed = Self.parse("customer { id: id name: text? }\nchannel sms { address: phone   consent: sms_opt_in }\n")
        #expect(parsed.diagnostics.isEmpty)
        guard case .customer(let customer)? = parsed.syntax.declarations.first else {
            Issue.record("expected a customer declaration, got \(parsed.syntax.declarations)")
            return
        }
        #expect(customer.fields.map(\.name.name) == ["id", "name"])
    }

    @Test func exitStepVersusExitClause() {
        let parsed = Self.parse("campaign c {\n  trigger on a\n  exit when purchase\n  tag x\n  exit\n}\n")
        #expect(parsed.diagnostics.isEmpty)
        guard case .campaign(let campaign)? = parsed.syntax.declarations.first else {
            Issue.record("expected a campaign, got \(parsed.syntax.declarations)")
            return
        }
        #expect(campaign.clauses.count == 2)
        #expect(campaign.steps.count == 2)
    }

    @Test func waitForms() {
        let parsed = Self.parse("campaign c {\n  trigger on a\n  wait 3d\n  wait until 09:00 UTC\n  wait until purchase where amount > 5 or 2d\n  wait until best hour\n}\n")
        #expect(parsed.diagnostics.isEmpty)
        guard case .campaign(let campaign)? = parsed.syntax.declarations.first else {
            Issue.record("expected a campaign, got \(parsed.syntax.declarations)")
            return
        }
        let waits = campaign.steps.compactMap { if case .wait(let wait, _) = $0 { wait } else { nil } }
        #expect(waits.count == 4)
        if case .untilTime(let time) = waits[1] { #expect(time.zone != nil) } else { Issue.record("until time") }
        if case .untilEvent(let event, let filter, let timeout) = waits[2] {
            #expect(event.name == "purchase")
            #expect(filter != nil)
            #expect(timeout.seconds == 2 * 86_400)
        } else {
            Issue.record("until event")
        }
    }

    @Test func spansPointAtTheSource() {
        let text = "segment vip = count(purchase) > 10\n"
        let source = SourceFile(path: "t", text: text)
        let parsed = Parser.parse(source)
        guard case .segment(let segment)? = parsed.syntax.declarations.first else {
            Issue.record("expected a segment, got \(parsed.syntax.declarations)")
            return
        }
        #expect(source.text(segment.name.span) == "vip")
        #expect(source.text(segment.condition.span) == "count(purchase) > 10")
        #expect(source.text(segment.span) == "segment vip = count(purchase) > 10")
    }
}
