import CampaignData
@testable import CampaignPlanner
import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// Properties of planning a selection of campaigns (all of them, each alone, a pair) from
/// the data that selection reads, as `plan --campaign` does, over generated projects that
/// carry segments no campaign reads (`SelectionProjectGenerator`):
/// - the planner compiles no read of data the readers left out, and does not crash;
/// - the plan is the one from the whole store, rendered, and the same at 1 and 2 threads;
/// - `explain` of a customer tells that customer's rows of the plan;
/// - where campaigns cannot interact (no caps, no `unsubscribe`), a campaign's rows are
///   the same in every selection that plans it;
/// - `segments` counts every segment from the data they read, the same at 1 and 2 threads.
@Suite struct SelectionPropertyTests {
    static let seeds: [UInt64] = Array(1...12)
    static let from = PlanSupport.instant("2026-10-15"), to = PlanSupport.instant("2026-12-15")

    static func load(_ table: DeclarationTable, _ data: (customers: String, events: String), use: DataUse?, threads: Int) throws -> Dataset {
        var options = ReadOptions(threads: threads)
        options.use = use
        let outcome = DatasetLoader.load(table: table, customers: DataFile(path: "customers.csv", bytes: Array(data.customers.utf8)),
                                         events: DataFile(path: "events.csv", bytes: Array(data.events.utf8)), options: options)
        guard let dataset = outcome.dataset else {
            throw PlanSupport.Failure(description: outcome.logs.flatMap(\.issues).compactMap(\.dataText).joined(separator: "\n"))
        }
        return dataset
    }

    /// One thread plans the customers in one part; two split them into parts of eight
    /// (as 2,000 customers a part would split a large file), each part with its own
    /// compiled program.
    static func options(_ campaigns: [String], threads: Int, messages: CheckedMessages) -> PlanOptions {
        var options = PlanOptions(from: from, to: to)
        options.messages = messages
        options.campaigns = campaigns
        options.threads = threads
        options.render = true
        if threads > 1 { options.customersPerPart = 8 }
        return options
    }

    static func lines(_ plan: Plan) -> [String] { plan.rows.map { PlanWriter.fields($0, plan).joined(separator: ",") } }

    @Test(arguments: seeds)
    func selectionsPlanFromTheDataTheyRead(_ seed: UInt64) throws {
        let project = SelectionProjectGenerator.project(seed: seed)
        let checked: CheckedProject
        do { checked = try PlanSupport.checked(project.text, withSchema: false) } catch {
            Issue.record("generated project \(seed) does not check: \(error)\n\(project.text)")
            return
        }
        let table = checked.table
        let data = SelectionProjectGenerator.data(seed: seed)
        let context = "seed \(seed)\n\(project.text)"
        let whole = try Self.load(table, data, use: nil, threads: 1)
        let wholePlan = Self.lines(Planner.plan(whole, options: Self.options([], threads: 1, messages: checked.messages)))
        #expect(wholePlan.count > 10, "every generated project plans something, \(context)")
        let readOnTwo = try Self.load(table, data, use: nil, threads: 2)
        #expect(Self.lines(Planner.plan(readOnTwo, options: Self.options([], threads: 2, messages: checked.messages))) == wholePlan, "read and planned on 2 threads, \(context)")

        var rowsOf: [String: [String]] = [:]
        let c = project.campaigns
        for selection in [[]] + c.map({ [$0] }) + [[c[0], c[2]]] {
            let stored = try Self.load(table, data, use: DataUse.of(campaigns: selection.isEmpty ? c : selection, segments: [], in: table), threads: 1)
            let program = PlanProgram(data: stored, options: Self.options(selection, threads: 1, messages: checked.messages))
            #expect(program.evaluator.unstoredReads.isEmpty, "\(selection): compiled reads of data not kept: \(program.evaluator.unstoredReads.sorted()), \(context)")
            let plan = Self.lines(Planner.plan(stored, options: Self.options(selection, threads: 1, messages: checked.messages)))
            #expect(Self.lines(Planner.plan(stored, options: Self.options(selection, threads: 2, messages: checked.messages))) == plan, "\(selection): 1 and 2 threads differ, \(context)")
            let fromWhole = selection.isEmpty ? wholePlan : Self.lines(Planner.plan(whole, options: Self.options(selection, threads: 1, messages: checked.messages)))
            #expect(DataUseTests.difference(fromWhole, plan) == nil, "\(selection): the data it read plans differently from the whole, \(context)")
            for customer in [0, 7, 23] {
                let told = Self.lines(Planner.explain(stored, customer: customer, options: Self.options(selection, threads: 1, messages: checked.messages)).plan)
                #expect(told == plan.filter { $0.contains(String(format: ",c%03d,", customer)) }, "\(selection): explain c\(customer) differs from the plan, \(context)")
            }
            guard !project.interacting else { continue }
            for name in selection.isEmpty ? c : selection {
                let rows = plan.filter { $0.split(separator: ",", omittingEmptySubsequences: false)[3] == name }
                if let earlier = rowsOf[name] {
                    #expect(DataUseTests.difference(earlier, rows) == nil, "\(name) plans differently in \(selection), \(context)")
                } else {
                    rowsOf[name] = rows
                }
            }
        }

        let segments = table.segmentNames
        let evaluator = Evaluator(try Self.load(table, data, use: DataUse.of(campaigns: [], segments: segments, in: table), threads: 2))
        let at = PlanSupport.instant("2026-11-20")
        #expect(evaluator.count(segments: segments, at: at, threads: 1) == evaluator.count(segments: segments, at: at, threads: 2), "segments, \(context)")
        #expect(evaluator.unstoredReads.isEmpty, "segments: \(evaluator.unstoredReads.sorted()), \(context)")
    }

    /// Whether `store` keeps everything `reads` reads.
    static func keeps(_ store: DataUse, _ reads: DataUse) -> Bool {
        let fields = reads.fields.map { $0.allSatisfy(store.reads(field:)) } ?? (store.fields == nil)
        return fields && reads.properties.allSatisfy { type, properties in
            store.reads(type) && properties.allSatisfy { store.reads(type, property: $0) }
        }
    }

    /// The generator is worth its name: between them the seeds carry segments over data
    /// no campaign reads, segments over data the whole project reads but a campaign alone
    /// does not (the `--campaign` case), independent campaigns to compare, and most of
    /// the conditions.
    @Test func generatedProjectsCoverWhatTheyShould() throws {
        var unread = 0, unreadAlone = 0, independent = 0, conditions = Set<String>()
        for seed in Self.seeds {
            let project = SelectionProjectGenerator.project(seed: seed)
            let table = try PlanSupport.table(project.text, withSchema: false)
            let all = DataUse.of(campaigns: project.campaigns, segments: [], in: table)
            let alone = project.campaigns.map { DataUse.of(campaigns: [$0], segments: [], in: table) }
            for name in table.segmentNames {
                let reads = DataUse.of(campaigns: [], segments: [name], in: table)
                if !Self.keeps(all, reads) { unread += 1 } else if alone.contains(where: { !Self.keeps($0, reads) }) { unreadAlone += 1 }
                if let decl = table.segments[name] { conditions.insert(ExpressionPrinter.print(decl.condition)) }
            }
            if !project.interacting { independent += 1 }
        }
        #expect(unread > 30 && unreadAlone > 5 && independent >= 3 && conditions.count > 70,
                "unread \(unread), unread by a campaign alone \(unreadAlone), independent \(independent), conditions \(conditions.count)")
    }
}
