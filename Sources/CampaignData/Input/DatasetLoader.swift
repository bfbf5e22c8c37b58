import CampaignSemantics
import CampaignSyntax

/// Reads the customers and events files of a checked project.
public enum DatasetLoader {
    public struct Outcome: Sendable {
        public let dataset: Dataset?
        /// Problems per file, customers first.
        public let logs: [IssueLog]

        public var errorCount: Int { logs.reduce(0) { $0 + $1.errorCount } }
    }

    /// Customers first (events refer to them); stops early when the customers cannot be
    /// used at all, have an error about the file as a whole (skipping rows cannot mend
    /// those), or have row errors and bad rows are not skipped.
    public static func load(table: DeclarationTable, customers: DataFile, events: DataFile, options: ReadOptions) -> Outcome {
        PhaseClock.shared.mark("start")
        let (store, customerLog) = CustomerReader.read(customers, table: table, options: options)
        guard let store, customerLog.usable(skippingBadRows: options.skipBadRows) else {
            // Missing columns may be the two files given the wrong way round: say that.
            if customerLog.countsByCode[DataCode.missingColumn] != nil, let idField = table.idField,
               let swapped = SwappedFiles.issue(customers: customers, events: events, idField: idField) {
                var log = IssueLog(limit: options.maxErrors)
                log.add(swapped)
                return Outcome(dataset: nil, logs: [log])
            }
            return Outcome(dataset: nil, logs: [customerLog])
        }
        let (eventStore, eventLog) = EventReader.read(events, table: table, customers: store, options: options)
        guard let eventStore, eventLog.usable(skippingBadRows: options.skipBadRows) else {
            return Outcome(dataset: nil, logs: [customerLog, eventLog])
        }
        return Outcome(dataset: Dataset(table: table, customers: store, events: eventStore, stored: options.use), logs: [customerLog, eventLog])
    }
}

/// Counts of one segment at one instant.
public struct SegmentCount: Sendable, Hashable {
    public let name: String
    public let count: Int
    /// Matching rows, when asked for.
    public let rows: [Int]
}

extension Evaluator {
    /// How many customers match each segment at `instant`, on all cores.
    public func count(segments names: [String], at instant: Int64, listing: String? = nil, threads: Int) -> [SegmentCount] {
        let conditions = names.map { segment($0) }
        let customers = data.customers.count
        let parts = max(1, min(threads, customers / 10_000 + 1))
        let data = self.data
        let partial = parallelMap(parts) { part -> ([Int], [Int]) in
            // Each part compiles its own closures: threads sharing them would contend on
            // the same reference counts at every call.
            let conditions = part == 0 ? conditions : { let own = Evaluator(data); return names.map { own.segment($0) } }()
            var counts = [Int](repeating: 0, count: names.count)
            var rows: [Int] = []
            let listed = listing.flatMap { names.firstIndex(of: $0) }
            var ctx = EvaluationContext(customer: 0, now: instant)
            for customer in (customers * part / parts)..<(customers * (part + 1) / parts) {
                ctx.customer = customer
                for (i, condition) in conditions.enumerated() where condition(ctx) == .yes {
                    counts[i] += 1
                    if i == listed { rows.append(customer) }
                }
            }
            return (counts, rows)
        }
        return names.enumerated().map { i, name in
            SegmentCount(name: name, count: partial.reduce(0) { $0 + $1.0[i] },
                         rows: name == listing ? partial.flatMap(\.1) : [])
        }
    }
}

import Foundation
import Synchronization

/// Phase timings on standard error when `CAMPAIGN_TIMING=1` (for benchmarks); with
/// `CAMPAIGN_TIMING=memory`, each with the process's peak resident memory so far; with
/// `CAMPAIGN_TIMING=cpu`, each with the CPU time all threads spent in it (a phase that
/// takes about its wall time in CPU ran on one core).
public final class PhaseClock: Sendable {
    /// The one clock: phases are marked where they end, across the readers and commands.
    public static let shared = PhaseClock()

    /// When the last phase ended. Marks come a few times a run, from whichever thread ends
    /// a phase: a lock costs nothing there.
    private let last = Mutex((wall: Date(), cpu: PhaseClock.cpuSeconds()))
    /// `CAMPAIGN_TIMING`, read once.
    private let mode = ProcessInfo.processInfo.environment["CAMPAIGN_TIMING"]
    private var enabled: Bool { mode == "1" || memory || cpu }
    private var memory: Bool { mode == "memory" }
    private var cpu: Bool { mode == "cpu" }

    private init() {}

    public func mark(_ phase: String) {
        guard enabled else { return }
        let now = (wall: Date(), cpu: Self.cpuSeconds())
        let elapsed = last.withLock { last in
            defer { last = now }
            return (wall: now.wall.timeIntervalSince(last.wall), cpu: now.cpu - last.cpu)
        }
        // Through `write(2)`: a closed or full standard error must not stop the run.
        let peak = memory ? Self.peakMemory().map { ", peak \($0 >> 10) MiB" } ?? "" : ""
        let used = cpu ? String(format: ", cpu %.3f s", elapsed.cpu) : ""
        let line = Array((String(format: "timing: %@ %.3f s", phase, elapsed.wall) + peak + used + "\n").utf8)
        _ = line.withUnsafeBytes { FileSystem.writeAll($0, to: STDERR_FILENO) }
    }

    /// The process's CPU time so far, user and system, every thread.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// The peak resident memory in KiB (`VmHWM` in /proc/self/status), where Linux says it.
    static func peakMemory() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }
}
