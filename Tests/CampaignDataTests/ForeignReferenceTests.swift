import CampaignData
import CampaignSemantics
import CampaignSyntax
import Testing

/// The evaluator's public API takes any `TypedExpr` and any `Dataset`: an expression typed
/// against another table (`SemanticChecker.typed(_:in:)` takes whichever it is given), or a
/// dataset whose table the checker did not build, carries references to positions the
/// dataset does not have. Each reads as unstored (missing, and noted in `unstoredReads`),
/// never past the end of an array.
@Suite struct ForeignReferenceTests {
    /// A project with two fields and no event types: every field of `UnstoredReadTests`
    /// but the first two, and every event, lies past its positions.
    static func small() throws -> Dataset {
        let source = SourceFile(path: "small.campaign", bytes: Array("customer { id: id  email: email? }\n".utf8))
        let checked = SemanticChecker.check(ProjectLoader.load(source: source, root: "."))
        #expect(!checked.diagnostics.contains { $0.severity == .error }, "\(checked.diagnostics.map(\.message))")
        let outcome = DatasetLoader.load(table: checked.table, customers: DataSupport.file("c.csv", "id,email\nc1,\nc2,c2@example.com\n"),
                                         events: DataSupport.file("e.csv", "customer_id,event,time\n"), options: ReadOptions(threads: 1))
        return try #require(outcome.dataset, "\(outcome.logs.flatMap(\.issues).map(\.message))")
    }

    /// `condition` typed against the larger schema of `UnstoredReadTests`.
    static func typedElsewhere(_ condition: String) throws -> TypedExpr {
        let (typed, diagnostics) = SemanticChecker.typed(try ChainEvaluationTests.syntax(condition), in: try UnstoredReadTests.table("true"))
        #expect(diagnostics.isEmpty, "`\(condition)`: \(diagnostics.map(\.message))")
        return typed
    }

    /// Compiles and runs `typed` through every public entry that takes an expression.
    static func exercise(_ typed: TypedExpr, on data: Dataset) -> Evaluator {
        let evaluator = Evaluator(data)
        let condition = evaluator.condition(typed)
        let values = evaluator.decidingValues(typed)
        let instant = evaluator.instantValue(typed)
        let sources = evaluator.timeSources(of: typed)
        let now = DataSupport.instant("2026-11-01")
        for customer in 0..<data.customers.count {
            let context = EvaluationContext(customer: customer, now: now)
            _ = condition(context)
            _ = values(context)
            _ = instant(context)
            var possible: [Int64] = []
            evaluator.possibleValues(sources, customer: customer, into: &possible)
        }
        return evaluator
    }

    @Test(arguments: UnstoredReadTests.conditions)
    func anExpressionTypedAgainstAnotherTableIsUnstoredNotATrap(_ condition: String) throws {
        let evaluator = Self.exercise(try Self.typedElsewhere(condition), on: try Self.small())
        #expect(!evaluator.unstoredReads.isEmpty, "`\(condition)` reads positions the dataset does not have, and says so")
    }

    /// The data read for the schema, but held under a table built by hand: it has no
    /// fields in order and no typed program, so no reference is one of its positions.
    @Test(arguments: UnstoredReadTests.conditions)
    func aTableTheCheckerDidNotBuildIsUnstoredNotATrap(_ condition: String) throws {
        let table = try UnstoredReadTests.table(condition)
        let read = try UnstoredReadTests.dataset(table, use: nil)
        let typed = try #require(table.program.segment(named: "s").map { table.program.segments[$0.index].condition })
        let handMade = Dataset(table: DeclarationTable(), customers: read.customers, events: read.events)
        let evaluator = Self.exercise(typed, on: handMade)
        #expect(!evaluator.unstoredReads.isEmpty, "`\(condition)` reads positions the hand-made table does not have, and says so")
    }
}
