/// Where each wanted field is in a record, for CSV (by header position) and NDJSON (by
/// key; an event's `properties` object is read as if its keys were columns), and how to
/// walk the rows of one chunk of the file.
struct RecordLayout {
    let ndjson: Bool
    let wanted: [String]
    /// CSV: the header position of each wanted field (nil when the file lacks it).
    let positions: [Int?]
    let headerCount: Int
    let dataStart: Int
    /// The line the data starts on.
    let dataLine: Int

    /// The header lists exactly the wanted columns in order: rows need no remapping.
    var inOrder: Bool {
        !ndjson && headerCount == wanted.count && positions.enumerated().allSatisfy { $0.element == $0.offset }
    }

    /// A byte range of the file to read on one thread.
    struct Chunk {
        let start: Int
        let end: Int
    }

    /// Reads the header (CSV) and checks its columns against the schema (`columns`); an
    /// NDJSON file's keys are checked once its records are read (`KeyCensus`).
    static func make(file: DataFile, bytes: UnsafeBufferPointer<UInt8>, columns: ColumnCheck, log: inout IssueLog) -> RecordLayout? {
        let wanted = columns.names
        var probeEnd = min(bytes.count, 1 << 16)
        while probeEnd < bytes.count, probeEnd > 0, bytes[probeEnd] & 0xC0 == 0x80 { probeEnd -= 1 }
        if !ValueParsers.isUTF8(UnsafeBufferPointer(rebasing: bytes[0..<probeEnd])) {
            log.add(DataIssue(DataCode.notUTF8, file: file.path, line: 1, "the file is not UTF-8 text"))
            return nil
        }
        if file.isNDJSON {
            return RecordLayout(ndjson: true, wanted: wanted, positions: [], headerCount: 0, dataStart: 0, dataLine: 1)
        }
        var scanner = CSVScanner(bytes: bytes)
        let lineStart = scanner.position
        var header: [CSVField] = []
        guard case .record = scanner.next(into: &header) else {
            log.add(DataIssue(DataCode.emptyFile, file: file.path, line: 1, "expected a header line naming the columns"))
            return nil
        }
        let names = header.map { scanner.string($0).trimmingCharacters(in: .whitespaces) }
        var seen: [String: Int] = [:]
        for (i, name) in names.enumerated() {
            if seen[name] != nil {
                log.add(DataIssue(DataCode.duplicateColumn, file: file.path, line: 1, column: name, "the header names this column twice"))
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
                            dataStart: scanner.position, dataLine: scanner.line)
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
    /// returns what it made and whether the part ended inside a quoted field. Parts first
    /// start after the first line break past equal offsets, without a pass over the file
    /// to count quotes; a part can only be cut wrongly if the one before it ends inside a
    /// quoted field, and then the file is split by quote parity and read again.
    func readParts<Part>(_ bytes: UnsafeBufferPointer<UInt8>, parts: Int, _ read: (Int, Chunk) -> (Part, endedInsideQuotes: Bool)) -> [Part] {
        func run(_ points: [Int]) -> [(Part, endedInsideQuotes: Bool)] {
            let chunks = zip(points, points.dropFirst()).map { Chunk(start: $0, end: $1) }
            return parallelMap(chunks.count) { read($0, chunks[$0]) }
        }
        let quick = run(Self.lineSplitPoints(bytes, from: dataStart, parts: parts))
        guard !ndjson, quick.dropLast().contains(where: \.endedInsideQuotes) else { return quick.map(\.0) }
        return run(CSVScanner.splitPoints(bytes, from: dataStart, parts: parts)).map(\.0)
    }

    static func lineSplitPoints(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, parts: Int) -> [Int] {
        guard parts > 1, bytes.count - start > 1 << 20 else { return [start, bytes.count] }
        var points = [start]
        for part in 1..<parts {
            var target = start + (bytes.count - start) * part / parts
            while target < bytes.count, bytes[target] != 0x0A { target += 1 }
            if target < bytes.count { points.append(target + 1) }
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
    /// with start -1 is absent) and the buffer they point into; returns the lines read,
    /// whether the chunk ended inside a quoted field and (NDJSON) the keys its records
    /// hold. Line numbers are relative to the chunk (1 = its first line).
    func forEachRow(_ bytes: UnsafeBufferPointer<UInt8>, _ chunk: Chunk, file: DataFile,
                    _ body: (Int, UnsafeBufferPointer<CSVField>, UnsafeBufferPointer<UInt8>, DataIssue?) -> Void)
        -> (lines: Int, endedInsideQuotes: Bool, keys: KeyCensus) {
        if ndjson {
            var keys = KeyCensus(wanted: wanted.count)
            let lines = forEachJSONRow(bytes, chunk, file: file, keys: &keys, body)
            return (lines, false, keys)
        }
        var scanner = CSVScanner(bytes: bytes, start: chunk.start, end: chunk.end, line: 1)
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
            switch scanner.next(into: fields, count: &count) {
            case .end:
                return (scanner.line - 1, scanner.endedInsideQuotes, KeyCensus(wanted: 0))
            case .malformed(let line, let message):
                body(line, wantedValues, bytes, DataIssue(DataCode.badQuote, file: file.path, line: line, message))
            case .record(let line):
                if count != headerCount {
                    body(line, wantedValues, bytes, DataIssue(DataCode.fieldCount, file: file.path, line: line,
                                                              "expected \(headerCount) fields as in the header, found \(count)"))
                    continue
                }
                if inOrder {
                    body(line, UnsafeBufferPointer(rebasing: fields[0..<count]), bytes, nil)
                    continue
                }
                for (i, position) in positions.enumerated() {
                    values[i] = position.map { fields[$0] } ?? absent
                }
                body(line, wantedValues, bytes, nil)
            }
        }
    }

    func forEachJSONRow(_ bytes: UnsafeBufferPointer<UInt8>, _ chunk: Chunk, file: DataFile, keys: inout KeyCensus,
                        _ body: (Int, UnsafeBufferPointer<CSVField>, UnsafeBufferPointer<UInt8>, DataIssue?) -> Void) -> Int {
        var line = 0
        var position = chunk.start
        var scratch: [UInt8] = []
        var values = [CSVField](repeating: CSVField(start: -1, end: -1, hasEscapedQuotes: false), count: wanted.count)
        var index: [String: Int] = [:]
        for (i, name) in wanted.enumerated() { index[name] = i }
        while position < chunk.end {
            line += 1
            var lineEnd = position
            while lineEnd < chunk.end, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let lineStart = position
            let text = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
            position = lineEnd + 1
            if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            scratch.removeAll(keepingCapacity: true)
            for i in values.indices { values[i] = CSVField(start: -1, end: -1, hasEscapedQuotes: false) }
            var reader = JSONLineReader(bytes: text)
            do {
                try reader.readObject { key, value, nested, keyStart in
                    guard let slot = index[key] else {
                        if nested == nil, key == "properties" { return .descend }
                        keys.noteUndeclared(key, line: line) { ColumnCheck.position(of: lineStart + keyStart, lineStart: lineStart, in: bytes) }
                        return .skip
                    }
                    keys.present[slot] = true
                    switch value {
                    case .null:
                        break
                    case .text(let bytes), .literal(let bytes):
                        let start = scratch.count
                        scratch.append(contentsOf: bytes)
                        values[slot] = CSVField(start: start, end: scratch.count, hasEscapedQuotes: false)
                    case .composite:
                        throw JSONLineReader.Failure(message: "`\(key)` holds an object or a list; expected a single value")
                    }
                    return .skip
                }
            } catch {
                let message = (error as? JSONLineReader.Failure)?.message ?? "invalid JSON"
                values.withUnsafeBufferPointer { body(line, $0, bytes, DataIssue(DataCode.badJSON, file: file.path, line: line, message)) }
                continue
            }
            keys.records += 1
            scratch.withUnsafeBufferPointer { source in values.withUnsafeBufferPointer { body(line, $0, source, nil) } }
        }
        return line
    }
}

import CampaignSyntax
import Foundation
