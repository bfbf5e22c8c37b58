import CampaignData
import CampaignSemantics
import CampaignSyntax

/// Prints a schedule in the formats of docs/language.md §8.9: CSV, NDJSON, JSON and an aligned table.
/// Byte-level formatting, in parallel chunks: a million-row plan prints in well under a
/// second.
public enum PlanWriter {
    public enum Format: String, Sendable, CaseIterable {
        case table, csv, ndjson, json
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
        switch format {
        case .table: return [Array(table(plan).utf8)]
        case .csv, .ndjson, .json: break
        }
        let rows = plan.rows
        let parts = max(1, min(threads * 4, rows.count / 20_000 + 1))
        var chunks = parallelMap(parts, threads: threads) { part -> [UInt8] in
            let plan = Names(plan)
            var out: [UInt8] = []
            let range = (rows.count * part / parts)..<(rows.count * (part + 1) / parts)
            out.reserveCapacity(range.count * 120)
            // A row's detail text is written here first, to be quoted (reused, row to row).
            var detail: [UInt8] = []
            // Rows are read in place: copying one out of the array would retain its strings.
            rows.withUnsafeBufferPointer { rows in
                guard let base = rows.baseAddress else { return }
                for i in range {
                    switch format {
                    case .csv: csvRow(base + i, plan, detail: &detail, into: &out)
                    case .ndjson: jsonRow(rows[i], plan, into: &out); out.append(0x0A)
                    default:
                        out.append(contentsOf: "  ".utf8)
                        jsonRow(rows[i], plan, into: &out)
                        if i + 1 < rows.count { out.append(0x2C) }
                        out.append(0x0A)
                    }
                }
            }
            return out
        }
        switch format {
        case .csv: chunks.insert(Array((columns.joined(separator: ",") + "\n").utf8), at: 0)
        case .json:
            chunks.insert(Array((rows.isEmpty ? "[" : "[\n").utf8), at: 0)
            chunks.append(Array("]\n".utf8))
        default: break
        }
        return chunks
    }

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
    /// a line break; docs/output.md), before the widths are measured.
    static func table(_ plan: Plan) -> String {
        let header = ["time (UTC)", "local time", "customer", "campaign", "step", "action", "channel", "detail"]
        let names = Names(plan)
        let body = plan.rows.map { fields($0, names).map { TerminalText.escaping($0) } }
        var widths = header.map { DisplayWidth.of($0) }
        for row in body { for i in 0..<7 { widths[i] = max(widths[i], DisplayWidth.of(row[i])) } }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (i, cell) in cells.enumerated() {
                if i == cells.count - 1 { text += cell } else { text += cell + String(repeating: " ", count: widths[i] - DisplayWidth.of(cell) + 2) }
            }
            while text.hasSuffix(" ") { text.removeLast() }
            return text + "\n"
        }
        var out = line(header)
        for row in body { out += line(row) }
        return out
    }
}
