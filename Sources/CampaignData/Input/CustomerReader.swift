import CampaignSemantics
import CampaignSyntax
import Dispatch
import Foundation

/// How strictly rows are read.
public struct ReadOptions: Sendable {
    /// Skip rows with errors (and report how many and why) instead of failing.
    public var skipBadRows = false
    /// Issues kept for reporting; the rest are only counted.
    public var maxErrors = 20
    /// Chunks read in parallel (on both cores by default).
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// A file smaller than this is read as one part: splitting a small file costs more than
    /// it saves. Tests and the fuzzers lower it to cut small files (the result is the same).
    public var minimumPartBytes = 1 << 20
    /// The customer fields, event types and event properties to store (every row and
    /// value is still validated); nil keeps everything.
    public var use: DataUse?
    /// The most data the store holds (smaller in tests, to reach the limits cheaply).
    var limits = StoreLimits()
    /// The bytes of a data file in memory at once (`FileWindow`), unless a record is
    /// longer: a few bytes in tests, to put window ends everywhere.
    var windowBytes = 32 << 20
    /// Files of at least this many windows are read ahead (`WindowMemory`): a second
    /// buffer costs its page faults once per file (8,000 for 32 MiB), which a file of a
    /// few windows does not win back (the win-back's customers, 147 MB in 5 windows, read
    /// ahead: 0.26 s to 0.29–0.30 s). One in tests, to read every file ahead.
    var readAheadWindows = 8

    public init(skipBadRows: Bool = false, maxErrors: Int = 20, threads: Int? = nil) {
        self.skipBadRows = skipBadRows
        self.maxErrors = maxErrors
        if let threads { self.threads = max(1, threads) }
    }

    /// What reads each column, to say what a missing one affects: `use`, or else every
    /// campaign and segment of the project.
    func readers(in table: DeclarationTable) -> DataUse {
        use ?? .of(campaigns: table.campaignNames, segments: table.segmentNames, in: table)
    }
}

/// Every customer of a file, in columns.
public struct CustomerStore: Sendable {
    public let count: Int
    public let idField: String
    public let ids: TextColumn
    public let index: IDIndex
    public let columns: [String: Column]
    public let zones: ZoneTable

    /// Row of a customer id.
    public func row(of id: String) -> Int? {
        index.row(of: id)
    }

    public func id(_ row: Int) -> String { ids.string(row) ?? "" }
}

/// Reads the customers file into a `CustomerStore`, typed by the schema.
public enum CustomerReader {
    public static func read(_ file: DataFile, table: DeclarationTable, options: ReadOptions) -> (CustomerStore?, IssueLog) {
        read(file, table: table, options: options, keys: nil)
    }

