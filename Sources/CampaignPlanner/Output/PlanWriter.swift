import CampaignData
import CampaignSemantics
import CampaignSyntax

/// Prints a schedule in the formats of docs/language.md §8.9: CSV, NDJSON, JSON and an aligned table.
/// Byte-level formatting, in parallel chunks: a million-row plan prints in well under a
/// second.
public enum PlanWriter {
    public enum Format: String, Sendable, CaseIterable {
        case table, csv, ndjson, json

        /// Rows `range` of a batch that starts at row `offset` of `total`, one line each
        /// (CSV, NDJSON, or JSON array elements, comma after all but the last).
        func body(_ rows: CompactRows, _ range: Range<Int>, offset: Int, total: Int, _ tables: PlanLines.Tables) -> [UInt8] {
            PlanLines.lines(rows, range, tables, format: self, offset: offset, total: total)
        }
    }

    public static let columns = ["time", "local_time", "customer_id", "campaign", "step", "action", "channel", "detail"]

    /// The names a row refers to, read once per part: reaching them through the plan on
    /// every row would copy the customer store's references each time.
    struct Names: Sendable {
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

    /// The whole output of a plan held in memory: its rows made compact, and written as a
    /// schedule's are, by the same code.
    public static func write(_ plan: Plan, format: Format, threads: Int = 1) -> [UInt8] {
        var rows = CompactRows()
        var steps: [String] = [], stepCodes: [String: UInt32] = [:]
        rows.rows.reserveCapacity(plan.rows.count)
        for row in plan.rows {
            let step: UInt32
            if let code = stepCodes[row.step] {
                step = code
            } else {
                step = UInt32(steps.count)
                stepCodes[row.step] = step
                steps.append(row.step)
            }
            // The rank is the customer itself (`PlanLines.Tables.customerOfRank` is empty).
            rows.append(row, rank: UInt32(bitPattern: row.customer), order: 0, step: step)
        }
        let tables = PlanLines.Tables(names: Names(plan), steps: steps, customerOfRank: [])
        var out: [UInt8] = []
        write(format, total: rows.count, tables: tables, threads: threads, batches: { body in body(rows) }, emit: { out += $0 })
        return out
    }

    /// A schedule of any size (`Planner.schedule`), merged from its runs while it is
    /// written: batches of rows are merged on another thread, a batch ahead, and formatted
    /// on `threads`, and each piece goes to `emit` as soon as it is ready. The same bytes
    /// as `write(_:)` of the same plan.
    public static func write(_ schedule: Schedule, format: Format, threads: Int = 1, to emit: ([UInt8]) -> Void) throws(SpillError) {
        try write(schedule, format: format, threads: threads, framed: true, to: emit)
    }

    /// `framed`: with the CSV header and the JSON array's brackets; without them, the rows
    /// alone, as `PlanStream` writes a schedule that is one batch of a longer output.
    static func write(_ schedule: Schedule, format: Format, threads: Int, framed: Bool, to emit: ([UInt8]) -> Void) throws(SpillError) {
        let tables = PlanLines.Tables(names: Names(schedule.plan), steps: schedule.steps.names, customerOfRank: schedule.customerOfRank)
        var failure: SpillError?
        let size = format == .table ? 1 << 16 : max(1, threads * 2) * 16_384
        write(format, total: schedule.count, tables: tables, threads: threads, framed: framed, batches: { body in
            guard failure == nil else { return }
            do throws(SpillError) {
                try schedule.forEachBatch(size: size, body)
            } catch {
                failure = error
            }
        }, emit: emit)
        if let failure { throw failure }
    }

    /// Writes every batch that `batches` gives, in order (a table goes through them twice:
    /// once for its widths, once to write).
    static func write(_ format: Format, total: Int, tables: PlanLines.Tables, threads: Int, framed: Bool = true,
                      batches: ((CompactRows) -> Void) -> Void, emit: ([UInt8]) -> Void) {
        switch format {
        case .table:
            table(tables.names, each: { body in
                withoutActuallyEscaping(body) { body in
                    batches { batch in for i in 0..<batch.count { body(tables.planRow(batch, i)) } }
                }
            }, emit: emit)
        case .csv, .ndjson, .json:
            if framed { emit(header(format, total: total)) }
            var first = 0
            withoutActuallyEscaping(emit) { emit in batches { batch in
                let parts = max(1, min(threads * 2, batch.count / 4_096 + 1))
                let offset = first
                let pieces = parallelMap(parts, threads: threads) { part -> [UInt8] in
                    let range = (batch.count * part / parts)..<(batch.count * (part + 1) / parts)
                    return format.body(batch, range, offset: offset, total: total, tables)
                }
                for piece in pieces { emit(piece) }
                first += batch.count
            } }
            if framed { emit(footer(format)) }
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
