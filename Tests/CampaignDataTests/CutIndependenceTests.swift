@testable import CampaignData
import CampaignSyntax
import Foundation
import Testing

/// Where a malformed CSV file is cut for the cores never changes what is read: the records,
/// the errors and their lines are those of one sequential read, for any number of parts.
@Suite struct CutIndependenceTests {
    /// Every record of a read, in order, as text: `line: field|field` or `line: error`.
    static func outcome(_ bytes: [UInt8], parts: Int) throws -> (rows: [String], cuts: PartsRead<[(Int, String)]>.Cuts) {
        let file = DataFile(path: "notes.csv", bytes: bytes)
        let layout = try #require(SplitTests.layout(file, bytes))
        return bytes.withUnsafeBufferPointer { buffer in
            let shared = ReadOnlyBuffer(buffer)
            let read = layout.readParts(buffer, parts: parts, minimumBytes: 0) { _, range -> ([(Int, String)], PartWalk) in
                let buffer = shared.buffer
                var rows: [(Int, String)] = []
                let walk = layout.forEachRow(buffer, range, file: file) { line, values, source, issue, _ in
                    let text = issue?.message ?? values.map { field in field.withValue(in: source) { String(decoding: $0, as: UTF8.self) } }.joined(separator: "|")
                    rows.append((line, text))
                }
                return (rows, walk)
            }
            let rows = zip(read.parts, read.lineOffsets).flatMap { part, offset in part.map { "\($0.0 + offset): \($0.1)" } }
            return (rows, read.cuts)
        }
    }

    /// Generated files with stray quotes and values over many lines, cut into 2, 3, 5 and
    /// 8 parts (the size below which a file is not cut lowered to nothing): the same rows
    /// and errors on the same lines as one part, and the cuts at record starts never need
    /// the last resort.
    @Test(arguments: 0..<48)
    func partsReadAsTheWholeFile(_ seed: Int) throws {
        let bytes = Array(MalformedCSV.text(seed: UInt64(seed), bytes: 6_000 + seed * 500, unclosed: seed % 4 == 0).utf8)
        let whole = try Self.outcome(bytes, parts: 1)
        #expect(whole.rows.contains { $0.contains("quote") }, "the file has malformed quotes")
        for parts in [2, 3, 5, 8] {
            let cut = try Self.outcome(bytes, parts: parts)
            #expect(cut.rows == whole.rows, "\(parts) parts")
            #expect(cut.cuts != .lastResort, "\(parts) parts")
        }
    }

    /// Whether the scanner is between records at `position` (just after a line feed): it
    /// reads everything before it without ending inside a quoted field.
    static func betweenRecords(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, at position: Int) -> Bool {
        var scanner = CSVScanner(bytes: buffer, start: start, end: position, line: 1)
        var fields: [CSVField] = []
        while true {
            if case .end = scanner.next(into: &fields) { return !scanner.endedInsideQuotes }
        }
    }

    /// The walk that finds record starts agrees with the scanner at every line start of
    /// generated files, from both suppositions (between records, inside a quoted field).
    @Test(arguments: 0..<40)
    func recordStartsAreTheScannersBoundaries(_ seed: Int) {
        let bytes = Array(MalformedCSV.text(seed: UInt64(1000 + seed), bytes: 1_500, unclosed: seed % 3 == 0).utf8)
        bytes.withUnsafeBufferPointer { buffer in
            let start = MalformedCSV.header.utf8.count
            let lineStarts = (start...buffer.count).filter { buffer[$0 - 1] == 0x0A }
            let between = Set(lineStarts.filter { Self.betweenRecords(buffer, from: start, at: $0) })
            for position in lineStarts {
                let found = CSVBoundaries.recordStart(buffer, from: start, insideQuotes: false, atOrAfter: position, limit: position)
                #expect((found == position) == between.contains(position), "at \(position)")
                // From here, by the truth at this line start: the next record start.
                let next = lineStarts.first { $0 > position && between.contains($0) }
                let walked = CSVBoundaries.recordStart(buffer, from: position, insideQuotes: !between.contains(position), atOrAfter: position + 1, limit: buffer.count)
                #expect(walked == next, "after \(position)")
            }
        }
    }

    /// The split points themselves are record starts, for any number of parts.
    @Test(arguments: 0..<24)
    func splitPointsAreRecordStarts(_ seed: Int) {
        let bytes = Array(MalformedCSV.text(seed: UInt64(2000 + seed), bytes: 5_000).utf8)
        bytes.withUnsafeBufferPointer { buffer in
            let start = MalformedCSV.header.utf8.count
            for parts in [2, 3, 5, 8, 13] {
                let points = CSVBoundaries.splitPoints(buffer, from: start, parts: parts, minimumBytes: 0)
                #expect(points.first == start && points.last == buffer.count)
                #expect(zip(points, points.dropFirst()).allSatisfy { $0 < $1 })
                for point in points.dropFirst().dropLast() {
                    #expect(Self.betweenRecords(buffer, from: start, at: point), "\(parts) parts, cut at \(point)")
                }
            }
        }
    }
}
