import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// The checker's typed program: every built-in resolved to its `Builtin` with its type,
/// names resolved to the slots later phases index by, and the decisions (`exit when`
/// head, a property shadowing a field) taken once, as docs/language.md has them.
@Suite struct TypedProgramTests {
    static let schema = """
    customer {
      id: id  email: email?  email_opt_in: bool  amount: number?  vip: bool  seen_at: time?
    }
    event purchase { gift: bool, amount: number, note: text? }
    event app_open
    channel email { address: email consent: email_opt_in }

    """

    static func check(_ text: String) -> CheckedProject {
        let source = SourceFile(path: "t.campaign", text: schema + text)
        let checked = SemanticChecker.check(ProjectLoader.load(source: source, root: "."))
        let errors = checked.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map(\.message))")
        return checked
    }

    /// A segment's condition, typed.
    static func segment(_ condition: String) -> (TypedExpr, CheckedProject) {
        let checked = check("segment s = \(condition)\n")
        let index = checked.program.segmentIndex["s"] ?? -1
        return (checked.program.segments[index].condition, checked)
    }

    /// The left side of `CALL OP VALUE`.
    static func left(_ typed: TypedExpr) -> TypedExpr? {
        guard case .compare(_, let left, _) = typed.node else { return nil }
        return left
    }

    /// Each aggregate built-in: its resolved function, event, property and type.
    @Test(arguments: [
        ("count(purchase) > 0", Builtin.count, ValueType.number, nil as String?),
        ("sum(purchase.amount) > 0", .sum, .number, "amount"),
        ("last(purchase) > now - 1d", .last, .optional(.time), nil),
        ("first(app_open) > now - 1d", .first, .optional(.time), nil),
    ])
    func aggregatesResolve(_ condition: String, _ function: Builtin, _ type: ValueType, _ property: String?) throws {
        let (typed, checked) = Self.segment(condition)
        let call = try #require(Self.left(typed))
        #expect(call.type == type)
        #expect(call.type == function.resultType)
        guard case .aggregate(let aggregate) = call.node else {
            Issue.record("`\(condition)`: not an aggregate: \(call.node)")
            return
        }
        #expect(aggregate.function == function)
        #expect(checked.program.eventNames[aggregate.event.index] == aggregate.event.name)
        #expect(aggregate.property?.name == property)
        if let ref = aggregate.property {
            #expect(checked.table.events[ref.event.name]?.order[ref.slot] == property)
        }
    }

    /// Each engagement built-in inside a campaign: resolved, with its message (nil for `any`).
    @Test(arguments: [
        ("sent(hello)", Builtin.sent, "hello" as String?),
        ("opened(hello)", .opened, "hello"),
        ("clicked(hello)", .clicked, "hello"),
        ("clicked(any)", .clicked, nil),
    ])
    func engagementResolves(_ condition: String, _ function: Builtin, _ message: String?) throws {
        let checked = Self.check("""
        campaign c {
          trigger on purchase
          send email hello { subject "Hi" body "Hello" }
          wait 1d
          if \(condition) { send email again { subject "Again" body "Hello again" } }
        }

        """)
        let arm = try #require(checked.program.campaigns["c"]?.branches.first?.first)
        #expect(arm.type == .bool)
        guard case .engagement(let resolved, let ref) = arm.node else {
            Issue.record("`\(condition)`: not engagement: \(arm.node)")
            return
        }
        #expect(resolved == function)
        #expect(resolved.family == .engagement)
        #expect(ref?.name == message)
    }

    /// Messages are numbered once, depth first in the order written (an `if`'s arms, then
    /// its `else`, then what follows), and an engagement call carries the number of the
    /// message it names: the planner answers it by that number, never by the name.
    @Test func messagesAreNumberedAndEngagementCarriesTheNumber() throws {
        let checked = Self.check("""
        campaign c {
          trigger on purchase
          if vip { send email a { subject "A" body "a" } } else { send email b { subject "B" body "b" } }
          wait 1d
          send email c { subject "C" body "c {{ amount }}" }
          send email d { subject "D" body "d" }
          wait 1d
          if clicked(d) or opened(a) { send email e { subject "E" body "e" } }
        }

        """)
        let typed = try #require(checked.program.campaigns["c"])
        #expect(typed.messages.map(\.name) == ["a", "b", "c", "d", "e"])
        #expect(typed.sends == [[0], [1], [2], [3], [4]])
        // The messages are bound in place: `c` reads the field it names.
        #expect(typed.messages[2].variables.count == 1)
        let arm = try #require(typed.branches.last?.first)
        guard case .logical(_, let operands) = arm.node else {
            Issue.record("not `or`: \(arm.node)")
            return
        }
        let refs = operands.compactMap { operand -> MessageRef? in
            if case .engagement(_, let ref?) = operand.node { return ref }
            return nil
        }
        #expect(refs.map(\.index) == [3, 0])
        #expect(refs.map { typed.messages[$0.index].name } == ["d", "a"])
    }

    /// Every built-in is named where the checker lists the functions for an unknown one,
    /// so a new case cannot be left out of the message users read.
    @Test func unknownFunctionNamesEveryBuiltin() throws {
        let source = SourceFile(path: "t.campaign", text: Self.schema + "segment s = cuont(purchase) > 0\n")
        let checked = SemanticChecker.check(ProjectLoader.load(source: source, root: "."))
        let diagnostic = try #require(checked.diagnostics.first { $0.code.id == "E0113" })
        let notes = diagnostic.notes.joined(separator: " ")
        for builtin in Builtin.allCases {
            #expect(notes.contains(builtin.rawValue), "the note does not name `\(builtin.rawValue)`")
        }
        #expect(diagnostic.help == "did you mean `count`?")
    }

    /// A built-in is spelled where the parser, the grammars and the reference name the
    /// language's words: adding one to `Builtin` without them fails here.
    @Test(arguments: Builtin.allCases)
    func everyBuiltinIsAWordOfTheLanguage(_ builtin: Builtin) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        func text(_ path: String) throws -> String { try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) }
        #expect(ContextualWord.all.contains(builtin.rawValue))
        let highlighted = try #require(try text("grammar/campaign.tmLanguage.json").split(separator: "\n").first { $0.contains("\\b(count|") })
        #expect(highlighted.contains("|\(builtin.rawValue)|") || highlighted.contains("(\(builtin.rawValue)|") || highlighted.contains("|\(builtin.rawValue))"))
        #expect(try text("docs/language.md").contains("`\(builtin.rawValue)("), "docs/language.md does not show `\(builtin.rawValue)(…)`")
    }

    /// Inside `where`, a property shadows the customer field of the same name; outside,
    /// the name is the field. The slot is the position in the declaration.
    @Test func propertyShadowsFieldInsideWhere() throws {
        let (typed, checked) = Self.segment("count(purchase where amount > 5) > 0 and amount > 5")
        guard case .logical(.and, let operands) = typed.node, operands.count == 2,
              case .aggregate(let aggregate)? = Self.left(operands[0])?.node,
              case .compare(_, let inner, _)? = aggregate.filter?.node,
              case .compare(_, let outer, _) = operands[1].node else {
            Issue.record("unexpected shape: \(typed.node)")
            return
        }
        guard case .property(let property) = inner.node, case .field(let field) = outer.node else {
            Issue.record("inner \(inner.node), outer \(outer.node)")
            return
        }
        #expect(property.event.name == "purchase" && property.name == "amount" && property.slot == 1)
        #expect(field.name == "amount")
        #expect(checked.table.customerFieldOrder[field.index] == "amount")
        #expect(inner.type == .number && outer.type == .optional(.number))
    }

    /// `exit when NAME`: a name of an event is the event; a bool field is a condition.
    /// Decided by the checker, once, and carried in the typed program.
    @Test(arguments: [("app_open", true), ("vip", false)])
    func exitHeadIsDecidedOnce(_ head: String, _ isEvent: Bool) throws {
        let checked = Self.check("""
        campaign c {
          trigger on purchase
          exit when \(head)
          send email hello { subject "Hi" body "Hello" }
        }

        """)
        let exit = try #require(checked.program.campaigns["c"]?.exit)
        switch exit {
        case .event(let match):
            #expect(isEvent)
            #expect(match.event.name == head)
        case .condition(let condition):
            #expect(!isEvent)
            guard case .field(let field) = condition.node else {
                Issue.record("not a field: \(condition.node)")
                return
            }
            #expect(field.name == head && condition.type == .bool)
        }
    }

    /// Segments are numbered in name order, and a segment's reference carries that number.
    @Test func segmentsResolveToTheirIndex() throws {
        let checked = Self.check("segment zeta = vip\nsegment alpha = zeta and not email_opt_in\n")
        let program = checked.program
        #expect(program.segments.map(\.name) == ["alpha", "zeta"])
        guard case .logical(_, let operands) = program.segments[0].condition.node, case .segment(let ref) = operands[0].node else {
            Issue.record("unexpected: \(program.segments[0].condition.node)")
            return
        }
        #expect(ref == SegmentRef(index: 1, name: "zeta"))
        #expect(program.segment(named: "zeta") == ref)
    }

    /// Conditions of nested steps are listed depth first: an `if` before the `if`s in its
    /// arms, and waits in the order written, which is how the planner walks them.
    @Test func stepConditionsAreDepthFirst() throws {
        let checked = Self.check("""
        campaign c {
          trigger on purchase
          send email hello { subject "Hi" body "Hello" }
          if email_opt_in {
            wait until app_open or 1d
            if vip { send email inner { subject "I" body "Inner" } }
          } else if amount ?? 0 > 3 {
            send email other { subject "O" body "Other" }
          }
          wait until purchase where gift or 2d
        }

        """)
        let campaign = try #require(checked.program.campaigns["c"])
        let texts = campaign.branches.map { $0.map { ExpressionPrinter.print($0.syntax) } }
        #expect(texts == [["email_opt_in", "amount ?? 0 > 3"], ["vip"]])
        #expect(campaign.waits.map { $0?.event.name } == ["app_open", "purchase"])
        #expect(campaign.waits.last??.filter.map { ExpressionPrinter.print($0.syntax) } == "gift")
    }

    /// Parentheses leave no node but keep their text, which `explain` prints.
    @Test func parenthesesKeepTheirText() throws {
        let (typed, _) = Self.segment("(seen_at ?? now) > now - 1d")
        let left = try #require(Self.left(typed))
        guard case .coalesce = left.node else {
            Issue.record("not a coalesce: \(left.node)")
            return
        }
        #expect(ExpressionPrinter.print(left.syntax) == "(seen_at ?? now)")
        #expect(left.span == left.syntax.span && left.span.end - left.span.start == "(seen_at ?? now)".utf8.count)
        #expect(left.type == .time)
    }
}