    /// `keys`, when given, takes an NDJSON file's key census instead of `checkKeys`: a
    /// batch of customer bundles is not the whole input (`BundleReader` checks the keys of
    /// every batch together at the end).
    static func read(_ file: DataFile, table: DeclarationTable, options: ReadOptions,
                     keys: ((KeyCensus, ColumnCheck) -> Void)?) -> (CustomerStore?, IssueLog) {
        var log = IssueLog(limit: options.maxErrors)
        guard let idField = table.idField else {
            log.add(Diagnostic.data(DataCode.missingColumn, file: file.path, line: 0, "the schema declares no `id` field, so customers cannot be read"))
            return (nil, log)
        }
        let fields = table.customerFieldOrder.compactMap { table.customerFields[$0] }
        let zones = ZoneTable()
        guard var window = FileWindow.first(of: file, options: options, log: &log) else { return (nil, log) }
        let columnCheck = Self.columns(file, fields: fields, table: table, options: options)
        guard let layout = RecordLayout.make(file: file, window: &window, columns: columnCheck, log: &log) else { return (nil, log) }
        let parsers = fields.map { FieldParser(name: $0.name, type: $0.type) }
        let stored = fields.map { options.use?.reads(field: $0.name) ?? true }
        let slotArray = parsers.enumerated().map { FieldSlot(kind: $1.kind, isOptional: $1.isOptional, parser: $0) }
        var read = layout.readWindows(window, file: file, threads: options.threads, minimumBytes: options.minimumPartBytes, log: &log) { _, range, bytes -> (ChunkResult, PartWalk) in
            var chunk = ChunkResult(fields: fields, limit: options.maxErrors, stored: stored, textLimit: options.limits.textBytes)
            let rows = RecordLayout.estimatedRows(bytes, range)
            for i in chunk.builders.indices where stored[i] { chunk.builders[i].reserve(rows, textBytes: 24) }
            chunk.rowLines.reserveCapacity(rows)
            let walk = layout.forEachRow(bytes, range, file: file) { line, values, buffer, issue, cells in
                if let issue {
                    chunk.log.add(issue)
                    return
                }
                slotArray.withUnsafeBufferPointer { slots in
                    chunk.addRow(line: line, values: values, buffer: buffer, cells: cells, slots: slots, parsers: parsers, zones: zones, file: file.path)
                }
            }
            return (chunk, walk)
        }
        PhaseClock.shared.mark("customer rows")
        guard var results = read?.parts, let lineOffsets = read?.lineOffsets else { return (nil, log) }
        var rowLines: [Int] = []
        rowLines.reserveCapacity(results.reduce(0) { $0 + $1.rowLines.count })
        for (chunk, lineOffset) in zip(results, lineOffsets) {
            for line in chunk.rowLines { rowLines.append(line + lineOffset) }
            log.merge(chunk.log, lineOffset: lineOffset)
        }
        guard layout.checkKeys(of: read, wanted: fields.count, columnCheck, keys: keys, log: &log) else { return (nil, log) }
        // The parts' values are taken out of `results` below, each field's to be freed once
        // its column is merged: nothing else may hold them.
        read = nil
        // Checked before the id index numbers the rows in an `Int32`.
        if rowLines.count > options.limits.customers {
            log.add(StoreLimits.issue(file: file.path, moreThan: options.limits.customers, "customers", unit: "customers in one file"))
            return (nil, log)
        }
        // Fields merge independently, so on all cores; the task that merges the ids also
        // builds the id index while the other fields merge. Each task takes its field's
        // parts from a `Handoff` and frees them once its column is whole, so the parts and
        // the merged columns are never all held at once: on 1M customers the parts held
        // until every field was merged cost about 100 MB of peak memory.
        var fieldParts = [[ColumnBuilder]?](repeating: nil, count: fields.count)
        for i in fields.indices where stored[i] {
            fieldParts[i] = results.map { $0.builders[i] }
        }
        // Now `fieldParts` holds the only references to the parts' columns.
        results = []
        let moving = Handoff(consume fieldParts)
        // Then, for a file of 32 MiB or more, `FreedMemory.release()`, on the core that is
        // done merging while the other builds the index. A smaller file's parts free
        // little, and `plan --bundles` reads a batch of customers at a time, where a
        // release per batch would cost more than it gives back.
        let release: (@Sendable () -> Void)? = file.count >= 32 << 20 ? FreedMemory.release : nil
        let merged = parallelMap(fields.count, threads: options.threads, then: release) { i -> (ColumnBuilder, IDIndex?) in
            guard stored[i], let parts = moving.take(i) else { return (ColumnBuilder(type: fields[i].type), nil) }
            let builder = ColumnBuilder.merged(consume parts) ?? ColumnBuilder(type: fields[i].type)
            guard fields[i].name == idField, case .text(let ids) = builder.build(zones: zones) else { return (builder, nil) }
            return (builder, IDIndex(ids))
        }
        var columns: [String: Column] = [:]
        for (i, field) in fields.enumerated() where stored[i] { columns[field.name] = merged[i].0.build(zones: zones) }
        let overflowed = fields.filter { columns[$0.name]?.overflowed == true }
        for field in overflowed {
            log.add(StoreLimits.issue(file: file.path, column: field.name, moreThan: options.limits.textBytes, "bytes of text in this column",
                                      unit: "bytes of text in one column"))
        }
        if !overflowed.isEmpty { return (nil, log) }
        guard case .text(let ids)? = columns[idField], let index = merged.lazy.compactMap(\.1).first else { return (nil, log) }
        PhaseClock.shared.mark("customer merge and index")
        if !index.duplicates.isEmpty {
            for row in index.duplicates {
                let id = ids.string(row) ?? ""
                let first = index.row(of: id).map { " (first on line \(rowLines[$0]))" } ?? ""
                log.add(Diagnostic.data(DataCode.duplicateID, file: file.path, line: rowLines[row], column: idField,
                                  "customer id \"\(id)\" appears more than once\(first); ids must be unique"))
            }
        }
        return (CustomerStore(count: ids.count, idField: idField, ids: ids, index: index, columns: columns, zones: zones), log)
    }

