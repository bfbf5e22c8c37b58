import CampaignSyntax
import Foundation

/// Where each wanted field is in a record, for CSV (by header position) and NDJSON (by
/// key; an event's properties are read from its `properties` object), and how to walk the
/// rows of one chunk of the file.
struct RecordLayout {
    let ndjson: Bool
    let wanted: [String]
    /// CSV: the header position of each wanted field (nil when the file lacks it).
    let positions: [Int?]
    let headerCount: Int
    let dataStart: Int
    /// The line the data starts on.
    let dataLine: Int
    /// NDJSON: the wanted fields from this index on are read from the `properties` object
    /// (an event's properties); nil when every field is a top-level key (customers).
    let propertiesFrom: Int?

    /// The header lists exactly the wanted columns in order: rows need no remapping.
    var inOrder: Bool {
        !ndjson && headerCount == wanted.count && positions.enumerated().allSatisfy { $0.element == $0.offset }
    }

    /// A byte range of the file to read on one thread.
    struct Chunk {
        let start: Int
        let end: Int
        /// `end` is the end of the file (not of a window): a quoted value open there is
        /// never closed.
        var atFileEnd = true
    }

    /// Reads the header (CSV) and checks its columns against the schema (`columns`); an
    /// NDJSON file's keys are checked once its records are read (`KeyCensus`).
    static func make(file: DataFile, bytes: UnsafeBufferPointer<UInt8>, columns: ColumnCheck, log: inout IssueLog,
                     propertiesFrom: Int? = nil) -> RecordLayout? {
        let wanted = columns.names
        // The start of the file is checked first, so a binary file is reported as one rather
        // than by its "header"; the parts check the rest as they read it.
        let probeEnd = UTF8Frontier.lineEnd(bytes, after: UTF8Frontier.blockBytes, before: bytes.count)
        if let problem = UTF8Validation.firstProblem(bytes, from: 0, to: probeEnd) {
            log.add(Diagnostic.notUTF8(file: file.path, bytes: bytes, at: problem.offset))
            return nil
        }
        if file.isNDJSON {
            return RecordLayout(ndjson: true, wanted: wanted, positions: [], headerCount: 0, dataStart: 0, dataLine: 1, propertiesFrom: propertiesFrom)
        }
        var scanner = CSVScanner(bytes: bytes)
        let lineStart = scanner.position
        var header: [CSVField] = []
        let headerOutcome = scanner.next(into: &header)
        if scanner.position > probeEnd, let problem = UTF8Validation.firstProblem(bytes, from: probeEnd, to: scanner.position) {
            log.add(Diagnostic.notUTF8(file: file.path, bytes: bytes, at: problem.offset))
            return nil
        }
        guard case .record = headerOutcome else {
            log.add(Diagnostic.data(DataCode.emptyFile, file: file.path, line: 1, "expected a header line naming the columns"))
            return nil
        }
        let names = header.map { scanner.string($0).trimmingCharacters(in: .whitespaces) }
        var seen: [String: Int] = [:]
        for (i, name) in names.enumerated() {
            if seen[name] != nil {
                log.add(Diagnostic.data(DataCode.duplicateColumn, file: file.path, line: 1, column: name, "the header names this column twice"))
                return nil
            }
            seen[name] = i
        }
        let undeclared = names.indices.filter { !wanted.contains(names[$0]) }.map { i in
            // A quoted cell starts at its opening quote.
            let start = header[i].start > lineStart && bytes[header[i].start - 1] == UInt8(ascii: "\"") ? header[i].start - 1 : header[i].start
            return ColumnCheck.Undeclared(name: names[i], line: 1, position: ColumnCheck.position(of: start, lineStart: lineStart, in: bytes))
        }
        let issues = columns.issues(present: { seen[$0] != nil }, undeclared: undeclared)
        for issue in issues { log.add(issue) }
        if issues.contains(where: { $0.severity == .error }) { return nil }
        return RecordLayout(ndjson: false, wanted: wanted, positions: wanted.map { seen[$0] }, headerCount: names.count,
                            dataStart: scanner.position, dataLine: scanner.line, propertiesFrom: nil)
    }

    /// NDJSON: the keys of every part `read` read, checked (`checkKeys`), or handed to
    /// `keys` when a caller checks several reads together (`BundleReader`); false when the
    /// check finds an error. CSV: true (its header was checked by `make`).
    func checkKeys<Part>(of read: PartsRead<Part>?, wanted: Int, _ columns: ColumnCheck, keys: ((KeyCensus, ColumnCheck) -> Void)?,
                         log: inout IssueLog) -> Bool {
        guard ndjson, let census = read?.keyCensus(wanted: wanted) else { return true }
        if let keys {
            keys(census, columns)
            return true
        }
        return checkKeys(census, columns, log: &log)
    }

