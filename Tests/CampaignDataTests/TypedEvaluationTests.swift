import CampaignData
import CampaignSemantics
import CampaignSyntax
import Testing

/// The evaluator compiles the checker's typed program by the positions its references
/// carry, never by name: a condition whose every name is scrambled (slots kept) gives the
/// same verdict for every customer as the checker's own.
@Suite struct TypedEvaluationTests {
    /// Every reference in `typed` with its name replaced and its slot or index kept.
    static func scrambled(_ typed: TypedExpr) -> TypedExpr {
        func event(_ ref: EventRef) -> EventRef { EventRef(index: ref.index, name: "?" + ref.name) }
        func property(_ ref: PropertyRef) -> PropertyRef { PropertyRef(event: event(ref.event), slot: ref.slot, name: "?" + ref.name) }
        let node: TypedExpr.Node
        switch typed.node {
        case .literal, .engagement, .engagementHistory, .invalid: node = typed.node
        case .field(let ref): node = .field(FieldRef(index: ref.index, name: "?" + ref.name))
        case .segment(let ref): node = .segment(SegmentRef(index: ref.index, name: "?" + ref.name))
        case .property(let ref): node = .property(property(ref))
        case .triggerProperty(let ref): node = .triggerProperty(property(ref))
        case .not(let operand): node = .not(scrambled(operand))
        case .negate(let operand): node = .negate(scrambled(operand))
        case .compare(let op, let left, let right): node = .compare(op, scrambled(left), scrambled(right))
        case .coalesce(let left, let right): node = .coalesce(scrambled(left), scrambled(right))
        case .logical(let op, let operands): node = .logical(op, operands.map(scrambled))
        case .arithmetic(let first, let links):
            node = .arithmetic(scrambled(first), links.map { ArithmeticLink($0.op, scrambled($0.operand), resultType: $0.resultType) })
        case .isNone(let operand, let negated): node = .isNone(scrambled(operand), negated: negated)
        case .inList(let operand, let items): node = .inList(scrambled(operand), items.map(scrambled))
        case .aggregate(let a):
            node = .aggregate(Aggregate(function: a.function, event: event(a.event), property: a.property.map(property),
                                        filter: a.filter.map(scrambled), window: a.window))
        }
        return TypedExpr(typed.type, node, syntax: typed.syntax)
    }

    static func verdicts(_ condition: Evaluator.Condition, _ data: Dataset, at now: Int64) -> [Tri] {
        (0..<data.customers.count).map { condition(EvaluationContext(customer: $0, now: now)) }
    }

    /// The bundled segments, at several instants.
    @Test(arguments: ["2026-08-01", "2026-10-21", "2026-11-01"])
    func bundledSegmentsNeedNoNames(_ instant: String) throws {
        let data = try SegmentTests.bundled()
        let now = DataSupport.instant(instant)
        let evaluator = Evaluator(data)
        #expect(data.table.program.segments.count == data.table.segmentNames.count)
        for segment in data.table.program.segments {
            let checked = Self.verdicts(evaluator.segment(segment.name), data, at: now)
            let blind = Self.verdicts(Evaluator(data).condition(Self.scrambled(segment.condition)), data, at: now)
            #expect(checked == blind, "segment \(segment.name)")
            #expect(checked.contains(.yes) || checked.contains(.no), "segment \(segment.name) decides something")
        }
    }

    /// Every kind of column under every operator, with properties named like fields.
    @Test(arguments: UnstoredReadTests.conditions)
    func everyOperatorNeedsNoNames(_ condition: String) throws {
        let table = try UnstoredReadTests.table(condition)
        let data = try UnstoredReadTests.dataset(table, use: DataUse.of(campaigns: [], segments: ["s"], in: table))
        let typed = try #require(table.program.segment(named: "s").map { table.program.segments[$0.index].condition })
        let now = DataSupport.instant("2026-11-01")
        let evaluator = Evaluator(data)
        let checked = Self.verdicts(evaluator.condition(typed), data, at: now)
        #expect(checked == Self.verdicts(evaluator.condition(Self.scrambled(typed)), data, at: now), "`\(condition)`")
        #expect(evaluator.unstoredReads.isEmpty, "`\(condition)`: \(evaluator.unstoredReads)")
    }

    /// The evaluator reads the type the checker gave a node and works none out: a node
    /// typed `none` (how the checker types a bare `none`) compares as unknown, whatever it holds.
    @Test func theCheckersTypeDecides() throws {
        let data = try SegmentTests.bundled()
        let (typed, diagnostics) = SemanticChecker.typed(try ChainEvaluationTests.syntax("signup_at < now"), in: data.table)
        #expect(diagnostics.isEmpty)
        guard case .compare(let op, let left, let right) = typed.node else {
            Issue.record("not a comparison: \(typed.node)")
            return
        }
        let now = DataSupport.instant("2026-11-01")
        let evaluator = Evaluator(data)
        #expect(Self.verdicts(evaluator.condition(typed), data, at: now).contains(.yes))
        let retyped = TypedExpr(typed.type, .compare(op, TypedExpr(.none, left.node, syntax: left.syntax), right), syntax: typed.syntax)
        #expect(Self.verdicts(evaluator.condition(retyped), data, at: now).allSatisfy { $0 == .unknown })
    }
}
