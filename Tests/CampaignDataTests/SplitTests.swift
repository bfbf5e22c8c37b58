@testable import CampaignData
import CampaignSyntax
import Foundation
import Synchronization
import Testing

/// Files are split for the cores at record boundaries, whatever the quotes: reading the
/// parts one after another gives exactly the records of reading the whole.
@Suite struct SplitTests {
    static func records(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> [[String]] {
        var scanner = CSVScanner(bytes: bytes, start: start, end: end, line: 1)
        var fields: [CSVField] = []
        var out: [[String]] = []
        while case .record = scanner.next(into: &fields) {
            out.append(fields.map { field in field.withValue(in: bytes) { String(decoding: $0, as: UTF8.self) } ?? "" })
        }
        return out
    }

    /// The layout of a file with the columns `id,note,amount`.
    static func layout(_ file: DataFile, _ bytes: [UInt8]) -> RecordLayout? {
        var log = IssueLog(limit: 20)
        let wanted = ["id", "note", "amount"].map { ColumnCheck.Wanted(name: $0, noun: "field `\($0)`", whenMissing: $0 == "id" ? .headerError("field") : .warning) }
        return bytes.withUnsafeBufferPointer {
            RecordLayout.make(file: file, bytes: $0, columns: ColumnCheck(file: file.path, ndjson: false, wanted: wanted, record: "note", readers: { _ in [] }), log: &log)
        }
    }

    /// About 1.4 MB of records, some with quoted values spanning lines (long ones when
    /// `multiline`), in CRLF.
    static func file(seed: UInt64, multiline: Bool, longest: Int = 2000) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        var text = "id,note,amount\n"
        while text.utf8.count < 1_400_000 {
            let note: String
            switch rng.next() % 5 {
            case 0: note = multiline ? "\"line one\nline two, with \"\"quotes\"\"\"" : "\"one, \"\"two\"\"\""
            case 1: note = "\"\"\"\"\"\""
            case 2: note = multiline ? "\"" + String(repeating: "long,\n", count: Int(rng.next() % UInt64(longest))) + "\"" : "\"long\""
            case 3: note = ""
            default: note = "plain"
            }
            text += "c\(rng.next() % 100_000),\(note),\(rng.next() % 1000)\r\n"
        }
        return Array(text.utf8)
    }

    /// Parts read speculatively (cut at the first line break after equal offsets) give the
    /// records of one sequential read; a part cut inside a quoted value is detected and
    /// the file cut again at record starts.
    @Test(arguments: [2, 3, 5, 8], [false, true])
    func speculativePartsReadLikeTheWholeFile(_ parts: Int, _ multiline: Bool) throws {
        let bytes = Self.file(seed: UInt64(parts), multiline: multiline)
        let file = DataFile(path: "notes.csv", bytes: bytes)
        let layout = try #require(Self.layout(file, bytes))
        let reads = Counter()
        bytes.withUnsafeBufferPointer { buffer in
            let whole = Self.records(buffer, layout.dataStart, buffer.count)
            let shared = ReadOnlyBuffer(buffer)
            let pieces = layout.readParts(buffer, parts: parts) { _, range -> ([[String]], PartWalk) in
                let buffer = shared.buffer
                reads.add()
                var rows: [[String]] = []
                let walk = layout.forEachRow(buffer, range, file: file) { _, values, source, issue, _ in
                    if issue == nil { rows.append(values.map { field in field.withValue(in: source) { String(decoding: $0, as: UTF8.self) } }) }
                }
                return (rows, walk)
            }
            #expect(pieces.parts.count == parts)
            #expect(Array(pieces.parts.joined()) == whole)
            // Long quoted values make some cut fall inside one: those parts are read again.
            #expect((reads.value > parts) == multiline, "\(reads.value) part reads for \(parts) parts")
            #expect(pieces.cuts == (multiline ? .recordStarts : .lineBreaks))
        }
    }

    /// Counts calls from the reading threads.
    final class Counter: Sendable {
        private let count = Atomic<Int>(0)
        func add() { count.add(1, ordering: .relaxed) }
        var value: Int { count.load(ordering: .relaxed) }
    }

    @Test(arguments: [2, 3, 5, 8, 13])
    func splitPointsFallOnRecordBoundaries(_ parts: Int) {
        let bytes = Self.file(seed: UInt64(parts), multiline: true, longest: 200)
        bytes.withUnsafeBufferPointer { buffer in
            let start = (bytes.firstIndex(of: 0x0A) ?? -1) + 1
            let points = CSVBoundaries.splitPoints(buffer, from: start, parts: parts, minimumBytes: 1 << 20)
            #expect(points.count == parts + 1)
            let whole = Self.records(buffer, start, buffer.count)
            var pieced: [[String]] = []
            for (a, b) in zip(points, points.dropFirst()) { pieced += Self.records(buffer, a, b) }
            #expect(pieced.count == whole.count)
            #expect(pieced == whole)
        }
    }
}
