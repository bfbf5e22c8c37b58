@testable import CampaignPlanner
import Testing

/// `--memory-limit` bounds the whole run (docs/language.md §9.5): the planned rows get what
/// the data leaves of the limit, less the reserve for planning and writing, and never less
/// than an eighth of it.
struct RowBudgetTests {
    static let mib = 1 << 20

    @Test(arguments: [
        // (limit, resident, rows' budget)
        (1024 * mib, 231 * mib, (1024 - 231 - 64) * mib),
        (1024 * mib, 0, (1024 - 64) * mib),
        // The data takes most of the limit, or more: an eighth of it.
        (256 * mib, 231 * mib, 32 * mib),
        (64 * mib, 231 * mib, 8 * mib),
        // The tests' budgets of a few bytes still spill a row at a time.
        (100, 40 * mib, 12),
        (1, 40 * mib, 1),
    ])
    func rowsGetWhatTheDataLeaves(limit: Int, resident: Int, rows: Int) {
        #expect(RowBudget.rows(limit: limit, resident: resident) == rows)
    }

    @Test func residentMemoryIsMeasuredOnLinux() {
        #if os(Linux)
        let resident = RowBudget.resident()
        // A test process holds at least a few MiB, and far less than a terabyte.
        #expect(resident > 4 * Self.mib && resident < 1 << 40, "\(resident)")
        #endif
    }
}