    /// NDJSON: checks the keys the records held against the schema, as `make` checks a CSV
    /// header; false when that finds an error. What it finds is about the whole file, so it
    /// goes before the rows' issues, whatever `--max-errors` says.
    func checkKeys(_ keys: KeyCensus, _ columns: ColumnCheck, log: inout IssueLog) -> Bool {
        // No record, no header: an empty file (or one whose every line is bad and skipped)
        // is no rows, as a CSV header alone is, not a file missing every column.
        guard keys.records > 0 else { return true }
        var slots: [String: Int] = [:]
        for (i, name) in wanted.enumerated() { slots[name] = i }
        let issues = columns.issues(present: { slots[$0].map { keys.present[$0] } ?? false }, undeclared: keys.undeclaredInOrder)
        for issue in issues { log.addBeforeRows(issue) }
        return !issues.contains { $0.severity == .error }
    }

    /// Reads the rows in parts on all cores: `read` gets a part's index and byte range and
    /// returns what it made and what its walk found. Parts first start after the first line
    /// break past equal offsets, without a pass over the file. A part read from a record
    /// start that does not end inside a quoted field ends at a record start (the scanner
    /// never looks past a line feed that ends a part), so if no part but the last ends inside
    /// quotes, every part started at a record start and the parts read exactly as the whole
    /// file would (`PartsRead`). Otherwise a cut fell inside a quoted value: the file is cut
    /// again at the record starts `CSVBoundaries` finds, and the parts whose range changed
    /// are read again, checked the same way; if that check ever failed, the file would be
    /// read as one part. `minimumBytes` is the size below which a file is not cut (lowered
    /// by tests). `bytes` may be a window of the file that ends just after a line feed,
    /// read from `start` (a record start); unless it is `final` (ends at the end of the
    /// file), its last part may end inside a quoted value, and then says where its last
    /// record starts (`PartWalk.carry`) for the next window.
    func readParts<Part: Sendable>(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int? = nil, final: Bool = true, parts wanted: Int,
                                   threads: Int? = nil, minimumBytes: Int = 1 << 20, then last: (@Sendable () -> Void)? = nil,
                                   _ read: @Sendable (Int, Chunk) -> (Part, PartWalk)) -> PartsRead<Part> {
        let parts = min(wanted, Self.maxParts)
        let dataStart = start ?? dataStart
        func run(_ points: [Int], reusing earlier: [Int: (end: Int, read: (Part, PartWalk))] = [:]) -> [(Part, PartWalk)] {
            let chunks = zip(points, points.dropFirst()).map { Chunk(start: $0, end: $1, atFileEnd: final && $1 == bytes.count) }
            return parallelMap(chunks.count, threads: threads ?? chunks.count, then: last) { k in
                if let same = earlier[chunks[k].start], same.end == chunks[k].end { return same.read }
                return read(k, chunks[k])
            }
        }
        /// Every part starts at a record start, or the file is not UTF-8 (and is rejected whatever the cuts).
        func exact(_ reads: [(Part, PartWalk)]) -> Bool {
            !reads.dropLast().contains { $0.1.endedInsideQuotes } || reads.contains { $0.1.invalidUTF8 != nil }
        }
        let lineCuts = Self.lineSplitPoints(bytes, from: dataStart, parts: parts, minimumBytes: minimumBytes)
        let quick = run(lineCuts)
        if ndjson || exact(quick) { return PartsRead(quick, firstLine: dataLine, cuts: .lineBreaks) }
        var earlier: [Int: (end: Int, read: (Part, PartWalk))] = [:]
        for (start, (end, read)) in zip(lineCuts, zip(lineCuts.dropFirst(), quick)) { earlier[start] = (end, read) }
        let recordCuts = CSVBoundaries.splitPoints(bytes, from: dataStart, parts: parts, minimumBytes: minimumBytes)
        let again = run(recordCuts, reusing: earlier)
        if exact(again) { return PartsRead(again, firstLine: dataLine, cuts: .recordStarts) }
        return PartsRead(run([dataStart, bytes.count]), firstLine: dataLine, cuts: .lastResort)
    }

    /// Parts a file (or a window of it) is cut into, at most: more parts than cores gain
    /// nothing.
    static let maxParts = 256

