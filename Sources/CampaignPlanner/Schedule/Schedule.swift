import CampaignData
import Foundation
import Synchronization

/// How `campaign plan` may hold its rows: a memory budget, and where to spill beyond it.
public struct ScheduleOptions: Sendable {
    /// The bytes the process may hold while it plans and writes: the planned rows (compact
    /// rows and their details' bytes) get what the data leaves of it (`RowBudget`); beyond
    /// that, sorted runs go to files in `spillFolder`.
    public var memoryLimit: Int
    /// The folder under which a temporary folder for spilled runs is made (`TMPDIR`).
    public var spillFolder: String
    /// At most this many runs are merged at once (each holds a read buffer and a file).
    var fanIn = 64

    public static let defaultMemoryLimit = 1 << 30

    public init(memoryLimit: Int = ScheduleOptions.defaultMemoryLimit, spillFolder: String) {
        self.memoryLimit = memoryLimit
        self.spillFolder = spillFolder
    }
}

/// A planned schedule of any size, held as sorted runs of compact rows (in memory, or
/// spilled to files) and merged while it is written (`PlanWriter.write(_:format:threads:to:)`).
/// `remove()` deletes the spilled runs; so does the end of the value.
public final class Schedule: Sendable {
    /// What the rows refer to (campaigns, customers, the vocabulary); its `rows` are empty.
    public let plan: Plan
    /// How many rows the schedule has.
    public let count: Int
    /// How many rows of each action, for the line under a table.
    public let actions: [PlanAction: Int]
    /// How many runs the workers spilled to files (0 when every row fit the budget).
    public let spilledRuns: Int
    let runs: [SortedRun]
    let steps: StepTable
    /// The customer (row of the store) at each rank of `CustomerRanks`.
    let customerOfRank: [Int32]
    let folder: SpillFolder

    init(plan: Plan, count: Int, actions: [PlanAction: Int], runs: [SortedRun], spilledRuns: Int, steps: StepTable, customerOfRank: [Int32],
         folder: SpillFolder) {
        self.plan = plan
        self.count = count
        self.actions = actions
        self.runs = runs
        self.steps = steps
        self.customerOfRank = customerOfRank
        self.folder = folder
        self.spilledRuns = spilledRuns
    }

    /// Deletes the temporary folder of spilled runs.
    public func remove() { folder.remove() }

    deinit { folder.remove() }
}