    /// The columns a customers file must (required fields) or may (optional ones) have.
    static func columns(_ file: DataFile, fields: [FieldInfo], table: DeclarationTable, options: ReadOptions) -> ColumnCheck {
        let wanted = fields.map {
            ColumnCheck.Wanted(name: $0.name, noun: "field `\($0.name)`", whenMissing: $0.type.isOptional ? .warning : .headerError("customer field"))
        }
        return ColumnCheck(file: file.path, ndjson: file.isNDJSON, wanted: wanted, record: "customer") { options.readers(in: table).readers(ofField: $0) }
    }

    /// Rows read from one chunk.
    struct ChunkResult {
        var builders: [ColumnBuilder]
        var log: IssueLog
        var pending: [PendingValue]
        var decoder = FieldDecoder()
        /// The (chunk-relative) line of every row kept, to place duplicate ids.
        var rowLines: [Int] = []

        /// Per field, whether it is kept (otherwise only validated).
        let stored: [Bool]

        init(fields: [FieldInfo], limit: Int, stored: [Bool], textLimit: Int) {
            builders = fields.map { ColumnBuilder(type: $0.type, textLimit: textLimit) }
            log = IssueLog(limit: limit)
            pending = Array(repeating: .missing, count: fields.count)
            self.stored = stored
        }

        mutating func addRow(line: Int, values: UnsafeBufferPointer<CSVField>, buffer: UnsafeBufferPointer<UInt8>, cells: CellPlaces, slots: UnsafeBufferPointer<FieldSlot>,
                             parsers: [FieldParser], zones: ZoneTable, file: String) {
            var bad = false
            decoder.startRow()
            for i in 0..<slots.count {
                let slot = slots[i]
                let field = values[i]
                if field.isEmpty {
                    if !slot.isOptional {
                        log.add(Diagnostic.data(DataCode.missingValue, file: file, line: line, column: parsers[i].name, cell: cells.column(i, field),
                                                "a value is required (the field is `\(parsers[i].type)`), but the cell is empty"))
                        bad = true
                    }
                    pending[i] = .missing
                    continue
                }
                switch decoder.decode(field, in: buffer, kind: slot.kind, cacheKey: i, parse: { parsers[i].parse($0, zones: zones) }) {
                case .success(let value):
                    pending[i] = value
                case .failure(let error):
                    log.add(error.diagnostic(file: file, line: line, column: parsers[i].name, cell: cells.column(i, field)))
                    bad = true
                }
            }
            if bad { return }
            rowLines.append(line)
            // Through a buffer pointer: indexing `builders` checked its uniqueness per field.
            decoder.withScratch { scratch in
                builders.withUnsafeMutableBufferPointer { builders in
                    pending.withUnsafeBufferPointer { pending in
                        for i in 0..<builders.count where stored[i] { builders[i].append(pending[i], source: buffer, scratch: scratch) }
                    }
                }
            }
        }
    }
}