    /// Just after the first line feed past each of `parts - 1` equal offsets of
    /// `bytes[start...]`, first and last included; no cut in less than `minimumBytes`.
    static func lineSplitPoints(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, parts: Int, minimumBytes: Int = 1 << 20) -> [Int] {
        guard parts > 1, bytes.count - start > minimumBytes else { return [start, bytes.count] }
        var points = [start]
        for part in 1..<parts {
            let target = UTF8Frontier.lineEnd(bytes, after: start + (bytes.count - start) * part / parts, before: bytes.count)
            if target < bytes.count { points.append(target) }
        }
        points.append(bytes.count)
        return points
    }

    /// Rows in a chunk, estimated from the line length of its first 256 KiB (used to reserve
    /// column capacity once instead of growing, and re-faulting, every array).
    static func estimatedRows(_ bytes: UnsafeBufferPointer<UInt8>, _ chunk: Chunk) -> Int {
        let sample = min(chunk.end - chunk.start, 1 << 18)
        guard sample > 0 else { return 0 }
        var lines = 0
        for i in chunk.start..<(chunk.start + sample) where bytes[i] == 0x0A { lines += 1 }
        return Int(Double(chunk.end - chunk.start) / Double(sample) * Double(max(lines, 1)) * 1.05) + 16
    }

    /// Calls `body` for every row of the chunk with the wanted fields in order (a field
    /// with start -1 is absent), the buffer they point into, and where its cells are in
    /// the file; returns what the walk found. Line numbers are relative to the chunk (1 =
    /// its first line).
    func forEachRow(_ bytes: UnsafeBufferPointer<UInt8>, _ chunk: Chunk, file: DataFile,
                    _ body: (Int, UnsafeBufferPointer<CSVField>, UnsafeBufferPointer<UInt8>, Diagnostic?, CellPlaces) -> Void) -> PartWalk {
        if ndjson { return forEachJSONRow(bytes, chunk, file: file, body) }
        var scanner = CSVScanner(bytes: bytes, start: chunk.start, end: chunk.end, line: 1, fileStart: false)
        var encoding = UTF8Frontier(bytes, from: chunk.start, to: chunk.end)
        // Fixed buffers for the row loop: a record's fields, and the wanted ones in order.
        let absent = CSVField(start: -1, end: -1, hasEscapedQuotes: false)
        let fields = UnsafeMutableBufferPointer<CSVField>.allocate(capacity: headerCount + 1)
        fields.initialize(repeating: absent)
        let values = UnsafeMutableBufferPointer<CSVField>.allocate(capacity: max(1, wanted.count))
        values.initialize(repeating: absent)
        defer {
            fields.deallocate()
            values.deallocate()
        }
        let inOrder = self.inOrder
        let wantedValues = UnsafeBufferPointer(rebasing: values[0..<wanted.count])
        var count = 0
        while true {
            if scanner.position >= encoding.validated, let invalid = encoding.check(through: scanner.position) {
                return PartWalk(lines: scanner.line - 1, invalidUTF8: invalid)
            }
            let recordStart = (position: scanner.position, line: scanner.line)
            switch scanner.next(into: fields, count: &count) {
            case .end:
                return PartWalk(lines: scanner.line - 1, endedInsideQuotes: scanner.endedInsideQuotes, invalidUTF8: encoding.check(through: chunk.end))
            case .malformed where scanner.endedInsideQuotes && !chunk.atFileEnd:
                // Cut by a window's end, not unclosed: read again with the next window.
                return PartWalk(lines: recordStart.line - 1, endedInsideQuotes: true, invalidUTF8: encoding.check(through: chunk.end),
                                carry: recordStart.position)
            case .malformed(let line, let message):
                // A quoted value never closed runs to the end of the file: every later row
                // would be lost inside it, so it is about the file, not one row.
                let code = scanner.endedInsideQuotes ? DataCode.unclosedQuote : DataCode.badQuote
                body(line, wantedValues, bytes, Diagnostic.data(code, file: file.path, line: line, message), .none)
            case .record(let line):
                if count != headerCount {
                    body(line, wantedValues, bytes, Diagnostic.data(DataCode.fieldCount, file: file.path, line: line,
                                                              "expected \(headerCount) fields as in the header, found \(count)"), .none)
                    continue
                }
                let first = fields[0].start
                let cells = CellPlaces(bytes: bytes, recordStart: first > 0 && bytes[first - 1] == UInt8(ascii: "\"") ? first - 1 : first, keys: nil)
                if inOrder {
                    body(line, UnsafeBufferPointer(rebasing: fields[0..<count]), bytes, nil, cells)
                    continue
                }
                for (i, position) in positions.enumerated() {
                    values[i] = position.map { fields[$0] } ?? absent
                }
                body(line, wantedValues, bytes, nil, cells)
            }
        }
    }
}