extension Planner {
    /// The whole schedule for `campaign plan`, in at most about `output.memoryLimit` bytes
    /// with the data (`RowBudget`): each worker keeps its rows compact (`CompactRow`) and,
    /// past its share of the rows' budget, sorts them and spills them as a run; the runs
    /// are merged while writing.
    /// The same rows in the same order as `plan`, at any thread count and any budget.
    public static func schedule(_ data: Dataset, options: PlanOptions, output: ScheduleOptions) throws(SpillError) -> Schedule {
        let program = PlanProgram(data: data, options: options)
        let customers = data.customers.count
        let parts = max(1, min(options.threads * 4, customers / max(1, options.customersPerPart) + 1))
        let workers = max(1, min(options.threads, parts))
        let ranks = CustomerRanks.of(data.customers.ids)
        let budget = max(1, RowBudget.rows(limit: output.memoryLimit, resident: RowBudget.resident()) / workers)
        let steps = StepTable()
        let folder = SpillFolder(parent: output.spillFolder)
        let nextPart = Atomic<Int>(0)
        let failed = Atomic<Bool>(false)
        let results = Mutex<[Worker?]>(Array(repeating: nil, count: workers))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            // Each worker compiles its own program: threads sharing one would bump the
            // same reference counts on every step.
            var run = CustomerRun<NoObserver>(program: w == 0 ? program : PlanProgram(data: data, options: options))
            var worker = Worker(steps: steps, budget: budget)
            while !failed.load(ordering: .relaxed) {
                let part = nextPart.wrappingAdd(1, ordering: .relaxed).oldValue
                guard part < parts else { break }
                do throws(SpillError) {
                    try worker.plan((customers * part / parts)..<(customers * (part + 1) / parts), run: &run, ranks: ranks, folder: folder)
                } catch {
                    worker.failure = error
                    failed.store(true, ordering: .relaxed)
                    break
                }
            }
            let done = worker
            results.withLock { $0[w] = done }
        }
        // Taken out, not copied: a worker left in `results` would keep its rows shared, and
        // sorting them below would copy them first.
        var finished = results.withLock { results in
            defer { results = [] }
            return results.compactMap { $0 }
        }
        if let failure = finished.lazy.compactMap(\.failure).first {
            folder.remove()
            throw failure
        }
        PhaseClock.shared.mark("plan")
        // Each worker's rows are taken out (`Handoff`) and sorted in place: sorted while
        // another array still held them, they were copied first (on 40M rows under a 1 GiB
        // limit, 470 MiB more at the peak and 0.7 s more).
        var heldRows: [CompactRows?] = []
        for w in finished.indices {
            heldRows.append(finished[w].rows)
            finished[w].rows = CompactRows()
        }
        let taking = Handoff(consume heldRows)
        let held: [SortedRun] = parallelMap(finished.count, threads: options.threads) { w in
            var rows = taking.take(w) ?? CompactRows()
            rows.sort()
            return .memory(rows)
        }
        var runs = finished.flatMap(\.spilled) + held.filter { $0.count > 0 }
        let spilledRuns = runs.count - held.filter { $0.count > 0 }.count
        let count = finished.reduce(0) { $0 + $1.count }
        var actions: [PlanAction: Int] = [:]
        for worker in finished { for (a, n) in worker.actions.enumerated() where n > 0 { actions[PlanAction.allCases[a], default: 0] += n } }
        finished = []
        do {
            runs = try mergePasses(runs, fanIn: max(2, output.fanIn), folder: folder)
        } catch {
            folder.remove()
            throw error
        }
        PhaseClock.shared.mark("sort")
        var customerOfRank = [Int32](repeating: 0, count: customers)
        for (customer, rank) in ranks.enumerated() { customerOfRank[Int(rank)] = Int32(customer) }
        let plan = Plan(rows: [], campaigns: program.campaigns.map(\.name), customers: data.customers, from: options.from, to: options.to,
                        summaries: summaries(program), vocabulary: PlanVocabulary(program))
        return Schedule(plan: plan, count: count, actions: actions, runs: runs, spilledRuns: spilledRuns, steps: steps, customerOfRank: customerOfRank, folder: folder)
    }

    /// Merges spilled runs `fanIn` at a time into longer ones until at most `fanIn` are left:
    /// the final merge then holds a bounded number of files and read buffers.
    static func mergePasses(_ runs: [SortedRun], fanIn: Int, folder: SpillFolder) throws(SpillError) -> [SortedRun] {
        var runs = runs
        while runs.count > fanIn {
            let group = Array(runs.prefix(fanIn))
            var merge = try RunMerge(group)
            var writer = try RunFileWriter(path: folder.newFile())
            do {
                try merge.write(to: &writer)
            } catch {
                merge.close()
                throw error
            }
            let merged = try writer.finish()
            for case .file(let path, _) in group { unlink(path) }
            runs = Array(runs.dropFirst(fanIn)) + [merged]
        }
        return runs
    }

    /// One worker's planning: its rows, compact, until they pass its share of the budget.
    struct Worker: Sendable {
        var local: StepTable.Local
        let budget: Int
        var rows = CompactRows()
        var spilled: [SortedRun] = []
        var count = 0
        var actions = [Int](repeating: 0, count: PlanAction.allCases.count)
        var failure: SpillError?

        init(steps: StepTable, budget: Int) {
            local = StepTable.Local(steps)
            self.budget = budget
        }

        mutating func plan(_ range: Range<Int>, run: inout CustomerRun<NoObserver>, ranks: [UInt32], folder: SpillFolder) throws(SpillError) {
            // Sorting a run takes a buffer of half its rows (the standard library's sort is
            // a merge sort): rows get two thirds of the budget, the sort the rest. Their
            // array is reserved whole at once, so that it never grows by copying (twice
            // its size for a moment); the pages are only touched as rows arrive.
            let budgetRows = max(1, budget * 2 / 3 / CompactRow.byteCount)
            if rows.rows.capacity < budgetRows, !range.isEmpty { rows.rows.reserveCapacity(min(budgetRows, Int(UInt32.max))) }
            for customer in range {
                run.reset(customer: customer)
                run.run()
                let produced = run.rows.count
                if produced == 0 { continue }
                if rows.rows.count + produced > rows.rows.capacity {
                    // Grown by doubling up to the budget, never past it in one step.
                    rows.rows.reserveCapacity(max(min(2 * rows.rows.capacity, budgetRows), rows.rows.count + produced))
                }
                let rank = ranks[customer]
                for row in run.rows {
                    rows.append(row, rank: rank, order: UInt32(truncatingIfNeeded: rows.count), step: local.code(row.step))
                    actions[Int(CompactRow.actionCode(row.action))] += 1
                }
                count += produced
                run.rows.removeAll(keepingCapacity: true)
                if rows.count * CompactRow.byteCount * 3 / 2 + rows.details.count > budget || rows.count >= Int(UInt32.max) - (1 << 20)
                    || rows.details.count > DetailCoding.byteLimit {
                    try spill(folder)
                }
            }
        }

        /// Sorts the rows held and writes them to a new run file.
        mutating func spill(_ folder: SpillFolder) throws(SpillError) {
            rows.sort()
            var writer = try RunFileWriter(path: folder.newFile())
            try writer.append(rows)
            spilled.append(try writer.finish())
            rows.removeAll()
        }
    }
}
