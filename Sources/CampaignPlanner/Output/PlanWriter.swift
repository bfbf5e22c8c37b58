import CampaignData
import CampaignSemantics
import CampaignSyntax

/// Prints a schedule in the formats of docs/language.md §8.9: CSV, NDJSON, JSON and an aligned table.
/// Byte-level formatting, in parallel chunks: a million-row plan prints in well under a
/// second.
public enum PlanWriter {
    public enum Format: String, Sendable, CaseIterable {
        case table, csv, ndjson, json

        /// The rows `range` of a batch that starts at row `offset` of `total`, one line each
        /// (CSV, NDJSON, or JSON array elements, comma after all but the last). `row(i, body)`
        /// calls `body` with row `i` in place, from a plan or decoded from compact rows.
        func body(_ range: Range<Int>, offset: Int = 0, total: Int, _ names: Names,
                  row: (Int, (UnsafePointer<PlanRow>) -> Void) -> Void) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(range.count * 120)
            // A row's detail text is written here first, to be quoted (reused, row to row).
            var detail: [UInt8] = []
            for i in range {
                row(i) { row in
                    switch self {
                    case .csv: csvRow(row, names, detail: &detail, into: &out)
                    case .ndjson: jsonRow(row.pointee, names, into: &out); out.append(0x0A)
                    case .json, .table:
                        out.append(contentsOf: "  ".utf8)
                        jsonRow(row.pointee, names, into: &out)
                        if offset + i + 1 < total { out.append(0x2C) }
                        out.append(0x0A)
                    }
                }
            }
            return out
        }
    }

    public static let columns = ["time", "local_time", "customer_id", "campaign", "step", "action", "channel", "detail"]

    /// The names a row refers to, read once per part: reaching them through the plan on
    /// every row would copy the customer store's references each time.
    struct Names {
        let ids: TextColumn
        let idBytes: [UInt8]
        let idStarts: [Int32]
        let idEnds: [Int32]
        let campaigns: [String]
        let vocabulary: PlanVocabulary

        init(_ plan: Plan) {
            ids = plan.customers.ids
            idBytes = ids.arena
            idStarts = ids.starts
            idEnds = ids.ends
            campaigns = plan.campaigns
            vocabulary = plan.vocabulary
        }
    }

    /// The whole output.
    public static func write(_ plan: Plan, format: Format, threads: Int = 1) -> [UInt8] {
        let parts = chunks(plan, format: format, threads: threads)
        var out: [UInt8] = []
        out.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for part in parts { out.append(contentsOf: part) }
        return out
    }

    /// The output in consecutive pieces, to be written one after another (a large plan is
    /// never held twice in memory).
    public static func chunks(_ plan: Plan, format: Format, threads: Int = 1) -> [[UInt8]] {
        var chunks: [[UInt8]] = []
        let names = Names(plan)
        let rows = plan.rows
        switch format {
        case .table:
            table(names, each: { body in for row in rows { body(row) } }, emit: { chunks.append($0) })
        case .csv, .ndjson, .json:
            chunks.append(header(format, total: rows.count))
            let parts = max(1, min(threads * 4, rows.count / 20_000 + 1))
            chunks += parallelMap(parts, threads: threads) { part -> [UInt8] in
                let names = Names(plan)
                let range = (rows.count * part / parts)..<(rows.count * (part + 1) / parts)
                // Rows are read in place: copying one out of the array would retain its strings.
                return rows.withUnsafeBufferPointer { rows in
                    format.body(range, total: rows.count, names) { i, body in rows.baseAddress.map { body($0 + i) } }
                }
            }
            chunks.append(footer(format))
        }
        return chunks
    }

    /// A schedule of any size (`Planner.schedule`), merged from its runs while it is
    /// written: batches of rows are merged on this thread and formatted on `threads`, and
    /// each piece goes to `emit` as soon as it is ready. The same bytes as `write(_:)` of
    /// the same plan.
    public static func write(_ schedule: Schedule, format: Format, threads: Int = 1, to emit: ([UInt8]) -> Void) throws(SpillError) {
        let names = Names(schedule.plan)
        let customerOfRank = schedule.customerOfRank
        switch format {
        case .table:
            var failure: SpillError?
            table(names, each: { body in
                do throws(SpillError) {
                    var merge = try schedule.merge()
                    defer { merge.close() }
                    let steps = schedule.steps.names
                    var batch = CompactRows()
                    while try merge.next(1 << 16, into: &batch) {
                        for i in 0..<batch.count { body(batch.planRow(i, steps: steps, customer: customerOfRank[Int(batch.rows[i].rank)])) }
                        batch.removeAll()
                    }
                } catch {
                    failure = failure ?? error
                }
            }, emit: emit)
            if let failure { throw failure }
        case .csv, .ndjson, .json:
            emit(header(format, total: schedule.count))
            var merge = try schedule.merge()
            defer { merge.close() }
            let parts = max(1, threads * 2)
            var batch = CompactRows()
            var first = 0
            while try merge.next(parts * 16_384, into: &batch) {
                for piece in pieces(batch, schedule, format, first: first, parts: parts, threads: threads) { emit(piece) }
                first += batch.count
                // The pieces no longer hold the batch: its buffers are reused.
                batch.removeAll()
            }
            emit(footer(format))
        }
    }

    /// A batch of merged rows formatted in `parts` pieces on the threads; `first` is the
    /// schedule's row the batch starts at.
    private static func pieces(_ rows: CompactRows, _ schedule: Schedule, _ format: Format, first: Int, parts: Int, threads: Int) -> [[UInt8]] {
        parallelMap(parts, threads: threads) { part -> [UInt8] in
            let names = Names(schedule.plan)
            let steps = schedule.steps.names
            let customerOfRank = schedule.customerOfRank
            let range = (rows.count * part / parts)..<(rows.count * (part + 1) / parts)
            return format.body(range, offset: first, total: schedule.count, names) { i, body in
                var row = rows.planRow(i, steps: steps, customer: customerOfRank[Int(rows.rows[i].rank)])
                withUnsafePointer(to: &row) { body($0) }
            }
        }
    }

    static func header(_ format: Format, total: Int) -> [UInt8] {
        switch format {
        case .csv: Array((columns.joined(separator: ",") + "\n").utf8)
        case .json: Array((total == 0 ? "[" : "[\n").utf8)
        case .ndjson, .table: []
        }
    }

    static func footer(_ format: Format) -> [UInt8] { format == .json ? Array("]\n".utf8) : [] }

    /// The values of a row, as text, in column order.
    public static func fields(_ row: PlanRow, _ plan: Plan) -> [String] { fields(row, Names(plan)) }

    static func fields(_ row: PlanRow, _ plan: Names) -> [String] {
        var time: [UInt8] = [], local: [UInt8] = []
        InstantText.append(row.time, offset: 0, utcAsZ: true, into: &time)
        InstantText.append(row.time, offset: Int64(row.offset), utcAsZ: false, into: &local)
        return [String(decoding: time, as: UTF8.self), String(decoding: local, as: UTF8.self), plan.ids.string(Int(row.customer)) ?? "",
                plan.campaigns[Int(row.campaign)], row.step, row.action.rawValue, row.channel?.rawValue ?? "", plan.vocabulary.text(row)]
    }

    static func csvRow(_ row: UnsafePointer<PlanRow>, _ plan: Names, detail: inout [UInt8], into out: inout [UInt8]) {
        InstantText.append(row.pointee.time, offset: 0, utcAsZ: true, into: &out)
        out.append(0x2C)
        InstantText.append(row.pointee.time, offset: Int64(row.pointee.offset), utcAsZ: false, into: &out)
        out.append(0x2C)
        let customer = Int(row.pointee.customer)
        let start = Int(plan.idStarts[customer]), end = Int(plan.idEnds[customer])
        if start >= 0 { plan.idBytes.withUnsafeBufferPointer { csvField(UnsafeBufferPointer(rebasing: $0[start..<end]), into: &out) } }
        out.append(0x2C)
        csvField(plan.campaigns[Int(row.pointee.campaign)], into: &out)
        out.append(0x2C)
        csvField(row.pointee.step, into: &out)
        out.append(0x2C)
        out.append(contentsOf: row.pointee.action.rawValue.utf8)
        out.append(0x2C)
        if let channel = row.pointee.channel { out.append(contentsOf: channel.rawValue.utf8) }
        out.append(0x2C)
        switch row.pointee.detail {
        case .none: break
        // The commonest texts go out as they are, without the copy.
        case .rendered(let text): csvField(text, into: &out)
        default:
            detail.removeAll(keepingCapacity: true)
            plan.vocabulary.appendText(row.pointee, into: &detail)
            detail.withUnsafeBufferPointer { csvField($0, into: &out) }
        }
        out.append(0x0A)
    }

    static func csvField(_ text: String, into out: inout [UInt8]) {
        // Native strings are contiguous: no copy (a `var` copy to call `withUTF8` retained it).
        if text.utf8.withContiguousStorageIfAvailable({ csvField($0, into: &out) }) == nil {
            Array(text.utf8).withUnsafeBufferPointer { csvField($0, into: &out) }
        }
    }

    /// RFC 4180: quoted when it holds a comma, quote, CR or LF; quotes doubled.
    static func csvField(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var needsQuotes = false
        for i in 0..<bytes.count {
            let b = bytes[i]
            if b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D {
                needsQuotes = true
                break
            }
        }
        guard needsQuotes else { out.append(contentsOf: bytes); return }
        out.append(0x22)
        for b in bytes {
            if b == 0x22 { out.append(0x22) }
            out.append(b)
        }
        out.append(0x22)
    }

    static func jsonRow(_ row: PlanRow, _ plan: Names, into out: inout [UInt8]) {
        let values = fields(row, plan)
        out.append(0x7B)
        for (i, name) in columns.enumerated() {
            if i > 0 { out.append(0x2C) }
            out.append(contentsOf: "\"\(name)\":".utf8)
            out.append(contentsOf: JSONValue.string(values[i]).serialized().utf8)
        }
        out.append(contentsOf: ",\"reason\":".utf8)
        out.append(contentsOf: plan.vocabulary.reason(row).serialized().utf8)
        out.append(0x7D)
    }

    /// Aligned columns for a terminal; long details wrap nothing, they just run on. Every
    /// cell is escaped for the terminal (a customer id or rendered text can hold ESC, CR or
    /// a line break; docs/output.md), before the widths are measured. `each` goes through the
    /// rows twice: once for the widths, once to write.
    static func table(_ names: Names, each: (_ body: (PlanRow) -> Void) -> Void, emit: ([UInt8]) -> Void) {
        let header = ["time (UTC)", "local time", "customer", "campaign", "step", "action", "channel", "detail"]
        var widths = header.map { DisplayWidth.of($0) }
        each { row in
            let cells = fields(row, names)
            for i in 0..<7 { widths[i] = max(widths[i], DisplayWidth.of(TerminalText.escaping(cells[i]))) }
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (i, cell) in cells.enumerated() {
                if i == cells.count - 1 { text += cell } else { text += cell + String(repeating: " ", count: widths[i] - DisplayWidth.of(cell) + 2) }
            }
            while text.hasSuffix(" ") { text.removeLast() }
            return text + "\n"
        }
        var out = Array(line(header).utf8)
        withoutActuallyEscaping(emit) { emit in
            each { row in
                out.append(contentsOf: line(fields(row, names).map { TerminalText.escaping($0) }).utf8)
                if out.count >= 1 << 16 {
                    emit(out)
                    out.removeAll(keepingCapacity: true)
                }
            }
        }
        emit(out)
    }
}
