import CampaignSemantics

/// Compact rows with the bytes of their details: a worker's rows while it plans, a sorted
/// run kept in memory, and a batch of merged rows on its way to the writer.
struct CompactRows: Sendable {
    var rows: [CompactRow] = []
    var details: [UInt8] = []

    /// What the rows hold in memory (what `--memory-limit` counts).
    var bytes: Int { rows.capacity * CompactRow.byteCount + details.capacity }
    var count: Int { rows.count }

    /// A row of the interpreter, made compact.
    mutating func append(_ row: PlanRow, rank: UInt32, order: UInt32, step: UInt32) {
        var detail: UInt32
        if let code = DetailCoding.code(row.detail) {
            detail = code
        } else {
            detail = UInt32(details.count)
            DetailCoding.append(row.detail, into: &details)
        }
        rows.append(CompactRow(time: row.time, rank: rank, campaign: UInt32(bitPattern: row.campaign), order: order, step: step, detail: detail,
                               offset: row.offset, action: row.action, channel: row.channel, holdout: row.holdout))
    }

    /// A row of another set (a run being merged), with its detail's bytes (length first).
    mutating func append(_ row: CompactRow, detail: UnsafeRawBufferPointer) {
        var row = row
        if row.detail < DetailCoding.firstCode {
            row.detail = UInt32(details.count)
            details.append(contentsOf: detail)
        }
        rows.append(row)
    }

    /// The length and bytes of a row's detail, empty for a coded one.
    func withDetail<R, E: Error>(_ row: CompactRow, _ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let result: Result<R, E> = details.withUnsafeBytes { all in
            guard row.detail < DetailCoding.firstCode, let length = DetailCoding.length(all, at: Int(row.detail)),
                  Int(row.detail) + 4 + length <= all.count else { return Result { () throws(E) in try body(UnsafeRawBufferPointer(start: nil, count: 0)) } }
            return Result { () throws(E) in try body(UnsafeRawBufferPointer(rebasing: all[Int(row.detail)..<(Int(row.detail) + 4 + length)])) }
        }
        return try result.get()
    }

    /// The schedule's order (`CompactRow.precedes`); details stay where they are.
    mutating func sort() { rows.withUnsafeMutableBufferPointer { $0.sort { CompactRow.precedes($0, $1) } } }

    mutating func removeAll() {
        rows.removeAll(keepingCapacity: true)
        details.removeAll(keepingCapacity: true)
    }

    /// The plan row compact row `i` stands for, its detail decoded (`CompactRow.planRow`).
    func planRow(_ i: Int, steps: [String], customer: Int32) -> PlanRow {
        let row = rows[i]
        var detail = PlanDetail.none
        if let coded = DetailCoding.detail(code: row.detail) {
            detail = coded
        } else {
            detail = withDetail(row) { bytes in bytes.count > 4 ? DetailCoding.decode(UnsafeRawBufferPointer(rebasing: bytes[4...])) ?? .none : .none }
        }
        return row.planRow(detail: detail, customer: customer, step: Int(row.step) < steps.count ? steps[Int(row.step)] : "")
    }
}
