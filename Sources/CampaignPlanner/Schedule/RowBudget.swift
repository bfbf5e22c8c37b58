import Foundation

/// What the planned rows may take of `--memory-limit`, which bounds the whole process as it
/// plans and writes (docs/language.md §9.5): the limit, less what the process already holds
/// when planning starts (the data read and the compiled program, measured as its resident
/// memory), less what planning and writing need besides the rows (`reserve`); and at least
/// an eighth of the limit, since the data cannot spill.
///
/// Counting the rows alone, as the limit first did, a 1 GiB limit let a plan of 1M
/// customers over 20 days (40M rows) peak at 1,207 MiB: the customers' data (231 MiB)
/// came on top.
enum RowBudget {
    /// What planning and writing hold besides the rows: each worker's run state and
    /// program, up to `ScheduleOptions.fanIn` (64) runs' read buffers of 256 KiB
    /// (`RunMerge.bufferSize`), the batches of merged rows on their way to the writer and
    /// their formatted bytes, and the spill writers' buffers.
    static let reserve = 64 << 20

    /// The bytes the rows may take under `limit` when the process holds `resident` bytes.
    static func rows(limit: Int, resident: Int) -> Int {
        max(limit / 8, limit - resident - reserve, 1)
    }

    /// The process's resident memory now (Linux: /proc/self/statm), or 0 where the system
    /// does not say.
    static func resident() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
