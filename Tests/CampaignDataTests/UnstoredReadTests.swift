import CampaignData
import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// Conditions compiled over data the readers did not keep (`DataUse` left it out). The
/// planner never compiles such a read; should one slip through, it must evaluate as
/// missing and be noted in `unstoredReads`, never recurse or index past a column.
@Suite struct UnstoredReadTests {
    static let schema = """
    customer {
      id: id  email: email?  email_opt_in: bool  zone: timezone?
      flag: bool  vip: bool?  score: number?  nickname: text?  tier: one of ("free", "pro")
      seen_at: time?  birthday: date?  trial: duration?  backup: phone?
    }
    event purchase { amount: number, gift: bool, coupon: bool?, note: text?, kind: one of ("web", "shop")?, shipped_at: time?, due: date? }
    channel email { address: email consent: email_opt_in }

    """

    /// Every kind of column under every operator that reads it.
    static let conditions = [
        "flag", "not flag", "flag or false", "flag and true", "vip ?? false", "not vip", "vip is none", "vip is not none",
        "flag == true", "vip != false", "flag in (true)", "(flag)", "((vip ?? flag))",
        "score > 3", "(score ?? 0) >= 2", "score is none", "score in (1, 2)", "-score < 0",
        "nickname == \"ana\"", "nickname in (\"ana\", \"bo\")", "(nickname ?? \"zz\") == \"zz\"", "nickname is none",
        "tier == \"pro\"", "tier != \"free\"", "seen_at > now - 7d", "(seen_at ?? now) <= now", "birthday < 2000-01-01",
        "trial > 7d", "(trial ?? 0d) < 1d", "backup is none",
        "count(purchase where gift) > 0", "count(purchase where not gift and amount > 1) > 0", "count(purchase where coupon ?? false) > 0",
        "sum(purchase.amount where gift) > 1", "last(purchase where note is none) is not none", "first(purchase where kind == \"web\") > now - 1d",
        "count(purchase where (shipped_at ?? now) > now - 1d or due is none) > 0", "count(purchase where gift == vip) > 0",
    ]

    static let customers = """
    id,email,email_opt_in,zone,flag,vip,score,nickname,tier,seen_at,birthday,trial,backup
    c1,c1@example.com,true,UTC,true,,4,ana,pro,2026-10-30T00:00:00Z,1990-01-01,3d,
    c2,,false,,false,true,,,free,,,,+15551230001

    """
    static let events = """
    customer_id,event,time,amount,gift,coupon,note,kind,shipped_at,due
    c1,purchase,2026-10-20T10:00:00Z,12,true,,x,web,,2026-10-25
    c2,purchase,2026-10-21T10:00:00Z,3,false,true,,shop,2026-10-22T00:00:00Z,

    """

    static func dataset(_ table: DeclarationTable, use: DataUse?) throws -> Dataset {
        var options = ReadOptions(threads: 1)
        options.use = use
        let outcome = DatasetLoader.load(table: table, customers: DataSupport.file("customers.csv", customers),
                                         events: DataSupport.file("events.csv", events), options: options)
        return try #require(outcome.dataset, "\(outcome.logs.flatMap(\.issues).map(\.dataText))")
    }

    static func table(_ condition: String) throws -> DeclarationTable {
        let source = SourceFile(path: "t.campaign", bytes: Array((schema + "segment s = \(condition)\n").utf8))
        let checked = SemanticChecker.check(ProjectLoader.load(source: source, root: "."))
        let errors = checked.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "`\(condition)`: \(errors.map(\.message))")
        return checked.table
    }

    @Test(arguments: conditions)
    func aConditionOverUnstoredDataIsMissingNotACrash(_ condition: String) throws {
        let table = try Self.table(condition)
        let now = DataSupport.instant("2026-11-01")
        // Kept: the id, the time zone and the channel's fields, nothing the segment reads.
        let bare = try Self.dataset(table, use: DataUse.of(campaigns: [], segments: [], in: table))
        let evaluator = Evaluator(bare)
        let test = evaluator.segment("s")
        for customer in 0..<bare.customers.count { _ = test(EvaluationContext(customer: customer, now: now)) }
        #expect(!evaluator.unstoredReads.isEmpty, "`\(condition)` reads data that was not kept, and says so")

        // Stored as `segments` stores it: nothing is missing.
        let full = try Self.dataset(table, use: DataUse.of(campaigns: [], segments: ["s"], in: table))
        let complete = Evaluator(full)
        _ = complete.segment("s")
        #expect(complete.unstoredReads.isEmpty, "`\(condition)`: \(complete.unstoredReads)")
    }

    /// A property shares its name with a field: with the property not kept, `where gift`
    /// must not read the customer's `gift` instead.
    @Test func anUnstoredPropertyDoesNotReadAFieldOfTheSameName() throws {
        let source = SourceFile(path: "t.campaign", bytes: Array("""
        customer { id: id  email: email?  email_opt_in: bool  gift: bool }
        event purchase { gift: bool }
        channel email { address: email consent: email_opt_in }
        segment gifted = count(purchase where gift) > 0
        segment giver = gift
        segment buyer = count(purchase) > 0

        """.utf8))
        let table = SemanticChecker.check(ProjectLoader.load(source: source, root: ".")).table
        var options = ReadOptions(threads: 1)
        // The purchases and the customer's `gift` are kept, the purchases' `gift` is not.
        options.use = DataUse.of(campaigns: [], segments: ["giver", "buyer"], in: table)
        let outcome = DatasetLoader.load(table: table, customers: DataSupport.file("c.csv", "id,email,email_opt_in,gift\nc1,,true,true\n"),
                                         events: DataSupport.file("e.csv", "customer_id,event,time,gift\nc1,purchase,2026-10-01T00:00:00Z,false\n"),
                                         options: options)
        let data = try #require(outcome.dataset)
        let evaluator = Evaluator(data)
        let gifted = evaluator.segment("gifted")(EvaluationContext(customer: 0, now: DataSupport.instant("2026-11-01")))
        #expect(gifted == .no, "the purchase was no gift; the customer's own flag is not the event's")
        #expect(evaluator.unstoredReads == ["property purchase.gift"])
    }

    /// A cycle of segments fails `check`; compiled anyway, it is unknown, not a stack overflow.
    @Test func aSegmentCycleCompilesToUnknown() throws {
        let source = SourceFile(path: "t.campaign", bytes: Array("""
        customer { id: id  flag: bool }
        segment a = b or flag
        segment b = not a

        """.utf8))
        let checked = SemanticChecker.check(ProjectLoader.load(source: source, root: "."))
        #expect(checked.diagnostics.contains { $0.severity == .error })
        let outcome = DatasetLoader.load(table: checked.table, customers: DataSupport.file("c.csv", "id,flag\nc1,false\n"),
                                         events: DataSupport.file("e.csv", "customer_id,event,time\n"), options: ReadOptions(threads: 1))
        let data = try #require(outcome.dataset)
        #expect(Evaluator(data).segment("a")(EvaluationContext(customer: 0, now: 0)) == .unknown)
    }
}
