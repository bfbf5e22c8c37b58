import CampaignData
@testable import CampaignPlanner
import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// `campaign plan`'s schedule of any size (`Planner.schedule`): with a budget of a few
/// hundred bytes, so that every worker spills many sorted runs (and the runs are merged in
/// passes), it writes the same bytes as the plan held in memory, for every format, with
/// and without rendered text, at 1 and several threads; and its temporary folder is gone
/// afterwards.
@Suite struct SpilledScheduleTests {
    struct Case: CustomStringConvertible, Sendable {
        let seed: UInt64
        let render: Bool
        var description: String { "seed \(seed)\(render ? " --render" : "")" }
    }

    static let cases = (1...4).map { Case(seed: $0, render: $0 % 2 == 0) }

    static func dataset(_ seed: UInt64) throws -> Dataset {
        let generated = try #require(PlanPropertyTests.data)
        let (text, _) = PlanPropertyTests.project(seed: seed)
        let table = try PlanSupport.table(generated.schema + text, withSchema: false)
        let outcome = DatasetLoader.load(table: table, customers: try DataFile(path: generated.folder + "/customers.csv"),
                                         events: try DataFile(path: generated.folder + "/events.csv"), options: ReadOptions(threads: 1))
        return try #require(outcome.dataset)
    }

    static func written(_ schedule: Schedule, _ format: PlanWriter.Format, threads: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        try PlanWriter.write(schedule, format: format, threads: threads) { out += $0 }
        return out
    }

    @Test(arguments: cases)
    func tinyBudgetWritesTheInMemoryPlanByteForByte(_ test: Case) throws {
        let data = try Self.dataset(test.seed)
        var options = PlanOptions(from: PlanSupport.instant("2026-10-15"), to: PlanSupport.instant("2026-12-15"))
        options.render = test.render
        options.customersPerPart = 37
        options.threads = 1
        let plan = Planner.plan(data, options: options)
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("spill-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: parent) }
        // Rows of one (time, customer, campaign): the journey's order must survive the runs.
        let tied = zip(plan.rows, plan.rows.dropFirst()).filter { $0.time == $1.time && $0.customer == $1.customer && $0.campaign == $1.campaign }.count
        for threads in [1, 3] {
            options.threads = threads
            for limit in [300, ScheduleOptions.defaultMemoryLimit] {
                var output = ScheduleOptions(memoryLimit: limit, spillFolder: parent)
                output.fanIn = 4
                let schedule = try Planner.schedule(data, options: options, output: output)
                #expect(schedule.count == plan.rows.count)
                if limit < 1 << 20, plan.rows.count > 100 { #expect(schedule.spilledRuns > 4, "\(test), \(threads) threads, \(limit) bytes: spilled") }
                for format in PlanWriter.Format.allCases {
                    let expected = PlanWriter.write(plan, format: format, threads: 1)
                    let actual = try Self.written(schedule, format, threads: threads)
                    // A Bool, not the arrays: a failure's message would list every byte.
                    let same = actual == expected
                    #expect(same, "\(test), \(format), \(threads) threads, limit \(limit) bytes (\(tied) tied rows)")
                }
                schedule.remove()
                #expect(try FileManager.default.contentsOfDirectory(atPath: parent).isEmpty, "\(test): the spill folder was removed")
            }
        }
    }

    /// A folder that cannot be made is an error that names it, before any row is written.
    @Test func unwritableSpillFolderIsAnError() throws {
        let data = try Self.dataset(1)
        var options = PlanOptions(from: PlanSupport.instant("2026-10-15"), to: PlanSupport.instant("2026-12-15"))
        options.threads = 2
        // A regular file as the parent: no folder can be made in it, even by root.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("spill-file-\(UUID().uuidString)").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect {
            _ = try Planner.schedule(data, options: options, output: ScheduleOptions(memoryLimit: 100, spillFolder: file))
        } throws: { error in
            (error as? SpillError)?.message.contains(file) == true
        }
    }

    @Test func compactRowIsThirtyTwoBytes() {
        #expect(CompactRow.byteCount == 32)
    }

    /// Every detail the interpreter writes comes back from its code or its bytes.
    @Test func detailsRoundTrip() {
        let details: [PlanDetail] = [
            .none, .entered, .enteredAfter(-5), .rendered("Hi, \"you\"\n"), .renderedSMS("Olá", encoding: .ucs2, segments: 2),
            .suppressed(.unsubscribed(at: 1_800_000_000, by: 3)), .suppressed(.cap(2)), .suppressed(.noConsent(missing: false)),
            .suppressed(.firstOf([.init(message: 1, reason: .noAddress), .init(message: 0, reason: .cap(1))])),
            .exitedOnEvent, .exitedOnCondition, .exitStep, .goal(entered: 42), .suppressed(.campaignCap(3)),
            .suppressed(.firstOf([.init(message: 0, reason: .compliance(.fr_sms)), .init(message: 1, reason: .campaignCap(0))])),
        ] + ComplianceProfile.allCases.map { .suppressed(.compliance($0)) }
        for detail in details {
            if let code = DetailCoding.code(detail) {
                #expect(DetailCoding.detail(code: code) == detail)
            } else {
                var bytes: [UInt8] = []
                DetailCoding.append(detail, into: &bytes)
                let decoded = bytes.withUnsafeBytes { DetailCoding.decode(UnsafeRawBufferPointer(rebasing: $0[4...])) }
                #expect(decoded == detail)
            }
        }
    }
}
