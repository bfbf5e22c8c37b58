import CampaignData
import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// Operator chains evaluated on the bundled data: left to right, kinds changing along the
/// chain, and saturating at the edges of `InstantRange` instead of overflowing.
@Suite struct ChainEvaluationTests {
    /// An expression as written where a segment's condition stands.
    static func syntax(_ text: String) throws -> Expr {
        let parsed = Parser.parse(SourceFile(path: "t.campaign", text: "segment s = \(text)\n"))
        #expect(!parsed.diagnostics.hasErrors, "\(parsed.diagnostics.map(\.message))")
        guard case .segment(let segment)? = parsed.syntax.declarations.first else { throw CancellationError() }
        return segment.condition
    }

    /// An expression typed against the bundled data's declarations, as a segment's would be.
    static func expression(_ text: String, in data: Dataset) throws -> TypedExpr {
        let (typed, diagnostics) = SemanticChecker.typed(try syntax(text), in: data.table)
        #expect(!diagnostics.hasErrors, "\(diagnostics.map(\.message))")
        return typed
    }

    static func context(_ data: Dataset) throws -> EvaluationContext {
        EvaluationContext(customer: try #require(data.customers.row(of: "c001")), now: DataSupport.instant("2026-11-01"))
    }

    @Test(arguments: [
        "signup_at + 1d - 2h + 30m == 2025-01-11 12:30 UTC",
        "signup_at + 1d - 1d == signup_at",
        "1d + signup_at - 1d == signup_at",
        "now - signup_at - 1d > 600d",
        "60d / 30d * 2 == 4",
        "2 * 30d / 4 + 1d == 16d",
        "1 + 2 * 3 - 4 / 2 == 5",
        "email_opt_in and sms_opt_in and not (tier == \"free\")",
        "tier == \"free\" or tier == \"pro\" or tier == \"plus\"",
        // Past the end of the range: held after it, still later than any real instant.
        "now + 500000w > 9999-12-31 23:59 UTC",
        "signup_at - 500000w < 0001-01-01 00:00 UTC",
        "(now + 500000w) - (now - 500000w) > 1000w",
    ])
    func chainsEvaluateLeftToRight(_ text: String) throws {
        let data = try SegmentTests.bundled()
        let evaluator = Evaluator(data)
        let condition = evaluator.condition(try Self.expression(text, in: data))
        #expect(condition(try Self.context(data)) == .yes)
    }

    static let now = DataSupport.instant("2026-11-01")
    static let huge = "1d * 999999999999999 * 999999999999999"

    /// Sums are exact; a value past `Evaluator.secondsLimit` is unknown, like a missing
    /// one: never a trap, never a wrapped-around number.
    static let cases: [(String, Int64?)] = [
        ("now + 1d", now + 86_400),
        ("now + 500000w", now + 500_000 * 604_800),
        ("now - 500000w - 500000w + 500000w + 500000w", now),
        ("now + \(huge)", nil),
        ("now - \(huge) + 1d", nil),
        ("signup_at + 30d * 99999999999999 * 1000", nil),
    ]

    @Test(arguments: cases)
    func instantsNeverOverflow(_ text: String, _ expected: Int64?) throws {
        let data = try SegmentTests.bundled()
        let value = Evaluator(data).instantValue(try Self.expression(text, in: data))
        #expect(value(try Self.context(data)) == expected)
    }

    @Test func conditionsOnValuesPastTheLimitAreUnknown() throws {
        let data = try SegmentTests.bundled()
        let condition = Evaluator(data).condition(try Self.expression("signup_at + \(Self.huge) > now", in: data))
        #expect(condition(try Self.context(data)) == .unknown)
    }

    /// A condition of 100,000 operands evaluates in a loop: no stack per operand.
    @Test(arguments: ["and", "or", "+"])
    func longChainsEvaluate(_ op: String) throws {
        let text = op == "+"
            ? "count(purchase)" + String(repeating: " + 1", count: 100_000) + " > 99999"
            : Array(repeating: "email_opt_in", count: 100_000).joined(separator: " \(op) ")
        let data = try SegmentTests.bundled()
        let condition = Evaluator(data).condition(try Self.expression(text, in: data))
        #expect(condition(try Self.context(data)) == .yes)
    }
}
