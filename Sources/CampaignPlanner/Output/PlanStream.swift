import CampaignData

/// One output written from several schedules in turn (`campaign plan --bundles`, a
/// schedule per batch of customers): the CSV header once at the top, the JSON array's
/// brackets once around every row, each schedule's rows as soon as it is planned. The bytes
/// are those `PlanWriter.write` gives one schedule of the same rows in the same order
/// (a JSON row is followed by a comma only when another follows it, so each schedule's
/// last line waits for the next schedule, or the end, to say which).
public struct PlanStream {
    public let format: PlanWriter.Format
    private var started = false
    private var rows = 0

    /// CSV, NDJSON or JSON: a table's widths need every row before the first is written.
    public init?(format: PlanWriter.Format) {
        guard format != .table else { return nil }
        self.format = format
    }

    /// Writes one schedule's rows after those written before.
    public mutating func write(_ schedule: Schedule, threads: Int, to emit: ([UInt8]) -> Void) throws(SpillError) {
        start(emit)
        guard schedule.count > 0 else { return }
        guard format == .json else {
            try PlanWriter.write(schedule, format: format, threads: threads, framed: false, to: emit)
            rows += schedule.count
            return
        }
        emit(Array((rows == 0 ? "[\n" : ",\n").utf8))
        // The last line's line feed is left for what comes next: `,\n` or the closing `\n]`.
        var held: [UInt8] = []
        try PlanWriter.write(schedule, format: format, threads: threads, framed: false) { piece in
            guard !piece.isEmpty else { return }
            if !held.isEmpty { emit(held) }
            held = piece
        }
        if held.last == 0x0A { held.removeLast() }
        emit(held)
        rows += schedule.count
    }

    /// Ends the output (the CSV header alone, or `[]`, when there were no rows).
    public mutating func finish(to emit: ([UInt8]) -> Void) {
        start(emit)
        switch format {
        case .json: emit(Array((rows == 0 ? "[]\n" : "\n]\n").utf8))
        case .csv, .ndjson, .table: break
        }
    }

    private mutating func start(_ emit: ([UInt8]) -> Void) {
        guard !started else { return }
        started = true
        if format == .csv { emit(PlanWriter.header(.csv, total: 0)) }
    }
}
